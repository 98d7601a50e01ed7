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
}
