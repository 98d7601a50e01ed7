package dev.auris.corpora.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    private static final List<String> REFS = List.of("the cat sat", "on the mat", "dogs bark", "hello there", "good day");

    private static List<UtteranceScore> scores(String... hyps) {
        return java.util.stream.IntStream.range(0, hyps.length)
                .mapToObj(i -> UtteranceScore.of("u" + i, REFS.get(i), hyps[i])).toList();
    }

    /** Per-utterance word errors worked out by hand; the standard deviation by hand from them. */
    @Test
    void countsAndSpreadMatchAHandComputation() {
        // base errors 1, 0, 0, 2, 0 (total 3); other errors 0, 0, 2, 1, 0 (total 3)
        var base = scores("the cat sit", "on the mat", "dogs bark", "", "good day");
        var other = scores("the cat sat", "on the mat", "", "hello", "good day");
        PairedComparison p = PairedComparison.of(base, other);
        assertEquals(5, p.utterances());
        assertEquals(3, p.baseErrors());
        assertEquals(3, p.otherErrors());
        assertEquals(0, p.difference());
        assertEquals(2, p.better(), "u0 and u3");
        assertEquals(1, p.worse(), "u2");
        // differences -1, 0, 2, -1, 0: mean 0, squares 6, sample variance 6/4, sd of the sum sqrt(5 * 1.5)
        assertEquals(Math.sqrt(7.5), p.standardDeviation(), 1e-12);
        assertEquals(0, p.z());
        assertEquals(1, p.pValue(), 1e-6);
    }

    @Test
    void aDifferenceInEveryUtteranceAlikeIsCertain() {
        var base = scores("the cat", "on the", "dogs", "hello", "good");
        var other = scores(REFS.toArray(String[]::new));
        PairedComparison p = PairedComparison.of(base, other);
        assertEquals(-5, p.difference());
        assertEquals(0, p.standardDeviation());
        assertEquals(Double.NEGATIVE_INFINITY, p.z());
        assertEquals(0, p.pValue());
        assertTrue(p.summary("b.tsv").startsWith("paired with b.tsv over 5 utterances: 0 word errors against 5, difference -5"),
                p.summary("b.tsv"));
    }

    /** The tail against Simpson's rule over the standard normal density, and the textbook 1.96. */
    @Test
    void upperTailMatchesNumericalIntegration() {
        for (double z : new double[] {0, 0.3, 1, 1.96, 2.5, 3.7}) {
            int n = 20_000; // Simpson on [z, z + 12], the rest below 1e-30
            double h = 12.0 / n;
            double sum = density(z) + density(z + 12);
            for (int i = 1; i < n; i++) {
                sum += (i % 2 == 1 ? 4 : 2) * density(z + i * h);
            }
            double integral = sum * h / 3;
            assertEquals(integral, PairedComparison.upperTail(z), 2e-7 * Math.max(integral, 1e-3), "z = " + z);
            assertEquals(1 - integral, PairedComparison.upperTail(-z), 2e-7, "z = -" + z);
        }
        assertEquals(0.05, 2 * PairedComparison.upperTail(1.959964), 1e-6);
    }

    private static double density(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }

    @Test
    void refusesScoresOfDifferentUtterances() {
        var base = scores("a", "b", "c");
        var shorter = scores("a", "b");
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(base, shorter));
        var renamed = List.of(base.get(0), UtteranceScore.of("x", "on the mat", "b"), base.get(2));
        var e = assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(base, renamed));
        assertTrue(e.getMessage().contains("u1 against x"), e.getMessage());
    }
}
