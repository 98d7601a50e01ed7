package dev.auris.lm;

import java.util.List;

/**
 * The two ways to score N-best lists with a recurrent LM, for timing side by side in one run (`auris bench
 * rescoring`): the network's padded forward pass over each list (DL4J's for the character model, ND4J's
 * training pass for the word model), and the plain-Java pass with shared prefixes ({@link CharRnnScorer},
 * {@link WordLstmScorer}).
 */
public final class RescoringBenchmark {

    private RescoringBenchmark() {
    }

    /** Scores every list by DL4J's forward pass. */
    public static Runnable networkPass(RecurrentLanguageModel lm, List<List<String>> nBestLists) {
        return () -> nBestLists.forEach(list -> networkLogProbs(lm, list));
    }

    private static double[] networkLogProbs(RecurrentLanguageModel lm, List<String> list) {
        return lm instanceof RnnLanguageModel chars ? chars.networkLogProbs(list)
                : ((WordRnnLanguageModel) lm).networkLogProbs(list);
    }

    /** Scores every list as rescoring does ({@link RnnLanguageModel#sentenceLogProbs}). */
    public static Runnable scorerPass(RecurrentLanguageModel lm, List<List<String>> nBestLists) {
        return () -> nBestLists.forEach(lm::sentenceLogProbs);
    }

    /** The largest difference between the two ways' ln P over all sentences (they must agree). */
    public static double maxAbsDifference(RecurrentLanguageModel lm, List<List<String>> nBestLists) {
        double max = 0;
        for (List<String> list : nBestLists) {
            double[] a = networkLogProbs(lm, list);
            double[] b = lm.sentenceLogProbs(list);
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
        }
        return max;
    }
}
