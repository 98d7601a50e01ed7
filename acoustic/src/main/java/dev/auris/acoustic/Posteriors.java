package dev.auris.acoustic;

/**
 * The acoustic model's output for one utterance: log-probabilities over blank + alphabet per output frame.
 *
 * @param frames output frames
 * @param classes blank + alphabet
 * @param logProbs row-major [frames x classes] natural-log probabilities; do not modify
 * @param frameSeconds duration of one output frame (hop times stride)
 */
public record Posteriors(int frames, int classes, float[] logProbs, double frameSeconds) {

    public Posteriors {
        if (logProbs.length != (long) frames * classes) {
            throw new IllegalArgumentException("posteriors " + frames + "x" + classes + " but " + logProbs.length + " values");
        }
    }

    public float logProb(int frame, int label) {
        return logProbs[frame * classes + label];
    }

    /**
     * The mean over frames of the best label's log-probability: how sure the network is of its best
     * path (0 when certain everywhere). Compares runs of the same network on variants of one input.
     */
    public double meanBestLogProb() {
        if (frames == 0) {
            return 0;
        }
        double sum = 0;
        for (int t = 0; t < frames; t++) {
            float best = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                best = Math.max(best, logProbs[t * classes + k]);
            }
            sum += best;
        }
        return sum / frames;
    }

    /** Best label of each frame. */
    public int[] bestPath() {
        int[] best = new int[frames];
        for (int t = 0; t < frames; t++) {
            int b = 0;
            for (int k = 1; k < classes; k++) {
                if (logProbs[t * classes + k] > logProbs[t * classes + b]) {
                    b = k;
                }
            }
            best[t] = b;
        }
        return best;
    }
}
