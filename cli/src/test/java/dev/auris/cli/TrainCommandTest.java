package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.acoustic.ToneCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

    /** Bad augmentation settings and a missing initial model are one line each, before any corpus is read. */
    @Test
    void refusesBadAugmentationAndAMissingInitialModelWithOneLine() throws Exception {
        Path train = ToneCorpus.write(dir, "train", 4, 1);
        Path out = dir.resolve("run");
        for (String[] bad : new String[][] {{"--warp", "0.5"}, {"--band-limit", "2"}, {"--init", dir.resolve("nope").toString()}}) {
            FeaturesCommandTest.Result r = FeaturesCommandTest.run("train", "--train", train.toString(), "--dev",
                    train.toString(), "--out", out.toString(), bad[0], bad[1]);
            assertEquals(1, r.code(), String.join(" ", bad));
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("auris: "), r.err());
            assertFalse(r.out().contains("reading"), "nothing read before the check: " + r.out());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", bad));
        }
    }
}
