package dev.auris.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinearInterpolationTest {

    /** Two texts that share some words and not others ("cat" only in the first, "fox" only in the second). */
    private static final String[] FIRST = {"the", "cat", "sat", "on", "a", "mat", "ran", "to", "it"};
    private static final String[] SECOND = {"the", "fox", "jumps", "over", "a", "lazy", "dog", "to", "it"};

    /** p(words[last] | words[..last]) from a model queried by word, 0 for a word it does not know. */
    private static double prob(NgramModel lm, String... words) {
        int last = words.length - 1;
        Vocabulary v = lm.vocabulary();
        if (!words[last].equals(Vocabulary.UNK) && !v.contains(words[last])) {
            return 0;
        }
        int[] ids = new int[words.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = v.id(words[i]);
        }
        return Math.pow(10, lm.logProb10(ids[last], ids, 0, last));
    }

    /** Every context of the mixture sums to one over the union vocabulary: the recomputed back-offs are right. */
    @ParameterizedTest
    @CsvSource({"1,0", "2,0", "3,0", "3,1", "4,1"})
    void everyConditionalDistributionOfTheMixtureSumsToOne(int order, int prune) {
        KneserNeyEstimator.Options options = new KneserNeyEstimator.Options(order, 1, prune == 0 ? new int[0] : new int[] {prune});
        ArpaModel a = KneserNeyEstimator.estimate(KneserNeyEstimatorTest.randomCorpus(FIRST, order, 300), options);
        ArpaModel b = KneserNeyEstimator.estimate(KneserNeyEstimatorTest.randomCorpus(SECOND, order + 7, 200), options);
        NgramModel mix = NgramModel.of(LinearInterpolation.of(List.of(a, b)).mix(new double[] {0.3, 0.7}));
        assertEquals(3 + 14, mix.vocabulary().size(), "union of 9 + 9 words sharing 4, plus <unk> <s> </s>");
        KneserNeyEstimatorTest.assertEveryContextSumsToOne(mix, order, new Random(order), 60, 1e-4);
    }

    /** Where the data were seen, the mixture is exactly lambda p_A + (1 - lambda) p_B of the two models' own answers. */
    @Test
    void seenNgramsGetTheExactMixture() {
        KneserNeyEstimator.Options options = KneserNeyEstimator.Options.of(3);
        List<String> first = KneserNeyEstimatorTest.randomCorpus(FIRST, 1, 200);
        List<String> second = KneserNeyEstimatorTest.randomCorpus(SECOND, 2, 200);
        NgramModel a = NgramModel.of(KneserNeyEstimator.estimate(first, options));
        NgramModel b = NgramModel.of(KneserNeyEstimator.estimate(second, options));
        NgramModel mix = NgramModel.of(LinearInterpolation.of(List.of(KneserNeyEstimator.estimate(first, options),
                KneserNeyEstimator.estimate(second, options))).mix(new double[] {0.25, 0.75}));
        int checked = 0;
        for (List<String> text : List.of(first, second)) {
            for (String s : text) {
                String[] w = ("<s> " + s + " </s>").split(" ");
                for (int i = 1; i < w.length; i++) {
                    String[] g = java.util.Arrays.copyOfRange(w, Math.max(0, i - 2), i + 1);
                    double expected = 0.25 * prob(a, g) + 0.75 * prob(b, g);
                    assertEquals(expected, prob(mix, g), 1e-5 * expected, String.join(" ", g));
                    checked++;
                }
            }
        }
        assertTrue(checked > 1000);
        // a word only the second text has: the first model contributes nothing to it
        assertEquals(0.75 * prob(b, "fox"), prob(mix, "fox"), 1e-7);
        // <unk> keeps both models' unknown-word mass
        assertEquals(0.25 * prob(a, "<unk>") + 0.75 * prob(b, "<unk>"), prob(mix, "<unk>"), 1e-7);
        assertEquals(prob(mix, "<unk>"), Math.pow(10, mix.logProb10(mix.vocabulary().id("zebra"), new int[0], 0, 0)), 1e-12,
                "a word neither text has is <unk>");
    }

    /** EM's weights maximise the held-out likelihood of the exact mixture, found here by brute force over a grid. */
    @Test
    void fittedWeightsMaximiseHeldOutLikelihood() {
        KneserNeyEstimator.Options options = KneserNeyEstimator.Options.of(2);
        ArpaModel a = KneserNeyEstimator.estimate(KneserNeyEstimatorTest.randomCorpus(FIRST, 3, 200), options);
        ArpaModel b = KneserNeyEstimator.estimate(KneserNeyEstimatorTest.randomCorpus(SECOND, 4, 200), options);
        // held-out text mostly in the first text's style, some in the second's
        List<String> dev = new ArrayList<>(KneserNeyEstimatorTest.randomCorpus(FIRST, 5, 30));
        dev.addAll(KneserNeyEstimatorTest.randomCorpus(SECOND, 6, 10));
        double[] fitted = LinearInterpolation.of(List.of(a, b)).fitWeights(dev);
        assertEquals(1.0, fitted[0] + fitted[1], 1e-9);

        NgramModel qa = NgramModel.of(a);
        NgramModel qb = NgramModel.of(b);
        List<double[]> tokens = new ArrayList<>();
        for (String s : dev) {
            String[] w = ("<s> " + s + " </s>").split(" ");
            for (int i = 1; i < w.length; i++) {
                String[] g = {w[i - 1], w[i]};
                tokens.add(new double[] {prob(qa, g), prob(qb, g)});
            }
        }
        double best = -1;
        double bestLogLik = Double.NEGATIVE_INFINITY;
        for (int step = 0; step <= 1000; step++) {
            double lambda = step / 1000.0;
            double ll = 0;
            for (double[] t : tokens) {
                ll += Math.log(lambda * t[0] + (1 - lambda) * t[1]);
            }
            if (ll > bestLogLik) {
                bestLogLik = ll;
                best = lambda;
            }
        }
        assertTrue(best > 0.5 && best < 1, "the grid's best weight " + best + " should favour the first model");
        assertEquals(best, fitted[0], 2e-3);
    }

    @Test
    void badWeightsAreRefused() {
        ArpaModel a = KneserNeyEstimator.estimate(List.of("a b"), KneserNeyEstimator.Options.of(2));
        assertThrows(IllegalArgumentException.class, () -> LinearInterpolation.of(List.of(a)).mix(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> LinearInterpolation.of(List.of(a, a)).mix(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> LinearInterpolation.of(List.of(a, a)).mix(new double[] {0.5, 0.6}));
        assertThrows(IllegalArgumentException.class, () -> LinearInterpolation.of(List.of(a, a)).mix(new double[] {-0.5, 1.5}));
        assertThrows(IllegalArgumentException.class, () -> LinearInterpolation.checkWeights(2, new double[] {Double.NaN, 1}));
        assertThrows(IllegalArgumentException.class, () -> LinearInterpolation.of(List.of(a, a)).fitWeights(List.of()));
    }
}
