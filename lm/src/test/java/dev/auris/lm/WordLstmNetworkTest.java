package dev.auris.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WordLstmNetworkTest {

    /** A tiny double-precision network with every parameter nudged off its initial value (biases too). */
    static WordLstmNetwork tinyNetwork(long seed) {
        WordLstmNetwork net = WordLstmNetwork.initial(13, 5, 4, DataType.DOUBLE, seed);
        Random r = new Random(seed + 1);
        for (INDArray p : net.params.values()) {
            for (long k = 0; k < p.length(); k++) {
                p.putScalar(k, p.getDouble(k) + 0.3 * r.nextGaussian());
            }
        }
        return net;
    }

    /** Three sentences of different lengths, so two of them are padded. */
    static WordLstmNetwork.Batch tinyBatch() {
        return WordLstmNetwork.Batch.of(List.of(new int[] {3, 7, 12, 5}, new int[] {4, 4}, new int[] {9, 3, 11, 6, 8}),
                Vocabulary.BOS_ID, Vocabulary.EOS_ID);
    }

    @Test
    void gradientMatchesCentralDifferences() {
        for (double sn : new double[] {0, 0.1}) {
            WordLstmNetwork net = tinyNetwork(4);
            WordLstmNetwork.Batch batch = tinyBatch();
            var analytic = net.lossAndGradient(batch, sn);
            Random r = new Random(5);
            double worst = 0;
            int checked = 0;
            for (String name : WordLstmNetwork.NAMES) {
                INDArray p = net.params.get(name);
                for (int probe = 0; probe < 8; probe++) {
                    // the embedding gradient is zero off the batch's words: probe rows that occur too
                    long k = name.equals("emb") ? (long) new int[] {1, 3, 4, 7, 9, 12}[probe % 6] * 5 + r.nextInt(5)
                            : r.nextInt((int) p.length());
                    double old = p.getDouble(k);
                    double eps = 1e-6;
                    p.putScalar(k, old + eps);
                    double plus = net.lossAndGradient(batch, sn).loss();
                    p.putScalar(k, old - eps);
                    double minus = net.lossAndGradient(batch, sn).loss();
                    p.putScalar(k, old);
                    double numeric = (plus - minus) / (2 * eps);
                    double got = analytic.gradient().get(name).getDouble(k);
                    // relative error; absolute for gradients under 1e-3, where the differences' rounding (1e-10) dominates
                    worst = Math.max(worst, Math.abs(numeric - got) / Math.max(1e-3, Math.abs(numeric) + Math.abs(got)));
                    checked++;
                }
            }
            assertEquals(48, checked);
            assertTrue(worst < 1e-5, "self-normalisation " + sn + ": worst relative error " + worst);
        }
    }

    @Test
    void lossIsTheMeanNegativeLogProbabilityOfTheTargets() {
        WordLstmNetwork net = tinyNetwork(8);
        WordLstmNetwork.Batch batch = tinyBatch();
        double[][] lp = net.tokenLogProbs(batch, false);
        double sum = 0;
        int tokens = 0;
        for (int t = 0; t < batch.steps(); t++) {
            for (int b = 0; b < batch.size(); b++) {
                sum += lp[t][b];
                tokens += (int) batch.mask()[t][b];
            }
        }
        assertEquals(5 + 3 + 6, tokens);
        assertEquals(-sum / tokens, net.lossAndGradient(batch, 0).loss(), 1e-9);
    }
}
