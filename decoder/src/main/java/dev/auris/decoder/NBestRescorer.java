package dev.auris.decoder;

import dev.auris.lm.RecurrentLanguageModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Second-pass rescoring of an N-best list by another model (the recurrent LM), log-linearly: each hypothesis
 * scores {@code acoustic + ngram * lm + wordBonus * words + recurrent * lnP(text) + unknownWord * unknowns}
 * and the list is re-ranked. With the n-gram weight and word bonus left to the first pass (NaN), that is the
 * first-pass score plus the recurrent terms. The second pass weighs the n-gram again because the two LMs
 * overlap: with a word LSTM beside it, the 4-gram's best weight halves (session 36's probe).
 */
public final class NBestRescorer {

    /** The second-pass model: ln P of each sentence, scored together so a network can batch them. */
    public interface SentenceModel {
        double[] lnProbs(List<String> sentences);

        /** Words of a sentence the model does not know (scored as its {@code <unk>}). */
        default int unknownWords(String sentence) {
            return 0;
        }

        static SentenceModel of(RecurrentLanguageModel lm) {
            return new SentenceModel() {
                @Override
                public double[] lnProbs(List<String> sentences) {
                    return lm.sentenceLogProbs(sentences);
                }

                @Override
                public int unknownWords(String sentence) {
                    return lm.unknownWords(sentence);
                }
            };
        }
    }

    /**
     * @param listSize how many first-pass hypotheses are re-ranked
     * @param recurrent weight of the recurrent LM's ln P; 0 turns the second pass off
     * @param ngram weight of the n-gram's ln P in the second pass, NaN for the first pass's
     * @param wordBonus per word in the second pass, NaN for the first pass's (NaN exactly when ngram is)
     * @param unknownWord per word the recurrent LM does not know (it scores them as {@code <unk>}, which
     *                    a rare word's probability is not)
     */
    public record Weights(int listSize, double recurrent, double ngram, double wordBonus, double unknownWord) {
        public Weights {
            if (listSize < 1) {
                throw new IllegalArgumentException("the rescored list needs at least 1 hypothesis");
            }
            if (!Double.isFinite(recurrent) || !Double.isFinite(unknownWord)) {
                throw new IllegalArgumentException("rescoring weights must be finite");
            }
            if (Double.isNaN(ngram) != Double.isNaN(wordBonus) || Double.isInfinite(ngram) || Double.isInfinite(wordBonus)) {
                throw new IllegalArgumentException("give the second pass both an n-gram weight and a word bonus, or neither");
            }
        }

        /** The first pass's score plus {@code recurrent * lnP} over the 8 best. */
        public static Weights of(double recurrent) {
            return new Weights(8, recurrent, Double.NaN, Double.NaN, 0);
        }

        public Weights withRecurrent(double weight) {
            return new Weights(listSize, weight, ngram, wordBonus, unknownWord);
        }

        public boolean active() {
            return recurrent != 0;
        }

        /** Whether the second pass weighs the n-gram and words itself. */
        public boolean reweighs() {
            return !Double.isNaN(ngram);
        }
    }

    private NBestRescorer() {
    }

    /** Hypotheses re-ranked by score + weight * lnProb(text), best first. */
    public static List<Hypothesis> rescore(List<Hypothesis> nBest, SentenceModel model, double weight) {
        return rescore(nBest, model, Weights.of(weight));
    }

    /** Hypotheses re-ranked by the second pass's log-linear score (see the class comment), best first. */
    public static List<Hypothesis> rescore(List<Hypothesis> nBest, SentenceModel model, Weights w) {
        if (!w.active()) {
            return nBest;
        }
        double[] lnProbs = model.lnProbs(nBest.stream().map(Hypothesis::text).toList());
        if (lnProbs.length != nBest.size()) {
            throw new IllegalStateException("the rescoring model gave " + lnProbs.length + " scores for " + nBest.size() + " hypotheses");
        }
        List<Hypothesis> out = new ArrayList<>(nBest.size());
        for (int i = 0; i < nBest.size(); i++) {
            Hypothesis h = nBest.get(i);
            double first = w.reweighs()
                    ? h.acousticScore() + w.ngram() * h.lmScore() + w.wordBonus() * wordCount(h.text())
                    : h.score();
            double unknown = w.unknownWord() == 0 ? 0 : w.unknownWord() * model.unknownWords(h.text());
            out.add(h.withScore(first + w.recurrent() * lnProbs[i] + unknown));
        }
        out.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return out;
    }

    private static int wordCount(String text) {
        return text.isBlank() ? 0 : text.trim().split(" +").length;
    }
}
