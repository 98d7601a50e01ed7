package dev.auris.cli;

import dev.auris.acoustic.FeatureAugmentation;
import dev.auris.acoustic.NetworkShape;
import dev.auris.acoustic.TrainConfig;
import dev.auris.acoustic.Trainer;
import dev.auris.frontend.features.FrontendConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, description = {
        "Trains the DeepSpeech acoustic model with CTC.",
        "Writes OUT/model (best dev CER), OUT/checkpoint (latest state, replaced atomically) and",
        "OUT/train-log.jsonl (one JSON line per epoch).",
        "An interrupted run continues with --resume and the same options."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "CORPUS", description = "training corpus (manifest, LibriSpeech, Common Voice, Kaldi)")
    Path train;

    @Option(names = "--dev", required = true, paramLabel = "CORPUS", description = "development corpus")
    Path dev;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run folder")
    Path out;

    @Option(names = "--resume", description = "continue the run in OUT from its checkpoint")
    boolean resume;

    @Option(names = "--epochs", description = "epochs in total (default ${DEFAULT-VALUE})")
    int epochs = 20;

    @Option(names = "--batch", description = "utterances per batch (default ${DEFAULT-VALUE})")
    int batch = 16;

    @Option(names = "--lr", description = "peak learning rate (default ${DEFAULT-VALUE})")
    double lr = 3e-4;

    @Option(names = "--warmup", description = "warm-up steps (default ${DEFAULT-VALUE})")
    int warmup = 500;

    @Option(names = "--decay", description = "learning-rate factor per epoch (default ${DEFAULT-VALUE})")
    double decay = 0.9;

    @Option(names = "--width", description = "hidden units (default ${DEFAULT-VALUE})")
    int width = 512;

    @Option(names = "--context", description = "context frames each side (default ${DEFAULT-VALUE})")
    int context = 5;

    @Option(names = "--stride", description = "output frame stride (default ${DEFAULT-VALUE})")
    int stride = 2;

    @Option(names = "--dropout", description = "dropout on dense layers (default ${DEFAULT-VALUE})")
    double dropout = 0.0;

    @Option(names = "--cell", description = "recurrent cell: SIMPLE (the paper's clipped ReLU) or LSTM (default ${DEFAULT-VALUE})")
    NetworkShape.Cell cell = NetworkShape.Cell.SIMPLE;

    @Option(names = "--recurrent-width", paramLabel = "UNITS", description = "units in each direction of the recurrent"
            + " layer (default: --width); an LSTM unit has four times a simple unit's weights")
    int recurrentWidth;

    @Option(names = "--mel-bands", description = "log-mel bands (default ${DEFAULT-VALUE})")
    int melBands = 40;

    @Option(names = "--no-specaugment", description = "train without time and frequency masks")
    boolean noSpecAugment;

    @Option(names = "--warp", description = "vocal tract length perturbation: warp factors within 1 +- this"
            + " (0 for none, default ${DEFAULT-VALUE})")
    double warp = 0.1;

    @Option(names = "--band-limit", paramLabel = "SHARE", description = "share of utterances whose high bands are"
            + " flattened as if recorded at a lower rate (default ${DEFAULT-VALUE})")
    double bandLimit = 0.2;

    @Option(names = "--equalise", paramLabel = "SHARE", description = "share of utterances heard through a random"
            + " smooth gain curve over the bands, as through another microphone (default ${DEFAULT-VALUE})")
    double equalise = 0.0;

    @Option(names = "--init", paramLabel = "MODEL", description = "start from this model's weights (fine-tuning);"
            + " it must have the run's architecture, but a narrower one is widened to --width computing the same"
            + " function (Net2WiderNet), and one with another --cell or --recurrent-width keeps its dense layers under"
            + " a new recurrent layer")
    Path init;

    @Option(names = "--teacher", paramLabel = "MODEL", description = "also learn this model's frame posteriors"
            + " (frame-wise distillation; it must have the run's front end and stride); a resumed run may take one up")
    Path teacher;

    @Option(names = "--distill-weight", paramLabel = "W", description = "weight of the teacher's posteriors against"
            + " CTC's 1 (default 1, with --teacher)")
    Double distillWeight;

    @Option(names = "--checkpoint-minutes", description = "checkpoint interval (default ${DEFAULT-VALUE})")
    double checkpointMinutes = 10;

    @Option(names = "--snapshot-every", paramLabel = "STEPS", description = "also keep the model every STEPS batches in"
            + " OUT/snapshots/step-N, to average along the trajectory with 'auris average' (default 0: none)")
    int snapshotEvery;

    @Option(names = "--patience", description = "epochs without a better dev CER before stopping (default ${DEFAULT-VALUE})")
    int patience = 4;

    @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--cache", paramLabel = "DIR", description = "feature cache folder (default OUT/cache)")
    Path cache;

    @Override
    public Integer call() throws Exception {
        if (distillWeight != null && teacher == null) {
            throw new UserErrors.CliException("--distill-weight needs --teacher");
        }
        Trainer.Distillation distillation = teacher == null ? null
                : new Trainer.Distillation(teacher, distillWeight == null ? 1.0 : distillWeight);
        FrontendConfig frontend = FrontendConfig.defaults().withMelBands(melBands)
                .withNormalization(FrontendConfig.Normalization.NONE);
        TrainConfig config = TrainConfig.defaults(train, dev, out).withEpochs(epochs)
                .withModel(width, context, stride, dropout, cell).withOptimiser(batch, lr, warmup, decay)
                .withRun(new FeatureAugmentation(!noSpecAugment, warp, bandLimit, equalise), checkpointMinutes, patience, seed, cache == null ? out.resolve("cache") : cache)
                .withFrontend(frontend).withSnapshots(snapshotEvery).withRecurrentWidth(recurrentWidth);
        PrintWriter pw = spec.commandLine().getOut();
        ProgressBar[] bar = {null};
        Trainer.Result r = Trainer.train(config, resume, init, distillation, new Trainer.Listener() {
            @Override
            public void progress(Trainer.Progress p) {
                if (bar[0] == null) {
                    bar[0] = new ProgressBar("epoch " + p.epoch());
                }
                bar[0].update(p.batch(), p.batches(), String.format(Locale.ROOT, "batches, loss %.3f, %.0f frames/s",
                        p.loss(), p.framesPerSecond()));
            }

            @Override
            public void epoch(Trainer.EpochResult e) {
                bar[0] = null;
                pw.printf(Locale.ROOT, "epoch %d: train loss %.3f, dev loss %.3f, dev CER %.2f%%, WER %.2f%%%s (%.0f s, lr %.2e)%n",
                        e.epoch(), e.trainLoss(), e.devLoss(), 100 * e.devCer(), 100 * e.devWer(),
                        e.best() ? ", best so far" : "", e.seconds(), e.learningRate());
                pw.flush();
            }

            @Override
            public void info(String message) {
                pw.println(message);
                pw.flush();
            }
        });
        pw.printf(Locale.ROOT, "best dev CER %.2f%%, WER %.2f%% after %d epochs%s; model in %s%n", 100 * r.bestDevCer(),
                100 * r.bestDevWer(), r.epochsRun(), r.stoppedEarly() ? " (stopped early)" : "", r.model());
        return 0;
    }
}
