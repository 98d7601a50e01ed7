package dev.auris.lm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The word LSTM language model's parameters and its training pass: embeddings E, one LSTM layer of H units, a
 * softmax over the vocabulary, with backpropagation through time written out on ND4J's matrix products (the
 * acoustic network's way: whole-batch GEMMs per step, no per-layer framework state). The forward pass of one
 * batch is one embedding gather, one GEMM for every step's input projection, T small recurrent GEMMs, and one
 * GEMM for every step's output layer; the backward pass mirrors it.
 *
 * <p>Gates, in blocks of H: z = x Wx + h Wh + b = [i | f | g | o]; c' = sigmoid(f) c + sigmoid(i) tanh(g),
 * h' = sigmoid(o) tanh(c') (Hochreiter and Schmidhuber 1997, forget gate of Gers et al. 2000, its bias
 * starting at 1). The loss per token is -ln softmax(logits)[target] + sn (ln Z)^2: the second term is the
 * self-normalisation penalty of Devlin et al. 2014, which drives ln Z towards 0 so that recognition can read
 * the raw logit as the log-probability and skip the sum over the vocabulary.
 */
final class WordLstmNetwork {

    static final String[] NAMES = {"emb", "Wx", "Wh", "b", "Wo", "bo"};

    final int vocabulary;
    final int embedding;
    final int hidden;
    /** In {@link #NAMES}' order. */
    final Map<String, INDArray> params;

    WordLstmNetwork(int vocabulary, int embedding, int hidden, Map<String, INDArray> params) {
        this.vocabulary = vocabulary;
        this.embedding = embedding;
        this.hidden = hidden;
        this.params = params;
        long[][] shapes = shapes(vocabulary, embedding, hidden);
        for (int i = 0; i < NAMES.length; i++) {
            INDArray p = params.get(NAMES[i]);
            if (p == null || !java.util.Arrays.equals(p.shape(), shapes[i])) {
                throw new IllegalArgumentException("parameter " + NAMES[i] + " should have shape "
                        + java.util.Arrays.toString(shapes[i]) + (p == null ? ", missing" : ", has " + java.util.Arrays.toString(p.shape())));
            }
        }
    }

    static long[][] shapes(int v, int e, int h) {
        return new long[][] {{v, e}, {e, 4L * h}, {h, 4L * h}, {1, 4L * h}, {h, v}, {1, v}};
    }

    /** Uniform initialisation: embeddings +-0.1, weights +-1/sqrt(fan-in), biases 0 but the forget gate's 1. */
    static WordLstmNetwork initial(int vocabulary, int embedding, int hidden, DataType type, long seed) {
        Random r = new Random(seed);
        long[][] shapes = shapes(vocabulary, embedding, hidden);
        double[] scale = {0.1, 1 / Math.sqrt(embedding), 1 / Math.sqrt(hidden), 0, 1 / Math.sqrt(hidden), 0};
        Map<String, INDArray> p = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            long n = shapes[i][0] * shapes[i][1];
            double[] values = new double[(int) n];
            for (int k = 0; k < n; k++) {
                values[k] = scale[i] * (2 * r.nextDouble() - 1);
            }
            p.put(NAMES[i], Nd4j.create(values, shapes[i], 'c').castTo(type));
        }
        p.get("b").get(NDArrayIndex.point(0), NDArrayIndex.interval(hidden, 2 * hidden)).assign(1.0);
        return new WordLstmNetwork(vocabulary, embedding, hidden, p);
    }

    DataType dataType() {
        return params.get("emb").dataType();
    }

    /**
     * A batch of sentences as word ids, time-major and padded at the end: input[t][b] is the word before
     * target[t][b] (the sentence start at t = 0), mask[t][b] is 1 where a target exists.
     */
    record Batch(int[][] input, int[][] target, float[][] mask) {
        int steps() {
            return input.length;
        }

        int size() {
            return input[0].length;
        }

        /** Sentences (word ids, no start or end) into a batch: begin, words..., end. */
        static Batch of(java.util.List<int[]> sentences, int begin, int end) {
            int steps = 0;
            for (int[] s : sentences) {
                steps = Math.max(steps, s.length + 1);
            }
            int n = sentences.size();
            int[][] in = new int[steps][n];
            int[][] tgt = new int[steps][n];
            float[][] mask = new float[steps][n];
            for (int b = 0; b < n; b++) {
                int[] s = sentences.get(b);
                for (int t = 0; t <= s.length; t++) {
                    in[t][b] = t == 0 ? begin : s[t - 1];
                    tgt[t][b] = t < s.length ? s[t] : end;
                    mask[t][b] = 1f;
                }
            }
            return new Batch(in, tgt, mask);
        }
    }

    /** Mean loss per token and the gradient of every parameter (same names). */
    record LossAndGradient(double loss, double meanLogZ, Map<String, INDArray> gradient) {
    }

    /** Per-step values the backward pass needs. */
    private record StepCache(INDArray i, INDArray f, INDArray g, INDArray o, INDArray cPrev, INDArray tanhC) {
    }

    private record Forward(INDArray x, INDArray hs, StepCache[] caches) {
    }

    private Forward forward(Batch batch, boolean keep) {
        int steps = batch.steps();
        int n = batch.size();
        int h = hidden;
        DataType type = dataType();
        int[] flat = new int[steps * n];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(batch.input()[t], 0, flat, t * n, n);
        }
        INDArray x = Nd4j.pullRows(params.get("emb"), 1, flat); // [T*B, E]
        INDArray zx = x.mmul(params.get("Wx")).addiRowVector(params.get("b"));
        INDArray hs = Nd4j.create(type, (long) steps * n, h);
        INDArray hPrev = Nd4j.zeros(type, n, h);
        INDArray cPrev = Nd4j.zeros(type, n, h);
        StepCache[] caches = keep ? new StepCache[steps] : null;
        for (int t = 0; t < steps; t++) {
            INDArray z = zx.get(NDArrayIndex.interval((long) t * n, (long) (t + 1) * n), NDArrayIndex.all()).dup();
            if (t > 0) {
                z.addi(hPrev.mmul(params.get("Wh")));
            }
            INDArray i = Transforms.sigmoid(block(z, 0), true);
            INDArray f = Transforms.sigmoid(block(z, 1), true);
            INDArray g = Transforms.tanh(block(z, 2), true);
            INDArray o = Transforms.sigmoid(block(z, 3), true);
            INDArray m = Nd4j.create(batch.mask()[t], new long[] {n, 1}, 'c').castTo(type);
            INDArray c = f.mul(cPrev).addi(i.mul(g)).muliColumnVector(m);
            INDArray tanhC = Transforms.tanh(c, true);
            INDArray hNew = o.mul(tanhC).muliColumnVector(m);
            hs.get(NDArrayIndex.interval((long) t * n, (long) (t + 1) * n), NDArrayIndex.all()).assign(hNew);
            if (keep) {
                caches[t] = new StepCache(i, f, g, o, cPrev, tanhC);
            }
            hPrev = hNew;
            cPrev = c;
        }
        return new Forward(x, hs, caches);
    }

    private INDArray block(INDArray z, int k) {
        return z.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * hidden, (long) (k + 1) * hidden));
    }

    /** ln P of each target (0 where masked), [t][b]: by softmax, or by the raw logit when {@code raw}. */
    double[][] tokenLogProbs(Batch batch, boolean raw) {
        Forward fw = forward(batch, false);
        INDArray logits = fw.hs().mmul(params.get("Wo")).addiRowVector(params.get("bo"));
        int n = batch.size();
        double[][] out = new double[batch.steps()][n];
        INDArray logZ = raw ? null : logSumExp(logits);
        for (int t = 0; t < batch.steps(); t++) {
            for (int b = 0; b < n; b++) {
                if (batch.mask()[t][b] != 0) {
                    int row = t * n + b;
                    out[t][b] = logits.getDouble(row, batch.target()[t][b]) - (raw ? 0 : logZ.getDouble(row));
                }
            }
        }
        return out;
    }

    /** ln sum exp of each row, computed stably. */
    private static INDArray logSumExp(INDArray logits) {
        INDArray max = logits.max(1);
        INDArray e = Transforms.exp(logits.subColumnVector(max.reshape(-1, 1)), false);
        return Transforms.log(e.sum(1), false).addi(max);
    }

    /** The mean loss per target token over the batch, with sn the self-normalisation weight, and its gradient. */
    LossAndGradient lossAndGradient(Batch batch, double sn) {
        int steps = batch.steps();
        int n = batch.size();
        int rows = steps * n;
        DataType type = dataType();
        Forward fw = forward(batch, true);
        INDArray logits = fw.hs().mmul(params.get("Wo")).addiRowVector(params.get("bo")); // [T*B, V]
        INDArray max = logits.max(1).reshape(-1, 1);
        logits.subiColumnVector(max);
        double[] targetLogit = new double[rows];
        double tokens = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < n; b++) {
                targetLogit[t * n + b] = logits.getDouble(t * n + b, batch.target()[t][b]);
                tokens += batch.mask()[t][b];
            }
        }
        INDArray d = Transforms.exp(logits, false); // shifted logits become exp(.), then the softmax
        INDArray z = d.sum(1).reshape(-1, 1);
        d.diviColumnVector(z);
        double[] lnZ = Transforms.log(z, true).reshape(-1).toDoubleVector();
        double[] maxV = max.reshape(-1).toDoubleVector();
        double loss = 0;
        double sumLogZ = 0;
        double[] rowScale = new double[rows];
        double[] selfNorm = new double[rows];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < n; b++) {
                int r = t * n + b;
                double m = batch.mask()[t][b];
                double logZ = lnZ[r] + maxV[r]; // ln sum exp of the unshifted logits
                loss += m * (-(targetLogit[r] - lnZ[r]) + sn * logZ * logZ);
                sumLogZ += m * logZ;
                rowScale[r] = m / tokens;
                selfNorm[r] = 1 + 2 * sn * logZ;
            }
        }
        // d/dlogits = softmax (1 + 2 sn ln Z) - onehot(target), per token, averaged over the tokens
        d.muliColumnVector(Nd4j.create(selfNorm, new long[] {rows, 1}, 'c').castTo(type));
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < n; b++) {
                int r = t * n + b;
                int k = batch.target()[t][b];
                d.putScalar(r, k, d.getDouble(r, k) - 1);
            }
        }
        d.muliColumnVector(Nd4j.create(rowScale, new long[] {rows, 1}, 'c').castTo(type));

        Map<String, INDArray> grad = new LinkedHashMap<>();
        INDArray hs = fw.hs();
        grad.put("Wo", hs.transpose().mmul(d));
        grad.put("bo", d.sum(true, 0));
        INDArray dhAll = d.mmul(params.get("Wo").transpose()); // [T*B, H]
        INDArray dWh = Nd4j.zeros(type, hidden, 4L * hidden);
        INDArray dzx = Nd4j.create(type, rows, 4L * hidden);
        INDArray dh = Nd4j.zeros(type, n, hidden);
        INDArray dc = Nd4j.zeros(type, n, hidden);
        for (int t = steps - 1; t >= 0; t--) {
            StepCache s = fw.caches()[t];
            INDArray m = Nd4j.create(batch.mask()[t], new long[] {n, 1}, 'c').castTo(type);
            dh = dh.add(rowsOf(dhAll, t, n)).muliColumnVector(m);
            INDArray dO = dh.mul(s.tanhC());
            // dct = dc m + dh o (1 - tanh(c)^2)
            INDArray dct = dc.mulColumnVector(m).addi(dh.mul(s.o()).muli(s.tanhC().mul(s.tanhC()).rsubi(1)));
            INDArray dI = dct.mul(s.g()).muli(s.i()).muli(s.i().rsub(1));
            INDArray dF = dct.mul(s.cPrev()).muli(s.f()).muli(s.f().rsub(1));
            INDArray dG = dct.mul(s.i()).muli(s.g().mul(s.g()).rsubi(1));
            INDArray dOz = dO.muli(s.o()).muli(s.o().rsub(1));
            dc = dct.mul(s.f());
            INDArray dz = Nd4j.hstack(dI, dF, dG, dOz);
            rowsOf(dzx, t, n).assign(dz);
            if (t > 0) {
                dWh.addi(rowsOf(hs, t - 1, n).transpose().mmul(dz));
            }
            dh = dz.mmul(params.get("Wh").transpose());
        }
        grad.put("Wh", dWh);
        grad.put("Wx", fw.x().transpose().mmul(dzx));
        grad.put("b", dzx.sum(true, 0));
        INDArray dx = dzx.mmul(params.get("Wx").transpose()); // [T*B, E]
        INDArray dEmb = Nd4j.zeros(type, vocabulary, embedding);
        double[][] dxRows = dx.toDoubleMatrix();
        int[] ids = new int[rows];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(batch.input()[t], 0, ids, t * n, n);
        }
        // scatter-add the rows of dx into the rows of the words they came from (few distinct words a batch)
        Map<Integer, double[]> sums = new java.util.HashMap<>();
        for (int r = 0; r < rows; r++) {
            double[] acc = sums.computeIfAbsent(ids[r], k -> new double[embedding]);
            for (int e = 0; e < embedding; e++) {
                acc[e] += dxRows[r][e];
            }
        }
        for (var e : sums.entrySet()) {
            dEmb.getRow(e.getKey()).assign(Nd4j.create(e.getValue()).castTo(type));
        }
        grad.put("emb", dEmb);
        Map<String, INDArray> ordered = new LinkedHashMap<>();
        for (String name : NAMES) {
            ordered.put(name, grad.get(name));
        }
        return new LossAndGradient(loss / tokens, sumLogZ / tokens, ordered);
    }

    private static INDArray rowsOf(INDArray a, int t, int n) {
        return a.get(NDArrayIndex.interval((long) t * n, (long) (t + 1) * n), NDArrayIndex.all());
    }
}
