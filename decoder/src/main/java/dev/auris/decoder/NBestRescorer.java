package dev.auris.decoder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Second-pass rescoring of an N-best list: each hypothesis gets weight x ln P(text) from another
 * model (the recurrent LM) added to its first-pass score, and the list is re-ranked.
 */
public final class NBestRescorer {

    /** The second-pass model: ln P of each sentence, scored together so a network can batch them. */
    @FunctionalInterface
    public interface SentenceModel {
        double[] lnProbs(List<String> sentences);
    }

    /** How many first-pass hypotheses the second pass re-ranks. */
    public static final int LIST_SIZE = 8;

    private NBestRescorer() {
    }

    /** Hypotheses re-ranked by score + weight * lnProb(text), best first. */
    public static List<Hypothesis> rescore(List<Hypothesis> nBest, SentenceModel model, double weight) {
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("rescoring weight must be finite");
        }
        if (weight == 0) {
            return nBest;
        }
        double[] lnProbs = model.lnProbs(nBest.stream().map(Hypothesis::text).toList());
        if (lnProbs.length != nBest.size()) {
            throw new IllegalStateException("the rescoring model gave " + lnProbs.length + " scores for " + nBest.size() + " hypotheses");
        }
        List<Hypothesis> out = new ArrayList<>(nBest.size());
        for (int i = 0; i < nBest.size(); i++) {
            Hypothesis h = nBest.get(i);
            out.add(h.withScore(h.score() + weight * lnProbs[i]));
        }
        out.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return out;
    }
}
