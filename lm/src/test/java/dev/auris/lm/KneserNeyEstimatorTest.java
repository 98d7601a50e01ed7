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

    /**
     * The same sentence with a word list {b, yak, zebra}: b was seen, so only the vocabulary grows by
     * the two unseen words, to 8; the discounts and gamma = 3.5/11 are unchanged, now spread over 8.
     */
    @Test
    void extraWordsGetTheUniformShareAndNothingElseChanges() {
        NgramModel lm = NgramModel.of(KneserNeyEstimator.estimate(List.of("a b b c c c d d d d"),
                KneserNeyEstimator.Options.of(1).withExtraWords(List.of("zebra", "b", "yak"))));
        Vocabulary v = lm.vocabulary();
        assertEquals(8, v.size() - 1, "the vocabulary but <s>");
        double spread = 3.5 / 11 / 8;
        assertEquals(spread, p(lm, v.id("zebra")), 1e-6);
        assertEquals(spread, p(lm, v.id("yak")), 1e-6);
        assertEquals(spread, p(lm, Vocabulary.UNK_ID), 1e-6);
        assertEquals(1.5 / 11 + spread, p(lm, v.id("b")), 1e-6);
        assertEquals(3.0 / 11 + spread, p(lm, v.id("d")), 1e-6);
    }

    /** Unseen list words in a higher-order model: every context still sums to one, and none holds an n-gram. */
    @Test
    void extraWordsKeepEveryConditionalDistributionNormalised() {
        List<String> words = List.of("aardvark", "quokka", "okapi", "the");
        ArpaModel arpa = KneserNeyEstimator.estimate(randomCorpus(7, 300),
                KneserNeyEstimator.Options.of(3).withExtraWords(words));
        assertTrue(arpa.vocabulary().contains("quokka"));
        for (int n = 2; n <= 3; n++) {
            for (Ngram g : arpa.entries(n).keySet()) {
                for (int id : g.ids()) {
                    String w = arpa.vocabulary().word(id);
                    assertTrue(!w.equals("aardvark") && !w.equals("quokka") && !w.equals("okapi"), "n-gram with " + w);
                }
            }
        }
        assertEveryContextSumsToOne(NgramModel.of(arpa), 3, new Random(3), 40, 2e-5);
        assertThrows(IllegalArgumentException.class, () -> KneserNeyEstimator.Options.of(2).withExtraWords(List.of("two words")));
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
        for (String s : randomCorpus(6, 30)) {
            String[] words = s.split(" ");
            assertEquals(x.sentenceLogProb10(words), y.sentenceLogProb10(words), 0.0);
        }
        assertEquals(x.sentenceLogProb10(new String[] {"cat"}), NgramModel.load(a).sentenceLogProb10(new String[] {"cat"}), 0.0);
    }

    /**
     * The binary form quantises each value to one of at most 256 levels per order, so a model with few
     * distinct values comes back exactly; and it stores each n-gram's words, so every listed n-gram is
     * found again (a lost or misplaced n-gram would back off and move its probability by far more than
     * the quantisation does).
     */
    @Test
    void binaryFormKeepsEveryNgramAndQuantisesValuesClosely() throws Exception {
        Path legacyArpa = Path.of(getClass().getResource("/legacy-v1.arpa").toURI());
        ArpaModel small = Arpa.read(legacyArpa);
        Path smallBin = dir.resolve("small.lm");
        NgramModel.save(small, smallBin);
        NgramModel exact = NgramModel.load(smallBin);
        NgramModel reference = NgramModel.of(small);
        for (String s : List.of("the cat sat on the mat", "a dog and the floor", "mat mat cat", "unknown words here")) {
            String[] w = s.split(" ");
            assertEquals(reference.sentenceLogProb10(w), exact.sentenceLogProb10(w), 0.0, s);
        }

        ArpaModel arpa = KneserNeyEstimator.estimate(randomCorpus(new String[] {"the", "cat", "dog", "sat", "on", "a", "mat",
                "ran", "to", "it", "big", "red", "of", "and", "in", "was", "he", "she", "so", "up", "at", "by"}, 5, 3000),
                KneserNeyEstimator.Options.of(3));
        Path bin = dir.resolve("m.lm");
        NgramModel.save(arpa, bin);
        NgramModel x = NgramModel.of(arpa);
        NgramModel z = NgramModel.load(bin);
        int distinct3 = (int) arpa.entries(3).values().stream().map(ArpaModel.Entry::logProb).distinct().count();
        assertTrue(distinct3 > 256, distinct3 + " distinct 3-gram probabilities: too few to exercise the quantiser");
        double worst = 0;
        double bound = 0; // per order, half the even spacing of 127 levels (126 gaps) over the range of its probabilities
        for (int n = 1; n <= 3; n++) {
            double lo = arpa.entries(n).values().stream().mapToDouble(ArpaModel.Entry::logProb).filter(v -> v > -90).min().orElseThrow();
            double hi = arpa.entries(n).values().stream().mapToDouble(ArpaModel.Entry::logProb).max().orElseThrow();
            bound = Math.max(bound, (hi - lo) / 126 / 2 * 1.0001);
        }
        for (int n = 1; n <= 3; n++) {
            for (var e : arpa.entries(n).entrySet()) {
                int[] ids = e.getKey().ids();
                if (ids[ids.length - 1] == Vocabulary.BOS_ID) {
                    continue; // never predicted
                }
                // the listed n-gram itself: its probability with the full context, no back-off involved; the
                // file numbers the words its own way, so the loaded model is asked by word
                int[] zIds = new int[n];
                for (int j = 0; j < n; j++) {
                    zIds[j] = z.vocabulary().id(arpa.vocabulary().word(ids[j]));
                }
                double d = Math.abs(x.logProb10(ids[n - 1], ids, 0, n - 1) - z.logProb10(zIds[n - 1], zIds, 0, n - 1));
                worst = Math.max(worst, d);
            }
        }
        assertTrue(worst <= bound, "largest change of a listed n-gram's log10 probability " + worst + ", bound " + bound);
        double px = 0;
        double pz = 0;
        for (String s : randomCorpus(7, 300)) {
            px += x.sentenceLogProb10(s.split(" "));
            pz += z.sentenceLogProb10(s.split(" "));
        }
        assertEquals(px, pz, Math.abs(px) * 0.002, "held-out log-probability within 0.2%");
        // ids, one code per value and the codebooks: far below version 2's 16 bytes per n-gram
        long ngrams = arpa.count(1) + arpa.count(2) + arpa.count(3);
        long words = arpa.vocabulary().words().stream().mapToLong(w -> 2 + w.length()).sum();
        long codebooks = 5 * 2 * (2 + 4 * 256);
        assertTrue(Files.size(bin) <= 5 * ngrams + words + codebooks + 16 + 3 * 4,
                Files.size(bin) + " bytes for " + ngrams + " n-grams");
    }

    /** Files of the two earlier binary formats still load, to the same probabilities as their ARPA text. */
    @Test
    void earlierBinaryFormatsStillLoad() throws Exception {
        NgramModel text = NgramModel.load(Path.of(getClass().getResource("/legacy-v1.arpa").toURI()));
        for (String version : List.of("/legacy-v1.lm", "/legacy-v2.lm")) {
            NgramModel old = NgramModel.load(Path.of(getClass().getResource(version).toURI()));
            for (String s : List.of("the cat sat on the mat", "a dog and the floor", "mat mat cat", "unknown words here")) {
                String[] w = s.split(" ");
                assertEquals(text.sentenceLogProb10(w), old.sentenceLogProb10(w), 0.0, version + ": " + s);
            }
        }
    }

    /** A bundle copies a binary model byte for byte and converts an ARPA one; a damaged file is refused and leaves nothing. */
    @Test
    void copyAsBinaryCopiesBinaryAndConvertsArpa() throws Exception {
        Path arpa = Path.of(getClass().getResource("/legacy-v1.arpa").toURI());
        Path v2 = Path.of(getClass().getResource("/legacy-v2.lm").toURI());
        Path copied = dir.resolve("copied.lm");
        NgramModel.copyAsBinary(v2, copied);
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(v2), Files.readAllBytes(copied)));
        Path converted = dir.resolve("converted.lm");
        NgramModel.copyAsBinary(arpa, converted);
        assertEquals("AURISLM3", new String(Files.readAllBytes(converted), 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        String[] w = "the cat sat on the mat".split(" ");
        assertEquals(NgramModel.load(arpa).sentenceLogProb10(w), NgramModel.load(converted).sentenceLogProb10(w), 0.0);
        Path broken = dir.resolve("broken.lm");
        byte[] bytes = Files.readAllBytes(converted);
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        Path out = dir.resolve("out.lm");
        LmException e = assertThrows(LmException.class, () -> NgramModel.copyAsBinary(broken, out));
        assertEquals(broken + ": truncated language model file", e.getMessage());
        assertTrue(!Files.exists(out));
    }

    /** An ARPA model that lists no {@code <unk>} scores unknown words at log10 p = -99 (ARPA's "impossible"), in both forms. */
    @Test
    void arpaWithoutUnknownWordScoresItAtMinusNinetyNine() throws IOException {
        Path f = dir.resolve("nounk.arpa");
        Files.writeString(f, "\\data\\\nngram 1=3\n\n\\1-grams:\n-0.5\t</s>\n-99\t<s>\t-0.3\n-0.2\tcat\t0\n\n\\end\\\n");
        NgramModel lm = NgramModel.load(f);
        assertEquals(-99f, lm.logProb10(lm.vocabulary().id("dog"), new int[0], 0, 0), 0f);
        assertEquals(-0.2f, lm.logProb10(lm.vocabulary().id("cat"), new int[0], 0, 0), 0f);
        Path bin = dir.resolve("nounk.lm");
        NgramModel.copyAsBinary(f, bin);
        assertEquals(-99f, NgramModel.load(bin).logProb10(Vocabulary.UNK_ID, new int[0], 0, 0), 0f);
        // a binary file that lists no <unk> (Arpa.read always adds one; only a made-up model lacks it) loads the same
        ArpaModel noUnk = new ArpaModel(new Vocabulary(List.of("cat")), List.of(java.util.Map.of(
                new Ngram(new int[] {Vocabulary.EOS_ID}), new ArpaModel.Entry(-0.5f, 0f),
                new Ngram(new int[] {3}), new ArpaModel.Entry(-0.2f, 0f))));
        Path bare = dir.resolve("bare.lm");
        NgramModel.save(noUnk, bare);
        assertEquals(-99f, NgramModel.load(bare).logProb10(Vocabulary.UNK_ID, new int[0], 0, 0), 0f);
        assertEquals(-0.2f, NgramModel.load(bare).logProb10(3, new int[0], 0, 0), 0f);
    }

    @Test
    void damagedBinaryFilesAreNamed() throws IOException {
        ArpaModel arpa = KneserNeyEstimator.estimate(randomCorpus(5, 50), KneserNeyEstimator.Options.of(2));
        Path bin = dir.resolve("m.lm");
        NgramModel.save(arpa, bin);
        byte[] bytes = Files.readAllBytes(bin);
        Path cut = dir.resolve("cut.lm");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        LmException e = assertThrows(LmException.class, () -> NgramModel.load(cut));
        assertEquals(cut + ": truncated language model file", e.getMessage());
        // a huge n-gram count is refused before anything that size is allocated
        int vocabEnd = 16;
        for (int i = 0; i < arpa.vocabulary().size(); i++) {
            vocabEnd += 2 + (((bytes[vocabEnd] & 0xff) << 8) | (bytes[vocabEnd + 1] & 0xff));
        }
        byte[] huge = bytes.clone();
        java.nio.ByteBuffer.wrap(huge).putInt(vocabEnd, Integer.MAX_VALUE);
        Path big = dir.resolve("big.lm");
        Files.write(big, huge);
        LmException d = assertThrows(LmException.class, () -> NgramModel.load(big));
        assertEquals(big + ": damaged language model table", d.getMessage());
        // a word id beyond the vocabulary (the first unigram's id, just after the count and the codebook)
        int codebook = ((bytes[vocabEnd + 4] & 0xff) << 8) | (bytes[vocabEnd + 5] & 0xff);
        int backoffBook = vocabEnd + 6 + 4 * codebook;
        int firstId = backoffBook + 2 + 4 * (((bytes[backoffBook] & 0xff) << 8) | (bytes[backoffBook + 1] & 0xff));
        byte[] wrongId = bytes.clone();
        wrongId[firstId] = (byte) 0x7f; // unigram id 126 (varint delta 127), far past the vocabulary
        Path bad = dir.resolve("bad.lm");
        Files.write(bad, wrongId);
        LmException i = assertThrows(LmException.class, () -> NgramModel.load(bad));
        assertEquals(bad + ": damaged language model table", i.getMessage());
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
