package dev.auris.acoustic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcLossTest {

    /** -log of the sum over every path of length T that collapses to the labels, enumerated one by one. */
    static double bruteForce(float[] logits, int frames, int classes, int[] labels) {
        double[][] p = new double[frames][classes];
        for (int t = 0; t < frames; t++) {
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[t * classes + k]);
            }
            for (int k = 0; k < classes; k++) {
                p[t][k] = Math.exp(logits[t * classes + k]) / sum;
            }
        }
        double total = 0;
        int[] path = new int[frames];
        int paths = (int) Math.pow(classes, frames);
        for (int n = 0; n < paths; n++) {
            int v = n;
            double prob = 1;
            for (int t = 0; t < frames; t++) {
                path[t] = v % classes;
                v /= classes;
                prob *= p[t][path[t]];
            }
            if (collapse(path).equals(toList(labels))) {
                total += prob;
            }
        }
        return -Math.log(total);
    }

    static List<Integer> collapse(int[] path) {
        List<Integer> out = new ArrayList<>();
        int prev = -1;
        for (int k : path) {
            if (k != prev && k != 0) {
                out.add(k);
            }
            prev = k;
        }
        return out;
    }

    static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int x : a) {
            l.add(x);
        }
        return l;
    }

    static float[] randomLogits(Random r, int frames, int classes) {
        float[] x = new float[frames * classes];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * r.nextGaussian());
        }
        return x;
    }

    @Test
    void lossEqualsBruteForceOverAllAlignments() {
        Random r = new Random(11);
        int[][] labelSets = {{1}, {2}, {1, 2}, {1, 1}, {2, 1, 2}, {1, 2, 2}, {2, 2, 2}, {1, 2, 1, 2}};
        for (int frames = 1; frames <= 6; frames++) {
            for (int[] labels : labelSets) {
                if (CtcLoss.minimumFrames(labels) > frames) {
                    continue;
                }
                float[] logits = randomLogits(r, frames, 3);
                float[] grad = new float[logits.length];
                CtcLoss.Result res = CtcLoss.compute(logits, 0, 3, frames, 3, labels, 0, grad);
                assertFalse(res.impossible());
                double expected = bruteForce(logits, frames, 3, labels);
                assertEquals(expected, res.loss(), 1e-5, "T=" + frames + " labels " + toList(labels));
                // the underflow fallback too
                double logSpace = CtcLoss.inLogSpace(logits, 0, 3, frames, 3, CtcLoss.extended(labels, 0), 0,
                        new float[logits.length]).loss();
                assertEquals(expected, logSpace, 1e-5, "log space, T=" + frames + " labels " + toList(labels));
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random r = new Random(12);
        int frames = 6;
        int classes = 3;
        int[] labels = {1, 2, 2};
        float[] logits = randomLogits(r, frames, classes);
        float[] grad = new float[logits.length];
        CtcLoss.compute(logits, 0, classes, frames, classes, labels, 0, grad);
        double h = 1e-2;
        for (int i = 0; i < logits.length; i++) {
            float[] plus = logits.clone();
            float[] minus = logits.clone();
            plus[i] += (float) h;
            minus[i] -= (float) h;
            double numeric = (bruteForce(plus, frames, classes, labels) - bruteForce(minus, frames, classes, labels)) / (2 * h);
            assertEquals(numeric, grad[i], 2e-3, "logit " + i);
        }
    }

    /** Long utterances (where unscaled probabilities would underflow): the rescaled and log-space recursions agree. */
    @Test
    void rescaledRecursionAgreesWithLogSpaceOnLongUtterances() {
        Random r = new Random(14);
        int frames = 400;
        int classes = 29;
        int[] labels = new int[150];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 1 + r.nextInt(classes - 1);
        }
        float[] logits = randomLogits(r, frames, classes);
        float[] fast = new float[logits.length];
        float[] slow = new float[logits.length];
        double a = CtcLoss.compute(logits, 0, classes, frames, classes, labels, 0, fast).loss();
        double b = CtcLoss.inLogSpace(logits, 0, classes, frames, classes, CtcLoss.extended(labels, 0), 0, slow).loss();
        assertTrue(a > 700, "a loss this large underflows plain probabilities: " + a);
        assertEquals(b, a, 1e-9 * b);
        for (int i = 0; i < fast.length; i++) {
            assertEquals(slow[i], fast[i], 1e-5, "gradient " + i);
        }
    }

    /**
     * Blank 1000 nats above the labels: label probabilities underflow even a double, so the log-space
     * recursion must take over. Analytically, the paths that use each label once dominate: C(T, 2) of
     * them for two distinct labels, each with probability e^-2000, so the loss is 2000 - ln C(T, 2).
     */
    @Test
    void underflowFallsBackToLogSpaceAndMatchesTheAnalyticLoss() {
        int frames = 5;
        int classes = 3;
        float[] logits = new float[frames * classes];
        for (int t = 0; t < frames; t++) {
            logits[t * classes] = 1000f;
        }
        float[] grad = new float[logits.length];
        CtcLoss.Result res = CtcLoss.compute(logits, 0, classes, frames, classes, new int[] {1, 2}, 0, grad);
        assertEquals(2000 - Math.log(10), res.loss(), 1e-9);
        for (float g : grad) {
            assertTrue(Float.isFinite(g));
        }
    }

    @Test
    void stridedRowsOfABatchAreReadAndWrittenInPlace() {
        Random r = new Random(13);
        int frames = 5;
        int classes = 4;
        int batch = 3;
        float[] all = randomLogits(r, frames * batch, classes); // row = t * batch + b
        float[] grad = new float[all.length];
        int[] labels = {3, 1};
        CtcLoss.Result res = CtcLoss.compute(all, 1 * classes, batch * classes, frames, classes, labels, 0, grad);
        float[] own = new float[frames * classes];
        for (int t = 0; t < frames; t++) {
            System.arraycopy(all, (t * batch + 1) * classes, own, t * classes, classes);
        }
        float[] ownGrad = new float[own.length];
        assertEquals(CtcLoss.compute(own, 0, classes, frames, classes, labels, 0, ownGrad).loss(), res.loss(), 1e-9);
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < classes; k++) {
                assertEquals(ownGrad[t * classes + k], grad[(t * batch + 1) * classes + k], 1e-7);
                assertEquals(0f, grad[(t * batch) * classes + k], "other utterances' rows are not touched");
            }
        }
    }

    @Test
    void impossibleLabellingIsReportedNotNaN() {
        float[] logits = new float[3 * 3];
        float[] grad = new float[logits.length];
        java.util.Arrays.fill(grad, 7f);
        CtcLoss.Result res = CtcLoss.compute(logits, 0, 3, 3, 3, new int[] {1, 1, 2}, 0, grad); // needs 4 frames
        assertTrue(res.impossible());
        assertEquals(Double.POSITIVE_INFINITY, res.loss());
        for (float g : grad) {
            assertEquals(0f, g);
        }
        assertEquals(4, CtcLoss.minimumFrames(new int[] {1, 1, 2}));
    }

    @Test
    void gradientRowsSumToZero() {
        Random r = new Random(14);
        float[] logits = randomLogits(r, 40, 29);
        float[] grad = new float[logits.length];
        int[] labels = {8, 5, 12, 12, 15, 1, 23, 15, 18, 12, 4};
        assertFalse(CtcLoss.compute(logits, 0, 29, 40, 29, labels, 0, grad).impossible());
        for (int t = 0; t < 40; t++) {
            double sum = 0;
            for (int k = 0; k < 29; k++) {
                sum += grad[t * 29 + k];
            }
            assertEquals(0, sum, 1e-5); // softmax minus a posterior distribution
        }
    }
}
