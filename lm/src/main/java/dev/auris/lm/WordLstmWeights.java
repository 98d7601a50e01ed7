package dev.auris.lm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The word LSTM's parameters as plain float arrays, laid out for {@link WordLstmScorer}, with their file
 * form: each matrix by its own {@link ValueQuantizer} codebook, 256 levels a byte a value (a quarter of
 * float32's size) or fewer levels in fewer bits for the embedding and output matrices (so that more than one
 * network fits a bundle's 40 MB).
 */
record WordLstmWeights(int vocabulary, int embedding, int hidden, float[][] emb, float[][] inputW, float[][] recurrent,
                       float[] bias, float[][] outputT, float[] outputBias) {

    static WordLstmWeights of(WordLstmNetwork net) {
        Map<String, INDArray> p = net.params;
        return new WordLstmWeights(net.vocabulary, net.embedding, net.hidden, floats(p.get("emb")), floats(p.get("Wx")),
                floats(p.get("Wh")), floats(p.get("b"))[0], floats(p.get("Wo").transpose()), floats(p.get("bo"))[0]);
    }

    private static float[][] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).toFloatMatrix();
    }

    /** The same weights as an ND4J network (float), e.g. to go on training or to check the scorer against. */
    WordLstmNetwork network() {
        Map<String, INDArray> p = new LinkedHashMap<>();
        p.put("emb", Nd4j.create(emb));
        p.put("Wx", Nd4j.create(inputW));
        p.put("Wh", Nd4j.create(recurrent));
        p.put("b", Nd4j.create(new float[][] {bias}));
        p.put("Wo", Nd4j.create(outputT).transpose().dup('c'));
        p.put("bo", Nd4j.create(new float[][] {outputBias}));
        return new WordLstmNetwork(vocabulary, embedding, hidden, p);
    }

    /**
     * The weights with the embedding and output matrices coded at {@code bits} bits a weight and decoded
     * again: what a file of that width holds. The LSTM's matrices, a twentieth of the weights, whose errors
     * the recurrence compounds, keep 8.
     */
    WordLstmWeights quantised(int bits) {
        float[][][] m = matrices();
        for (int i = 0; i < m.length; i++) {
            ValueQuantizer q = codebook(m[i], widthOf(i, bits));
            float[][] copy = new float[m[i].length][];
            for (int r = 0; r < copy.length; r++) {
                copy[r] = m[i][r].clone();
                for (int c = 0; c < copy[r].length; c++) {
                    copy[r][c] = q.value(q.code(copy[r][c]));
                }
            }
            m[i] = copy;
        }
        return new WordLstmWeights(vocabulary, embedding, hidden, m[0], m[1], m[2], m[3][0], m[4], m[5][0]);
    }

    private float[][][] matrices() {
        return new float[][][] {emb, inputW, recurrent, {bias}, outputT, {outputBias}};
    }

    /** The width of matrix i (in {@link #matrices} order): the embedding and output ones at {@code bits}, the rest 8. */
    private static int widthOf(int matrix, int bits) {
        return matrix == 0 || matrix == 4 ? bits : 8;
    }

    void write(DataOutputStream out, int bits) throws IOException {
        float[][][] m = matrices();
        for (int i = 0; i < m.length; i++) {
            writeQuantised(out, m[i], widthOf(i, bits));
        }
    }

    /** @param packed whether codes take the fewest bits their codebook needs (files after version 1: one byte each) */
    static WordLstmWeights read(DataInputStream in, int v, int e, int h, boolean packed) throws IOException {
        return new WordLstmWeights(v, e, h, readQuantised(in, v, e, packed), readQuantised(in, e, 4 * h, packed),
                readQuantised(in, h, 4 * h, packed), readQuantised(in, 1, 4 * h, packed)[0], readQuantised(in, v, h, packed),
                readQuantised(in, 1, v, packed)[0]);
    }

    private static float[] flat(float[][] m) {
        int cols = m[0].length;
        float[] all = new float[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, all, r * cols, cols);
        }
        return all;
    }

    /** 8 bits: {@link ValueQuantizer#fit}'s 256 levels; fewer: 2^bits levels by least squares. */
    private static ValueQuantizer codebook(float[][] m, int bits) {
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("weights of " + bits + " bits (2 to 8)");
        }
        return bits == 8 ? ValueQuantizer.fit(flat(m)) : ValueQuantizer.fitLeastSquares(flat(m), 1 << bits);
    }

    /** Bits a code of a codebook of n levels takes (at least 1). */
    private static int codeBits(int n) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
    }

    private static void writeQuantised(DataOutputStream out, float[][] m, int bits) throws IOException {
        float[] all = flat(m);
        ValueQuantizer q = codebook(m, bits);
        float[] levels = q.levels();
        out.writeInt(levels.length);
        for (float l : levels) {
            out.writeFloat(l);
        }
        int width = codeBits(levels.length);
        byte[] codes = new byte[(int) (((long) all.length * width + 7) / 8)];
        for (int i = 0; i < all.length; i++) {
            int code = q.code(all[i]);
            long at = (long) i * width; // most significant bit first
            for (int k = 0; k < width; k++, at++) {
                if ((code >> (width - 1 - k) & 1) != 0) {
                    codes[(int) (at >> 3)] |= (byte) (0x80 >> (at & 7));
                }
            }
        }
        out.write(codes);
    }

    private static float[][] readQuantised(DataInputStream in, int rows, int cols, boolean packed) throws IOException {
        int n = in.readInt();
        if (n < 1 || n > ValueQuantizer.LEVELS) {
            throw new IOException("codebook of " + n + " levels");
        }
        float[] levels = new float[n];
        for (int i = 0; i < n; i++) {
            levels[i] = in.readFloat();
        }
        int width = packed ? codeBits(n) : 8;
        int count = rows * cols;
        byte[] codes = new byte[(int) (((long) count * width + 7) / 8)];
        in.readFully(codes);
        float[][] m = new float[rows][cols];
        long buffer = 0; // bits read ahead, most significant first
        int buffered = 0;
        int next = 0;
        int mask = (1 << width) - 1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                while (buffered < width) {
                    buffer = buffer << 8 | (codes[next++] & 0xff);
                    buffered += 8;
                }
                buffered -= width;
                int code = (int) (buffer >>> buffered) & mask;
                if (code >= n) {
                    throw new IOException("code " + code + " outside a codebook of " + n);
                }
                m[r][c] = levels[code];
            }
        }
        return m;
    }
}
