package dev.auris.acoustic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DeepSpeechNetworkTest {

    private static final NetworkShape TINY = new NetworkShape(3, 1, 1, 5, 4, 0.0, NetworkShape.Cell.SIMPLE);

    /** Uniform [0, scale) noise from a seeded java.util.Random, so no test depends on ND4J's global generator. */
    private static INDArray uniform(Random r, long n, double scale) {
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * scale;
        }
        return Nd4j.create(v, new long[] {1, n}, 'c');
    }

    private static INDArray input(Random r, int rows, int dim) {
        double[] v = new double[rows * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, dim}, 'c');
    }

    /** L = sum(logits * R) over real frames, so dL/dlogits = R there and 0 on padding. */
    private static double loss(DeepSpeechNetwork net, INDArray x, int batch, int frames, int[] lengths, INDArray r) {
        return net.forward(x, batch, frames, lengths, false, 0).logits.mul(r).sumNumber().doubleValue();
    }

    @Test
    void parametersAreViewsOfOneFlatVector() {
        DeepSpeechNetwork net = DeepSpeechNetwork.initialise(TINY, 1, DataType.DOUBLE);
        DeepSpeechNetwork.Weights v = net.views(net.params);
        v.uf().putScalar(2, 3, 42.0);
        long offset = 0;
        for (INDArray p : v.all().subList(0, 10)) {
            offset += p.length();
        }
        assertEquals(42.0, net.params.getDouble(0, offset + 2 * TINY.width() + 3));
        assertEquals(TINY.parameterCount(), v.all().stream().mapToLong(INDArray::length).sum());
    }

    private static final NetworkShape TINY_LSTM = new NetworkShape(3, 1, 1, 5, 4, 0.0, NetworkShape.Cell.LSTM);
    /** Recurrent layers narrower than the dense ones (3 units against 5). */
    private static final NetworkShape NARROW_LSTM = new NetworkShape(3, 1, 1, 5, 4, 0.0, NetworkShape.Cell.LSTM, 3);
    private static final NetworkShape NARROW_SIMPLE = new NetworkShape(3, 1, 1, 5, 4, 0.0, NetworkShape.Cell.SIMPLE, 3);

    @Test
    void gradientMatchesFiniteDifferencesForEveryParameter() {
        gradientCheck(TINY);
    }

    @Test
    void lstmGradientMatchesFiniteDifferencesForEveryParameter() {
        gradientCheck(TINY_LSTM);
    }

    @Test
    void narrowRecurrentLayersGradientsMatchFiniteDifferences() {
        gradientCheck(NARROW_LSTM);
        gradientCheck(NARROW_SIMPLE);
    }

    private void gradientCheck(NetworkShape shape) {
        NetworkShape TINY = shape;
        Random rnd = new Random(3);
        DeepSpeechNetwork net = DeepSpeechNetwork.initialise(TINY, 7, DataType.DOUBLE);
        // larger biases so that units sit well inside (0, 20) and away from the kinks
        net.params.addi(uniform(rnd, net.params.length(), 0.3));
        int batch = 2;
        int frames = 5;
        int[] lengths = {5, 3};
        INDArray x = input(rnd, frames * batch, TINY.inputDim());
        INDArray r = input(rnd, frames * batch, TINY.classes());
        for (int t = 0; t < frames; t++) {
            for (int b = 0; b < batch; b++) {
                if (t >= lengths[b]) {
                    r.getRow(t * batch + b).assign(0);
                }
            }
        }
        DeepSpeechNetwork.Activations a = net.forward(x, batch, frames, lengths, true, 0);
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, net.params.shape());
        net.backward(a, r, grad);
        double h = 1e-6;
        int checked = 0;
        double worst = 0;
        for (long i = 0; i < net.params.length(); i++) {
            double old = net.params.getDouble(0, i);
            net.params.putScalar(0, i, old + h);
            double up = loss(net, x, batch, frames, lengths, r);
            net.params.putScalar(0, i, old - h);
            double down = loss(net, x, batch, frames, lengths, r);
            net.params.putScalar(0, i, old);
            double numeric = (up - down) / (2 * h);
            double analytic = grad.getDouble(0, i);
            // relative 1e-5, with an absolute floor for the finite difference's own round-off (~1e-9 here)
            double err = Math.abs(numeric - analytic);
            worst = Math.max(worst, err / (Math.abs(numeric) + Math.abs(analytic) + 1e-12));
            assertTrue(err <= 1e-5 * (Math.abs(numeric) + Math.abs(analytic)) + 1e-8,
                    "parameter " + i + ": numeric " + numeric + " analytic " + analytic);
            checked++;
        }
        assertEquals(TINY.parameterCount(), checked);
    }

    /** Widening keeps the function: the wide network's logits equal the narrow one's, padding and both cells included. */
    @Test
    void widenedNetworkComputesTheSameFunction() {
        for (NetworkShape shape : new NetworkShape[] {TINY, TINY_LSTM, NARROW_LSTM}) {
            Random rnd = new Random(6);
            DeepSpeechNetwork narrow = DeepSpeechNetwork.initialise(shape, 9, DataType.DOUBLE);
            narrow.params.addi(uniform(rnd, shape.parameterCount(), 0.2));
            DeepSpeechNetwork wide = narrow.widened(12, 3);
            assertEquals(12, wide.shape.width());
            assertEquals(shape.recurrentWidth() == shape.width() ? 12 : shape.recurrentWidth(), wide.shape.recurrentWidth());
            int frames = 6;
            INDArray x = input(rnd, frames * 2, shape.inputDim());
            INDArray expected = narrow.forward(x, 2, frames, new int[] {6, 4}, false, 0).logits;
            INDArray actual = wide.forward(x, 2, frames, new int[] {6, 4}, false, 0).logits;
            for (int row = 0; row < frames * 2; row++) {
                for (int k = 0; k < shape.classes(); k++) {
                    assertEquals(expected.getDouble(row, k), actual.getDouble(row, k), 1e-9, shape.cell() + " row " + row);
                }
            }
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> narrow.widened(4, 1)).getMessage().contains("cannot narrow"));
        }
    }

    /**
     * Another recurrent layer keeps the dense layers: the activations below it are the source's, the output layers'
     * weights too (h5's only at the same recurrent width), and a new LSTM starts with its forget gates open (bias 1)
     * and every other bias 0.
     */
    @Test
    void anotherRecurrentLayerKeepsTheDenseLayers() {
        Object[][] cases = {{TINY, NetworkShape.Cell.LSTM, 5}, {TINY_LSTM, NetworkShape.Cell.SIMPLE, 5},
                {TINY, NetworkShape.Cell.LSTM, 3}, {NARROW_LSTM, NetworkShape.Cell.LSTM, 4}};
        for (Object[] c : cases) {
            NetworkShape shape = (NetworkShape) c[0];
            NetworkShape.Cell other = (NetworkShape.Cell) c[1];
            int r = (Integer) c[2];
            Random rnd = new Random(11);
            DeepSpeechNetwork source = DeepSpeechNetwork.initialise(shape, 4, DataType.DOUBLE);
            source.params.addi(uniform(rnd, shape.parameterCount(), 0.2));
            DeepSpeechNetwork moved = source.withRecurrentLayer(other, r, 3);
            String name = shape + " to " + other + " of " + r;
            assertEquals(other, moved.shape.cell());
            assertEquals(r, moved.shape.recurrentWidth());
            int frames = 5;
            INDArray x = input(rnd, frames * 2, shape.inputDim());
            DeepSpeechNetwork.Activations a = source.forward(x, 2, frames, new int[] {5, 3}, false, 0);
            DeepSpeechNetwork.Activations b = moved.forward(x, 2, frames, new int[] {5, 3}, false, 0);
            assertEquals(a.h3, b.h3, name + ": the dense layers below the recurrent one");
            assertEquals(r, b.h4.columns(), name);
            DeepSpeechNetwork.Weights ws = source.views(source.params);
            DeepSpeechNetwork.Weights wm = moved.views(moved.params);
            assertEquals(r == shape.recurrentWidth(), ws.w5().equals(wm.w5()), name + ": h5's weights");
            assertEquals(ws.b5(), wm.b5(), name);
            assertEquals(ws.w6(), wm.w6(), name);
            assertEquals(ws.b6(), wm.b6(), name);
            for (int j = 0; j < moved.shape.gates() * r; j++) {
                double expected = other == NetworkShape.Cell.LSTM && j >= r && j < 2 * r ? 1.0 : 0.0;
                assertEquals(expected, wm.bf().getDouble(0, j), name + " forward bias " + j);
                assertEquals(expected, wm.bb().getDouble(0, j), name + " backward bias " + j);
            }
            assertTrue(wm.uf().norm2Number().doubleValue() > 0 && wm.wb().norm2Number().doubleValue() > 0);
        }
    }

    /**
     * A copied unit starts with its source's incoming weights but a different share of its outgoing
     * ones, so its gradient differs and the two grow apart in training (equal shares never would).
     */
    @Test
    void copiedUnitsGetDifferentGradients() {
        Random rnd = new Random(7);
        DeepSpeechNetwork narrow = DeepSpeechNetwork.initialise(TINY, 2, DataType.DOUBLE);
        narrow.params.addi(uniform(rnd, TINY.parameterCount(), 0.2));
        DeepSpeechNetwork wide = narrow.widened(8, 5);
        DeepSpeechNetwork.Weights w = wide.views(wide.params);
        int frames = 5;
        INDArray x = input(rnd, frames, TINY.inputDim());
        DeepSpeechNetwork.Activations a = wide.forward(x, 1, frames, new int[] {frames}, true, 0);
        INDArray gradient = Nd4j.zeros(DataType.DOUBLE, 1, wide.shape.parameterCount());
        wide.backward(a, input(rnd, frames, TINY.classes()), gradient);
        INDArray g1 = wide.views(gradient).w1();
        int copies = 0;
        for (int j = TINY.width(); j < 8; j++) {
            for (int k = 0; k < TINY.width(); k++) {
                if (w.w1().getColumn(j).equals(w.w1().getColumn(k))) { // unit j copies unit k
                    copies++;
                    double gj = g1.getColumn(j).norm2Number().doubleValue();
                    double gk = g1.getColumn(k).norm2Number().doubleValue();
                    assertTrue(gj > 0 && gk > 0 && Math.abs(gj - gk) > 1e-6 * (gj + gk), "unit " + j + " and its source " + k);
                }
            }
        }
        assertEquals(8 - TINY.width(), copies, "every new first-layer unit copies an old one");
    }

    @Test
    void paddingNeverReachesRealFramesAndBackwardStartsAtEachEnd() {
        paddingCheck(TINY);
        paddingCheck(TINY_LSTM);
        paddingCheck(NARROW_LSTM);
    }

    private void paddingCheck(NetworkShape TINY) {
        Random rnd = new Random(4);
        DeepSpeechNetwork net = DeepSpeechNetwork.initialise(TINY, 8, DataType.DOUBLE);
        net.params.addi(0.2);
        int frames = 6;
        INDArray x = input(rnd, frames * 2, TINY.inputDim());
        INDArray logits = net.forward(x, 2, frames, new int[] {6, 4}, false, 0).logits;
        // utterance 1 alone, 4 frames, batch 1
        INDArray alone = Nd4j.create(DataType.DOUBLE, 4, TINY.inputDim());
        for (int t = 0; t < 4; t++) {
            alone.getRow(t).assign(x.getRow(t * 2 + 1));
        }
        INDArray single = net.forward(alone, 1, 4, new int[] {4}, false, 0).logits;
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < TINY.classes(); k++) {
                assertEquals(single.getDouble(t, k), logits.getDouble(t * 2 + 1, k), 1e-12);
            }
        }
    }

    /** The float path's OpenBLAS kernels against the double path's plain ND4J loops (themselves checked above). */
    @Test
    void recurrentKernelMatchesTheReferenceLoop() {
        // 72: a full and a part block of U rows
        kernelCheck(new NetworkShape(4, 1, 1, 72, 6, 0.0, NetworkShape.Cell.SIMPLE));
        kernelCheck(new NetworkShape(4, 1, 1, 72, 6, 0.0, NetworkShape.Cell.LSTM, 40));
    }

    private void kernelCheck(NetworkShape shape) {
        Random rnd = new Random(5);
        DeepSpeechNetwork ref = DeepSpeechNetwork.initialise(shape, 9, DataType.DOUBLE);
        ref.params.addi(uniform(rnd, ref.params.length(), 0.1).subi(0.05));
        DeepSpeechNetwork fast = new DeepSpeechNetwork(shape, ref.params.castTo(DataType.FLOAT));
        int batch = 3;
        int frames = 7;
        int[] lengths = {7, 4, 6};
        INDArray x = input(rnd, frames * batch, shape.inputDim());
        INDArray r = input(rnd, frames * batch, shape.classes());
        for (int t = 0; t < frames; t++) {
            for (int b = 0; b < batch; b++) {
                if (t >= lengths[b]) {
                    r.getRow(t * batch + b).assign(0);
                }
            }
        }
        DeepSpeechNetwork.Activations a = ref.forward(x, batch, frames, lengths, true, 0);
        DeepSpeechNetwork.Activations b = fast.forward(x.castTo(DataType.FLOAT), batch, frames, lengths, true, 0);
        INDArray diff = a.logits.sub(b.logits.castTo(DataType.DOUBLE));
        assertTrue(diff.norm2Number().doubleValue() < 1e-5 * a.logits.norm2Number().doubleValue() + 1e-6,
                "logits differ by " + diff.norm2Number());
        INDArray g1 = Nd4j.zeros(DataType.DOUBLE, ref.params.shape());
        INDArray g2 = Nd4j.zeros(DataType.FLOAT, ref.params.shape());
        ref.backward(a, r, g1);
        fast.backward(b, r.castTo(DataType.FLOAT), g2);
        double rel = g1.sub(g2.castTo(DataType.DOUBLE)).norm2Number().doubleValue() / g1.norm2Number().doubleValue();
        assertTrue(rel < 1e-5, "gradients differ, relative " + rel);
        // and the recurrent weights really take part
        assertTrue(fast.views(g2).uf().norm2Number().doubleValue() > 0);
        assertTrue(fast.views(g2).ub().norm2Number().doubleValue() > 0,
                "ub gradient: reference " + ref.views(g1).ub().norm2Number() + ", hb " + b.hb.norm2Number() + " ref hb " + a.hb.norm2Number());
    }

    /** The kernels' tanh against Math.tanh on every 4099th float bit pattern of either sign, and the limits. */
    @Test
    void kernelTanhIsMathTanh() {
        int checked = 0;
        for (int bits = 0; bits < 0x7f800000; bits += 4099) {
            float x = Float.intBitsToFloat(bits);
            assertEquals((float) Math.tanh(x), LstmKernel.tanh(x), "tanh(" + x + ")");
            assertEquals((float) Math.tanh(-x), LstmKernel.tanh(-x), "tanh(" + -x + ")");
            checked++;
        }
        assertTrue(checked > 500_000);
        assertEquals(1f, LstmKernel.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, LstmKernel.tanh(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(LstmKernel.tanh(Float.NaN)));
    }

    /**
     * Recognition's path for a few utterances of equal length (sparse matrix-vector in Java, batch up to
     * RecurrentKernel.FEW) and, past it, the sgemm path, against the reference loop.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5})
    void equalLengthKernelsMatchTheReferenceLoop(int batch) {
        equalLengthCheck(batch, new NetworkShape(4, 1, 1, 32, 6, 0.0, NetworkShape.Cell.SIMPLE));
        equalLengthCheck(batch, new NetworkShape(4, 1, 1, 32, 6, 0.0, NetworkShape.Cell.LSTM, 24));
    }

    private void equalLengthCheck(int batch, NetworkShape shape) {
        Random rnd = new Random(6 + batch);
        DeepSpeechNetwork ref = DeepSpeechNetwork.initialise(shape, 10, DataType.DOUBLE);
        ref.params.addi(uniform(rnd, ref.params.length(), 0.4).subi(0.2)); // centred: about half the units clip to 0
        DeepSpeechNetwork fast = new DeepSpeechNetwork(shape, ref.params.castTo(DataType.FLOAT));
        int frames = 9;
        int[] lengths = new int[batch];
        java.util.Arrays.fill(lengths, frames);
        INDArray x = input(rnd, frames * batch, shape.inputDim());
        DeepSpeechNetwork.Activations a = ref.forward(x, batch, frames, lengths, false, 0);
        DeepSpeechNetwork.Activations b = fast.forward(x.castTo(DataType.FLOAT), batch, frames, lengths, false, 0);
        double rel = a.logits.sub(b.logits.castTo(DataType.DOUBLE)).norm2Number().doubleValue() / a.logits.norm2Number().doubleValue();
        assertTrue(rel < 1e-5, shape.cell() + ": logits differ, relative " + rel);
        if (shape.cell() == NetworkShape.Cell.LSTM) {
            return;
        }
        // the skipped rows are really skipped: some units are zero and some are not, in both directions
        for (INDArray h : new INDArray[] {b.hf, b.hb}) {
            double zeros = h.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            assertTrue(zeros > 0.1 && zeros < 0.9, "share of zero units " + zeros);
        }
    }
}
