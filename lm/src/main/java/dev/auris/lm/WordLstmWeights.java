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
 * form: each matrix one byte a value by its own 256-level {@link ValueQuantizer} codebook (a quarter of
 * float32's size; the model shipped in a bundle has to fit its 40 MB).
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

    void write(DataOutputStream out) throws IOException {
        for (float[][] m : new float[][][] {emb, inputW, recurrent, {bias}, outputT, {outputBias}}) {
            writeQuantised(out, m);
        }
    }

    static WordLstmWeights read(DataInputStream in, int v, int e, int h) throws IOException {
        return new WordLstmWeights(v, e, h, readQuantised(in, v, e), readQuantised(in, e, 4 * h),
                readQuantised(in, h, 4 * h), readQuantised(in, 1, 4 * h)[0], readQuantised(in, v, h),
                readQuantised(in, 1, v)[0]);
    }

    private static void writeQuantised(DataOutputStream out, float[][] m) throws IOException {
        int cols = m[0].length;
        float[] all = new float[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, all, r * cols, cols);
        }
        ValueQuantizer q = ValueQuantizer.fit(all);
        float[] levels = q.levels();
        out.writeInt(levels.length);
        for (float l : levels) {
            out.writeFloat(l);
        }
        byte[] codes = new byte[all.length];
        for (int i = 0; i < all.length; i++) {
            codes[i] = (byte) q.code(all[i]);
        }
        out.write(codes);
    }

    private static float[][] readQuantised(DataInputStream in, int rows, int cols) throws IOException {
        int n = in.readInt();
        if (n < 1 || n > ValueQuantizer.LEVELS) {
            throw new IOException("codebook of " + n + " levels");
        }
        float[] levels = new float[n];
        for (int i = 0; i < n; i++) {
            levels[i] = in.readFloat();
        }
        byte[] codes = new byte[rows * cols];
        in.readFully(codes);
        float[][] m = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int code = codes[r * cols + c] & 0xff;
                if (code >= n) {
                    throw new IOException("code " + code + " outside a codebook of " + n);
                }
                m[r][c] = levels[code];
            }
        }
        return m;
    }
}
