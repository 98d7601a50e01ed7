package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmCommandTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws java.io.IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void trainsWritesBothFormsAndMeasuresPerplexity() throws Exception {
        Path text = file("text.txt", "The cat sat on the mat.\nThe dog sat on the log!\nA cat and a dog.\n");
        Path lm = dir.resolve("m.bin");
        Path arpa = dir.resolve("m.arpa");
        var r = FeaturesCommandTest.run("lm", "train", "--order", "3", "--text", text.toString(), "--out", lm.toString(),
                "--arpa", arpa.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("order 3"), r.out());
        assertTrue(Files.readString(arpa).contains("\\3-grams:"));
        var ppl = FeaturesCommandTest.run("lm", "ppl", "--lm", lm.toString(), "--text", text.toString());
        assertEquals(0, ppl.code(), ppl.err());
        var viaArpa = FeaturesCommandTest.run("lm", "ppl", "--lm", arpa.toString(), "--text", text.toString());
        assertEquals(ppl.out(), viaArpa.out(), "binary and ARPA forms give the same perplexity");
        // 3 sentences of 6, 6 and 5 words, each with </s>: 20 tokens
        assertTrue(ppl.out().contains("over 20 tokens (0 out of vocabulary)"), ppl.out());

        var again = FeaturesCommandTest.run("lm", "train", "--text", text.toString(), "--out", lm.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains(lm + ": already exists"), again.err());
    }

    @Test
    void severalTextsAreInterpolatedWithWeightsFittedOrGiven() throws Exception {
        Path cats = file("cats.txt", "The cat sat on the mat.\nA cat sat.\nThe cat ran to the mat.\n");
        Path foxes = file("foxes.txt", "The quick brown fox jumps.\nA fox ran over the dog.\n");
        Path dev = file("dev.txt", "The cat sat on a mat.\n");
        Path lm = dir.resolve("mix.bin");
        var fitted = FeaturesCommandTest.run("lm", "train", "--order", "2", "--text", cats.toString(), "--text", foxes.toString(),
                "--mix-dev", dev.toString(), "--out", lm.toString());
        assertEquals(0, fitted.code(), fitted.err());
        String weights = fitted.out().lines().filter(l -> l.startsWith("interpolation weights")).findFirst().orElseThrow();
        double first = Double.parseDouble(weights.substring(weights.lastIndexOf(' ') + 1).split(",")[0]);
        assertTrue(first > 0.5, "dev text about cats weighs the cat model more: " + weights);
        var ppl = FeaturesCommandTest.run("lm", "ppl", "--lm", lm.toString(), "--text", foxes.toString());
        assertTrue(ppl.out().contains("(0 out of vocabulary)"), "the union vocabulary knows 'fox': " + ppl.out());

        var given = FeaturesCommandTest.run("lm", "train", "--text", cats.toString(), "--text", foxes.toString(),
                "--mix-weights", "0.5,0.5", "--out", dir.resolve("half.bin").toString());
        assertEquals(0, given.code(), given.err());
        assertTrue(Files.isRegularFile(dir.resolve("half.bin")));
    }

    @Test
    void interpolationOptionsThatDoNotFitAreOneLine() {
        String cats = dir.resolve("cats.txt").toString();
        String out = dir.resolve("o.bin").toString();
        var none = FeaturesCommandTest.run("lm", "train", "--text", cats, "--text", cats, "--out", out);
        assertEquals(1, none.code());
        assertEquals("auris: 2 texts need exactly one of --mix-weights and --mix-dev", none.err().strip());
        var sum = FeaturesCommandTest.run("lm", "train", "--text", cats, "--text", cats, "--mix-weights", "0.5,0.6", "--out", out);
        assertEquals(1, sum.code());
        assertTrue(sum.err().strip().startsWith("auris: --mix-weights: interpolation weights must sum to 1"), sum.err());
        var count = FeaturesCommandTest.run("lm", "train", "--text", cats, "--text", cats, "--mix-weights", "1", "--out", out);
        assertEquals("auris: --mix-weights: 2 models need 2 weights, got 1", count.err().strip());
        Path noDev = dir.resolve("no-dev.txt");
        var missingDev = FeaturesCommandTest.run("lm", "train", "--text", cats, "--text", cats, "--mix-dev", noDev.toString(),
                "--out", out);
        assertEquals("auris: " + noDev + ": no such file", missingDev.err().strip());
        var single = FeaturesCommandTest.run("lm", "train", "--text", cats, "--mix-weights", "1", "--out", out);
        assertEquals("auris: --mix-weights and --mix-dev need two or more --text files", single.err().strip());
        assertTrue(!Files.exists(dir.resolve("o.bin")), "nothing written");
    }

    @Test
    void badInputsAreOneLine() throws Exception {
        var missing = FeaturesCommandTest.run("lm", "ppl", "--lm", dir.resolve("no.lm").toString(), "--text", "x");
        assertEquals(1, missing.code());
        assertEquals("auris: " + dir.resolve("no.lm") + ": no such file", missing.err().strip());
        Path empty = file("empty.txt", "...\n!!\n");
        var noWords = FeaturesCommandTest.run("lm", "train", "--text", empty.toString(), "--out", dir.resolve("o.lm").toString());
        assertEquals(1, noWords.code());
        assertEquals("auris: " + empty + ": holds no words", noWords.err().strip());
    }

    @Test
    void aWordListWidensTheVocabularyOnly() throws Exception {
        Path text = file("text.txt", "The cat sat on the mat.\nThe dog sat on the log!\n");
        Path words = file("words.txt", "Aardvark\nquokka\n\ncat\n");
        Path lm = dir.resolve("w.bin");
        var r = FeaturesCommandTest.run("lm", "train", "--order", "2", "--text", text.toString(), "--vocab", words.toString(),
                "--out", lm.toString());
        assertEquals(0, r.code(), r.err());
        // <unk>, </s>, the, cat, sat, on, mat, dog, log, aardvark, quokka (and <s>)
        assertTrue(r.out().contains("vocabulary 12,"), r.out());
        Path listed = file("listed.txt", "the aardvark sat\n");
        var ppl = FeaturesCommandTest.run("lm", "ppl", "--lm", lm.toString(), "--text", listed.toString());
        assertTrue(ppl.out().contains("(0 out of vocabulary)"), ppl.out());

        Path none = dir.resolve("none.txt");
        var missing = FeaturesCommandTest.run("lm", "train", "--text", text.toString(), "--vocab", none.toString(),
                "--out", dir.resolve("x.bin").toString());
        assertEquals(1, missing.code());
        assertEquals("auris: " + none + ": no such file", missing.err().strip());
        assertTrue(!Files.exists(dir.resolve("x.bin")), "nothing written");
    }

    /** Sentences about a cat and a dog, turn about. */
    private static String catsAndDogs(int sentences) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            sb.append(i % 2 == 0 ? "the cat sat on the mat\n" : "the dog sat on the log\n");
        }
        return sb.toString();
    }

    /**
     * rnnlm combine joins a left-to-right and a right-to-left model of one text into one file of two networks
     * (in fewer bits with --bits), and refuses models of other texts, a bad width, a missing file and an
     * existing --out in one line each.
     */
    @Test
    void rnnlmCombineJoinsTwoDirectionsAndRefusesBadInputInOneLine() throws Exception {
        Path text = file("both.txt", catsAndDogs(40));
        Path ltr = dir.resolve("ltr.wlm");
        Path rtl = dir.resolve("rtl.wlm");
        for (Path out : new Path[] {ltr, rtl}) {
            List<String> args = new ArrayList<>(List.of("rnnlm", "words", "--text", text.toString(), "--out", out.toString(),
                    "--vocabulary", "20", "--embedding", "8", "--hidden", "8", "--epochs", "1", "--batch", "8"));
            if (out == rtl) {
                args.add("--backward");
            }
            var r = FeaturesCommandTest.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
        }
        Path both = dir.resolve("both.wlm");
        var r = FeaturesCommandTest.run("rnnlm", "combine", ltr.toString(), rtl.toString(), "--bits", "5", "--out", both.toString(),
                "--dev", text.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(ltr + ": perplexity per word "), r.out());
        assertTrue(r.out().contains(both + ": 2 networks, " + Files.size(both) + " bytes; perplexity per word "), r.out());
        var lm = dev.auris.lm.WordRnnLanguageModel.load(both);
        assertEquals(2, lm.networks());

        Path other = file("other.txt", "one two three\nfour five six\n".repeat(10));
        Path otherModel = dir.resolve("other.wlm");
        assertEquals(0, FeaturesCommandTest.run("rnnlm", "words", "--text", other.toString(), "--out", otherModel.toString(),
                "--vocabulary", "20", "--embedding", "8", "--hidden", "8", "--epochs", "1", "--batch", "8").code());
        var mixed = FeaturesCommandTest.run("rnnlm", "combine", ltr.toString(), otherModel.toString(), "--out", dir.resolve("x.wlm").toString());
        assertEquals(1, mixed.code());
        assertEquals("auris: rnnlm combine: [" + ltr + ", " + otherModel + "]: the models have different vocabularies (trained on other texts)",
                mixed.err().strip());
        var wide = FeaturesCommandTest.run("rnnlm", "combine", ltr.toString(), "--bits", "9", "--out", dir.resolve("x.wlm").toString());
        assertEquals("auris: rnnlm combine: --bits must be 4 to 8, not 9", wide.err().strip());
        Path none = dir.resolve("none.wlm");
        var missing = FeaturesCommandTest.run("rnnlm", "combine", ltr.toString(), none.toString(), "--out", dir.resolve("x.wlm").toString());
        assertEquals("auris: " + none + ": no such file", missing.err().strip());
        var notModel = FeaturesCommandTest.run("rnnlm", "combine", text.toString(), "--out", dir.resolve("x.wlm").toString());
        assertEquals("auris: " + text + ": not an Auris word LM file", notModel.err().strip());
        assertTrue(!Files.exists(dir.resolve("x.wlm")), "nothing written");
        byte[] before = Files.readAllBytes(both);
        var again = FeaturesCommandTest.run("rnnlm", "combine", ltr.toString(), "--out", both.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains(both.toString()), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(both)), "not replaced without --force");
    }

    /**
     * rnnlm words trains, reports its perplexity and the raw logits' mean ln Z, removes its checkpoint, and
     * refuses bad input in one line without touching what the user had.
     */
    @Test
    void rnnlmWordsTrainsAndRefusesBadInputInOneLine() throws Exception {
        Path text = file("words.txt", catsAndDogs(60));
        Path out = dir.resolve("words.wlm");
        String[] train = {"rnnlm", "words", "--text", text.toString(), "--text", text.toString(), "--out", out.toString(),
                "--vocabulary", "20", "--embedding", "8", "--hidden", "8", "--epochs", "1", "--batch", "8"};
        var r = FeaturesCommandTest.run(train);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(out + ": 118 training sentences, 10 words; perplexity per word "), r.out());
        assertTrue(r.out().contains("scored by raw logits, whose mean ln Z there is"), r.out());
        assertTrue(Files.exists(out));
        assertTrue(!Files.exists(dir.resolve("words.wlm.checkpoint")), "the checkpoint goes once the model is written");

        byte[] before = Files.readAllBytes(out);
        var again = FeaturesCommandTest.run(train);
        assertEquals(1, again.code());
        assertEquals(1, again.err().strip().lines().count(), again.err());
        assertTrue(again.err().contains(out.toString()), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out)), "the model is not replaced without --force");

        var vocab = FeaturesCommandTest.run("rnnlm", "words", "--text", text.toString(), "--out", dir.resolve("v.wlm").toString(),
                "--vocabulary", "3");
        assertEquals(1, vocab.code());
        assertEquals("auris: rnnlm words: need a vocabulary of at least 4 words and sizes of at least 1", vocab.err().strip());

        Path none = dir.resolve("none.txt");
        var missing = FeaturesCommandTest.run("rnnlm", "words", "--text", none.toString(), "--out", dir.resolve("m.wlm").toString());
        assertEquals(1, missing.code());
        assertEquals("auris: " + none + ": no such file", missing.err().strip());

        // a checkpoint left by a run of another configuration is named, not mixed in
        Path other = dir.resolve("other.wlm");
        Files.copy(out, dir.resolve("other.wlm.checkpoint"));
        var stale = FeaturesCommandTest.run("rnnlm", "words", "--text", text.toString(), "--out", other.toString());
        assertEquals(1, stale.code());
        assertEquals("auris: " + dir.resolve("other.wlm.checkpoint") + ": not a word LM training checkpoint", stale.err().strip());
    }

    @Test
    void rnnlmAndSynthSayWhichTextIsMissing() {
        Path none = dir.resolve("none.txt");
        var rnn = FeaturesCommandTest.run("rnnlm", "train", "--text", none.toString(), "--out", dir.resolve("r.zip").toString());
        assertEquals(1, rnn.code());
        assertEquals("auris: " + none + ": no such file", rnn.err().strip());
        var synth = FeaturesCommandTest.run("corpus", "synth", "--text", none.toString(), "--out",
                dir.resolve("c").toString(), "--hours", "0.01");
        assertEquals(1, synth.code());
        assertEquals("auris: " + none + ": no such file", synth.err().strip());
        var hours = FeaturesCommandTest.run("corpus", "synth", "--text", none.toString(), "--out",
                dir.resolve("c").toString(), "--hours", "-1");
        assertEquals(1, hours.code());
        assertTrue(hours.err().startsWith("auris: hours must be"), hours.err());
        var voiceSeed = FeaturesCommandTest.run("corpus", "synth", "--text", none.toString(), "--out",
                dir.resolve("c").toString(), "--hours", "1", "--voice-seed", "two");
        assertEquals(2, voiceSeed.code());
        assertEquals("auris: Invalid value for option '--voice-seed': 'two' is not a long (see 'auris corpus synth --help')",
                voiceSeed.err().strip());
        var spread = FeaturesCommandTest.run("corpus", "synth", "--text", none.toString(), "--out",
                dir.resolve("c").toString(), "--hours", "1", "--variant-spread", "wider");
        assertEquals(2, spread.code());
        assertEquals(1, spread.err().strip().lines().count(), spread.err());
        assertTrue(spread.err().startsWith("auris: Invalid value for option '--variant-spread'")
                && spread.err().contains("[NARROW, WIDE]"), spread.err());
        var wideAlone = FeaturesCommandTest.run("corpus", "synth", "--text", none.toString(), "--out",
                dir.resolve("c").toString(), "--hours", "1", "--variant-spread", "WIDE");
        assertEquals(1, wideAlone.code());
        assertEquals("auris: variant spread WIDE shapes made-up voices; it needs generated voices (--generated-voices N)",
                wideAlone.err().strip());
        assertTrue(Files.notExists(dir.resolve("c")));
    }
}
