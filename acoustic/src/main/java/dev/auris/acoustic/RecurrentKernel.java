package dev.auris.acoustic;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The time-step loops of the bidirectional recurrent layer, on the ND4J arrays' own memory: one
 * OpenBLAS sgemm per step straight through JavaCPP, and the clip, mask and derivative as plain
 * loops over the step's rows. Through ND4J each step cost three ops of 100-300 us of overhead
 * apiece; here a step is the sgemm and a few microseconds.
 *
 * <p>Arrays are row-major [frames * batch, width] (row t * batch + b) and must be contiguous.
 */
final class RecurrentKernel {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private RecurrentKernel() {
    }

    /**
     * In place: z holds the input projections; afterwards h_t = g(z_t + h_{t-1 or t+1} U), with rows of
     * frames past an utterance's length forced to zero when {@code mask} is given (backward direction).
     */
    static void forward(INDArray z, INDArray u, int batch, int frames, boolean reverse, float[] mask, int minLength) {
        int h = (int) u.rows();
        int block = batch * h;
        FloatPointer zp = pointer(z);
        FloatPointer prev = new FloatPointer(zp);
        FloatPointer cur = new FloatPointer(zp);
        FloatPointer up = pointer(u);
        FloatBuffer zb = zp.asBuffer();
        float[] step = new float[block];
        for (int i = 0; i < frames; i++) {
            int t = reverse ? frames - 1 - i : i;
            if (i > 0) {
                int p = reverse ? t + 1 : t - 1;
                prev.position((long) p * block);
                cur.position((long) t * block);
                openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, batch, h, h, 1f, prev, h, up, h, 1f, cur, h);
            }
            int from = t * block;
            boolean masked = mask != null && t >= minLength;
            zb.get(from, step);
            for (int b = 0; b < batch; b++) {
                int row = b * h;
                if (masked && mask[t * batch + b] == 0f) {
                    java.util.Arrays.fill(step, row, row + h, 0f);
                    continue;
                }
                for (int k = row; k < row + h; k++) {
                    float v = step[k];
                    step[k] = clip(v);
                }
            }
            zb.put(from, step);
        }
    }

    /** Up to this many utterances of equal length go through {@link #forwardFew} rather than a sgemm per step. */
    static final int FEW = 4;

    /**
     * In place, as {@link #forward}, for {@code batch <= FEW} utterances of equal length (recognition,
     * and the candidates of {@code AcousticModel.withWarps}): a matrix-vector product per step and
     * utterance, done in Java as a sum of the rows of U picked out by the previous state's non-zero
     * units. After the clipped ReLU typically half the units are zero, so half of U is read, and a row
     * read serves every utterance while it is in L1; BLAS, which cannot skip them, spent 250 us per
     * step here on thread hand-off for this 0.5 MFLOP product.
     */
    static void forwardFew(INDArray zArray, INDArray uArray, int batch, int frames, boolean reverse) {
        if (batch < 1 || batch > FEW) {
            throw new IllegalArgumentException("forwardFew takes 1 to " + FEW + " utterances, got " + batch);
        }
        int h = (int) uArray.rows();
        int block = batch * h;
        FloatBuffer zb = pointer(zArray).asBuffer();
        float[] z = new float[frames * block];
        zb.get(0, z);
        // U as one array per row: C2 (JDK 17) vectorises y[j] += a x[j] only when both index from 0; with
        // a row offset into one flat array it ran scalar, 5x slower (2 against 8 GFMA/s here at width 768)
        float[][] u = new float[h][h];
        FloatBuffer ub = pointer(uArray).asBuffer();
        for (int k = 0; k < h; k++) {
            ub.get(k * h, u[k]);
        }
        float[][] acc = new float[batch][h]; // each utterance's step of its own, so the inner loop stays in L1
        float[][] prevState = new float[batch][h];
        for (int i = 0; i < frames; i++) {
            int t = reverse ? frames - 1 - i : i;
            int row = t * block;
            for (int b = 0; b < batch; b++) {
                System.arraycopy(z, row + b * h, acc[b], 0, h);
            }
            if (i > 0) {
                for (int k = 0; k < h; k++) {
                    float[] uRow = u[k];
                    for (int b = 0; b < batch; b++) {
                        float a = prevState[b][k];
                        if (a != 0f) {
                            axpy(a, uRow, acc[b]);
                        }
                    }
                }
            }
            for (int b = 0; b < batch; b++) {
                float[] sum = acc[b];
                float[] state = prevState[b];
                for (int j = 0; j < h; j++) {
                    state[j] = clip(sum[j]);
                }
                System.arraycopy(state, 0, z, row + b * h, h);
            }
        }
        zb.put(0, z);
    }

    /** y += a x, both of one length. */
    private static void axpy(float a, float[] x, float[] y) {
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j];
        }
    }

    /**
     * In place: dz holds dL/dh from above; afterwards dz_t = (dh_t + dz_{t+1 or t-1} U^T) * g'(z_t), the
     * derivative read off the outputs h (1 where 0 < h < 20).
     */
    static void backward(INDArray dz, INDArray hOut, INDArray u, int batch, int frames, boolean reverse) {
        int h = (int) u.rows();
        int block = batch * h;
        FloatPointer dp = pointer(dz);
        FloatPointer cur = new FloatPointer(dp);
        FloatPointer next = new FloatPointer(dp);
        FloatPointer up = pointer(u);
        FloatBuffer db = dp.asBuffer();
        FloatBuffer hb = pointer(hOut).asBuffer();
        float[] grad = new float[block];
        float[] out = new float[block];
        for (int i = 0; i < frames; i++) {
            int t = reverse ? i : frames - 1 - i; // the order the gradient flows in
            int from = t * block;
            db.get(from, grad);
            hb.get(from, out);
            for (int k = 0; k < block; k++) {
                grad[k] *= active(out[k]);
            }
            db.put(from, grad);
            if (i < frames - 1) {
                int n = reverse ? t + 1 : t - 1;
                cur.position((long) t * block);
                next.position((long) n * block);
                openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, batch, h, h, 1f, cur, h, up, h, 1f, next, h);
            }
        }
    }

    /**
     * Runs two plain-Java loops side by side, one per core. Not for BLAS calls: the OpenBLAS that
     * nd4j-native ships shares its buffers between concurrent callers and returned wrong sums when
     * both directions' sgemms ran at once (kept out by a test that compares with the reference loop).
     */
    static void inParallel(Runnable first, Runnable second) {
        try {
            var side = SIDE.submit(first);
            second.run();
            side.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private static final java.util.concurrent.ExecutorService SIDE = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "auris-recurrent-direction");
        t.setDaemon(true);
        return t;
    });

    /** In place: z = min(max(z + bias, 0), 20) row by row, in one pass, the rows split over both cores. */
    static void addBiasAndClip(INDArray z, INDArray bias) {
        addBias(z, bias, true);
    }

    /** In place: z = z + bias (or with {@code clip}, the clipped ReLU of it), the rows split over both cores. */
    static void addBias(INDArray z, INDArray bias, boolean clip) {
        int rows = (int) z.rows();
        int half = rows / 2;
        inParallel(() -> addBias(z, bias, clip, 0, half), () -> addBias(z, bias, clip, half, rows));
    }

    private static void addBias(INDArray z, INDArray bias, boolean clip, int from, int to) {
        int cols = (int) z.columns();
        FloatBuffer zb = pointer(z).asBuffer();
        float[] b = new float[cols];
        pointer(bias).asBuffer().get(0, b);
        float[] row = new float[cols];
        for (int r = from; r < to; r++) {
            zb.get(r * cols, row);
            if (clip) {
                for (int k = 0; k < cols; k++) {
                    float v = row[k] + b[k];
                    row[k] = clip(v);
                }
            } else {
                for (int k = 0; k < cols; k++) {
                    row[k] += b[k];
                }
            }
            zb.put(r * cols, row);
        }
    }

    /** out [1, cols] = the column sums of m (a bias gradient); each core sums half the rows. */
    static void columnSums(INDArray m, INDArray out) {
        int rows = (int) m.rows();
        int cols = (int) m.columns();
        FloatBuffer mb = pointer(m).asBuffer();
        float[][] partial = new float[2][cols];
        int half = rows / 2;
        inParallel(() -> columnSums(mb, cols, 0, half, partial[0]), () -> columnSums(mb, cols, half, rows, partial[1]));
        for (int k = 0; k < cols; k++) {
            partial[0][k] += partial[1][k];
        }
        pointer(out).asBuffer().put(0, partial[0]);
    }

    private static void columnSums(FloatBuffer m, int cols, int from, int to, float[] sums) {
        float[] row = new float[cols];
        for (int r = from; r < to; r++) {
            m.get(r * cols, row);
            for (int k = 0; k < cols; k++) {
                sums[k] += row[k];
            }
        }
    }

    /** In place: grad = 0 wherever the clipped ReLU's output h is 0 or 20 (its derivative is 0 there). */
    static void keepWhereActive(INDArray grad, INDArray h) {
        int rows = (int) grad.rows();
        int half = rows / 2;
        inParallel(() -> keepWhereActive(grad, h, 0, half), () -> keepWhereActive(grad, h, half, rows));
    }

    private static void keepWhereActive(INDArray grad, INDArray h, int from, int to) {
        int cols = (int) grad.columns();
        FloatBuffer gb = pointer(grad).asBuffer();
        FloatBuffer hb = pointer(h).asBuffer();
        float[] g = new float[cols];
        float[] o = new float[cols];
        for (int r = from; r < to; r++) {
            gb.get(r * cols, g);
            hb.get(r * cols, o);
            for (int k = 0; k < cols; k++) {
                g[k] *= active(o[k]);
            }
            gb.put(r * cols, g);
        }
    }

    /**
     * The clipped ReLU min(max(v, 0), 20). Written with Math.max/min, which C2 turns into vector
     * max/min; the equivalent ternary compiled to a branch that mispredicted on every other unit and
     * made this loop 5x slower.
     */
    static float clip(float v) {
        return Math.max(0f, Math.min(v, NetworkShape.CLIP));
    }

    /**
     * g'(z) read off h = g(z): 1 where 0 < h < 20, else 0, without a branch (see {@link #clip}).
     * min(h, 20 - h) is 0 at either end and at least ulp(20) = 1.9e-6 below 20 or the smallest normal
     * float above 0, which times 1e38 is at least 1; only denormal outputs (below 1.2e-38) would get
     * a fractional value.
     */
    static float active(float h) {
        return Math.min(1f, Math.min(h, NetworkShape.CLIP - h) * 1e38f);
    }

    /**
     * C = alpha op(A) op(B) + beta C straight through OpenBLAS on row-major float arrays: no op
     * context, no copy of a transposed operand (ND4J's matmul costs 100-300 us of overhead a call).
     */
    static void sgemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, float alpha, float beta) {
        int m = (int) c.rows();
        int n = (int) c.columns();
        int k = (int) (transA ? a.rows() : a.columns());
        if ((transA ? a.columns() : a.rows()) != m || (transB ? b.columns() : b.rows()) != k
                || (transB ? b.rows() : b.columns()) != n) {
            throw new IllegalArgumentException("gemm shapes do not fit: " + java.util.Arrays.toString(a.shape()) + " x "
                    + java.util.Arrays.toString(b.shape()) + " -> " + java.util.Arrays.toString(c.shape()));
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                pointer(a), (int) a.columns(), pointer(b), (int) b.columns(), beta, pointer(c), n);
    }

    /** Whether {@link #sgemm} can take the array: float, row-major, contiguous. */
    static boolean direct(INDArray x) {
        return x.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && x.ordering() == 'c' && x.elementWiseStride() == 1;
    }

    /** The array's memory (views included: ND4J's address pointer already carries the offset). */
    static FloatPointer pointer(INDArray a) {
        if (!a.isR() || a.data().dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT || a.ordering() != 'c'
                || a.elementWiseStride() != 1) {
            throw new IllegalArgumentException("recurrent kernel needs contiguous row-major float arrays, got "
                    + a.dataType() + " " + a.ordering() + " ews " + a.elementWiseStride());
        }
        FloatPointer p = new FloatPointer(a.data().addressPointer());
        p.capacity(a.length());
        p.limit(a.length());
        return p;
    }
}
