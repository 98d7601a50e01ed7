package dev.auris.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class RnnLanguageModelTest {

    @TempDir
    Path dir;

    static List<String> sentences(long seed, int n) {
        String[] subjects = {"the cat", "a dog", "the bird"};
        String[] verbs = {"sat on", "ran to", "looked at"};
        String[] objects = {"the mat", "a tree", "the house"};
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(subjects[r.nextInt(3)] + " " + verbs[r.nextInt(3)] + " " + objects[r.nextInt(3)]);
        }
        return out;
    }

    @Test
    void learnsTheLanguageItIsShownAndRoundTripsThroughAFile() throws IOException {
        RnnLanguageModel lm = RnnLanguageModel.train(sentences(1, 120),
                new RnnLanguageModel.Config(48, true, 12, 16, 1e-2, 3), (e, b, n, loss) -> { });
        List<String> heldOut = sentences(2, 30);
        double ppl = lm.perplexity(heldOut);
        // uniform over 29 symbols would be 29; the grammar leaves about 1-3 choices at most characters
        assertTrue(ppl < 3.0, "per-character perplexity " + ppl);
        assertTrue(lm.sentenceLogProb("the cat sat on the mat") > lm.sentenceLogProb("mat the on sat cat the") + 10);

        Path file = dir.resolve("rnn.lm");
        lm.save(file);
        RnnLanguageModel back = RnnLanguageModel.load(file);
        assertEquals(lm.sentenceLogProb("a dog ran to a tree"), back.sentenceLogProb("a dog ran to a tree"), 1e-6);
        scorerAgreesWithTheNetwork(back);
    }

    @Test
    void nextSymbolDistributionsSumToOne() {
        RnnLanguageModel lm = RnnLanguageModel.train(sentences(3, 20),
                new RnnLanguageModel.Config(16, false, 1, 8, 1e-2, 4), (e, b, n, loss) -> { });
        double[][] p = lm.nextSymbolProbabilities("the cat");
        assertEquals(8, p.length); // after the boundary and after each of the 7 characters
        for (double[] row : p) {
            assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-4);
        }
        // and the sentence probability is the product of the chosen entries
        int[] chars = dev.auris.corpora.text.Alphabet.encode("the cat");
        double log = 0;
        for (int i = 0; i < chars.length; i++) {
            log += Math.log(p[i][chars[i]]);
        }
        log += Math.log(p[chars.length][0]);
        assertEquals(log, lm.sentenceLogProb("the cat"), 1e-4);

        scorerAgreesWithTheNetwork(lm);
    }

    /** The plain-Java scorer, sharing prefixes across a list, agrees with DL4J's own pass over each sentence. */
    private static void scorerAgreesWithTheNetwork(RnnLanguageModel lm) {
        List<String> nBest = List.of("the cat", "a dog ran to a tree", "the cat sat", "the bird looked at the house",
                "a", "the cat", "the ca", "");
        double[] batched = lm.sentenceLogProbs(nBest);
        assertEquals(nBest.size(), batched.length);
        for (int b = 0; b < nBest.size(); b++) {
            double[][] q = lm.nextSymbolProbabilities(nBest.get(b));
            int[] c = dev.auris.corpora.text.Alphabet.encode(nBest.get(b));
            double alone = Math.log(q[c.length][0]);
            for (int i = 0; i < c.length; i++) {
                alone += Math.log(q[i][c[i]]);
            }
            assertEquals(alone, batched[b], 1e-3, "'" + nBest.get(b) + "'");
        }
    }

    @Test
    void unreadableFilesAreNamed() throws IOException {
        Path f = dir.resolve("junk.lm");
        Files.writeString(f, "not a model");
        LmException e = assertThrows(LmException.class, () -> RnnLanguageModel.load(f));
        assertTrue(e.getMessage().startsWith(f + ": not a readable RNN language model"), e.getMessage());
        assertThrows(LmException.class, () -> RnnLanguageModel.load(dir.resolve("none.lm")));
    }
    /** Each sentence lands in exactly one batch, and length grouping pads far fewer steps than random batches. */
    @Test
    void lengthBucketsCoverEverySentenceOnceWithLittlePadding() {
        Random r = new Random(5);
        List<String> data = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            data.add(i + " " + "x".repeat(r.nextInt(200))); // distinct, lengths 2..203
        }
        List<List<String>> batches = RnnLanguageModel.lengthBuckets(data, 10, new Random(6));
        List<String> seen = new ArrayList<>();
        long padded = 0;
        for (List<String> b : batches) {
            assertTrue(b.size() <= 10);
            seen.addAll(b);
            int max = b.stream().mapToInt(String::length).max().orElseThrow();
            padded += b.stream().mapToInt(s -> max - s.length()).sum();
        }
        seen.sort(null);
        List<String> expected = new ArrayList<>(data);
        expected.sort(null);
        assertEquals(expected, seen);
        // random batches of 10 lengths uniform on 0..199 pad about 10 * (E[max] - E[len]) = 10 * (181 - 100) per batch
        long randomPadded = 0;
        for (int b = 0; b < 1000; b += 10) {
            List<String> batch = data.subList(b, b + 10);
            int max = batch.stream().mapToInt(String::length).max().orElseThrow();
            randomPadded += batch.stream().mapToInt(s -> max - s.length()).sum();
        }
        assertTrue(padded * 10 < randomPadded, "bucketed " + padded + " vs random " + randomPadded);
    }
}
