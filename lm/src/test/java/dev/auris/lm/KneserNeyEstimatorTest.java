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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KneserNeyEstimatorTest {

    @TempDir
    Path dir;

    /**
     * One sentence "a b b c c c d d d d": counts a 1, b 2, c 3, d 4, </s> 1 (N = 11); counts of
     * counts t1 = 2, t2 = t3 = t4 = 1, so Y = 2/4, D1 = 1 - 2Y/2 = 0.5, D2 = 2 - 3Y = 0.5,
     * D3+ = 3 - 4Y = 1; gamma = (0.5*2 + 0.5*1 + 1*2)/11 = 3.5/11 spread over 6 words
     * (<unk>, </s>, a, b, c, d).
     */
    @Test
    void unigramsEqualHandComputedValues() {
        NgramModel lm = NgramModel.of(KneserNeyEstimator.estimate(List.of("a b b c c c d d d d"),
                KneserNeyEstimator.Options.of(1)));
        Vocabulary v = lm.vocabulary();
        double spread = 3.5 / 11 / 6;
        assertEquals(0.5 / 11 + spread, p(lm, v.id("a")), 1e-6);
        assertEquals(1.5 / 11 + spread, p(lm, v.id("b")), 1e-6);
        assertEquals(2.0 / 11 + spread, p(lm, v.id("c")), 1e-6);
        assertEquals(3.0 / 11 + spread, p(lm, v.id("d")), 1e-6);
        assertEquals(0.5 / 11 + spread, p(lm, Vocabulary.EOS_ID), 1e-6);
        assertEquals(spread, p(lm, Vocabulary.UNK_ID), 1e-6);
        assertEquals(spread, p(lm, v.id("never-seen")), 1e-6);

        double log10 = Math.log10(0.5 / 11 + spread) * 2 + Math.log10(1.5 / 11 + spread) * 2
                + Math.log10(2.0 / 11 + spread) * 3 + Math.log10(3.0 / 11 + spread) * 4;
        Perplexity.Result ppl = Perplexity.of(lm, List.of("a b b c c c d d d d"));
        assertEquals(11, ppl.tokens());
        assertEquals(Math.pow(10, -log10 / 11), ppl.perplexity(), 1e-4);
    }

    private static double p(NgramModel lm, int word) {
        return Math.pow(10, lm.logProb10(word, new int[0], 0, 0));
    }

    static List<String> randomCorpus(long seed, int sentences) {
        return randomCorpus(new String[] {"the", "cat", "dog", "sat", "on", "a", "mat", "ran", "to", "it", "big", "red"},
                seed, sentences);
    }

    /** Sentences of 2-9 words drawn from these, the first ones far more often. */
    static List<String> randomCorpus(String[] words, long seed, int sentences) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            int n = 2 + r.nextInt(8);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                // a skewed distribution so that counts of counts are all present
                sb.append(i > 0 ? " " : "").append(words[Math.min(words.length - 1, (int) Math.abs(r.nextGaussian() * 4))]);
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** For any context, p(w | h) over the whole vocabulary (never <s>) sums to one. */
    @ParameterizedTest
    @CsvSource({"2,0", "3,0", "4,0", "3,1", "4,2"})
    void everyConditionalDistributionSumsToOne(int order, int prune) {
        ArpaModel arpa = KneserNeyEstimator.estimate(randomCorpus(order * 10L + prune, 300),
                new KneserNeyEstimator.Options(order, 1, prune == 0 ? new int[0] : new int[] {prune}));
        assertEveryContextSumsToOne(NgramModel.of(arpa), order, new Random(1), 40, 2e-5);
        if (prune > 0) {
            long full = KneserNeyEstimator.estimate(randomCorpus(order * 10L + prune, 300),
                    KneserNeyEstimator.Options.of(order)).count(order);
            assertTrue(arpa.count(order) < full, "pruning removed nothing");
        }
    }

    /** Random contexts up to maxHistory words (some starting with <s>): p(w | h) over the vocabulary but <s> sums to one. */
    static void assertEveryContextSumsToOne(NgramModel lm, int maxHistory, Random r, int trials, double tolerance) {
        Vocabulary v = lm.vocabulary();
        for (int trial = 0; trial < trials; trial++) {
            int len = r.nextInt(maxHistory + 1);
            int[] history = new int[len];
            for (int i = 0; i < len; i++) {
                history[i] = i == 0 && r.nextBoolean() ? Vocabulary.BOS_ID : 2 + r.nextInt(v.size() - 2);
            }
            double sum = 0;
            for (int w = 0; w < v.size(); w++) {
                if (w != Vocabulary.BOS_ID) {
                    sum += Math.pow(10, lm.logProb10(w, history, 0, len));
                }
            }
            assertEquals(1.0, sum, tolerance, "context " + java.util.Arrays.toString(history));
        }
    }

    @Test
    void arpaRoundTripsExactly() throws IOException {
        ArpaModel arpa = KneserNeyEstimator.estimate(randomCorpus(5, 200), KneserNeyEstimator.Options.of(3));
        Path a = dir.resolve("a.arpa");
        Path b = dir.resolve("b.arpa");
        Arpa.write(arpa, a);
        ArpaModel back = Arpa.read(a);
        Arpa.write(back, b);
        assertEquals(Files.readString(a), Files.readString(b));
        assertTrue(Files.readString(a).startsWith("\n\\data\\\nngram 1="));
        NgramModel x = NgramModel.of(arpa);
        NgramModel y = NgramModel.of(back);
        Path bin = dir.resolve("m.lm");
        x.save(bin);
        NgramModel z = NgramModel.load(bin);
        for (String s : randomCorpus(6, 30)) {
            String[] words = s.split(" ");
            assertEquals(x.sentenceLogProb10(words), y.sentenceLogProb10(words), 0.0);
            assertEquals(x.sentenceLogProb10(words), z.sentenceLogProb10(words), 0.0);
        }
        assertEquals(x.sentenceLogProb10(new String[] {"cat"}), NgramModel.load(a).sentenceLogProb10(new String[] {"cat"}), 0.0);
        // the binary form holds the n-grams and the words, no empty table slots: at most 16 bytes per
        // n-gram (8 hash, 4 log-probability, 4 back-off) plus each word with its 2-byte length
        long ngrams = arpa.count(1) + arpa.count(2) + arpa.count(3);
        long words = arpa.vocabulary().words().stream().mapToLong(w -> 2 + w.length()).sum();
        assertTrue(Files.size(bin) <= 16 * ngrams + words + 8 + 4 * 5, Files.size(bin) + " bytes for " + ngrams + " n-grams");
    }

    /** A file written by the first binary format (the whole hash table) still loads, to the same probabilities as its ARPA text. */
    @Test
    void firstBinaryFormatStillLoads() throws Exception {
        Path v1 = Path.of(getClass().getResource("/legacy-v1.lm").toURI());
        Path arpa = Path.of(getClass().getResource("/legacy-v1.arpa").toURI());
        NgramModel old = NgramModel.load(v1);
        NgramModel text = NgramModel.load(arpa);
        for (String s : List.of("the cat sat on the mat", "a dog and the floor", "mat mat cat", "unknown words here")) {
            String[] w = s.split(" ");
            assertEquals(text.sentenceLogProb10(w), old.sentenceLogProb10(w), 0.0, s);
        }
        Path v2 = dir.resolve("v2.lm");
        old.save(v2);
        assertTrue(Files.size(v2) < Files.size(v1), "version 2 is smaller");
        assertEquals(text.sentenceLogProb10(new String[] {"the", "cat"}), NgramModel.load(v2).sentenceLogProb10(new String[] {"the", "cat"}), 0.0);
    }

    @Test
    void damagedBinaryFilesAreNamed() throws IOException {
        NgramModel m = NgramModel.of(KneserNeyEstimator.estimate(randomCorpus(5, 50), KneserNeyEstimator.Options.of(2)));
        Path bin = dir.resolve("m.lm");
        m.save(bin);
        byte[] bytes = Files.readAllBytes(bin);
        Path cut = dir.resolve("cut.lm");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        LmException e = assertThrows(LmException.class, () -> NgramModel.load(cut));
        assertEquals(cut + ": truncated language model file", e.getMessage());
        // a huge n-gram count is refused before anything that size is allocated
        int vocabEnd = 16;
        for (int i = 0; i < m.vocabulary().size(); i++) {
            vocabEnd += 2 + (((bytes[vocabEnd] & 0xff) << 8) | (bytes[vocabEnd + 1] & 0xff));
        }
        byte[] huge = bytes.clone();
        java.nio.ByteBuffer.wrap(huge).putInt(vocabEnd, Integer.MAX_VALUE);
        Path big = dir.resolve("big.lm");
        Files.write(big, huge);
        LmException d = assertThrows(LmException.class, () -> NgramModel.load(big));
        assertEquals(big + ": damaged language model table", d.getMessage());
    }

    @Test
    void vocabularyCutOffMapsRareWordsToUnk() {
        ArpaModel arpa = KneserNeyEstimator.estimate(List.of("a a a b", "a a c"), new KneserNeyEstimator.Options(2, 2, null));
        assertTrue(arpa.vocabulary().contains("a"));
        assertTrue(!arpa.vocabulary().contains("b") && !arpa.vocabulary().contains("c"));
        NgramModel lm = NgramModel.of(arpa);
        // "a <unk>" was seen twice, so <unk> after "a" is likelier than </s> after "a" (seen never... once)
        int a = lm.vocabulary().id("a");
        assertTrue(lm.logProb10(Vocabulary.UNK_ID, new int[] {a}, 0, 1) > lm.logProb10(Vocabulary.EOS_ID, new int[] {a}, 0, 1));
    }

    @Test
    void brokenArpaFilesSayFileAndLine() throws IOException {
        Path f = dir.resolve("bad.arpa");
        Files.writeString(f, "\\data\\\nngram 1=2\n\n\\1-grams:\n-1.0\t<unk>\nminus one\ta\n\n\\end\\\n");
        LmException e = assertThrows(LmException.class, () -> Arpa.read(f));
        assertEquals(f + ":6: not a number in 'minus one\ta'", e.getMessage());
        Files.writeString(f, "\\data\\\nngram 1=3\n\n\\1-grams:\n-1.0\t<unk>\n-1.0\ta\n\n\\end\\\n");
        LmException count = assertThrows(LmException.class, () -> Arpa.read(f));
        assertTrue(count.getMessage().contains("header announces 3 1-grams, the section lists 2"), count.getMessage());
        Files.writeString(f, "hello\n");
        assertThrows(LmException.class, () -> NgramModel.load(f));
        LmException none = assertThrows(LmException.class, () -> NgramModel.load(dir.resolve("none.lm")));
        assertEquals(dir.resolve("none.lm") + ": no such file", none.getMessage());
    }
}
