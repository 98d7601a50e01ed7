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
        return new WordRnnLanguageModel.Config(20, 8, 16, epochs, 8, 2e-2, sn, 60, 3, false);
    }

    @Test
    void reachesTheEntropyOfTheLanguageItIsShown() throws IOException {
        WordRnnLanguageModel lm = WordRnnLanguageModel.train(language(1, 400), tiny(6, 0), null, 0, QUIET);
        double floor = Math.exp(Math.log(8) / 5); // the true per-token perplexity, 1.516
        // held out with the four nouns and two endings in exactly equal shares, so no model can beat the floor
        List<String> balanced = new ArrayList<>();
        for (String noun : new String[] {"cat sat", "dog ran", "bird flew", "fish swam"}) {
            balanced.add("the " + noun + " here");
            balanced.add("the " + noun + " there");
        }
        double ppl = lm.perplexity(balanced);
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
