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

    /** Bad settings and a missing initial model are one line each, naming the value, before any corpus is read. */
    @Test
    void refusesBadSettingsAndAMissingInitialModelWithOneLine() throws Exception {
        Path train = ToneCorpus.write(dir, "train", 4, 1);
        Path out = dir.resolve("run");
        for (String[] bad : new String[][] {{"--warp", "0.5"}, {"--band-limit", "2"}, {"--equalise", "2"},
                {"--equalise", "-0.5"}, {"--snapshot-every", "-1"}, {"--epochs", "0"}, {"--batch", "0"}, {"--lr", "2"},
                {"--decay", "0"}, {"--warmup", "-1"}, {"--patience", "0"}, {"--checkpoint-minutes", "0"}, {"--recurrent-width", "-1"},
                {"--init", dir.resolve("nope").toString()}, {"--teacher", dir.resolve("nope").toString()}}) {
            FeaturesCommandTest.Result r = FeaturesCommandTest.run("train", "--train", train.toString(), "--dev",
                    train.toString(), "--out", out.toString(), bad[0], bad[1]);
            assertEquals(1, r.code(), String.join(" ", bad));
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("auris: "), r.err());
            // the line quotes the value given ("got 2" also matches a double's "got 2.0")
            assertTrue(r.err().contains(bad[1].endsWith("nope") ? "nope" : "got " + bad[1]), r.err());
            assertFalse(r.out().contains("reading"), "nothing read before the check: " + r.out());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", bad));
        }
    }
    /** A distillation weight that is not positive, or one without a teacher, is one line before anything is read. */
    @Test
    void refusesABadDistillationWeightWithOneLine() throws Exception {
        Path train = ToneCorpus.write(dir, "train", 4, 1);
        Path out = dir.resolve("run");
        String[][] cases = {
                {"--teacher", train.toString(), "--distill-weight", "0", "distillation weight must be positive, got 0.0"},
                {"--teacher", train.toString(), "--distill-weight", "NaN", "distillation weight must be positive, got NaN"},
                {"--epochs", "1", "--distill-weight", "2", "--distill-weight needs --teacher"}};
        for (String[] c : cases) {
            FeaturesCommandTest.Result r = FeaturesCommandTest.run("train", "--train", train.toString(), "--dev",
                    train.toString(), "--out", out.toString(), c[0], c[1], c[2], c[3]);
            assertEquals(1, r.code(), r.err());
            assertEquals("auris: " + c[4], r.err().strip());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", c));
        }
    }

    /** A missing train manifest, or a dev transcript with no words, is refused with one line and no run folder. */
    @Test
    void refusesABadCorpusWithoutCreatingTheRunFolder() throws Exception {
        Path train = ToneCorpus.write(dir, "train", 4, 1);
        Path badDev = dir.resolve("dev-bad.tsv");
        Files.writeString(badDev, "train/0.wav\t?!\n");
        Path out = dir.resolve("run");
        String[][] cases = {{dir.resolve("missing.tsv").toString(), train.toString(), "missing.tsv"},
                {train.toString(), badDev.toString(), "dev-bad.tsv"}};
        for (String[] c : cases) {
            FeaturesCommandTest.Result r = FeaturesCommandTest.run("train", "--train", c[0], "--dev", c[1],
                    "--out", out.toString(), "--epochs", "1");
            assertEquals(1, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[2]), "names the file: " + r.err());
            assertFalse(Files.exists(out), "no run folder for a bad " + c[2]);
        }
    }
}
