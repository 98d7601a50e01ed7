package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.acoustic.ToneCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AverageCommandTest {

    @TempDir
    Path dir;

    /** The mean of a model and itself is that model; bad input is one line and writes nothing. */
    @Test
    void averagesModelsAndRefusesBadInput() throws Exception {
        Path model = ToneCorpus.trainTinyModel(dir);
        Path out = dir.resolve("mean");
        var r = FeaturesCommandTest.run("average", "--out", out.toString(), model.toString(), model.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(out + ": the mean of 2 models' weights", r.out().strip());
        assertArrayEquals(Files.readAllBytes(model.resolve("weights.bin")), Files.readAllBytes(out.resolve("weights.bin")));

        r = FeaturesCommandTest.run("average", "--out", out.toString(), model.toString(), model.toString());
        assertEquals(1, r.code());
        assertEquals("auris: " + out + ": already exists; a model is never replaced, choose another folder", r.err().strip());

        Path missing = dir.resolve("nope");
        Path out2 = dir.resolve("mean2");
        r = FeaturesCommandTest.run("average", "--out", out2.toString(), model.toString(), missing.toString());
        assertEquals(1, r.code());
        assertEquals("auris: " + missing + ": no such model folder", r.err().strip());
        assertTrue(!Files.exists(out2));

        r = FeaturesCommandTest.run("average", "--out", out2.toString(), model.toString());
        assertEquals(2, r.code(), "one model is a usage error: " + r.err());
        assertTrue(r.err().lines().findFirst().orElse("").contains("MODEL"), r.err());
        assertTrue(!Files.exists(out2));
    }
}
