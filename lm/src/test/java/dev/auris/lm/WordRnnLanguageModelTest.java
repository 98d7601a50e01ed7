package dev.auris.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordRnnLanguageModelTest {

    @TempDir
    Path dir;

    private static final WordRnnLanguageModel.Listener QUIET = (s, n, loss, z) -> { };

    /**
     * Sentences of a language whose entropy is known exactly: "the" then one of four nouns, each fixing its
     * verb, then "here" or "there". Per sentence: ln 4 + ln 2 over its five tokens (four words and the end).
     */
    static List<String> language(long seed, int n) {
        String[] nouns = {"cat", "dog", "bird", "fish"};
        String[] verbs = {"sat", "ran", "flew", "swam"};
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(4);
            out.add("the " + nouns[k] + " " + verbs[k] + (r.nextBoolean() ? " here" : " there"));
        }
        return out;
    }

    private static WordRnnLanguageModel.Config tiny(double epochs, double sn) {
        return tiny(epochs, sn, false);
    }

    private static WordRnnLanguageModel.Config tiny(double epochs, double sn, boolean backward) {
        return new WordRnnLanguageModel.Config(20, 8, 16, epochs, 8, 2e-2, sn, 60, 3, backward);
    }

    /** Held-out sentences with the four nouns and two endings in exactly equal shares: no model beats the floor. */
    private static List<String> balanced() {
        List<String> out = new ArrayList<>();
        for (String noun : new String[] {"cat sat", "dog ran", "bird flew", "fish swam"}) {
            out.add("the " + noun + " here");
            out.add("the " + noun + " there");
        }
        return out;
    }

    /** The words of a sentence in reverse order. */
    private static String reversed(String sentence) {
        List<String> words = new ArrayList<>(List.of(Vocabulary.words(sentence)));
        java.util.Collections.reverse(words);
        return String.join(" ", words);
    }

    @Test
    void aRightToLeftModelReachesTheSameEntropyAndScoresAsItsNetworkReadingReversedWords() throws IOException {
        WordRnnLanguageModel lm = WordRnnLanguageModel.train(language(1, 400), tiny(6, 0, true), null, 0, QUIET);
        double floor = Math.exp(Math.log(8) / 5); // a sentence's probability does not depend on the reading order
        double ppl = lm.perplexity(balanced());
        assertTrue(ppl >= floor - 1e-3 && ppl < floor * 1.05, "perplexity " + ppl + ", entropy floor " + floor);
        // the same weights flagged left-to-right (flags byte after the words, bit 2) must score the reversed words
        // exactly as the right-to-left model scores the sentence; sentences sharing suffixes test the sharing
        Path file = dir.resolve("rtl.wlm");
        lm.save(file);
        byte[] bytes = Files.readAllBytes(file);
        int flags = flagsOffset(bytes, lm);
        assertEquals(2, bytes[flags]);
        bytes[flags] = 0;
        WordRnnLanguageModel ltr = WordRnnLanguageModel.load(Files.write(dir.resolve("ltr.wlm"), bytes));
        WordRnnLanguageModel rtl = WordRnnLanguageModel.load(file);
        List<String> sentences = List.of("the dog ran here", "a dog ran here", "ran here", "zebra dog ran here", "", "the cat");
        double[] got = rtl.sentenceLogProbs(sentences);
        double[] expected = ltr.sentenceLogProbs(sentences.stream().map(WordRnnLanguageModelTest::reversed).toList());
        assertArrayEquals(expected, got, 1e-9);
        assertArrayEquals(rtl.networkLogProbs(sentences), got, 1e-4);
        // and it has learned the language backwards: the verb is sure once the noun before it... is read after it
        assertTrue(got[0] > rtl.sentenceLogProbs(List.of("the dog flew here"))[0] + 3);
    }

    /** Where the first network's flags byte sits in a saved file: magic, sizes, the words, embedding, hidden. */
    private static int flagsOffset(byte[] bytes, WordRnnLanguageModel lm) {
        int at = 8 + 4 + 4;
        for (String w : lm.vocabulary().words()) {
            at += 2 + w.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return at + 4 + 4;
    }

    @Test
    void combinedModelsScoreTheMeanOfTheirLogProbsAndRoundTripTogether() throws IOException {
        List<String> text = language(8, 200);
        WordRnnLanguageModel ltr = WordRnnLanguageModel.train(text, tiny(2, 0.1), null, 0, QUIET);
        WordRnnLanguageModel rtl = WordRnnLanguageModel.train(text, tiny(2, 0.1, true), null, 0, QUIET);
        WordRnnLanguageModel both = WordRnnLanguageModel.combine(List.of(ltr, rtl));
        assertEquals(2, both.networks());
        assertTrue(both.selfNormalised());
        List<String> probe = List.of("the cat sat here", "the fish flew there", "here the", "zebra");
        double[] a = ltr.sentenceLogProbs(probe);
        double[] b = rtl.sentenceLogProbs(probe);
        double[] got = both.sentenceLogProbs(probe);
        for (int i = 0; i < probe.size(); i++) {
            assertEquals((a[i] + b[i]) / 2, got[i], 1e-9);
        }
        assertArrayEquals(both.networkLogProbs(probe), got, 1e-4);
        Path file = dir.resolve("both.wlm");
        both.save(file);
        WordRnnLanguageModel back = WordRnnLanguageModel.load(file);
        assertEquals(2, back.networks());
        // one byte a weight in either network: ln P moves by a small fraction
        double[] reread = back.sentenceLogProbs(probe);
        for (int i = 0; i < probe.size(); i++) {
            assertEquals(got[i], reread[i], 0.02 * Math.abs(got[i]) + 0.02, probe.get(i));
        }
        // models of other texts (other vocabularies) cannot be combined
        WordRnnLanguageModel other = WordRnnLanguageModel.train(List.of("one two three", "four five six"), tiny(1, 0), null, 0, QUIET);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordRnnLanguageModel.combine(List.of(ltr, other)));
        assertTrue(e.getMessage().contains("different vocabularies"), e.getMessage());
    }

    /**
     * For every width, the file holds exactly the weights {@code quantised} says (codes packed in that many
     * bits: the file shrinks with them), and its perplexity stays near the float model's.
     */
    @Test
    void fewerBitsAWeightPackTheCodesAndHoldTheQuantisedWeights() throws IOException {
        WordRnnLanguageModel lm = WordRnnLanguageModel.train(language(11, 200), tiny(3, 0.1), null, 0, QUIET);
        List<String> held = language(12, 50);
        long previous = Long.MAX_VALUE;
        for (int bits = 8; bits >= 4; bits--) {
            Path file = dir.resolve("b" + bits + ".wlm");
            lm.save(file, bits);
            WordRnnLanguageModel back = WordRnnLanguageModel.load(file);
            assertArrayEquals(lm.quantised(bits).sentenceLogProbs(held), back.sentenceLogProbs(held), 1e-9, bits + " bits");
            assertEquals(lm.perplexity(held), back.perplexity(held), 0.05 * lm.perplexity(held), bits + " bits");
            assertTrue(Files.size(file) < previous, bits + " bits: " + Files.size(file));
            previous = Files.size(file);
        }
        assertThrows(IllegalArgumentException.class, () -> lm.save(dir.resolve("b3.wlm"), 3));
    }

    @Test
    void readsTheFirstFileVersion() throws IOException {
        WordRnnLanguageModel lm = WordRnnLanguageModel.train(language(9, 60), tiny(1, 0.1), null, 0, QUIET);
        Path file = dir.resolve("v2.wlm");
        lm.save(file);
        // version 1 (session 37): "AURISWL1", vocabulary, embedding, hidden, a self-normalised boolean, the words,
        // the weights; version 2 puts the network count before the words and sizes and flags after them
        byte[] v2 = Files.readAllBytes(file);
        int words = flagsOffset(v2, lm) - 8;
        var out = new java.io.ByteArrayOutputStream();
        var data = new java.io.DataOutputStream(out);
        data.write("AURISWL1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        data.writeInt(lm.vocabularySize());
        data.writeInt(8);
        data.writeInt(16);
        data.writeBoolean(true);
        data.write(v2, 16, words - 16);
        // each matrix: its codebook, then codes one byte each in version 1 (packed in as few bits as the
        // codebook needs in version 2)
        var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(v2, words + 9, v2.length));
        int v = lm.vocabularySize();
        for (int count : new int[] {v * 8, 8 * 64, 16 * 64, 64, v * 16, v}) {
            int levels = in.readInt();
            data.writeInt(levels);
            for (int i = 0; i < levels; i++) {
                data.writeFloat(in.readFloat());
            }
            int width = Math.max(1, 32 - Integer.numberOfLeadingZeros(levels - 1));
            byte[] packed = in.readNBytes((count * width + 7) / 8);
            for (int i = 0; i < count; i++) {
                int code = 0;
                for (int k = 0; k < width; k++) {
                    int bit = i * width + k;
                    code = code << 1 | (packed[bit / 8] >> (7 - bit % 8) & 1);
                }
                data.writeByte(code);
            }
        }
        assertEquals(-1, in.read());
        Path v1 = Files.write(dir.resolve("v1.wlm"), out.toByteArray());
        assertTrue(WordRnnLanguageModel.isWordModel(v1));
        WordRnnLanguageModel old = WordRnnLanguageModel.load(v1);
        assertTrue(old.selfNormalised());
        List<String> probe = language(10, 5);
        assertArrayEquals(WordRnnLanguageModel.load(file).sentenceLogProbs(probe), old.sentenceLogProbs(probe), 0);
    }

    @Test
    void reachesTheEntropyOfTheLanguageItIsShown() throws IOException {
        WordRnnLanguageModel lm = WordRnnLanguageModel.train(language(1, 400), tiny(6, 0), null, 0, QUIET);
        double floor = Math.exp(Math.log(8) / 5); // the true per-token perplexity, 1.516
        double ppl = lm.perplexity(balanced());
        assertTrue(ppl >= floor - 1e-3 && ppl < floor * 1.05, "perplexity " + ppl + ", entropy floor " + floor);
        assertTrue(lm.sentenceLogProbs(List.of("the dog ran here"))[0] > lm.sentenceLogProbs(List.of("the dog flew here"))[0] + 3);
        assertFalse(lm.selfNormalised());
    }

    @Test
    void scorerAgreesWithTheTrainingNetworkAndSharesPrefixesCorrectly() throws IOException {
        WordRnnLanguageModel lm = WordRnnLanguageModel.train(language(2, 40), tiny(1, 0.1), null, 0, QUIET);
        assertTrue(lm.selfNormalised());
        // unsorted, with shared prefixes, a repeat, an unknown word and an empty sentence
        List<String> sentences = List.of("the dog ran there", "the dog", "zebra the cat", "the dog ran here", "", "the dog");
        WordLstmNetwork net = lm.weights().network();
        List<int[]> ids = new ArrayList<>();
        for (String s : sentences) {
            ids.add(lm.vocabulary().ids(s));
        }
        WordLstmNetwork.Batch batch = WordLstmNetwork.Batch.of(ids, Vocabulary.BOS_ID, Vocabulary.EOS_ID);
        for (boolean raw : new boolean[] {true, false}) {
            double[][] tokens = net.tokenLogProbs(batch, raw);
            double[] expected = new double[sentences.size()];
            for (int t = 0; t < batch.steps(); t++) {
                for (int b = 0; b < sentences.size(); b++) {
                    expected[b] += tokens[t][b];
                }
            }
            double[] got = (raw ? lm : lm.normalised()).sentenceLogProbs(sentences);
            assertArrayEquals(expected, got, 1e-4, raw ? "raw logits" : "softmax");
        }
        // the mean ln Z is what separates the two scorings, word for word
        // (an empty sentence has no words to measure: it is left out)
        List<String> nonEmpty = sentences.stream().filter(s -> !s.isEmpty()).toList();
        double rawSum = java.util.Arrays.stream(lm.sentenceLogProbs(nonEmpty)).sum();
        double exactSum = java.util.Arrays.stream(lm.normalised().sentenceLogProbs(nonEmpty)).sum();
        assertEquals((rawSum - exactSum) / (5 + 3 + 4 + 5 + 3), lm.meanLogNormaliser(sentences), 1e-5);
        assertEquals(1, lm.unknownWords("zebra the cat"));
        assertEquals(0, lm.unknownWords("the cat"));
    }

    @Test
    void roundTripsThroughItsQuantisedFile() throws IOException {
        WordRnnLanguageModel lm = WordRnnLanguageModel.train(language(3, 200), tiny(3, 0.1), null, 0, QUIET);
        Path file = dir.resolve("words.wlm");
        lm.save(file);
        assertTrue(WordRnnLanguageModel.isWordModel(file));
        WordRnnLanguageModel back = WordRnnLanguageModel.load(file);
        assertEquals(lm.vocabularySize(), back.vocabularySize());
        assertTrue(back.selfNormalised());
        List<String> held = language(4, 50);
        // one byte a weight: the perplexity moves by well under a percent
        assertEquals(lm.perplexity(held), back.perplexity(held), 0.01 * lm.perplexity(held));
        // the file is about a byte a parameter (plus 256 floats of codebook a matrix and the vocabulary)
        long params = 20L * 8 + 8 * 64 + 16 * 64 + 64 + 16L * 20 + 20;
        assertTrue(Files.size(file) < params + 6 * 1024 + 400, "size " + Files.size(file));
    }

    @Test
    void aStoppedRunGoesOnFromItsCheckpointToTheSameModel() throws IOException {
        List<String> text = language(5, 120);
        WordRnnLanguageModel.Config config = tiny(2, 0.1); // 30 steps, the last 7 with the penalty
        WordRnnLanguageModel straight = WordRnnLanguageModel.train(text, config, null, 0, QUIET);
        Path checkpoint = dir.resolve("run.checkpoint");
        RuntimeException stop = new RuntimeException("stopped");
        assertThrows(RuntimeException.class, () -> WordRnnLanguageModel.train(text, config, checkpoint, 4, (s, n, loss, z) -> {
            if (s == 18) {
                throw stop;
            }
        }));
        assertTrue(Files.exists(checkpoint));
        long[] firstStep = {-1};
        WordRnnLanguageModel resumed = WordRnnLanguageModel.train(text, config, checkpoint, 4, (s, n, loss, z) -> {
            if (firstStep[0] < 0) {
                firstStep[0] = s;
            }
        });
        assertEquals(17, firstStep[0]); // the checkpoint at step 16, so step 17 is the first taken again
        List<String> probe = language(6, 10);
        assertArrayEquals(straight.sentenceLogProbs(probe), resumed.sentenceLogProbs(probe), 1e-5);
        // another configuration is refused rather than mixed in
        LmException e = assertThrows(LmException.class,
                () -> WordRnnLanguageModel.train(text, tiny(3, 0.1), checkpoint, 4, QUIET));
        assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
    }

    @Test
    void brokenFilesAreRefusedInOneLine() throws IOException {
        Path missing = dir.resolve("none.wlm");
        assertEquals(missing + ": no such file", assertThrows(LmException.class, () -> WordRnnLanguageModel.load(missing)).getMessage());
        Path text = Files.writeString(dir.resolve("text.wlm"), "the cat sat\n");
        assertTrue(assertThrows(LmException.class, () -> WordRnnLanguageModel.load(text)).getMessage()
                .endsWith("not an Auris word LM file"));
        WordRnnLanguageModel lm = WordRnnLanguageModel.train(language(7, 20), tiny(1, 0), null, 0, QUIET);
        Path good = dir.resolve("good.wlm");
        lm.save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.wlm"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertEquals(cut + ": truncated", assertThrows(LmException.class, () -> WordRnnLanguageModel.load(cut)).getMessage());
    }
}
