package dev.auris.acoustic;

import dev.auris.corpora.text.Alphabet;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.features.FeatureExtractor;
import dev.auris.frontend.features.Features;
import dev.auris.frontend.features.FrontendConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Speed of training and inference, each set against this machine's matrix-multiply ceiling
 * measured in the same run (absolute timings drift on a shared 2-core machine; ratios hold).
 */
public final class AcousticBenchmark {

    /** Training throughput of one configuration. */
    public record TrainSpeed(int width, NetworkShape.Cell cell, int batch, int inputFrames, double secondsPerStep,
                             double framesPerSecond, double gflops) {
    }

    /** Inference speed on one utterance. */
    public record InferenceSpeed(int width, NetworkShape.Cell cell, int recurrentWidth, double audioSeconds,
                                 double seconds, double realTimeFactor, double gflops) {
    }

    /**
     * A loaded network on real audio, one pass and (unless there are no warps: NaN) with warped views in the same
     * batch, beside an untrained network of the same shape, front end and feature statistics on the same features.
     * All four are timed turn about, after a common warm-up, so that load and JIT compilation fall on each alike.
     */
    public record ModelSpeed(NetworkShape shape, double audioSeconds, double seconds, double untrainedSeconds,
                             double warpedSeconds, double untrainedWarpedSeconds) {
        public double realTimeFactor() {
            return seconds / audioSeconds;
        }

        public double untrainedRealTimeFactor() {
            return untrainedSeconds / audioSeconds;
        }

        public double warpedRealTimeFactor() {
            return warpedSeconds / audioSeconds;
        }

        public double untrainedWarpedRealTimeFactor() {
            return untrainedWarpedSeconds / audioSeconds;
        }
    }

    private AcousticBenchmark() {
    }

    /**
     * Float32 1024 x 1024 x 1024 matrix product on all of ND4J's threads, in GFLOP/s: the fastest of
     * 20 runs, so that a noisy moment lowers the ceiling no more than it lowers what is set against it.
     */
    public static double gemmCeilingGflops() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray c = Nd4j.zeros(DataType.FLOAT, 1024, 1024);
        for (int i = 0; i < 5; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
    }

    /**
     * Multiply-adds x 2 of one forward pass per output frame: every dense, projection and recurrent product
     * (an LSTM's four gates make its projections and recurrences four times the simple cell's).
     */
    static double forwardFlopsPerOutputFrame(NetworkShape s) {
        double h = s.width();
        double r = s.recurrentWidth();
        double g = s.gates();
        return 2 * (s.inputDim() * h + 2 * h * h + 2 * g * h * r + 2 * g * r * r + r * h + h * s.classes());
    }

    static NetworkShape shape(int width, NetworkShape.Cell cell) {
        return shape(width, cell, width);
    }

    static NetworkShape shape(int width, NetworkShape.Cell cell, int recurrentWidth) {
        FrontendConfig fe = FrontendConfig.defaults();
        return new NetworkShape(fe.featureDimension(), 5, 2, width, Alphabet.SIZE, 0.0, cell, recurrentWidth);
    }

    /** Training steps on random features of {@code inputFrames} frames with 15 characters per second of labels. */
    public static TrainSpeed trainSpeed(int width, NetworkShape.Cell cell, int batch, int inputFrames) {
        NetworkShape shape = shape(width, cell);
        AcousticModel model = untrained(shape);
        Random r = new Random(1);
        List<Features> feats = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            feats.add(randomFeatures(r, inputFrames, shape.featureDim()));
            int[] l = new int[inputFrames * 15 / 100];
            for (int i = 0; i < l.length; i++) {
                l[i] = 1 + r.nextInt(Alphabet.SIZE - 1);
            }
            labels.add(l);
        }
        TrainStep step = new TrainStep(model, 400);
        int[] it = {0};
        double s = median(() -> step.run(feats, labels, null, 1e-4, ++it[0], 0, 0), 2, 5);
        double frames = (double) batch * inputFrames;
        double flops = 3 * forwardFlopsPerOutputFrame(shape) * batch * shape.outputFrames(inputFrames);
        return new TrainSpeed(width, cell, batch, inputFrames, s, frames / s, flops / s / 1e9);
    }

    /**
     * One utterance of {@code seconds} through the network at batch 1, also hearing it warped by each factor
     * ({@link AcousticModel#withWarps}): 1 + warps.size() candidates in one batch; gflops counts every candidate's
     * frames. The recurrent layer has {@code recurrentWidth} units each way ({@link NetworkShape#recurrentWidth}).
     */
    public static InferenceSpeed inferenceSpeed(int width, NetworkShape.Cell cell, int recurrentWidth, double seconds,
                                                List<Double> warps) {
        NetworkShape shape = shape(width, cell, recurrentWidth);
        AcousticModel model = untrained(shape).withWarps(warps);
        Features f = randomFeatures(new Random(2), (int) Math.round(seconds * 100), shape.featureDim());
        double s = median(() -> model.posteriors(f), 2, 7);
        double flops = forwardFlopsPerOutputFrame(shape) * shape.outputFrames(f.frames()) * (1 + warps.size());
        return new InferenceSpeed(width, cell, recurrentWidth, seconds, s, s / seconds, flops / s / 1e9);
    }

    /**
     * {@code model}'s network over {@code audio} (at the model's sample rate), against an untrained network of its
     * shape; with {@code warps}, each also hears the audio warped by them, in one batch ({@link AcousticModel#withWarps}).
     * Random weights price a shape, but not what training makes of it: the trained simple cell's clipped
     * ReLU leaves most recurrent units at zero, which {@link RecurrentKernel#forwardFew} skips, while random
     * weights leave about half; an LSTM's outputs are never exactly zero.
     */
    public static ModelSpeed modelSpeed(AcousticModel model, List<Audio> audio, List<Double> warps) {
        if (audio.isEmpty()) {
            throw new IllegalArgumentException("no audio to measure on");
        }
        AcousticModel plain = new AcousticModel(model.frontend(), model.stats(), model.network(), model.metadata());
        AcousticModel random = AcousticModel.untrained(model.frontend(), model.stats(), model.shape(), 1);
        FeatureExtractor extractor = new FeatureExtractor(model.frontend());
        List<Features> features = audio.stream().map(extractor::extract).toList();
        List<AcousticModel> models = new ArrayList<>(List.of(plain, random));
        if (!warps.isEmpty()) {
            models.add(plain.withWarps(warps));
            models.add(random.withWarps(warps));
        }
        int runs = 7;
        double[][] t = new double[models.size()][runs];
        for (int i = -3; i < runs; i++) { // three rounds of warm-up
            for (int m = 0; m < models.size(); m++) {
                AcousticModel heard = models.get(m);
                double s = time(() -> features.forEach(heard::posteriors));
                if (i >= 0) {
                    t[m][i] = s;
                }
            }
        }
        double[] median = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        for (int m = 0; m < models.size(); m++) {
            Arrays.sort(t[m]);
            median[m] = t[m][runs / 2];
        }
        double seconds = audio.stream().mapToDouble(Audio::durationSeconds).sum();
        return new ModelSpeed(model.shape(), seconds, median[0], median[1], median[2], median[3]);
    }

    private static double time(Runnable task) {
        long t0 = System.nanoTime();
        task.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static AcousticModel untrained(NetworkShape shape) {
        float[] zero = new float[shape.featureDim()];
        float[] one = new float[shape.featureDim()];
        Arrays.fill(one, 1f);
        return AcousticModel.untrained(FrontendConfig.defaults().withNormalization(FrontendConfig.Normalization.NONE),
                new FeatureStats(zero, one), shape, 1);
    }

    private static Features randomFeatures(Random r, int frames, int dim) {
        float[] d = new float[frames * dim];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return new Features(frames, dim, d);
    }

    private static double median(Runnable task, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            task.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            task.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t[runs / 2];
    }
}
