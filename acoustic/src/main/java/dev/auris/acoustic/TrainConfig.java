package dev.auris.acoustic;

import dev.auris.frontend.features.FrontendConfig;
import java.nio.file.Path;

/**
 * Everything a training run is told. Defaults follow the DeepSpeech recipes scaled to two cores.
 *
 * @param train training corpus (any format CorpusReader reads)
 * @param dev development corpus, for dev loss, greedy CER/WER, early stopping and the best model
 * @param out run folder: model/, checkpoint/, train-log.jsonl
 * @param cacheDir where feature caches are kept (null: no cache)
 * @param epochs epochs to run in total
 * @param batchSize utterances per batch
 * @param learningRate Adam's peak learning rate
 * @param warmupSteps linear warm-up of the learning rate
 * @param decay learning-rate factor applied per finished epoch
 * @param maxGradNorm gradient L2-norm clipping threshold
 * @param augmentation what is done to training features on the fly (masks, warp, band limit)
 * @param checkpointMinutes write a checkpoint at least this often (and at every epoch end)
 * @param patience stop after this many epochs without a better dev CER
 * @param seed everything random derives from it
 * @param width hidden units per layer
 * @param context context frames each side
 * @param stride output frame stride
 * @param dropout dropout on the dense layers
 * @param cell recurrent cell
 * @param frontend feature settings
 * @param snapshotSteps also keep the model every this many optimiser steps in OUT/snapshots/step-N (0: never),
 *                      for averaging weights along the trajectory (Izmailov et al. 2018, "Averaging Weights Leads
 *                      to Wider Optima"); counted in steps, not minutes, so a resumed run keeps the same ones
 * @param recurrentWidth units in each direction of the recurrent layer (0: {@code width}, the paper's choice)
 */
public record TrainConfig(Path train, Path dev, Path out, Path cacheDir, int epochs, int batchSize, double learningRate,
                          int warmupSteps, double decay, double maxGradNorm, FeatureAugmentation augmentation,
                          double checkpointMinutes, int patience, long seed, int width, int context, int stride,
                          double dropout, NetworkShape.Cell cell, FrontendConfig frontend,
                          int snapshotSteps, int recurrentWidth) {

    public TrainConfig {
        if (train == null || dev == null || out == null || frontend == null || augmentation == null) {
            throw new IllegalArgumentException("train, dev, out, augmentation and frontend are required");
        }
        if (augmentation.spectral()) {
            new SpectralAugmentation(frontend); // throws for features it cannot warp
        }
        // one check per value, each naming it and what was given, so that a command line's mistake reads as one line
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(batchSize >= 1 && batchSize <= 1024, "batch size must be 1..1024, got " + batchSize);
        require(learningRate > 0 && learningRate < 1, "learning rate must be in (0, 1), got " + learningRate);
        require(warmupSteps >= 0, "warm-up steps must be at least 0, got " + warmupSteps);
        require(decay > 0 && decay <= 1, "learning-rate decay must be in (0, 1], got " + decay);
        require(maxGradNorm > 0, "max gradient norm must be positive, got " + maxGradNorm);
        require(checkpointMinutes > 0, "checkpoint minutes must be positive, got " + checkpointMinutes);
        require(patience >= 1, "patience must be at least 1 epoch, got " + patience);
        require(snapshotSteps >= 0, "snapshot interval must be at least 0 steps (0: no snapshots), got " + snapshotSteps);
        require(recurrentWidth >= 0, "recurrent width must be at least 1 (0: the dense width), got " + recurrentWidth);
        if (frontend.normalization() != FrontendConfig.Normalization.NONE) {
            throw new IllegalArgumentException("the model normalises features with training statistics;"
                    + " the front end must use normalization NONE");
        }
        shape(frontend, context, stride, width, dropout, cell, recurrentWidth); // throws for an invalid shape
    }

    /**
     * 40 log-mel bands, context 5, stride 2, width 512, batch 16, Adam 3e-4 warming up over 500 steps;
     * masks, warp factors within 10% and a band limit on a fifth of the utterances.
     */
    public static TrainConfig defaults(Path train, Path dev, Path out) {
        return new TrainConfig(train, dev, out, out.resolve("cache"), 20, 16, 3e-4, 500, 0.9, 400,
                new FeatureAugmentation(true, 0.1, 0.2, 0), 10, 4, 1,
                512, 5, 2, 0.0, NetworkShape.Cell.SIMPLE, FrontendConfig.defaults().withNormalization(FrontendConfig.Normalization.NONE), 0, 0);
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(train, dev, out, cacheDir, n, batchSize, learningRate, warmupSteps, decay, maxGradNorm,
                augmentation, checkpointMinutes, patience, seed, width, context, stride, dropout, cell, frontend, snapshotSteps, recurrentWidth);
    }

    public TrainConfig withModel(int newWidth, int newContext, int newStride, double newDropout, NetworkShape.Cell newCell) {
        return new TrainConfig(train, dev, out, cacheDir, epochs, batchSize, learningRate, warmupSteps, decay, maxGradNorm,
                augmentation, checkpointMinutes, patience, seed, newWidth, newContext, newStride, newDropout, newCell, frontend, snapshotSteps, recurrentWidth);
    }

    public TrainConfig withOptimiser(int newBatch, double lr, int warmup, double newDecay) {
        return new TrainConfig(train, dev, out, cacheDir, epochs, newBatch, lr, warmup, newDecay, maxGradNorm,
                augmentation, checkpointMinutes, patience, seed, width, context, stride, dropout, cell, frontend, snapshotSteps, recurrentWidth);
    }

    public TrainConfig withRun(FeatureAugmentation augment, double minutes, int newPatience, long newSeed, Path cache) {
        return new TrainConfig(train, dev, out, cache, epochs, batchSize, learningRate, warmupSteps, decay, maxGradNorm,
                augment, minutes, newPatience, newSeed, width, context, stride, dropout, cell, frontend, snapshotSteps, recurrentWidth);
    }

    public TrainConfig withFrontend(FrontendConfig f) {
        return new TrainConfig(train, dev, out, cacheDir, epochs, batchSize, learningRate, warmupSteps, decay, maxGradNorm,
                augmentation, checkpointMinutes, patience, seed, width, context, stride, dropout, cell, f, snapshotSteps, recurrentWidth);
    }

    public TrainConfig withSnapshots(int steps) {
        return new TrainConfig(train, dev, out, cacheDir, epochs, batchSize, learningRate, warmupSteps, decay, maxGradNorm,
                augmentation, checkpointMinutes, patience, seed, width, context, stride, dropout, cell, frontend, steps, recurrentWidth);
    }

    /** The same run with {@code n} units in each direction of the recurrent layer (0: the dense width). */
    public TrainConfig withRecurrentWidth(int n) {
        return new TrainConfig(train, dev, out, cacheDir, epochs, batchSize, learningRate, warmupSteps, decay, maxGradNorm,
                augmentation, checkpointMinutes, patience, seed, width, context, stride, dropout, cell, frontend, snapshotSteps, n);
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }

    NetworkShape shape() {
        return shape(frontend, context, stride, width, dropout, cell, recurrentWidth);
    }

    private static NetworkShape shape(FrontendConfig frontend, int context, int stride, int width, double dropout,
                                      NetworkShape.Cell cell, int recurrentWidth) {
        return new NetworkShape(frontend.featureDimension(), context, stride, width, 29, dropout, cell,
                recurrentWidth == 0 ? width : recurrentWidth);
    }
}
