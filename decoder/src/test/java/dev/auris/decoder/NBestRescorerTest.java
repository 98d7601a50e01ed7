package dev.auris.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NBestRescorerTest {

    private static Hypothesis h(String text, double score) {
        return new Hypothesis(text, List.of(), score, 0, score);
    }

    /** First pass prefers "wreck a nice beach" by 1.0; the second model prefers the other by 3.0 nats. */
    @Test
    void theSecondModelFlipsTheOrderExactlyPastItsBreakEvenWeight() {
        List<Hypothesis> nBest = List.of(h("wreck a nice beach", -10.0), h("recognize speech", -11.0));
        Map<String, Double> table = Map.of("wreck a nice beach", -20.0, "recognize speech", -17.0);
        NBestRescorer.SentenceModel rnn = texts -> texts.stream().mapToDouble(table::get).toArray();
        // break-even: -10 + w(-20) = -11 + w(-17)  =>  w = 1/3
        assertEquals("wreck a nice beach", NBestRescorer.rescore(nBest, rnn, 0.0).get(0).text());
        assertEquals("wreck a nice beach", NBestRescorer.rescore(nBest, rnn, 0.32).get(0).text());
        assertEquals("recognize speech", NBestRescorer.rescore(nBest, rnn, 0.34).get(0).text());
        assertEquals(-11.0 + 0.34 * -17.0, NBestRescorer.rescore(nBest, rnn, 0.34).get(0).score(), 1e-12);
    }

    /**
     * The log-linear second pass scores every hypothesis afresh from its parts: here, by hand, with an n-gram
     * weight, word bonus and unknown-word penalty of its own, whatever the first pass scored.
     */
    @Test
    void theLogLinearPassScoresFromTheHypothesisParts() {
        // text, acoustic, n-gram ln P, first-pass score (deliberately unrelated: it must not be used)
        List<Hypothesis> nBest = List.of(new Hypothesis("a b c", List.of(), -5.0, -12.0, 100),
                new Hypothesis("a bee", List.of(), -6.0, -9.0, 50), new Hypothesis("abc", List.of(), -4.0, -15.0, 0));
        Map<String, Double> lstm = Map.of("a b c", -11.0, "a bee", -8.0, "abc", -7.0);
        Map<String, Integer> unknown = Map.of("a b c", 0, "a bee", 1, "abc", 1);
        NBestRescorer.SentenceModel model = new NBestRescorer.SentenceModel() {
            @Override
            public double[] lnProbs(List<String> texts) {
                return texts.stream().mapToDouble(lstm::get).toArray();
            }

            @Override
            public int unknownWords(String sentence) {
                return unknown.get(sentence);
            }
        };
        var w = new NBestRescorer.Weights(8, 0.5, 0.75, -1.0, -2.0);
        List<Hypothesis> out = NBestRescorer.rescore(nBest, model, w);
        // a b c: -5 + 0.75(-12) - 3 + 0.5(-11) + 0 = -22.5
        // a bee: -6 + 0.75(-9) - 2 + 0.5(-8) - 2 = -20.75
        // abc:   -4 + 0.75(-15) - 1 + 0.5(-7) - 2 = -21.75
        assertEquals(List.of("a bee", "abc", "a b c"), out.stream().map(Hypothesis::text).toList());
        assertEquals(-20.75, out.get(0).score(), 1e-12);
        assertEquals(-21.75, out.get(1).score(), 1e-12);
        assertEquals(-22.5, out.get(2).score(), 1e-12);
        // with the n-gram and word terms left to the first pass, its score is the base
        var firstPass = new NBestRescorer.Weights(8, 0.5, Double.NaN, Double.NaN, -2.0);
        assertEquals(100 + 0.5 * -11.0, NBestRescorer.rescore(nBest, model, firstPass).get(0).score(), 1e-12);
        // a recurrent weight of 0 leaves the list as it was
        assertEquals(nBest, NBestRescorer.rescore(nBest, model, new NBestRescorer.Weights(8, 0, 0.75, -1.0, -2.0)));
        // an n-gram weight without a word bonus is refused
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new NBestRescorer.Weights(8, 0.5, 0.75, Double.NaN, 0));
    }
}
