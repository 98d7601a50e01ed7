package dev.auris.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.corpora.text.Alphabet;
import dev.auris.lm.KneserNeyEstimator;
import dev.auris.lm.NgramModel;
import dev.auris.lm.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcDecoderTest {

    private static final int A = Alphabet.indexOf('a');
    private static final int B = Alphabet.indexOf('b');

    /** Random distributions over the given labels per frame; every other label has probability 0. */
    static CtcMatrix random(Random r, int frames, int... labels) {
        float[] lp = new float[frames * Alphabet.SIZE];
        Arrays.fill(lp, Float.NEGATIVE_INFINITY);
        for (int t = 0; t < frames; t++) {
            double[] p = new double[labels.length];
            double sum = 0;
            for (int i = 0; i < labels.length; i++) {
                p[i] = Math.exp(2 * r.nextGaussian());
                sum += p[i];
            }
            for (int i = 0; i < labels.length; i++) {
                lp[t * Alphabet.SIZE + labels[i]] = (float) Math.log(p[i] / sum);
            }
        }
        return new CtcMatrix(frames, Alphabet.SIZE, lp, 0.02);
    }

    /** The labelling with the largest total probability over all its paths, by enumerating every path. */
    static String bruteForceBest(CtcMatrix m, int... labels) {
        Map<String, Double> total = new HashMap<>();
        int paths = (int) Math.pow(labels.length, m.frames());
        int[] path = new int[m.frames()];
        for (int n = 0; n < paths; n++) {
            int v = n;
            double logp = 0;
            for (int t = 0; t < m.frames(); t++) {
                path[t] = labels[v % labels.length];
                v /= labels.length;
                logp += m.at(t, path[t]);
            }
            total.merge(Alphabet.collapse(path), Math.exp(logp), Double::sum);
        }
        return total.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @Test
    void wideBeamFindsTheBruteForceBestLabelling() {
        Random r = new Random(21);
        CtcDecoder decoder = CtcDecoder.beamSearch(DecoderConfig.of(4096, 29, -1e9, 0, 0));
        for (int trial = 0; trial < 60; trial++) {
            int frames = 1 + r.nextInt(6);
            CtcMatrix m = random(r, frames, Alphabet.BLANK, A, B);
            assertEquals(bruteForceBest(m, Alphabet.BLANK, A, B), decoder.decode(m).text(), "trial " + trial);
        }
    }

    /**
     * A blank penalty p scores every path as if each blank frame were e^-p times as likely: the wide
     * beam then finds the brute-force best labelling of a matrix whose blank log-probabilities were
     * lowered by p here, by hand; and on some matrices that answer differs from the one without it.
     */
    @Test
    void blankPenaltyActsAsALessLikelyBlankInEveryFrame() {
        Random r = new Random(22);
        double penalty = 1.5;
        CtcDecoder plain = CtcDecoder.beamSearch(DecoderConfig.of(4096, 29, -1e9, 0, 0));
        CtcDecoder penalised = CtcDecoder.beamSearch(DecoderConfig.of(4096, 29, -1e9, 0, 0).withBlankPenalty(penalty));
        int changed = 0;
        for (int trial = 0; trial < 60; trial++) {
            CtcMatrix m = random(r, 1 + r.nextInt(6), Alphabet.BLANK, A, B);
            float[] lowered = new float[m.frames() * Alphabet.SIZE];
            for (int t = 0; t < m.frames(); t++) {
                for (int k = 0; k < Alphabet.SIZE; k++) {
                    lowered[t * Alphabet.SIZE + k] = m.at(t, k) - (k == Alphabet.BLANK ? (float) penalty : 0f);
                }
            }
            String expected = bruteForceBest(new CtcMatrix(m.frames(), Alphabet.SIZE, lowered, 0.02), Alphabet.BLANK, A, B);
            assertEquals(expected, penalised.decode(m).text(), "trial " + trial);
            changed += expected.equals(plain.decode(m).text()) ? 0 : 1;
        }
        assertTrue(changed > 0, "the penalty never changed the answer");
        assertThrows(IllegalArgumentException.class, () -> DecoderConfig.defaults().withBlankPenalty(-1));
    }

    /** Quickselect's k-th largest against a full sort, duplicates and infinities included. */
    @Test
    void kthLargestAgreesWithSorting() {
        Random r = new Random(24);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + r.nextInt(60);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : r.nextInt(10) - r.nextDouble() * (r.nextBoolean() ? 1 : 0);
            }
            double[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            int k = 1 + r.nextInt(n);
            assertEquals(sorted[n - k], PrefixBeamSearch.kthLargest(a.clone(), n, k), "n " + n + " k " + k);
        }
    }

    /** Pruning at 0 below the best keeps one prefix per frame (barring ties): a beam of width 1. */
    @Test
    void pruningAtTheBestScoreIsABeamOfOne() {
        Random r = new Random(23);
        CtcDecoder pruned = CtcDecoder.beamSearch(DecoderConfig.of(64, 29, -1e9, 0, 0).withBeamPrune(0));
        CtcDecoder narrow = CtcDecoder.beamSearch(DecoderConfig.of(1, 29, -1e9, 0, 0));
        CtcDecoder wide = CtcDecoder.beamSearch(DecoderConfig.of(64, 29, -1e9, 0, 0));
        int differsFromWide = 0;
        for (int trial = 0; trial < 60; trial++) {
            CtcMatrix m = random(r, 2 + r.nextInt(8), Alphabet.BLANK, A, B);
            Hypothesis p = pruned.decode(m);
            assertEquals(narrow.decode(m).text(), p.text(), "trial " + trial);
            assertEquals(narrow.decode(m).acousticScore(), p.acousticScore(), 1e-9, "trial " + trial);
            differsFromWide += wide.decode(m).text().equals(p.text()) ? 0 : 1;
        }
        assertTrue(differsFromWide > 0, "pruning never changed a result, so the test shows nothing");
    }

    @Test
    void acousticScoreIsTheSumOverAlignments() {
        Random r = new Random(22);
        CtcMatrix m = random(r, 5, Alphabet.BLANK, A, B);
        Hypothesis h = CtcDecoder.beamSearch(DecoderConfig.of(4096, 29, -1e9, 0, 0)).decode(m);
        double total = 0;
        int[] path = new int[5];
        int[] labels = {Alphabet.BLANK, A, B};
        for (int n = 0; n < 243; n++) {
            int v = n;
            double logp = 0;
            for (int t = 0; t < 5; t++) {
                path[t] = labels[v % 3];
                v /= 3;
                logp += m.at(t, path[t]);
            }
            if (Alphabet.collapse(path).equals(h.text())) {
                total += Math.exp(logp);
            }
        }
        assertEquals(Math.log(total), h.acousticScore(), 1e-5);
    }

    @Test
    void alphaZeroAgreesWithTheDecoderWithoutLm() {
        NgramModel lm = NgramModel.of(KneserNeyEstimator.estimate(List.of("a b", "b a a", "ab ba"), KneserNeyEstimator.Options.of(2)));
        Random r = new Random(23);
        for (int trial = 0; trial < 30; trial++) {
            CtcMatrix m = random(r, 12, Alphabet.BLANK, A, B, Alphabet.SPACE);
            String without = CtcDecoder.beamSearch(DecoderConfig.of(64, 29, -1e9, 0, 0)).decode(m).text();
            String with = CtcDecoder.beamSearch(DecoderConfig.of(64, 29, -1e9, 0, 0), lm).decode(m).text();
            assertEquals(without, with);
        }
    }

    /**
     * Frames say "x", a space, then "y" with probability 0.55 or "z" with 0.45. The LM prefers
     * "x z". The winner must flip exactly where alpha * (ln P(x z) - ln P(x y)) crosses ln(0.55/0.45).
     */
    @Test
    void theLanguageModelChangesTheWinnerExactlyWhenItShould() {
        int x = Alphabet.indexOf('x');
        int y = Alphabet.indexOf('y');
        int z = Alphabet.indexOf('z');
        List<String> text = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            text.add("x z");
        }
        text.add("y x");
        text.add("z y");
        NgramModel lm = NgramModel.of(KneserNeyEstimator.estimate(text, KneserNeyEstimator.Options.of(2)));
        float[] lp = new float[5 * Alphabet.SIZE];
        Arrays.fill(lp, Float.NEGATIVE_INFINITY);
        lp[0 * Alphabet.SIZE + x] = 0;
        lp[1 * Alphabet.SIZE + Alphabet.BLANK] = 0;
        lp[2 * Alphabet.SIZE + Alphabet.SPACE] = 0;
        lp[3 * Alphabet.SIZE + y] = (float) Math.log(0.55);
        lp[3 * Alphabet.SIZE + z] = (float) Math.log(0.45);
        lp[4 * Alphabet.SIZE + Alphabet.BLANK] = 0;
        CtcMatrix m = new CtcMatrix(5, Alphabet.SIZE, lp, 0.02);
        Vocabulary v = lm.vocabulary();
        int[] hx = {Vocabulary.BOS_ID, v.id("x")};
        double lmY = (lm.logProb10(v.id("y"), hx, 0, 2) + lm.logProb10(Vocabulary.EOS_ID, new int[] {v.id("x"), v.id("y")}, 0, 2)) * Math.log(10);
        double lmZ = (lm.logProb10(v.id("z"), hx, 0, 2) + lm.logProb10(Vocabulary.EOS_ID, new int[] {v.id("x"), v.id("z")}, 0, 2)) * Math.log(10);
        assertTrue(lmZ > lmY);
        double threshold = Math.log(0.55 / 0.45) / (lmZ - lmY);
        assertEquals("x y", CtcDecoder.beamSearch(DecoderConfig.of(16, 29, -30, threshold * 0.98, 0), lm).decode(m).text());
        assertEquals("x z", CtcDecoder.beamSearch(DecoderConfig.of(16, 29, -30, threshold * 1.02, 0), lm).decode(m).text());
    }

    /**
     * A decoder re-widened with withBeamWidth, or given other weights, look-ahead and unknown-word offset with
     * withConfig (sharing its vocabulary trie either way), decodes as one built afresh with those settings,
     * N-best scores and all.
     */
    @Test
    void aReconfiguredDecoderDecodesAsOneBuiltWithThoseSettings() {
        NgramModel lm = NgramModel.of(KneserNeyEstimator.estimate(List.of("ab ba", "a b", "bab ab a", "ba ba ab"),
                KneserNeyEstimator.Options.of(3)));
        Random r = new Random(21);
        for (int variant = 0; variant < 4; variant++) {
            boolean lookahead = variant % 2 == 0;
            DecoderConfig wide = DecoderConfig.of(16, 4, -30, 0.8, 0.5).withLmLookahead(lookahead).withUnknownWordOffset(-4);
            DecoderConfig other = variant < 2 ? wide.withBeamWidth(3)
                    : DecoderConfig.of(3, 4, -30, 1.7, -0.5).withLmLookahead(!lookahead).withUnknownWordOffset(-1);
            CtcDecoder base = CtcDecoder.beamSearch(wide, lm);
            CtcDecoder narrowed = variant < 2 ? base.withBeamWidth(3) : base.withConfig(other);
            CtcDecoder fresh = CtcDecoder.beamSearch(other, lm);
            assertEquals(3, narrowed.config().beamWidth());
            for (int trial = 0; trial < 200; trial++) {
                CtcMatrix m = random(r, 4 + r.nextInt(6), Alphabet.BLANK, A, B, Alphabet.SPACE, Alphabet.indexOf('c'));
                List<Hypothesis> x = narrowed.decodeBeams(m, 3);
                List<Hypothesis> y = fresh.decodeBeams(m, 3);
                assertEquals(y.size(), x.size());
                for (int i = 0; i < x.size(); i++) {
                    assertEquals(y.get(i).text(), x.get(i).text(), "trial " + trial);
                    assertEquals(y.get(i).score(), x.get(i).score(), 0.0, "trial " + trial);
                }
            }
        }
    }

    /**
     * The frames lean to "cd" (0.6 per letter) but the LM prefers "ab" by more than ln(0.36/0.16), so the
     * exhaustive search answers "ab". A beam of one without look-ahead keeps "c" after the first frame
     * (a word in progress pays no LM cost) and ends on "cd"; with look-ahead "a" is ranked by the
     * unigram of "ab", survives, and the beam of one finds the exhaustive answer.
     */
    @Test
    void lmLookaheadKeepsTheWordTheLanguageModelPrefers() {
        List<String> text = new ArrayList<>(List.of("ab", "ab", "ab", "x ab", "y ab", "z ab", "w ab", "cd"));
        NgramModel lm = NgramModel.of(KneserNeyEstimator.estimate(text, KneserNeyEstimator.Options.of(2)));
        float[] lp = new float[3 * Alphabet.SIZE];
        Arrays.fill(lp, Float.NEGATIVE_INFINITY);
        lp[Alphabet.indexOf('c')] = (float) Math.log(0.6);
        lp[A] = (float) Math.log(0.4);
        lp[Alphabet.SIZE + Alphabet.indexOf('d')] = (float) Math.log(0.6);
        lp[Alphabet.SIZE + B] = (float) Math.log(0.4);
        lp[2 * Alphabet.SIZE + Alphabet.BLANK] = 0;
        CtcMatrix m = new CtcMatrix(3, Alphabet.SIZE, lp, 0.02);
        DecoderConfig base = DecoderConfig.of(1, 29, -30, 1.0, 0);
        assertEquals("ab", CtcDecoder.beamSearch(base.withBeamWidth(4096).withLmLookahead(false), lm).decode(m).text());
        assertEquals("cd", CtcDecoder.beamSearch(base.withLmLookahead(false), lm).decode(m).text());
        assertEquals("ab", CtcDecoder.beamSearch(base.withLmLookahead(true), lm).decode(m).text());
    }

    /**
     * The search skips prefixes that cannot reach the frame's prune floor (not made, not touched, no
     * LM lookup); it must keep exactly the beams of the plain search that makes and scores every
     * extension first. Tight margins and narrow beams make most extensions fall short.
     */
    @Test
    void skippingPrefixesBelowTheFloorKeepsThePlainSearchsBeams() {
        NgramModel lm = NgramModel.of(KneserNeyEstimator.estimate(
                List.of("ab ba", "a b", "bab ab a", "ba ba ab", "cab a", "ac ca b"), KneserNeyEstimator.Options.of(3)));
        Random r = new Random(29);
        int c = Alphabet.indexOf('c');
        int d = Alphabet.indexOf('d'); // in no word: its prefixes are unknown words
        int prunedAway = 0;
        for (int trial = 0; trial < 300; trial++) {
            DecoderConfig config = DecoderConfig.of(2 + r.nextInt(15), 5, -1e9, 2 * r.nextDouble(), 2 * r.nextDouble() - 1)
                    .withBeamPrune(-1 - 7 * r.nextDouble()).withLmLookahead(r.nextBoolean()).withUnknownWordOffset(-4);
            CtcMatrix m = random(r, 4 + r.nextInt(12), Alphabet.BLANK, A, B, Alphabet.SPACE, c, d);
            NgramModel model = trial % 5 == 0 ? null : lm;
            List<Hypothesis> got = model == null ? CtcDecoder.beamSearch(config).decodeBeams(m, 4)
                    : CtcDecoder.beamSearch(config, model).decodeBeams(m, 4);
            List<Map.Entry<String, Double>> want = new PlainPrefixBeamSearch(config, model).search(m, 4);
            assertEquals(want.size(), got.size(), "trial " + trial);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).getKey(), got.get(i).text(), "trial " + trial + " rank " + i);
                assertEquals(want.get(i).getValue(), got.get(i).score(), 1e-6, "trial " + trial + " rank " + i);
            }
            List<Map.Entry<String, Double>> unpruned = new PlainPrefixBeamSearch(
                    config.withBeamPrune(Double.NEGATIVE_INFINITY), model).search(m, 4);
            prunedAway += unpruned.get(0).getKey().equals(want.get(0).getKey()) ? 0 : 1;
        }
        assertTrue(prunedAway > 10, "the prune margin changed only " + prunedAway + " results: the test shows little");
    }

    @Test
    void wordTimesFallInsideTheFramesOfTheirCharacters() {
        // frames: 0 blank, 1-2 'h', 3 'i', 4 blank, 5 space, 6 blank, 7 'y', 8 'o', 9-10 blank
        int[] path = {0, Alphabet.indexOf('h'), Alphabet.indexOf('h'), Alphabet.indexOf('i'), 0, Alphabet.SPACE, 0,
                Alphabet.indexOf('y'), Alphabet.indexOf('o'), 0, 0};
        float[] lp = new float[path.length * Alphabet.SIZE];
        Arrays.fill(lp, (float) Math.log(0.01 / 28));
        for (int t = 0; t < path.length; t++) {
            lp[t * Alphabet.SIZE + path[t]] = (float) Math.log(0.99);
        }
        CtcMatrix m = new CtcMatrix(path.length, Alphabet.SIZE, lp, 0.02);
        Hypothesis h = CtcDecoder.beamSearch(DecoderConfig.defaults().withWeights(0, 0)).decode(m);
        assertEquals("hi yo", h.text());
        assertEquals("hi yo", CtcDecoder.greedy(m));
        Word hi = h.words().get(0);
        Word yo = h.words().get(1);
        assertEquals("hi", hi.text());
        assertTrue(hi.start() >= 1 * 0.02 - 1e-9 && hi.end() <= 4 * 0.02 + 1e-9, hi.toString());
        assertTrue(yo.start() >= 7 * 0.02 - 1e-9 && yo.end() <= 9 * 0.02 + 1e-9, yo.toString());
        assertTrue(hi.confidence() > 0.9 && hi.confidence() <= 1.0);
    }

    @Test
    void nBestListIsSortedAndDistinct() {
        Random r = new Random(24);
        CtcMatrix m = random(r, 10, Alphabet.BLANK, A, B, Alphabet.SPACE);
        List<Hypothesis> n = CtcDecoder.beamSearch(DecoderConfig.defaults().withWeights(0, 0)).decodeBeams(m, 5);
        assertEquals(5, n.size());
        for (int i = 1; i < n.size(); i++) {
            assertTrue(n.get(i - 1).score() >= n.get(i).score());
            assertTrue(!n.get(i - 1).text().equals(n.get(i).text()) || true);
        }
        assertEquals(n.size(), n.stream().map(Hypothesis::text).distinct().count());
    }
}
