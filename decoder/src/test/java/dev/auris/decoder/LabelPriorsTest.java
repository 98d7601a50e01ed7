package dev.auris.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.corpora.text.Alphabet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelPriorsTest {

    private static final int A = Alphabet.indexOf('a');
    private static final int B = Alphabet.indexOf('b');

    /** Two frames over blank and 'a' (0.75/0.25, then 0.5/0.5) and one over blank and 'b' (0.25/0.75). */
    private static List<CtcMatrix> twoUtterances() {
        float[] first = new float[2 * Alphabet.SIZE];
        Arrays.fill(first, Float.NEGATIVE_INFINITY);
        first[Alphabet.BLANK] = (float) Math.log(0.75);
        first[A] = (float) Math.log(0.25);
        first[Alphabet.SIZE + Alphabet.BLANK] = (float) Math.log(0.5);
        first[Alphabet.SIZE + A] = (float) Math.log(0.5);
        float[] second = new float[Alphabet.SIZE];
        Arrays.fill(second, Float.NEGATIVE_INFINITY);
        second[Alphabet.BLANK] = (float) Math.log(0.25);
        second[B] = (float) Math.log(0.75);
        return List.of(new CtcMatrix(2, Alphabet.SIZE, first, 0.02), new CtcMatrix(1, Alphabet.SIZE, second, 0.02));
    }

    @Test
    void priorsAreTheMeanPosteriorOverAllFrames() {
        LabelPriors p = LabelPriors.estimate(twoUtterances());
        // by hand over the three frames: blank (0.75 + 0.5 + 0.25) / 3, 'a' 0.75 / 3, 'b' 0.75 / 3
        assertEquals(0.5, p.probabilities().get(Alphabet.BLANK), 1e-6);
        assertEquals(0.25, p.probabilities().get(A), 1e-6);
        assertEquals(0.25, p.probabilities().get(B), 1e-6);
        assertTrue(p.probabilities().get(Alphabet.indexOf('z')) > 0, "a label never seen still has a prior");
        assertEquals(0.0, p.scale());
    }

    /**
     * With scale s every path scores sum_t ln p(k_t) - s ln P(k_t): the wide beam finds the brute-force best
     * labelling of a matrix shifted here by hand, and the priors change the answer on some matrices.
     */
    @Test
    void wideBeamFindsTheBruteForceMapLabelling() {
        Random r = new Random(23);
        List<Double> priors = new ArrayList<>(java.util.Collections.nCopies(Alphabet.SIZE, 0.01));
        priors.set(Alphabet.BLANK, 0.6);
        priors.set(A, 0.05);
        priors.set(B, 0.002);
        double scale = 0.7;
        CtcDecoder plain = CtcDecoder.beamSearch(DecoderConfig.of(4096, 29, -1e9, 0, 0));
        CtcDecoder map = CtcDecoder.beamSearch(DecoderConfig.of(4096, 29, -1e9, 0, 0)
                .withLabelPriors(new LabelPriors(priors, scale)));
        int changed = 0;
        for (int trial = 0; trial < 60; trial++) {
            CtcMatrix m = CtcDecoderTest.random(r, 1 + r.nextInt(6), Alphabet.BLANK, A, B);
            float[] shifted = m.logProbs().clone();
            for (int t = 0; t < m.frames(); t++) {
                for (int k = 0; k < Alphabet.SIZE; k++) {
                    shifted[t * Alphabet.SIZE + k] -= (float) (scale * Math.log(priors.get(k)));
                }
            }
            String expected = CtcDecoderTest.bruteForceBest(new CtcMatrix(m.frames(), Alphabet.SIZE, shifted, 0.02),
                    Alphabet.BLANK, A, B);
            assertEquals(expected, map.decode(m).text(), "trial " + trial);
            changed += expected.equals(plain.decode(m).text()) ? 0 : 1;
        }
        assertTrue(changed > 0, "the priors never changed the answer");
    }

    /**
     * One frame, 'a' at 0.5 against 'b' at 0.4 (blank 0.1): plainly "a". With priors 'a' 0.1 and 'b' 0.01 at
     * scale 1, by hand ln(0.5 / 0.1) = 1.61 against ln(0.4 / 0.01) = 3.69 (blank ln(0.1 / 0.8) = -2.08): "b",
     * whose confidence is still its posterior, 0.4.
     */
    @Test
    void aRareLetterWinsAgainstAFrequentOneItsPosteriorBarelyBeats() {
        float[] lp = new float[Alphabet.SIZE];
        Arrays.fill(lp, Float.NEGATIVE_INFINITY);
        lp[A] = (float) Math.log(0.5);
        lp[B] = (float) Math.log(0.4);
        lp[Alphabet.BLANK] = (float) Math.log(0.1);
        CtcMatrix m = new CtcMatrix(1, Alphabet.SIZE, lp, 0.02);
        List<Double> priors = new ArrayList<>(java.util.Collections.nCopies(Alphabet.SIZE, 0.003));
        priors.set(Alphabet.BLANK, 0.8);
        priors.set(A, 0.1);
        priors.set(B, 0.01);
        DecoderConfig wide = DecoderConfig.of(64, 29, -1e9, 0, 0);
        assertEquals("a", CtcDecoder.beamSearch(wide).decode(m).text());
        Hypothesis map = CtcDecoder.beamSearch(wide.withLabelPriors(new LabelPriors(priors, 1.0))).decode(m);
        assertEquals("b", map.text());
        assertEquals(0.4, map.words().get(0).confidence(), 1e-6, "confidence is the posterior, not the scaled likelihood");
        assertEquals("a", CtcDecoder.beamSearch(wide.withLabelPriors(new LabelPriors(priors, 0.0))).decode(m).text());
    }

    @Test
    void badPriorsAreRefused() {
        List<Double> ok = java.util.Collections.nCopies(Alphabet.SIZE, 1.0 / Alphabet.SIZE);
        assertThrows(IllegalArgumentException.class, () -> new LabelPriors(ok, -0.5));
        assertThrows(IllegalArgumentException.class, () -> new LabelPriors(ok, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LabelPriors(List.of(), 0.5));
        assertThrows(IllegalArgumentException.class, () -> new LabelPriors(List.of(0.5, 0.0, 0.5), 1));
        assertThrows(IllegalArgumentException.class, () -> new LabelPriors(List.of(0.5, 1.5), 1));
        assertThrows(IllegalArgumentException.class, () -> LabelPriors.estimate(List.of()));
        CtcDecoder wrongSize = CtcDecoder.beamSearch(DecoderConfig.defaults()
                .withLabelPriors(new LabelPriors(List.of(0.5, 0.5), 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wrongSize.decode(twoUtterances().get(0)));
        assertTrue(e.getMessage().contains("2 labels"), e.getMessage());
    }
}
