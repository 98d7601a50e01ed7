package dev.auris.lm;

import java.util.Arrays;
import java.util.List;

/**
 * The word LSTM's forward pass in plain Java, for scoring N-best lists: the same cell as
 * {@link WordLstmNetwork}, one step an E x 4H and an H x 4H matrix-vector product written as axpy over
 * rows (which the JIT vectorises). Hypotheses are scored in sorted order so that each reuses the states of
 * the longest word prefix it shares with the one before, as {@code CharRnnScorer} does for characters; a
 * right-to-left network reads the words reversed, so it shares their suffixes.
 *
 * <p>A self-normalised model (trained with the penalty on (ln Z)^2) is scored by its raw logit, one
 * H-long dot product a word; otherwise each word pays for the softmax over the whole vocabulary.
 */
final class WordLstmScorer {

    private final Vocabulary vocabulary;
    private final int embedding;
    private final int hidden;
    private final float[][] emb;       // [V][E]
    private final float[][] inputW;    // [E][4H]
    private final float[][] recurrent; // [H][4H]
    private final float[] bias;        // [4H]
    private final float[][] outputT;   // [V][H]: Wo transposed, so a word's logit reads one row
    private final float[] outputBias;  // [V]
    private final boolean raw;
    private final WordRnnLanguageModel.Direction direction;

    WordLstmScorer(Vocabulary vocabulary, WordLstmWeights w, boolean raw, WordRnnLanguageModel.Direction direction) {
        this.vocabulary = vocabulary;
        this.embedding = w.embedding();
        this.hidden = w.hidden();
        this.emb = w.emb();
        this.inputW = w.inputW();
        this.recurrent = w.recurrent();
        this.bias = w.bias();
        this.outputT = w.outputT();
        this.outputBias = w.outputBias();
        this.raw = raw;
        this.direction = direction;
    }

    /** ln P of each normalised sentence, its end included; thread-safe (all state is per call). */
    double[] lnProbs(List<String> sentences) {
        int n = sentences.size();
        double[] result = new double[n];
        if (n == 0) {
            return result;
        }
        int[][] ids = new int[n][];
        int longest = 0;
        for (int s = 0; s < n; s++) {
            ids[s] = direction.order(vocabulary.ids(sentences.get(s)));
            longest = Math.max(longest, ids[s].length);
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Arrays.compare(ids[a], ids[b])); // shared prefixes (in reading order) side by side
        // position k: the state after the start and the first k words, and ln P of those k words
        float[][] h = new float[longest + 1][hidden];
        float[][] c = new float[longest + 1][hidden];
        double[] prefix = new double[longest + 2];
        float[] z = new float[4 * hidden];
        float[] logits = raw ? null : new float[outputBias.length];
        // a list's hypotheses differ in a word or two, so the same words recur after the shared prefixes:
        // each word's input projection (bias + its embedding times the E x 4H matrix) is computed once a list
        java.util.Map<Integer, float[]> projections = new java.util.HashMap<>();
        int[] previous = null;
        for (int idx : order) {
            int[] words = ids[idx];
            int shared = previous == null ? -1 : CharRnnScorer.commonPrefix(previous, words);
            for (int k = shared + 1; k <= words.length; k++) {
                int x = k == 0 ? Vocabulary.BOS_ID : words[k - 1];
                step(k == 0 ? null : h[k - 1], k == 0 ? null : c[k - 1], projections.computeIfAbsent(x, this::projection), z,
                        h[k], c[k]);
            }
            for (int k = Math.max(0, shared); k <= words.length; k++) {
                int next = k < words.length ? words[k] : Vocabulary.EOS_ID;
                prefix[k + 1] = prefix[k] + logProb(h[k], next, logits);
            }
            result[idx] = prefix[words.length + 1];
            previous = words;
        }
        return result;
    }

    /** Word x's contribution to the gates: the bias plus its embedding times the input matrix. */
    private float[] projection(int x) {
        float[] p = bias.clone();
        float[] e = emb[x];
        for (int j = 0; j < embedding; j++) {
            axpy(e[j], inputW[j], p, p.length);
        }
        return p;
    }

    /** One step from (h, c) (null: the zero start state) reading a word of that projection, into (hOut, cOut). */
    private void step(float[] h, float[] c, float[] projection, float[] z, float[] hOut, float[] cOut) {
        int gates = 4 * hidden;
        System.arraycopy(projection, 0, z, 0, gates);
        if (h != null) {
            for (int j = 0; j < hidden; j++) {
                if (h[j] != 0f) {
                    axpy(h[j], recurrent[j], z, gates);
                }
            }
        }
        for (int j = 0; j < hidden; j++) {
            float i = CharRnnScorer.sigmoid(z[j]);
            float f = CharRnnScorer.sigmoid(z[hidden + j]);
            float g = (float) Math.tanh(z[2 * hidden + j]);
            float o = CharRnnScorer.sigmoid(z[3 * hidden + j]);
            float cell = (c == null ? 0f : f * c[j]) + i * g;
            cOut[j] = cell;
            hOut[j] = o * (float) Math.tanh(cell);
        }
    }

    private static void axpy(float a, float[] x, float[] y, int n) {
        for (int g = 0; g < n; g++) {
            y[g] += a * x[g];
        }
    }

    private double logProb(float[] h, int word, float[] logits) {
        if (raw) {
            return logit(h, word);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < logits.length; v++) {
            logits[v] = logit(h, v);
            max = Math.max(max, logits[v]);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return logits[word] - max - Math.log(sum);
    }

    private float logit(float[] h, int word) {
        float[] row = outputT[word];
        float s = outputBias[word];
        for (int j = 0; j < hidden; j++) {
            s += h[j] * row[j];
        }
        return s;
    }
}
