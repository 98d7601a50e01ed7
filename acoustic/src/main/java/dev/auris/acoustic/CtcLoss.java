package dev.auris.acoustic;

import dev.auris.corpora.LogSpace;
import java.util.Arrays;

/**
 * Connectionist temporal classification loss and its gradient with respect to the pre-softmax
 * outputs (Graves et al. 2006, eqs. 5-16), by forward-backward over the blank-augmented label
 * sequence. Works in double precision on one utterance at a time, with the forward and backward
 * variables rescaled to sum to one at every frame (Graves 2006 sec. 4.1; Rabiner 1989): multiply-adds
 * instead of a log and an exp per cell, which had made the loss a tenth of a training step. When
 * an emission probability underflows even a double, the log-space recursion takes over.
 */
final class CtcLoss {

    /** Loss and gradient of one utterance; {@code impossible} when no alignment fits in the frames. */
    record Result(double loss, boolean impossible) {
    }

    private CtcLoss() {
    }

    /** Frames a labelling needs at least: one per label plus a blank between each repeated pair. */
    static int minimumFrames(int[] labels) {
        int need = labels.length;
        for (int i = 1; i < labels.length; i++) {
            if (labels[i] == labels[i - 1]) {
                need++;
            }
        }
        return need;
    }

    /**
     * @param logits row-major [frames x classes] pre-softmax outputs, read at {@code offset} with row stride {@code stride}
     * @param gradient where d loss / d logits is written (same layout); untouched rows stay as they were
     */
    static Result compute(float[] logits, int offset, int stride, int frames, int classes, int[] labels, int blank,
                          float[] gradient) {
        if (frames == 0 || minimumFrames(labels) > frames) {
            for (int t = 0; t < frames; t++) {
                Arrays.fill(gradient, offset + t * stride, offset + t * stride + classes, 0f);
            }
            return new Result(Double.POSITIVE_INFINITY, true);
        }
        int[] ext = extended(labels, blank);
        Result scaled = scaled(logits, offset, stride, frames, classes, ext, blank, gradient);
        return scaled != null ? scaled : inLogSpace(logits, offset, stride, frames, classes, ext, blank, gradient);
    }

    /** The labels with a blank before, between and after them. */
    static int[] extended(int[] labels, int blank) {
        int s = 2 * labels.length + 1;
        int[] ext = new int[s];
        for (int i = 0; i < s; i++) {
            ext[i] = (i % 2 == 0) ? blank : labels[i / 2];
        }
        return ext;
    }

    /** Forward-backward on rescaled probabilities; null (gradient untouched) if anything underflowed. */
    private static Result scaled(float[] logits, int offset, int stride, int frames, int classes, int[] ext, int blank,
                                 float[] gradient) {
        int s = ext.length;
        double[] y = new double[frames * classes];
        for (int t = 0; t < frames; t++) {
            int row = offset + t * stride;
            double lse = LogSpace.sumExp(logits, row, classes); // the softmax, as the log-space path takes it
            for (int k = 0; k < classes; k++) {
                y[t * classes + k] = Math.exp(logits[row + k] - lse);
            }
        }
        double[] alpha = new double[frames * s];
        double[] beta = new double[frames * s];
        alpha[0] = y[ext[0]];
        if (s > 1) {
            alpha[1] = y[ext[1]];
        }
        double logLikelihood = normalise(alpha, 0, s);
        for (int t = 1; t < frames; t++) {
            int p = (t - 1) * s;
            int c = t * s;
            for (int i = 0; i < s; i++) {
                double a = alpha[p + i];
                if (i >= 1) {
                    a += alpha[p + i - 1];
                }
                if (i >= 2 && ext[i] != blank && ext[i] != ext[i - 2]) {
                    a += alpha[p + i - 2];
                }
                alpha[c + i] = a * y[t * classes + ext[i]];
            }
            logLikelihood += normalise(alpha, c, s);
        }
        int last = frames - 1;
        int l = last * s;
        double end = alpha[l + s - 1] + (s > 1 ? alpha[l + s - 2] : 0);
        logLikelihood += Math.log(end);
        beta[l + s - 1] = y[last * classes + ext[s - 1]];
        if (s > 1) {
            beta[l + s - 2] = y[last * classes + ext[s - 2]];
        }
        normalise(beta, l, s);
        for (int t = last - 1; t >= 0; t--) {
            int n = (t + 1) * s;
            int c = t * s;
            for (int i = 0; i < s; i++) {
                double b = beta[n + i];
                if (i + 1 < s) {
                    b += beta[n + i + 1];
                }
                if (i + 2 < s && ext[i] != blank && ext[i] != ext[i + 2]) {
                    b += beta[n + i + 2];
                }
                beta[c + i] = b * y[t * classes + ext[i]];
            }
            normalise(beta, c, s);
        }
        if (!Double.isFinite(logLikelihood)) {
            return null;
        }
        // gamma_t(s) = alpha_t(s) beta_t(s) / y_t(ext s), normalised per frame (eq. 14-16): the scale factors cancel
        double[] occupancy = new double[classes];
        float[] rows = new float[frames * classes];
        for (int t = 0; t < frames; t++) {
            Arrays.fill(occupancy, 0);
            double total = 0;
            int c = t * s;
            for (int i = 0; i < s; i++) {
                double g = alpha[c + i] * beta[c + i] / y[t * classes + ext[i]];
                occupancy[ext[i]] += g;
                total += g;
            }
            if (!(total > 0) || !Double.isFinite(total)) {
                return null;
            }
            for (int k = 0; k < classes; k++) {
                rows[t * classes + k] = (float) (y[t * classes + k] - occupancy[k] / total);
            }
        }
        for (int t = 0; t < frames; t++) {
            System.arraycopy(rows, t * classes, gradient, offset + t * stride, classes);
        }
        return new Result(-logLikelihood, false);
    }

    /** Divides the s values at {@code from} by their sum and returns the log of that sum (-inf if all are 0). */
    private static double normalise(double[] v, int from, int s) {
        double sum = 0;
        for (int i = from; i < from + s; i++) {
            sum += v[i];
        }
        if (sum > 0) {
            double inv = 1 / sum;
            for (int i = from; i < from + s; i++) {
                v[i] *= inv;
            }
        }
        return Math.log(sum);
    }

    /** The same recursion in log space: slower, but immune to underflow. */
    static Result inLogSpace(float[] logits, int offset, int stride, int frames, int classes, int[] ext, int blank,
                             float[] gradient) {
        int s = ext.length;
        double[][] logp = new double[frames][classes];
        for (int t = 0; t < frames; t++) {
            int row = offset + t * stride;
            double lse = LogSpace.sumExp(logits, row, classes);
            for (int k = 0; k < classes; k++) {
                logp[t][k] = logits[row + k] - lse;
            }
        }
        double[][] alpha = new double[frames][s];
        double[][] beta = new double[frames][s];
        for (double[] a : alpha) {
            Arrays.fill(a, Double.NEGATIVE_INFINITY);
        }
        for (double[] b : beta) {
            Arrays.fill(b, Double.NEGATIVE_INFINITY);
        }
        alpha[0][0] = logp[0][ext[0]];
        if (s > 1) {
            alpha[0][1] = logp[0][ext[1]];
        }
        for (int t = 1; t < frames; t++) {
            for (int i = 0; i < s; i++) {
                double a = alpha[t - 1][i];
                if (i >= 1) {
                    a = LogSpace.add(a, alpha[t - 1][i - 1]);
                }
                if (i >= 2 && ext[i] != blank && ext[i] != ext[i - 2]) {
                    a = LogSpace.add(a, alpha[t - 1][i - 2]);
                }
                alpha[t][i] = a + logp[t][ext[i]];
            }
        }
        int last = frames - 1;
        beta[last][s - 1] = logp[last][ext[s - 1]];
        if (s > 1) {
            beta[last][s - 2] = logp[last][ext[s - 2]];
        }
        for (int t = last - 1; t >= 0; t--) {
            for (int i = 0; i < s; i++) {
                double b = beta[t + 1][i];
                if (i + 1 < s) {
                    b = LogSpace.add(b, beta[t + 1][i + 1]);
                }
                if (i + 2 < s && ext[i] != blank && ext[i] != ext[i + 2]) {
                    b = LogSpace.add(b, beta[t + 1][i + 2]);
                }
                beta[t][i] = b + logp[t][ext[i]];
            }
        }
        double logLikelihood = s > 1 ? LogSpace.add(alpha[last][s - 1], alpha[last][s - 2]) : alpha[last][s - 1];
        double[] occupancy = new double[classes];
        for (int t = 0; t < frames; t++) {
            Arrays.fill(occupancy, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < s; i++) {
                // alpha and beta both include frame t's emission: divide one out
                occupancy[ext[i]] = LogSpace.add(occupancy[ext[i]], alpha[t][i] + beta[t][i] - logp[t][ext[i]]);
            }
            int row = offset + t * stride;
            for (int k = 0; k < classes; k++) {
                double posterior = Math.exp(occupancy[k] - logLikelihood);
                gradient[row + k] = (float) (Math.exp(logp[t][k]) - posterior);
            }
        }
        return new Result(-logLikelihood, false);
    }
}
