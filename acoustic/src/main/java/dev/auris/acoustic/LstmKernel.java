package dev.auris.acoustic;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link LstmCell}'s step loops on the arrays' own memory, as {@link RecurrentKernel} is for the simple cell: per
 * step one OpenBLAS sgemm for the recurrence (or, for a few utterances, Java row sums) and one plain loop for the
 * gates, instead of a dozen ND4J ops of tens of microseconds each. Same equations, same layouts, same masking;
 * a test holds both to the same results.
 *
 * <p>Gates are [frames * batch, 4R] in the order input, forget, candidate, output; cells and outputs [frames * batch, R].
 */
final class LstmKernel {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private LstmKernel() {
    }

    /**
     * As {@link LstmCell#forward}: {@code gates} holds the input projections and is activated in place; cells and
     * outputs are written. With {@code mask}, rows past an utterance's end (t >= minLength and mask 0) keep zero state.
     */
    static void forward(INDArray gates, INDArray cells, INDArray out, INDArray u, int batch, int frames, boolean reverse,
                        float[] mask, int minLength) {
        int r = (int) u.rows();
        int g4 = 4 * r;
        FloatPointer gp = RecurrentKernel.pointer(gates);
        FloatPointer hp = RecurrentKernel.pointer(out);
        FloatPointer cur = new FloatPointer(gp);
        FloatPointer prevOut = new FloatPointer(hp);
        FloatPointer up = RecurrentKernel.pointer(u);
        FloatBuffer gb = gp.asBuffer();
        FloatBuffer cb = RecurrentKernel.pointer(cells).asBuffer();
        FloatBuffer hb = hp.asBuffer();
        float[] z = new float[batch * g4];
        float[] cPrev = new float[batch * r];
        float[] c = new float[batch * r];
        float[] h = new float[batch * r];
        for (int i = 0; i < frames; i++) {
            int t = reverse ? frames - 1 - i : i;
            if (i > 0) {
                int p = reverse ? t + 1 : t - 1;
                prevOut.position((long) p * batch * r);
                cur.position((long) t * batch * g4);
                openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, batch, g4, r, 1f, prevOut, r, up, g4, 1f,
                        cur, g4);
            }
            gb.get(t * batch * g4, z);
            step(z, i > 0 ? cPrev : null, c, h, batch, r, mask != null && t >= minLength ? mask : null, t * batch);
            gb.put(t * batch * g4, z);
            cb.put(t * batch * r, c);
            hb.put(t * batch * r, h);
            float[] swap = cPrev;
            cPrev = c;
            c = swap;
        }
    }

    /**
     * As {@link #forward} for up to {@link RecurrentKernel#FEW} utterances of equal length (recognition): the
     * recurrence is a sum of U's rows weighted by the previous state, in Java, with no BLAS thread hand-off per step.
     */
    static void forwardFew(INDArray gates, INDArray cells, INDArray out, INDArray uArray, int batch, int frames,
                           boolean reverse) {
        if (batch < 1 || batch > RecurrentKernel.FEW) {
            throw new IllegalArgumentException("forwardFew takes 1 to " + RecurrentKernel.FEW + " utterances, got " + batch);
        }
        int r = (int) uArray.rows();
        int g4 = 4 * r;
        FloatBuffer gb = RecurrentKernel.pointer(gates).asBuffer();
        FloatBuffer cb = RecurrentKernel.pointer(cells).asBuffer();
        FloatBuffer hb = RecurrentKernel.pointer(out).asBuffer();
        float[][] u = new float[r][g4]; // one array per row, so that C2 vectorises the row sums (see RecurrentKernel)
        FloatBuffer ub = RecurrentKernel.pointer(uArray).asBuffer();
        for (int k = 0; k < r; k++) {
            ub.get(k * g4, u[k]);
        }
        float[] z = new float[batch * g4];
        float[][] acc = new float[batch][g4];
        float[] cPrev = new float[batch * r];
        float[] c = new float[batch * r];
        float[] h = new float[batch * r];
        for (int i = 0; i < frames; i++) {
            int t = reverse ? frames - 1 - i : i;
            gb.get(t * batch * g4, z);
            if (i > 0) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(z, b * g4, acc[b], 0, g4);
                }
                for (int k = 0; k < r; k++) {
                    float[] uRow = u[k];
                    for (int b = 0; b < batch; b++) {
                        axpy(h[b * r + k], uRow, acc[b]);
                    }
                }
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(acc[b], 0, z, b * g4, g4);
                }
            }
            step(z, i > 0 ? cPrev : null, c, h, batch, r, null, 0);
            gb.put(t * batch * g4, z);
            cb.put(t * batch * r, c);
            hb.put(t * batch * r, h);
            float[] swap = cPrev;
            cPrev = c;
            c = swap;
        }
    }

    /** y += a x, both of one length. */
    private static void axpy(float a, float[] x, float[] y) {
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j];
        }
    }

    /**
     * One step of every utterance: z's pre-activations become gates i, f, g, o; c = f c' + i g (c' absent at a
     * direction's first step); h = o tanh(c). A masked row keeps zero cell and output.
     */
    private static void step(float[] z, float[] cPrev, float[] c, float[] h, int batch, int r, float[] mask, int maskRow) {
        int g4 = 4 * r;
        for (int b = 0; b < batch; b++) {
            int zo = b * g4;
            int so = b * r;
            float keep = mask == null ? 1f : mask[maskRow + b];
            for (int j = 0; j < r; j++) {
                float in = sigmoid(z[zo + j]);
                float forget = sigmoid(z[zo + r + j]);
                float cand = tanh(z[zo + 2 * r + j]);
                float output = sigmoid(z[zo + 3 * r + j]);
                z[zo + j] = in;
                z[zo + r + j] = forget;
                z[zo + 2 * r + j] = cand;
                z[zo + 3 * r + j] = output;
                float cell = in * cand;
                if (cPrev != null) {
                    cell += forget * cPrev[so + j];
                }
                cell *= keep;
                c[so + j] = cell;
                h[so + j] = output * tanh(cell);
            }
        }
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /**
     * tanh x = 1 - 2 / (e^2x + 1), on {@link Math#exp} (an intrinsic), because Java 17's {@link Math#tanh} is not
     * one and costs 4-5x as much. In double, and x itself below 1e-4 (where x^3/3 is under half a float ulp and the
     * formula would cancel), so that the float it gives is Math.tanh's.
     */
    static float tanh(float x) {
        if (Math.abs(x) < 1e-4f) {
            return x;
        }
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
    }

    /**
     * As {@link LstmCell#backward}: {@code dh} holds dL/dh from the layer above and is consumed (the recurrence adds
     * into it); {@code dz} receives dL/dz of the gates' pre-activations.
     */
    static void backward(INDArray dh, INDArray dz, INDArray gates, INDArray cells, INDArray u, int batch, int frames,
                         boolean reverse, float[] mask, int minLength) {
        int r = (int) u.rows();
        int g4 = 4 * r;
        FloatPointer dzp = RecurrentKernel.pointer(dz);
        FloatPointer dhp = RecurrentKernel.pointer(dh);
        FloatPointer dzCur = new FloatPointer(dzp);
        FloatPointer dhPrev = new FloatPointer(dhp);
        FloatPointer up = RecurrentKernel.pointer(u);
        FloatBuffer dzb = dzp.asBuffer();
        FloatBuffer dhb = dhp.asBuffer();
        FloatBuffer gb = RecurrentKernel.pointer(gates).asBuffer();
        FloatBuffer cb = RecurrentKernel.pointer(cells).asBuffer();
        float[] gt = new float[batch * g4];
        float[] ct = new float[batch * r];
        float[] cPrev = new float[batch * r];
        float[] dht = new float[batch * r];
        float[] carry = new float[batch * r]; // dL/dc flowing back from the next step in the direction's order
        float[] d = new float[batch * g4];
        for (int i = frames - 1; i >= 0; i--) {
            int t = reverse ? frames - 1 - i : i;
            int prev = reverse ? t + 1 : t - 1;
            gb.get(t * batch * g4, gt);
            cb.get(t * batch * r, ct);
            dhb.get(t * batch * r, dht);
            if (i > 0) {
                cb.get(prev * batch * r, cPrev);
            }
            boolean masked = mask != null && t >= minLength;
            for (int b = 0; b < batch; b++) {
                int go = b * g4;
                int so = b * r;
                float keep = masked ? mask[t * batch + b] : 1f;
                for (int j = 0; j < r; j++) {
                    float in = gt[go + j];
                    float forget = gt[go + r + j];
                    float cand = gt[go + 2 * r + j];
                    float output = gt[go + 3 * r + j];
                    float tanhC = tanh(ct[so + j]);
                    float dhj = dht[so + j];
                    float dc = (dhj * output * (1f - tanhC * tanhC) + carry[so + j]) * keep;
                    d[go + j] = dc * cand * in * (1f - in);
                    d[go + r + j] = i > 0 ? dc * cPrev[so + j] * forget * (1f - forget) : 0f;
                    d[go + 2 * r + j] = dc * in * (1f - cand * cand);
                    d[go + 3 * r + j] = dhj * tanhC * keep * output * (1f - output);
                    carry[so + j] = dc * forget;
                }
            }
            dzb.put(t * batch * g4, d);
            if (i > 0) {
                dzCur.position((long) t * batch * g4);
                dhPrev.position((long) prev * batch * r);
                openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, batch, r, g4, 1f, dzCur, g4, up, g4, 1f,
                        dhPrev, r);
            }
        }
    }
}
