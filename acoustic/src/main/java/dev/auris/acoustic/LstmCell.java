package dev.auris.acoustic;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The LSTM alternative to the paper's simple recurrent cell, one direction at a time, time-major:
 * z_t = x_t W + h_t' U + b split into gates i, f, g, o; c_t = f c_t' + i g; h_t = o tanh(c_t)
 * (t' the previous step in the direction's order). Written with ND4J ops per step, it is the
 * reference: checked by the finite-difference test in double precision, and the float path's
 * {@link LstmKernel} is checked against it.
 */
final class LstmCell {

    private LstmCell() {
    }

    /**
     * @param gates [rows, 4H] input projections in, activated gates out
     * @param cells [rows, H] zeros in, cell states out
     * @param out [rows, H] zeros in, hidden states out
     * @param mask [rows, 1] frame mask; padded frames are held at zero state (backward direction)
     */
    static void forward(INDArray gates, INDArray cells, INDArray out, INDArray u, int batch, int frames, boolean reverse,
                        INDArray mask, int minLength) {
        long h = out.columns();
        for (int i = 0; i < frames; i++) {
            int t = reverse ? frames - 1 - i : i;
            int prev = reverse ? t + 1 : t - 1;
            INDArray z = DeepSpeechNetwork.rows(gates, t, batch);
            if (i > 0) {
                Nd4j.gemm(DeepSpeechNetwork.rows(out, prev, batch), u, z, false, false, 1.0, 1.0);
            }
            INDArray in = block(z, 0, h);
            INDArray forget = block(z, 1, h);
            INDArray cand = block(z, 2, h);
            INDArray output = block(z, 3, h);
            Transforms.sigmoid(in, false);
            Transforms.sigmoid(forget, false);
            Transforms.tanh(cand, false);
            Transforms.sigmoid(output, false);
            INDArray c = DeepSpeechNetwork.rows(cells, t, batch);
            c.assign(in.mul(cand));
            if (i > 0) {
                c.addi(forget.mul(DeepSpeechNetwork.rows(cells, prev, batch)));
            }
            if (mask != null && t >= minLength) {
                c.muliColumnVector(DeepSpeechNetwork.rows(mask, t, batch));
            }
            DeepSpeechNetwork.rows(out, t, batch).assign(output.mul(Transforms.tanh(c, true)));
        }
    }

    /**
     * @param dh [rows, H] dL/dh from the layer above; consumed (the recurrence adds into it)
     * @return dL/dz [rows, 4H], the gradient of the gates' pre-activations
     */
    static INDArray backward(INDArray dh, INDArray gates, INDArray cells, INDArray u, int batch, int frames,
                             boolean reverse, INDArray mask, int minLength) {
        long h = dh.columns();
        INDArray dz = Nd4j.zeros(dh.dataType(), dh.rows(), 4 * h);
        INDArray carry = Nd4j.zeros(dh.dataType(), batch, h); // dL/dc flowing back from the next step
        for (int i = frames - 1; i >= 0; i--) {
            int t = reverse ? frames - 1 - i : i;
            int prev = reverse ? t + 1 : t - 1;
            INDArray g = DeepSpeechNetwork.rows(gates, t, batch);
            INDArray in = block(g, 0, h);
            INDArray forget = block(g, 1, h);
            INDArray cand = block(g, 2, h);
            INDArray output = block(g, 3, h);
            INDArray tanhC = Transforms.tanh(DeepSpeechNetwork.rows(cells, t, batch), true);
            INDArray dht = DeepSpeechNetwork.rows(dh, t, batch);
            // dc = dh o (1 - tanh^2 c) + carry
            INDArray dc = dht.mul(output).muli(tanhC.mul(tanhC).rsubi(1.0)).addi(carry);
            if (mask != null && t >= minLength) {
                dc.muliColumnVector(DeepSpeechNetwork.rows(mask, t, batch));
            }
            INDArray dzt = DeepSpeechNetwork.rows(dz, t, batch);
            block(dzt, 0, h).assign(dc.mul(cand).muli(in.mul(in.rsub(1.0))));
            if (i > 0) {
                INDArray cPrev = DeepSpeechNetwork.rows(cells, prev, batch);
                block(dzt, 1, h).assign(dc.mul(cPrev).muli(forget.mul(forget.rsub(1.0))));
            }
            block(dzt, 2, h).assign(dc.mul(in).muli(cand.mul(cand).rsubi(1.0)));
            INDArray dOut = dht.mul(tanhC);
            if (mask != null && t >= minLength) {
                dOut.muliColumnVector(DeepSpeechNetwork.rows(mask, t, batch));
            }
            block(dzt, 3, h).assign(dOut.muli(output.mul(output.rsub(1.0))));
            carry = dc.mul(forget);
            if (i > 0) {
                Nd4j.gemm(dzt, u, DeepSpeechNetwork.rows(dh, prev, batch), false, true, 1.0, 1.0);
            }
        }
        return dz;
    }

    /** Gate k's columns of a [batch, 4H] block. */
    private static INDArray block(INDArray z, int k, long h) {
        return z.get(NDArrayIndex.all(), NDArrayIndex.interval(k * h, (k + 1) * h));
    }
}
