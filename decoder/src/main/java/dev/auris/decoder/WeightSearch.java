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
    public record Point(double alpha, double beta, double blankPenalty, double priorScale, double rescoringWeight,
                        ErrorCounts words, ErrorCounts chars) {
    }

    /**
     * The values to try.
     *
     * @param blankPenalties {@link DecoderConfig#blankPenalty}; {0} for none
     * @param priorScales exponents of the base setting's {@link LabelPriors}; {0} for none
     * @param rescoringWeights second-pass weights (ignored without a rescorer)
     */
    public record Grid(double[] alphas, double[] betas, double[] blankPenalties, double[] priorScales,
                       double[] rescoringWeights) {
        public Grid {
            for (double[] values : new double[][] {alphas, betas, blankPenalties, priorScales, rescoringWeights}) {
                if (values == null || values.length == 0) {
                    throw new IllegalArgumentException("every grid dimension needs at least one value");
                }
            }
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
        double[] rescoring = rescorer == null ? new double[] {0.0} : grid.rescoringWeights();
        // the same text recurs across grid points: score each once, the unseen ones of a list in one batch
        Map<String, Double> cache = new HashMap<>();
        NBestRescorer.SentenceModel cached = texts -> {
            List<String> unseen = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
            double[] fresh = rescorer.lnProbs(unseen);
            for (int i = 0; i < unseen.size(); i++) {
                cache.put(unseen.get(i), fresh[i]);
            }
            return texts.stream().mapToDouble(cache::get).toArray();
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
        int listSize = rescorer == null ? 1 : NBestRescorer.LIST_SIZE;
        for (double[] setting : settings) {
            double a = setting[0];
            double b = setting[1];
            double bp = setting[2];
            double ps = setting[3];
            CtcDecoder decoder = CtcDecoder.beamSearch(base.withWeights(a, b).withBlankPenalty(bp)
                    .withLabelPriors(base.labelPriors().withScale(ps)), lm);
            // utterances decode independently (the decoder keeps no state between calls): use every core
            List<List<Hypothesis>> nBest = dev.parallelStream().map(m -> decoder.decodeBeams(m, listSize)).toList();
            for (double w : rescoring) {
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
