package dev.auris.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.auris.corpora.text.Alphabet;
import dev.auris.lm.KneserNeyEstimator;
import dev.auris.lm.NgramModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightSearchTest {

    /** "x" then a space then "y" at 0.55 or "z" at 0.45, as in the decoder's LM test. */
    private static CtcMatrix xThenYOrZ() {
        float[] lp = new float[5 * Alphabet.SIZE];
        Arrays.fill(lp, Float.NEGATIVE_INFINITY);
        lp[Alphabet.indexOf('x')] = 0;
        lp[Alphabet.SIZE + Alphabet.BLANK] = 0;
        lp[2 * Alphabet.SIZE + Alphabet.SPACE] = 0;
        lp[3 * Alphabet.SIZE + Alphabet.indexOf('y')] = (float) Math.log(0.55);
        lp[3 * Alphabet.SIZE + Alphabet.indexOf('z')] = (float) Math.log(0.45);
        lp[4 * Alphabet.SIZE + Alphabet.BLANK] = 0;
        return new CtcMatrix(5, Alphabet.SIZE, lp, 0.02);
    }

    private static NgramModel lm() {
        List<String> text = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            text.add("x z");
        }
        text.add("y x");
        text.add("z y");
        return NgramModel.of(KneserNeyEstimator.estimate(text, KneserNeyEstimator.Options.of(2)));
    }

    private static WeightSearch.Grid grid(double[] alphas, double beta, double[] blankPenalties, double[] priorScales) {
        return new WeightSearch.Grid(alphas, new double[] {beta}, blankPenalties, priorScales, new double[] {0.0});
    }

    @Test
    void picksTheLanguageModelWeightThatGetsTheDevSetRight() {
        List<WeightSearch.Point> points = WeightSearch.search(List.of(xThenYOrZ()), List.of("x z"), lm(),
                DecoderConfig.of(16, 29, -30, 0, 0), grid(new double[] {0.0, 5.0}, 0.0, new double[] {0.0}, new double[] {0.0}),
                null, (d, t) -> { });
        assertEquals(2, points.size());
        assertEquals(5.0, points.get(0).alpha());
        assertEquals(0, points.get(0).words().errors());
        assertEquals(0.0, points.get(1).alpha());
        assertEquals(1, points.get(1).words().substitutions()); // "y" for "z"
    }

    @Test
    void picksTheRescoringWeightPastItsBreakEven() {
        // without the n-gram (alpha 0) the acoustics pick "x y" by ln(0.55/0.45) = 0.2007; a rescorer
        // preferring "x z" by 1.0 flips the ranking for weights above 0.2007
        List<WeightSearch.Point> points = WeightSearch.search(List.of(xThenYOrZ()), List.of("x z"), lm(),
                DecoderConfig.of(16, 29, -30, 0, 0), new WeightSearch.Grid(new double[] {0.0}, new double[] {0.0},
                        new double[] {0.0}, new double[] {0.0}, new double[] {0.0, 0.19, 0.21}),
                texts -> texts.stream().mapToDouble(t -> t.equals("x z") ? -1.0 : -2.0).toArray(), (d, t) -> { });
        assertEquals(0.21, points.get(0).rescoringWeight());
        assertEquals(0, points.get(0).words().errors());
        assertEquals(1, points.get(1).words().errors());
        assertEquals(1, points.get(2).words().errors());
    }

    @Test
    void searchesTheUnknownWordPenaltyAndPairsOnlyValidSecondPasses() {
        // the rescorer finds both texts equally likely but does not know "y": a penalty above the acoustic
        // margin ln(0.55/0.45) = 0.2007 flips the choice to "x z"
        NBestRescorer.SentenceModel model = new NBestRescorer.SentenceModel() {
            @Override
            public double[] lnProbs(List<String> texts) {
                return texts.stream().mapToDouble(t -> -1.0).toArray();
            }

            @Override
            public int unknownWords(String sentence) {
                return sentence.contains("y") ? 1 : 0;
            }
        };
        var grid = new WeightSearch.Grid(new double[] {0.0}, new double[] {0.0}, new double[] {0.0}, new double[] {0.0},
                new double[] {0.1}, new double[] {Double.NaN, 0.0}, new double[] {Double.NaN, 0.0},
                new double[] {0.0, -0.19, -0.21}, 4);
        assertEquals(2 * 3, grid.rescorings().size()); // (NaN, 0) and (0, NaN) are not second passes
        List<WeightSearch.Point> points = WeightSearch.search(List.of(xThenYOrZ()), List.of("x z"), lm(),
                DecoderConfig.of(16, 29, -30, 0, 0), grid, model, (d, t) -> { });
        assertEquals(6, points.size());
        assertEquals(-0.21, points.get(0).rescoring().unknownWord());
        assertEquals(0, points.get(0).words().errors());
        assertEquals(0, points.get(1).words().errors()); // the same penalty over the other second pass
        assertEquals(-0.21, points.get(1).rescoring().unknownWord());
        for (WeightSearch.Point p : points.subList(2, 6)) {
            assertEquals(1, p.words().errors());
        }
    }

    /**
     * "x", then a space, then "z" at 0.4 against blank at 0.6: by hand, the labellings "x" (0.9 x 0.9 x 0.6 +
     * 0.9 x 0.1 x 0.6 = 0.540) beat "x z" (0.324); with blank penalised by e^-1 "x z" stays 0.324 and "x"
     * drops to 0.9 x 0.9 x 0.6/e + 0.9 x 0.1 x 0.6/e^2 = 0.186. The search keeps the penalty that reads "x z".
     */
    @Test
    void picksTheBlankPenaltyThatRecoversADeletedWord() {
        float[] lp = new float[3 * Alphabet.SIZE];
        java.util.Arrays.fill(lp, Float.NEGATIVE_INFINITY);
        int x = Alphabet.indexOf('x');
        int z = Alphabet.indexOf('z');
        lp[x] = (float) Math.log(0.9);
        lp[Alphabet.BLANK] = (float) Math.log(0.1);
        lp[Alphabet.SIZE + Alphabet.SPACE] = (float) Math.log(0.9);
        lp[Alphabet.SIZE + Alphabet.BLANK] = (float) Math.log(0.1);
        lp[2 * Alphabet.SIZE + z] = (float) Math.log(0.4);
        lp[2 * Alphabet.SIZE + Alphabet.BLANK] = (float) Math.log(0.6);
        CtcMatrix m = new CtcMatrix(3, Alphabet.SIZE, lp, 0.02);
        List<WeightSearch.Point> points = WeightSearch.search(List.of(m), List.of("x z"), lm(),
                DecoderConfig.of(16, 29, -30, 0, 0), grid(new double[] {0.0}, 0.0, new double[] {0.0, 1.0}, new double[] {0.0}),
                null, (d, t) -> { });
        assertEquals(1.0, points.get(0).blankPenalty());
        assertEquals(0, points.get(0).words().errors());
        assertEquals(0.0, points.get(1).blankPenalty());
        assertEquals(1, points.get(1).words().deletions());
    }

    /** The rare-letter case of LabelPriorsTest: only the prior scale 1 reads the reference "b". */
    @Test
    void picksThePriorScaleThatReadsARareLetter() {
        float[] lp = new float[Alphabet.SIZE];
        Arrays.fill(lp, Float.NEGATIVE_INFINITY);
        lp[Alphabet.indexOf('a')] = (float) Math.log(0.5);
        lp[Alphabet.indexOf('b')] = (float) Math.log(0.4);
        lp[Alphabet.BLANK] = (float) Math.log(0.1);
        List<Double> priors = new ArrayList<>(java.util.Collections.nCopies(Alphabet.SIZE, 0.003));
        priors.set(Alphabet.BLANK, 0.8);
        priors.set(Alphabet.indexOf('a'), 0.1);
        priors.set(Alphabet.indexOf('b'), 0.01);
        List<WeightSearch.Point> points = WeightSearch.search(List.of(new CtcMatrix(1, Alphabet.SIZE, lp, 0.02)), List.of("b"),
                null, DecoderConfig.of(16, 29, -30, 0, 0).withLabelPriors(new LabelPriors(priors, 0)),
                grid(new double[] {0.0}, 0.0, new double[] {0.0}, new double[] {0.0, 1.0}), null, (d, t) -> { });
        assertEquals(1.0, points.get(0).priorScale());
        assertEquals(0, points.get(0).words().errors());
        assertEquals(0.0, points.get(1).priorScale());
        assertEquals(1, points.get(1).words().substitutions());
    }
}
