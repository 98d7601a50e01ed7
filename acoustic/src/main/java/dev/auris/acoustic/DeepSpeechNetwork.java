package dev.auris.acoustic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The DeepSpeech network's forward and backward passes on ND4J, written for this machine's two
 * cores rather than with DL4J's stock layers (whose bidirectional step loop took 1.3 of 2.0 s per
 * training step, shared/DL4J-NOTES.md).
 *
 * <p>Activations are time-major matrices, row t * batch + b, so every dense layer and the
 * recurrent layer's input projections are single large matrix products over all frames of the
 * batch, and the step loop works on contiguous row blocks: per step one small product and one
 * in-place clip forward, one product and one in-place multiply backward. The recurrent weight
 * gradients are again single large products after the loop.
 *
 * <p>All parameters live in one flat vector (views per weight), which the optimiser updates at once.
 */
final class DeepSpeechNetwork {

    final NetworkShape shape;
    final INDArray params;
    private final Weights w;

    /** Views into a flat parameter (or gradient) vector, in a fixed order. */
    record Weights(INDArray w1, INDArray b1, INDArray w2, INDArray b2, INDArray w3, INDArray b3,
                   INDArray wf, INDArray bf, INDArray wb, INDArray bb, INDArray uf, INDArray ub,
                   INDArray w5, INDArray b5, INDArray w6, INDArray b6) {

        List<INDArray> all() {
            return List.of(w1, b1, w2, b2, w3, b3, wf, bf, wb, bb, uf, ub, w5, b5, w6, b6);
        }
    }

    /** What the forward pass keeps for the backward pass. */
    static final class Activations {
        int batch;
        int frames;
        int[] lengths;
        int minLength;
        INDArray x;
        INDArray h1;
        INDArray h2;
        INDArray h3;
        INDArray hf;
        INDArray hb;
        INDArray h4;
        INDArray h5;
        INDArray logits;
        INDArray mask;
        float[] maskValues;
        INDArray[] dropout = new INDArray[4];
        /** LSTM only: activated gates [rows, 4H] and cell states [rows, H] of each direction. */
        INDArray gatesF;
        INDArray gatesB;
        INDArray cellsF;
        INDArray cellsB;
    }

    DeepSpeechNetwork(NetworkShape shape, INDArray params) {
        if (params.length() != shape.parameterCount()) {
            throw new IllegalArgumentException("parameter vector has " + params.length() + " values, shape needs "
                    + shape.parameterCount());
        }
        this.shape = shape;
        this.params = params;
        this.w = views(params);
    }

    /** He-normal dense weights for the clipped ReLUs, small recurrent weights, zero biases. */
    static DeepSpeechNetwork initialise(NetworkShape shape, long seed) {
        return initialise(shape, seed, DataType.FLOAT);
    }

    static DeepSpeechNetwork initialise(NetworkShape shape, long seed, DataType type) {
        INDArray flat = Nd4j.zeros(type, 1, shape.parameterCount());
        DeepSpeechNetwork net = new DeepSpeechNetwork(shape, flat);
        Random r = new Random(seed);
        Weights v = net.w;
        int h = shape.width();
        int rw = shape.recurrentWidth();
        fill(v.w1(), r, Math.sqrt(2.0 / shape.inputDim()));
        fill(v.w2(), r, Math.sqrt(2.0 / h));
        fill(v.w3(), r, Math.sqrt(2.0 / h));
        fill(v.wf(), r, Math.sqrt(1.0 / h));
        fill(v.wb(), r, Math.sqrt(1.0 / h));
        fill(v.uf(), r, 0.5 * Math.sqrt(1.0 / rw));
        fill(v.ub(), r, 0.5 * Math.sqrt(1.0 / rw));
        fill(v.w5(), r, Math.sqrt(2.0 / rw));
        fill(v.w6(), r, Math.sqrt(1.0 / h));
        openForgetGates(v, shape);
        return net;
    }

    /**
     * An LSTM's forget gates start open, bias 1, so that gradients reach back through time from the first step
     * (Gers, Schmidhuber and Cummins 2000; Jozefowicz, Zaremba and Sutskever 2015).
     */
    private static void openForgetGates(Weights v, NetworkShape shape) {
        if (shape.cell() == NetworkShape.Cell.LSTM) {
            int h = shape.recurrentWidth();
            v.bf().get(NDArrayIndex.all(), NDArrayIndex.interval(h, 2 * h)).assign(1.0);
            v.bb().get(NDArrayIndex.all(), NDArrayIndex.interval(h, 2 * h)).assign(1.0);
        }
    }

    /**
     * This network with another recurrent layer (cell and width): the three dense layers below it and the two
     * above it keep their weights (h5's only at the same recurrent width), and the new recurrent layer starts as
     * {@link #initialise} would start it, on a front end that already hears speech (session 34: still some
     * epochs of training before it catches up, training/lstm/README.md).
     */
    DeepSpeechNetwork withRecurrentLayer(NetworkShape.Cell cell, int recurrentWidth, long seed) {
        DeepSpeechNetwork out = initialise(shape.withRecurrent(cell, recurrentWidth), seed, params.dataType());
        List<INDArray> from = w.all();
        List<INDArray> to = out.w.all();
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 13, 14, 15}) { // w1 ... b3, b5, w6, b6 (Weights' order)
            to.get(i).assign(from.get(i));
        }
        if (recurrentWidth == shape.recurrentWidth()) {
            out.w.w5().assign(w.w5()); // another width's states mean nothing to h5: its weights start afresh
        }
        return out;
    }

    /**
     * The same function with {@code width} hidden units per layer (Net2WiderNet, Chen, Goodfellow and
     * Shlens 2016): each new unit copies a random old unit of its layer (incoming weights and bias; for
     * the LSTM every gate), and the outgoing weights of an old unit and its copies share the original
     * between them, so every layer above sees the same sums. The shares are random positive parts
     * rather than equal ones, so the copies get different gradients and grow apart in training. The
     * recurrent layer's two directions use one unit map, since their states are summed.
     *
     * @throws IllegalArgumentException for a width below the current one
     */
    DeepSpeechNetwork widened(int width, long seed) {
        int h = shape.width();
        if (width < h) {
            throw new IllegalArgumentException("cannot narrow a network from " + h + " to " + width + " units");
        }
        int r = shape.recurrentWidth();
        int wideR = r == h ? width : r; // a recurrent layer narrower than the dense ones keeps its width
        NetworkShape wide = new NetworkShape(shape.featureDim(), shape.context(), shape.stride(), width, shape.classes(),
                shape.dropout(), shape.cell(), wideR);
        DeepSpeechNetwork out = new DeepSpeechNetwork(wide, Nd4j.zeros(params.dataType(), 1, wide.parameterCount()));
        Random random = new Random(seed);
        // h1, h2, h3, the recurrent state (both directions), h5
        UnitMap[] maps = {UnitMap.random(h, width, random), UnitMap.random(h, width, random), UnitMap.random(h, width, random),
                UnitMap.random(r, wideR, random), UnitMap.random(h, width, random)};
        UnitMap features = UnitMap.identity(shape.inputDim());
        UnitMap classes = UnitMap.identity(shape.classes());
        int g = shape.gates();
        Weights a = w;
        Weights b = out.w;
        widen(a.w1(), b.w1(), features, maps[0], 1);
        widen(a.b1(), b.b1(), null, maps[0], 1);
        widen(a.w2(), b.w2(), maps[0], maps[1], 1);
        widen(a.b2(), b.b2(), null, maps[1], 1);
        widen(a.w3(), b.w3(), maps[1], maps[2], 1);
        widen(a.b3(), b.b3(), null, maps[2], 1);
        widen(a.wf(), b.wf(), maps[2], maps[3], g);
        widen(a.bf(), b.bf(), null, maps[3], g);
        widen(a.wb(), b.wb(), maps[2], maps[3], g);
        widen(a.bb(), b.bb(), null, maps[3], g);
        widen(a.uf(), b.uf(), maps[3], maps[3], g);
        widen(a.ub(), b.ub(), maps[3], maps[3], g);
        widen(a.w5(), b.w5(), maps[3], maps[4], 1);
        widen(a.b5(), b.b5(), null, maps[4], 1);
        widen(a.w6(), b.w6(), maps[4], classes, 1);
        widen(a.b6(), b.b6(), null, classes, 1);
        return out;
    }

    /**
     * Where each unit of a widened layer comes from ({@code source}) and its share of that unit's
     * outgoing weights ({@code share}; the shares of one source sum to 1).
     */
    private record UnitMap(int[] source, double[] share) {

        static UnitMap identity(int n) {
            int[] s = new int[n];
            double[] one = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = i;
                one[i] = 1;
            }
            return new UnitMap(s, one);
        }

        /** The first {@code from} units are the old ones; each further unit copies a random old one. */
        static UnitMap random(int from, int to, Random r) {
            int[] s = new int[to];
            double[] raw = new double[to];
            double[] total = new double[from];
            for (int j = 0; j < to; j++) {
                s[j] = j < from ? j : r.nextInt(from);
                raw[j] = 0.5 + r.nextDouble();
                total[s[j]] += raw[j];
            }
            double[] share = new double[to];
            for (int j = 0; j < to; j++) {
                share[j] = raw[j] / total[s[j]];
            }
            return new UnitMap(s, share);
        }
    }

    /**
     * new[i][q * H' + j] = old[in.source(i)][q * H + out.source(j)] * in.share(i), for each of the
     * {@code blocks} column blocks (the LSTM's gates); rows are not mapped when {@code in} is null (biases).
     */
    private static void widen(INDArray old, INDArray wide, UnitMap in, UnitMap out, int blocks) {
        double[][] o = old.castTo(DataType.DOUBLE).toDoubleMatrix();
        int oldBlock = (int) old.columns() / blocks;
        int newBlock = (int) wide.columns() / blocks;
        double[][] n = new double[(int) wide.rows()][(int) wide.columns()];
        for (int i = 0; i < n.length; i++) {
            int row = in == null ? i : in.source()[i];
            double share = in == null ? 1 : in.share()[i];
            for (int q = 0; q < blocks; q++) {
                for (int j = 0; j < newBlock; j++) {
                    n[i][q * newBlock + j] = o[row][q * oldBlock + out.source()[j]] * share;
                }
            }
        }
        wide.assign(Nd4j.create(n).castTo(wide.dataType()));
    }

    private static void fill(INDArray view, Random r, double std) {
        float[] values = new float[(int) view.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (r.nextGaussian() * std);
        }
        view.assign(Nd4j.create(values, view.shape(), 'c').castTo(view.dataType()));
    }

    Weights views(INDArray flat) {
        int in = shape.inputDim();
        int h = shape.width();
        int v = shape.classes();
        long[] at = {0};
        List<INDArray> parts = new ArrayList<>();
        int r = shape.recurrentWidth();
        int gr = shape.gates() * r;
        int[][] shapes = {{in, h}, {1, h}, {h, h}, {1, h}, {h, h}, {1, h}, {h, gr}, {1, gr}, {h, gr}, {1, gr},
                {r, gr}, {r, gr}, {r, h}, {1, h}, {h, v}, {1, v}};
        for (int[] s : shapes) {
            long n = (long) s[0] * s[1];
            parts.add(flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(at[0], at[0] + n)).reshape('c', s[0], s[1]));
            at[0] += n;
        }
        return new Weights(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4), parts.get(5),
                parts.get(6), parts.get(7), parts.get(8), parts.get(9), parts.get(10), parts.get(11), parts.get(12),
                parts.get(13), parts.get(14), parts.get(15));
    }

    /**
     * @param x [frames * batch, inputDim] time-major stacked input
     * @param lengths output frames of each utterance (the rest of its rows are padding)
     * @param dropoutSeed seed for dropout masks; ignored unless training with dropout
     */
    Activations forward(INDArray x, int batch, int frames, int[] lengths, boolean training, long dropoutSeed) {
        Activations a = new Activations();
        a.batch = batch;
        a.frames = frames;
        a.lengths = lengths;
        a.x = x;
        float[] mask = new float[frames * batch];
        int min = Integer.MAX_VALUE;
        for (int b = 0; b < batch; b++) {
            min = Math.min(min, lengths[b]);
            for (int t = 0; t < lengths[b]; t++) {
                mask[t * batch + b] = 1f;
            }
        }
        a.minLength = min;
        a.maskValues = mask;
        a.mask = Nd4j.create(mask, new long[] {(long) frames * batch, 1}, 'c').castTo(x.dataType());
        boolean drop = training && shape.dropout() > 0;
        if (drop) {
            Nd4j.getRandom().setSeed(dropoutSeed);
        }
        a.h1 = dense(x, w.w1(), w.b1());
        a.dropout[0] = drop ? dropout(a.h1) : null;
        a.h2 = dense(a.h1, w.w2(), w.b2());
        a.dropout[1] = drop ? dropout(a.h2) : null;
        a.h3 = dense(a.h2, w.w3(), w.b3());
        a.dropout[2] = drop ? dropout(a.h3) : null;

        // input projections of all frames, both directions
        if (shape.cell() == NetworkShape.Cell.LSTM) {
            a.gatesF = project(a.h3, w.wf(), w.bf());
            a.gatesB = project(a.h3, w.wb(), w.bb());
            // the reference loop needs zeros; the kernels write every row, so zeroing would be wasted there
            a.cellsF = stateRows(x);
            a.cellsB = stateRows(x);
            a.hf = stateRows(x);
            a.hb = stateRows(x);
            if (!fast(x)) {
                LstmCell.forward(a.gatesF, a.cellsF, a.hf, w.uf(), batch, frames, false, null, min);
                LstmCell.forward(a.gatesB, a.cellsB, a.hb, w.ub(), batch, frames, true, a.mask, min);
            } else if (batch <= RecurrentKernel.FEW && min == frames) { // plain Java loops: one direction per core
                RecurrentKernel.inParallel(
                        () -> LstmKernel.forwardFew(a.gatesF, a.cellsF, a.hf, w.uf(), batch, frames, false),
                        () -> LstmKernel.forwardFew(a.gatesB, a.cellsB, a.hb, w.ub(), batch, frames, true));
            } else { // one 2-thread sgemm per step, one direction after the other (see RecurrentKernel.inParallel)
                LstmKernel.forward(a.gatesF, a.cellsF, a.hf, w.uf(), batch, frames, false, null, min);
                LstmKernel.forward(a.gatesB, a.cellsB, a.hb, w.ub(), batch, frames, true, mask, min);
            }
            a.h4 = a.hf.add(a.hb);
            a.h5 = dense(a.h4, w.w5(), w.b5());
            a.dropout[3] = drop ? dropout(a.h5) : null;
            a.logits = project(a.h5, w.w6(), w.b6());
            return a;
        }
        a.hf = project(a.h3, w.wf(), w.bf());
        a.hb = project(a.h3, w.wb(), w.bb());
        if (fast(x)) {
            int firstMasked = min;
            if (batch <= RecurrentKernel.FEW && min == frames) { // plain Java loops: one direction per core
                RecurrentKernel.inParallel(
                        () -> RecurrentKernel.forwardFew(a.hf, w.uf(), batch, frames, false),
                        () -> RecurrentKernel.forwardFew(a.hb, w.ub(), batch, frames, true));
            } else { // one 2-thread sgemm per step: never two at once (see RecurrentKernel.inParallel)
                RecurrentKernel.forward(a.hf, w.uf(), batch, frames, false, null, firstMasked);
                RecurrentKernel.forward(a.hb, w.ub(), batch, frames, true, mask, firstMasked);
            }
        } else {
            referenceForward(a, batch, frames, min);
        }
        a.h4 = a.hf.add(a.hb);
        a.h5 = dense(a.h4, w.w5(), w.b5());
        a.dropout[3] = drop ? dropout(a.h5) : null;
        a.logits = project(a.h5, w.w6(), w.b6());
        return a;
    }

    /**
     * Back-propagates {@code dLogits} ([frames * batch, classes], zero on padding rows) and writes
     * every parameter's gradient into the matching view of {@code gradient}.
     */
    void backward(Activations a, INDArray dLogits, INDArray gradient) {
        Weights g = views(gradient);
        int batch = a.batch;
        int frames = a.frames;
        gemm(a.h5, dLogits, g.w6(), true, false, 1.0, 0.0);
        biasGradient(dLogits, g.b6());
        INDArray d5 = gemm(dLogits, w.w6(), false, true);
        applyDerivative(d5, a.h5, a.dropout[3]);
        gemm(a.h4, d5, g.w5(), true, false, 1.0, 0.0);
        biasGradient(d5, g.b5());
        INDArray dh4 = Nd4j.createUninitialized(d5.dataType(), d5.rows(), shape.recurrentWidth());
        gemm(d5, w.w5(), dh4, false, true, 1.0, 0.0);

        // forward direction back through time, backward direction forward: dz_t = (dh_t + dz_t' U^T) * g'(z_t)
        INDArray dzf;
        INDArray dzb;
        if (shape.cell() == NetworkShape.Cell.LSTM && fast(dh4)) {
            long gr = 4L * shape.recurrentWidth();
            dzf = Nd4j.createUninitialized(dh4.dataType(), dh4.rows(), gr);
            dzb = Nd4j.createUninitialized(dh4.dataType(), dh4.rows(), gr);
            LstmKernel.backward(dh4.dup('c'), dzf, a.gatesF, a.cellsF, w.uf(), batch, frames, false, null, a.minLength);
            LstmKernel.backward(dh4, dzb, a.gatesB, a.cellsB, w.ub(), batch, frames, true, a.maskValues, a.minLength);
        } else if (shape.cell() == NetworkShape.Cell.LSTM) {
            dzf = LstmCell.backward(dh4.dup('c'), a.gatesF, a.cellsF, w.uf(), batch, frames, false, null, a.minLength);
            dzb = LstmCell.backward(dh4, a.gatesB, a.cellsB, w.ub(), batch, frames, true, a.mask, a.minLength);
        } else if (fast(dh4)) {
            dzf = dh4.dup('c');
            dzb = dh4;
            RecurrentKernel.backward(dzf, a.hf, w.uf(), batch, frames, false);
            RecurrentKernel.backward(dzb, a.hb, w.ub(), batch, frames, true);
        } else {
            dzf = dh4.dup('c');
            dzb = dh4;
            referenceBackward(a, dzf, dzb, batch, frames);
        }
        if (frames > 1) {
            long split = (long) (frames - 1) * batch;
            gemm(rowRange(a.hf, 0, split), rowRange(dzf, batch, split + batch), g.uf(), true, false, 1.0, 0.0);
            gemm(rowRange(a.hb, batch, split + batch), rowRange(dzb, 0, split), g.ub(), true, false, 1.0, 0.0);
        } else {
            g.uf().assign(0);
            g.ub().assign(0);
        }
        gemm(a.h3, dzf, g.wf(), true, false, 1.0, 0.0);
        gemm(a.h3, dzb, g.wb(), true, false, 1.0, 0.0);
        biasGradient(dzf, g.bf());
        biasGradient(dzb, g.bb());
        INDArray d3 = gemm(dzf, w.wf(), false, true);
        gemm(dzb, w.wb(), d3, false, true, 1.0, 1.0);

        applyDerivative(d3, a.h3, a.dropout[2]);
        gemm(a.h2, d3, g.w3(), true, false, 1.0, 0.0);
        biasGradient(d3, g.b3());
        INDArray d2 = gemm(d3, w.w3(), false, true);
        applyDerivative(d2, a.h2, a.dropout[1]);
        gemm(a.h1, d2, g.w2(), true, false, 1.0, 0.0);
        biasGradient(d2, g.b2());
        INDArray d1 = gemm(d2, w.w2(), false, true);
        applyDerivative(d1, a.h1, a.dropout[0]);
        gemm(a.x, d1, g.w1(), true, false, 1.0, 0.0);
        biasGradient(d1, g.b1());
    }

    /** C = alpha op(A) op(B) + beta C: straight to OpenBLAS for float row-major arrays, else through ND4J. */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        if (RecurrentKernel.direct(a) && RecurrentKernel.direct(b) && RecurrentKernel.direct(c)) {
            RecurrentKernel.sgemm(a, transA, b, transB, c, (float) alpha, (float) beta);
        } else {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
        }
    }

    /** The bias gradient: column sums of the layer's gradient, in Java for floats (ND4J's sum(0) took 7 ms here). */
    private static void biasGradient(INDArray grad, INDArray out) {
        if (fast(grad) && RecurrentKernel.direct(grad) && RecurrentKernel.direct(out)) {
            RecurrentKernel.columnSums(grad, out);
        } else {
            out.assign(grad.sum(0).reshape(out.shape()));
        }
    }

    /** op(A) op(B) into a new row-major array. */
    static INDArray gemm(INDArray a, INDArray b, boolean transA, boolean transB) {
        INDArray c = Nd4j.createUninitialized(a.dataType(), transA ? a.columns() : a.rows(), transB ? b.rows() : b.columns());
        gemm(a, b, c, transA, transB, 1.0, 0.0);
        return c;
    }

    /** [rows of x, recurrent width] for the recurrent layer's states: zeros for the reference loop, else uninitialised. */
    private INDArray stateRows(INDArray x) {
        return fast(x) ? Nd4j.createUninitialized(x.dataType(), x.rows(), shape.recurrentWidth())
                : Nd4j.zeros(x.dataType(), x.rows(), shape.recurrentWidth());
    }

    /** Float arrays take the OpenBLAS kernel; doubles (gradient checks) the plain ND4J loop below. */
    private static boolean fast(INDArray x) {
        return x.dataType() == DataType.FLOAT;
    }

    /** x W + b into a fresh contiguous row-major array. */
    private static INDArray project(INDArray x, INDArray weights, INDArray bias) {
        INDArray z = Nd4j.createUninitialized(x.dataType(), x.rows(), weights.columns());
        gemm(x, weights, z, false, false, 1.0, 0.0);
        if (fast(z) && RecurrentKernel.direct(bias)) {
            RecurrentKernel.addBias(z, bias, false);
            return z;
        }
        return z.addiRowVector(bias);
    }

    /** The recurrence with one ND4J op per step and operation: the reference the kernel is tested against. */
    private void referenceForward(Activations a, int batch, int frames, int min) {
        for (int t = 0; t < frames; t++) {
            INDArray z = rows(a.hf, t, batch);
            if (t > 0) {
                Nd4j.gemm(rows(a.hf, t - 1, batch), w.uf(), z, false, false, 1.0, 1.0);
            }
            clip(z);
        }
        for (int t = frames - 1; t >= 0; t--) {
            INDArray z = rows(a.hb, t, batch);
            if (t < frames - 1) {
                Nd4j.gemm(rows(a.hb, t + 1, batch), w.ub(), z, false, false, 1.0, 1.0);
            }
            clip(z);
            if (t >= min) {
                // the backward direction starts at each utterance's own end: padding stays zero
                z.muliColumnVector(rows(a.mask, t, batch));
            }
        }
    }

    private void referenceBackward(Activations a, INDArray dzf, INDArray dzb, int batch, int frames) {
        INDArray df = derivative(a.hf);
        for (int t = frames - 1; t >= 0; t--) {
            INDArray dz = rows(dzf, t, batch);
            dz.muli(rows(df, t, batch));
            if (t > 0) {
                Nd4j.gemm(dz, w.uf(), rows(dzf, t - 1, batch), false, true, 1.0, 1.0);
            }
        }
        INDArray db = derivative(a.hb);
        for (int t = 0; t < frames; t++) {
            INDArray dz = rows(dzb, t, batch);
            dz.muli(rows(db, t, batch));
            if (t < frames - 1) {
                Nd4j.gemm(dz, w.ub(), rows(dzb, t + 1, batch), false, true, 1.0, 1.0);
            }
        }
    }

    private static INDArray dense(INDArray in, INDArray weights, INDArray bias) {
        INDArray z = Nd4j.createUninitialized(in.dataType(), in.rows(), weights.columns());
        gemm(in, weights, z, false, false, 1.0, 0.0);
        if (fast(z)) {
            RecurrentKernel.addBiasAndClip(z, bias); // one pass instead of two ND4J ops
        } else {
            z.addiRowVector(bias);
            clip(z);
        }
        return z;
    }

    /** In place: z = min(max(z, 0), 20). */
    static void clip(INDArray z) {
        Nd4j.exec(DynamicCustomOp.builder("clipbyvalue").addInputs(z).addOutputs(z)
                .addFloatingPointArguments(0.0, (double) NetworkShape.CLIP).build());
    }

    /** g'(z) from h = g(z) * scale: 1 where 0 < h < 20 * scale, else 0. */
    private static INDArray derivative(INDArray h, double scale) {
        INDArray d = Transforms.step(h, true);
        return d.muli(Transforms.step(h.rsub(NetworkShape.CLIP * scale), false));
    }

    private static INDArray derivative(INDArray h) {
        return derivative(h, 1.0);
    }

    /** grad *= g'(z) (and the dropout mask); h is the layer's output after dropout scaled kept units by 1/(1-p). */
    private void applyDerivative(INDArray grad, INDArray h, INDArray dropoutMask) {
        if (dropoutMask == null && fast(grad)) {
            RecurrentKernel.keepWhereActive(grad, h);
        } else if (dropoutMask == null) {
            grad.muli(derivative(h));
        } else {
            grad.muli(derivative(h, 1.0 / (1.0 - shape.dropout()))).muli(dropoutMask);
        }
    }

    /** Inverted dropout in place; returns the mask (0 or 1/(1-p)) for the backward pass. */
    private INDArray dropout(INDArray h) {
        double p = shape.dropout();
        INDArray m = Transforms.step(Nd4j.rand(h.dataType(), h.shape()).subi(p), false).muli(1.0 / (1.0 - p));
        h.muli(m);
        return m;
    }

    static INDArray rows(INDArray m, int t, int batch) {
        return rowRange(m, (long) t * batch, (long) (t + 1) * batch);
    }

    static INDArray rowRange(INDArray m, long from, long to) {
        return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
