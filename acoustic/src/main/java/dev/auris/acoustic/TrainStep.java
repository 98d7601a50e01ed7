package dev.auris.acoustic;

import dev.auris.corpora.text.Alphabet;
import dev.auris.frontend.features.Features;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * One optimiser step: forward pass, CTC loss and gradient per utterance (in parallel, on the
 * Java side), backward pass, gradient-norm clipping and an Adam update of the flat parameters.
 * Shared by the trainer and the training benchmark.
 */
final class TrainStep {

    /**
     * Mean CTC loss of the usable utterances (NaN if none), how many could not be aligned, and the mean per utterance
     * of the frames' KL divergence from the teacher (NaN without one).
     */
    record Outcome(double loss, int impossible, double distillation) {
    }

    private final AcousticModel model;
    private final double maxGradNorm;
    private final AcousticModel teacher;
    private final double distillWeight;
    private final INDArray gradient;
    private final AdamUpdater adam;
    private final INDArray adamState;

    TrainStep(AcousticModel model, double maxGradNorm) {
        this(model, maxGradNorm, null, 0);
    }

    /** With a teacher, its frame posteriors are a second target of weight {@code distillWeight} (FrameDistillation). */
    TrainStep(AcousticModel model, double maxGradNorm, AcousticModel teacher, double distillWeight) {
        this.model = model;
        this.maxGradNorm = maxGradNorm;
        this.teacher = teacher;
        this.distillWeight = distillWeight;
        INDArray params = model.network().params;
        this.gradient = Nd4j.zeros(DataType.FLOAT, params.shape());
        this.adam = new AdamUpdater(new Adam(1e-3));
        this.adamState = Nd4j.zeros(DataType.FLOAT, 1, 2 * params.length());
        adam.setStateViewArray(adamState, params.shape(), 'c', true);
    }

    /** Adam's first and second moments, [1, 2 x parameters]; checkpoints save and restore it. */
    INDArray optimiserState() {
        return adamState;
    }

    Outcome run(List<Features> features, List<int[]> labels, List<boolean[][]> masks, double learningRate,
                int iteration, int epoch, long dropoutSeed) {
        try (var ws = Workspaces.open("auris-train")) {
            return runInWorkspace(features, labels, masks, learningRate, iteration, epoch, dropoutSeed);
        }
    }

    private Outcome runInWorkspace(List<Features> features, List<int[]> labels, List<boolean[][]> masks,
                                   double learningRate, int iteration, int epoch, long dropoutSeed) {
        DeepSpeechNetwork net = model.network();
        InputBatch in = InputBatch.of(features, net.shape, model.stats(), masks);
        DeepSpeechNetwork.Activations a = net.forward(in.x, in.batch, in.frames, in.lengths, true, dropoutSeed);
        int classes = net.shape.classes();
        float[] logits = a.logits.data().asFloat();
        float[] grad = new float[logits.length];
        double[] losses = new double[in.batch];
        boolean[] impossible = new boolean[in.batch];
        IntStream.range(0, in.batch).parallel().forEach(b -> {
            CtcLoss.Result res = CtcLoss.compute(logits, b * classes, in.batch * classes, in.lengths[b], classes,
                    labels.get(b), Alphabet.BLANK, grad);
            losses[b] = res.loss();
            impossible[b] = res.impossible();
        });
        double sum = 0;
        int usable = 0;
        int skipped = 0;
        for (int b = 0; b < in.batch; b++) {
            if (impossible[b]) {
                skipped++;
            } else {
                sum += losses[b];
                usable++;
            }
        }
        if (usable == 0) {
            return new Outcome(Double.NaN, skipped, Double.NaN);
        }
        double distillation = Double.NaN;
        if (teacher != null) { // the teacher hears what the student heard, masks and all, without dropout
            DeepSpeechNetwork tn = teacher.network();
            InputBatch tin = InputBatch.of(features, tn.shape, teacher.stats(), masks);
            float[] target = tn.forward(tin.x, tin.batch, tin.frames, tin.lengths, false, 0).logits.data().asFloat();
            double[] kl = FrameDistillation.accumulate(logits, target, in.batch, in.lengths, classes, distillWeight, grad);
            distillation = java.util.Arrays.stream(kl).sum() / in.batch;
        }
        INDArray dLogits = Nd4j.create(grad, new long[] {a.logits.rows(), classes}, 'c').divi(usable);
        net.backward(a, dLogits, gradient);
        double norm = gradient.norm2Number().doubleValue();
        if (norm > maxGradNorm) {
            gradient.muli(maxGradNorm / norm);
        }
        adam.getConfig().setLearningRate(learningRate);
        adam.applyUpdater(gradient, iteration, epoch);
        net.params.subi(gradient);
        return new Outcome(sum / usable, skipped, distillation);
    }
}
