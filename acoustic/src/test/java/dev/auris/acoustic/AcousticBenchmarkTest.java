package dev.auris.acoustic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The benchmark's arithmetic only: speed itself is measured by {@code auris bench}, never asserted in a test. */
class AcousticBenchmarkTest {

    /**
     * Each weight matrix is read once per output frame (one multiply-add per entry); biases are added, not
     * multiplied. So the flops the benchmark credits must be twice the entries of the network's actual matrices.
     */
    @Test
    void forwardFlopsAreTwiceTheEntriesOfEveryWeightMatrix() {
        for (NetworkShape.Cell cell : NetworkShape.Cell.values()) {
            for (int recurrent : new int[] {7, 4}) {
                flopsCheck(new NetworkShape(3, 2, 2, 7, 5, 0.0, cell, recurrent));
            }
        }
    }

    private static void flopsCheck(NetworkShape shape) {
        DeepSpeechNetwork net = DeepSpeechNetwork.initialise(shape, 1, DataType.FLOAT);
        DeepSpeechNetwork.Weights w = net.views(net.params);
        long entries = List.of(w.w1(), w.w2(), w.w3(), w.wf(), w.wb(), w.uf(), w.ub(), w.w5(), w.w6()).stream()
                .mapToLong(INDArray::length).sum();
        assertEquals(2.0 * entries, AcousticBenchmark.forwardFlopsPerOutputFrame(shape), shape.toString());
    }
}
