package dev.auris.decoder;

import dev.auris.corpora.scoring.ErrorCounts;
import dev.auris.corpora.scoring.UtteranceScore;
import dev.auris.lm.NgramModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grid search of the decoder's weights on a dev set: for every (alpha, beta, blank penalty, prior scale)
 * the N-best lists are decoded once, and every rescoring weight re-ranks them; the setting with the lowest
 * WER wins (ties: the lowest CER, then the first in grid order).
 */
public final class WeightSearch {

    /** One grid point and its errors on the dev set. */
    public record Point(double alpha, double beta, double blankPenalty, double priorScale, NBestRescorer.Weights rescoring,
                        ErrorCounts words, ErrorCounts chars) {
        public double rescoringWeight() {
            return rescoring.recurrent();
        }
    }

    /**
     * The values to try.
     *
     * @param blankPenalties {@link DecoderConfig#blankPenalty}; {0} for none
     * @param priorScales exponents of the base setting's {@link LabelPriors}; {0} for none
     * @param rescoringWeights second-pass weights of the recurrent LM (the rest ignored without a rescorer)
     * @param rescoreAlphas second-pass n-gram weights, NaN for the first pass's ({@link NBestRescorer.Weights})
     * @param rescoreBetas second-pass word bonuses, NaN for the first pass's (paired with NaN alphas only)
     * @param unknownWordPenalties per word the recurrent LM does not know
     * @param listSize hypotheses the second pass re-ranks
     */
    public record Grid(double[] alphas, double[] betas, double[] blankPenalties, double[] priorScales,
                       double[] rescoringWeights, double[] rescoreAlphas, double[] rescoreBetas,
                       double[] unknownWordPenalties, int listSize) {
        public Grid {
            for (double[] values : new double[][] {alphas, betas, blankPenalties, priorScales, rescoringWeights,
                    rescoreAlphas, rescoreBetas, unknownWordPenalties}) {
                if (values == null || values.length == 0) {
                    throw new IllegalArgumentException("every grid dimension needs at least one value");
                }
            }
            if (listSize < 1) {
                throw new IllegalArgumentException("the rescored list needs at least 1 hypothesis");
            }
            // every second pass valid, and at least one (the fields are not assigned yet: the parameters)
            rescorings(rescoringWeights, rescoreAlphas, rescoreBetas, unknownWordPenalties, listSize);
        }

        /** A grid whose second pass adds the recurrent LM to the first pass's score over the 8 best. */
        public Grid(double[] alphas, double[] betas, double[] blankPenalties, double[] priorScales, double[] rescoringWeights) {
            this(alphas, betas, blankPenalties, priorScales, rescoringWeights, new double[] {Double.NaN},
                    new double[] {Double.NaN}, new double[] {0}, NBestRescorer.Weights.of(0).listSize());
        }

        /** Every valid second pass of the grid (NaN alphas pair with NaN betas only). */
        List<NBestRescorer.Weights> rescorings() {
            return rescorings(rescoringWeights, rescoreAlphas, rescoreBetas, unknownWordPenalties, listSize);
        }

        private static List<NBestRescorer.Weights> rescorings(double[] rescoringWeights, double[] rescoreAlphas,
                                                              double[] rescoreBetas, double[] unknownWordPenalties,
                                                              int listSize) {
            List<NBestRescorer.Weights> out = new ArrayList<>();
            for (double w : rescoringWeights) {
                for (double a : rescoreAlphas) {
                    for (double b : rescoreBetas) {
                        for (double u : unknownWordPenalties) {
                            if (Double.isNaN(a) == Double.isNaN(b)) {
                                out.add(new NBestRescorer.Weights(listSize, w, a, b, u));
                            }
                        }
                    }
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no valid second pass in the grid: pair first-pass (NaN) alphas with NaN betas");
            }
            return out;
        }
    }

    /** Told after each (alpha, beta, blank penalty, prior scale). */
    public interface Progress {
        void update(int done, int total);
    }

    private WeightSearch() {
    }

    /**
     * @param base the other settings, with the label priors the prior scales apply to
     * @param rescorer sentence ln-probability of the second-pass model, or null for none (weights ignored)
     * @return every grid point, best first
     */
    public static List<Point> search(List<CtcMatrix> dev, List<String> references, NgramModel lm, DecoderConfig base,
                                     Grid grid, NBestRescorer.SentenceModel rescorer, Progress progress) {
        if (dev.size() != references.size() || dev.isEmpty()) {
            throw new IllegalArgumentException("need one reference per utterance and at least one utterance");
        }
        List<NBestRescorer.Weights> rescoring = rescorer == null ? List.of(NBestRescorer.Weights.of(0)) : grid.rescorings();
        // the same text recurs across grid points: score each once, the unseen ones of a list in one batch
        Map<String, Double> cache = new HashMap<>();
        NBestRescorer.SentenceModel cached = rescorer == null ? null : new NBestRescorer.SentenceModel() {
            @Override
            public double[] lnProbs(List<String> texts) {
                List<String> unseen = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
                double[] fresh = rescorer.lnProbs(unseen);
                for (int i = 0; i < unseen.size(); i++) {
                    cache.put(unseen.get(i), fresh[i]);
                }
                return texts.stream().mapToDouble(cache::get).toArray();
            }

            @Override
            public int unknownWords(String sentence) {
                return rescorer.unknownWords(sentence);
            }
        };
        List<Point> points = new ArrayList<>();
        int done = 0;
        List<double[]> settings = new ArrayList<>();
        for (double a : grid.alphas()) {
            for (double b : grid.betas()) {
                for (double bp : grid.blankPenalties()) {
                    for (double ps : grid.priorScales()) {
                        settings.add(new double[] {a, b, bp, ps});
                    }
                }
            }
        }
        int listSize = rescorer == null ? 1 : grid.listSize();
        for (double[] setting : settings) {
            double a = setting[0];
            double b = setting[1];
            double bp = setting[2];
            double ps = setting[3];
            CtcDecoder decoder = CtcDecoder.beamSearch(base.withWeights(a, b).withBlankPenalty(bp)
                    .withLabelPriors(base.labelPriors().withScale(ps)), lm);
            // utterances decode independently (the decoder keeps no state between calls): use every core
            List<List<Hypothesis>> nBest = dev.parallelStream().map(m -> decoder.decodeBeams(m, listSize)).toList();
            for (NBestRescorer.Weights w : rescoring) {
                ErrorCounts words = ErrorCounts.ZERO;
                ErrorCounts chars = ErrorCounts.ZERO;
                for (int i = 0; i < dev.size(); i++) {
                    List<Hypothesis> n = rescorer == null ? nBest.get(i) : NBestRescorer.rescore(nBest.get(i), cached, w);
                    UtteranceScore s = UtteranceScore.of(String.valueOf(i), references.get(i), n.get(0).text());
                    words = words.plus(s.words().counts());
                    chars = chars.plus(s.characters().counts());
                }
                points.add(new Point(a, b, bp, ps, w, words, chars));
            }
            progress.update(++done, settings.size());
        }
        points.sort((x, y) -> {
            int c = Double.compare(x.words().rate(), y.words().rate());
            return c != 0 ? c : Double.compare(x.chars().rate(), y.chars().rate());
        });
        return points;
    }
}
