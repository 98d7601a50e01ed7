package dev.auris.lm;

import java.util.Arrays;
import java.util.List;

/**
 * N-best rescoring speed of an RNN LM, side by side in one run: DL4J's padded forward pass over each
 * list against {@link CharRnnScorer}'s plain-Java pass with shared prefixes.
 */
public final class RescoringBenchmark {

    /** Sentences scored per second each way, and the largest difference between their ln P. */
    public record Speed(int sentences, double networkPerSecond, double scorerPerSecond, double maxAbsDifference) {
        public double speedup() {
            return scorerPerSecond / networkPerSecond;
        }
    }

    private RescoringBenchmark() {
    }

    public static Speed measure(RnnLanguageModel lm, List<List<String>> nBestLists) {
        int sentences = nBestLists.stream().mapToInt(List::size).sum();
        double maxDiff = 0;
        for (List<String> list : nBestLists) {
            double[] a = lm.networkLogProbs(list);
            double[] b = lm.sentenceLogProbs(list);
            for (int i = 0; i < a.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            }
        }
        double network = medianSeconds(() -> nBestLists.forEach(lm::networkLogProbs));
        double scorer = medianSeconds(() -> nBestLists.forEach(lm::sentenceLogProbs));
        return new Speed(sentences, sentences / network, sentences / scorer, maxDiff);
    }

    /** Warms up, then runs at least 5 times and 2 s; the median seconds per run. */
    private static double medianSeconds(Runnable task) {
        for (int i = 0; i < 3; i++) {
            task.run();
        }
        double[] runs = new double[200];
        int n = 0;
        long start = System.nanoTime();
        while (n < runs.length && (n < 5 || System.nanoTime() - start < 2_000_000_000L)) {
            long t0 = System.nanoTime();
            task.run();
            runs[n++] = (System.nanoTime() - t0) / 1e9;
        }
        double[] sorted = Arrays.copyOf(runs, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }
}
