package dev.auris.lm;

import java.util.List;

/**
 * The two ways to score N-best lists with an RNN LM, for timing side by side in one run (`auris bench
 * rescoring`): DL4J's padded forward pass over each list, and {@link CharRnnScorer}'s plain-Java pass
 * with shared prefixes.
 */
public final class RescoringBenchmark {

    private RescoringBenchmark() {
    }

    /** Scores every list by DL4J's forward pass. */
    public static Runnable networkPass(RnnLanguageModel lm, List<List<String>> nBestLists) {
        return () -> nBestLists.forEach(lm::networkLogProbs);
    }

    /** Scores every list as rescoring does ({@link RnnLanguageModel#sentenceLogProbs}). */
    public static Runnable scorerPass(RnnLanguageModel lm, List<List<String>> nBestLists) {
        return () -> nBestLists.forEach(lm::sentenceLogProbs);
    }

    /** The largest difference between the two ways' ln P over all sentences (they must agree). */
    public static double maxAbsDifference(RnnLanguageModel lm, List<List<String>> nBestLists) {
        double max = 0;
        for (List<String> list : nBestLists) {
            double[] a = lm.networkLogProbs(list);
            double[] b = lm.sentenceLogProbs(list);
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
        }
        return max;
    }
}
