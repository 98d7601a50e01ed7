package dev.auris.lm;

import dev.auris.corpora.text.Alphabet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained character RNN's forward pass in plain Java, for scoring N-best lists fast.
 *
 * <p>DL4J runs a recurrent layer as a chain of small native ops per time step, which at batch 8 costs
 * milliseconds a step; here one step is one 1-hot row lookup plus an H x 4H matrix-vector product
 * written as axpy over rows, which the JIT vectorises. And the hypotheses of an N-best list share long
 * prefixes: scored in sorted order, each reuses the states of the longest prefix it shares with the
 * one before (the depth-first walk of their prefix trie), so shared characters are computed once.
 *
 * <p>Cells as DL4J defines them (LSTMHelpers): gate pre-activations z = W[x] + h RW + b in blocks
 * [a | f | o | i]; c' = sigmoid(f) c + sigmoid(i) tanh(a); h' = sigmoid(o) tanh(c') (no peepholes).
 * SimpleRnn: h' = tanh(W[x] + h RW + b). Output: softmax(h Wo + bo).
 */
final class CharRnnScorer {

    private static final int BOUNDARY = Alphabet.BLANK;

    private final boolean lstm;
    private final int hidden;
    private final int gates;
    private final float[][] input;     // [V][gates]: W's row for each one-hot input, bias added
    private final float[][] recurrent; // [H][gates]
    private final float[][] output;    // [H][V]
    private final float[] outputBias;  // [V]

    CharRnnScorer(MultiLayerNetwork network, boolean lstm) {
        Layer rnn = network.getLayer(0);
        Layer out = network.getLayer(1);
        this.lstm = lstm;
        float[][] w = rnn.getParam("W").toFloatMatrix();
        float[] b = rnn.getParam("b").dup().reshape(-1).toFloatVector();
        this.recurrent = rnn.getParam("RW").toFloatMatrix();
        this.hidden = recurrent.length;
        this.gates = b.length;
        if (gates != (lstm ? 4 : 1) * hidden || recurrent[0].length != gates || w[0].length != gates) {
            throw new IllegalArgumentException("unexpected recurrent layer shapes: W " + w.length + "x" + w[0].length
                    + ", RW " + hidden + "x" + recurrent[0].length + ", b " + gates);
        }
        this.input = new float[w.length][gates];
        for (int v = 0; v < w.length; v++) {
            for (int g = 0; g < gates; g++) {
                input[v][g] = w[v][g] + b[g];
            }
        }
        this.output = out.getParam("W").toFloatMatrix();
        this.outputBias = out.getParam("b").dup().reshape(-1).toFloatVector();
    }

    /** ln P of each normalised sentence, its end included. Thread-safe: all state is per call. */
    double[] lnProbs(List<String> sentences) {
        int n = sentences.size();
        double[] result = new double[n];
        if (n == 0) {
            return result;
        }
        int[][] chars = new int[n][];
        int longest = 0;
        for (int s = 0; s < n; s++) {
            chars[s] = Alphabet.encode(sentences.get(s));
            longest = Math.max(longest, chars[s].length);
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(sentences::get));
        // position k holds the state after reading the boundary and the first k characters, the
        // log-distribution it predicts, and the ln P of the first k characters
        float[][] h = new float[longest + 1][hidden];
        float[][] c = new float[longest + 1][hidden];
        float[][] logP = new float[longest + 1][output[0].length];
        double[] prefix = new double[longest + 2];
        float[] z = new float[gates];
        int[] previous = null;
        for (int idx : order) {
            int[] text = chars[idx];
            int shared = previous == null ? -1 : commonPrefix(previous, text);
            for (int k = shared + 1; k <= text.length; k++) {
                step(k == 0 ? null : h[k - 1], k == 0 ? null : c[k - 1], k == 0 ? BOUNDARY : text[k - 1], z, h[k], c[k]);
                logSoftmax(h[k], logP[k]);
            }
            for (int k = Math.max(0, shared); k <= text.length; k++) {
                int next = k < text.length ? text[k] : BOUNDARY;
                prefix[k + 1] = prefix[k] + logP[k][next];
            }
            result[idx] = prefix[text.length + 1];
            previous = text;
        }
        return result;
    }

    /** How many leading symbols two sequences share (the word LM's scorer walks its prefix trie the same way). */
    static int commonPrefix(int[] a, int[] b) {
        int m = 0;
        while (m < a.length && m < b.length && a[m] == b[m]) {
            m++;
        }
        return m;
    }

    /** One time step from (h, c) (null: the zero start state) reading symbol x, into (hOut, cOut). */
    private void step(float[] h, float[] c, int x, float[] z, float[] hOut, float[] cOut) {
        System.arraycopy(input[x], 0, z, 0, gates);
        if (h != null) {
            for (int j = 0; j < hidden; j++) {
                float hj = h[j];
                if (hj != 0f) {
                    float[] row = recurrent[j];
                    for (int g = 0; g < gates; g++) {
                        z[g] += hj * row[g];
                    }
                }
            }
        }
        if (!lstm) {
            for (int j = 0; j < hidden; j++) {
                hOut[j] = (float) Math.tanh(z[j]);
            }
            return;
        }
        for (int j = 0; j < hidden; j++) {
            float a = (float) Math.tanh(z[j]);
            float f = sigmoid(z[hidden + j]);
            float o = sigmoid(z[2 * hidden + j]);
            float i = sigmoid(z[3 * hidden + j]);
            float cell = (c == null ? 0f : f * c[j]) + i * a;
            cOut[j] = cell;
            hOut[j] = o * (float) Math.tanh(cell);
        }
    }

    private void logSoftmax(float[] h, float[] out) {
        System.arraycopy(outputBias, 0, out, 0, out.length);
        for (int j = 0; j < hidden; j++) {
            float hj = h[j];
            float[] row = output[j];
            for (int v = 0; v < out.length; v++) {
                out[v] += hj * row[v];
            }
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : out) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : out) {
            sum += Math.exp(v - max);
        }
        float log = (float) (max + Math.log(sum));
        for (int v = 0; v < out.length; v++) {
            out[v] -= log;
        }
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
