package dev.auris.acoustic;

import dev.auris.corpora.JsonWriter;
import dev.auris.corpora.Seeds;
import dev.auris.corpora.scoring.ErrorCounts;
import dev.auris.corpora.scoring.UtteranceScore;
import dev.auris.corpora.text.Alphabet;
import dev.auris.frontend.features.Features;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Trains the DeepSpeech network with CTC: Adam with warm-up and per-epoch decay, gradient-norm
 * clipping, SortaGrad (the first epoch shortest first, DeepSpeech 2 section 3.1) then length-bucketed
 * batches in shuffled order, SpecAugment-style masks, checkpoints that survive a kill at any moment,
 * and early stopping on the dev CER, which also picks the saved model.
 */
public final class Trainer {

    /** Told what the run is doing; called on the training thread. */
    public interface Listener {
        void progress(Progress p);

        void epoch(EpochResult r);

        void info(String message);
    }

    public record Progress(int epoch, int batch, int batches, long step, double loss, double framesPerSecond,
                           double epochEtaSeconds) {
    }

    public record EpochResult(int epoch, double trainLoss, double devLoss, double devCer, double devWer, boolean best,
                              double seconds, double learningRate) {
    }

    public record Result(Path model, int epochsRun, double bestDevCer, double bestDevWer, boolean stoppedEarly) {
    }

    /**
     * A teacher model whose frame posteriors the run also learns, at {@code weight} against CTC's 1
     * ({@link FrameDistillation}). It must hear the run's front end at the run's frame rate.
     */
    public record Distillation(Path teacher, double weight) {
        public Distillation {
            if (teacher == null) {
                throw new IllegalArgumentException("distillation needs a teacher model");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("distillation weight must be positive, got " + weight);
            }
        }
    }

    private static final String CHECKPOINT = "checkpoint";
    private static final String EPOCHS = "epochs";
    private static final String MODEL = "model";
    private static final String SNAPSHOTS = "snapshots";
    private static final String LOG = "train-log.jsonl";

    private final TrainConfig config;
    private final Listener listener;
    private final TrainingCorpus train;
    private final TrainingCorpus dev;
    private final AcousticModel model;
    private final TrainStep trainStep;
    private final SpectralAugmentation spectral;
    private final Distillation distillation;
    private double distillSum; // this epoch's per-utterance KL from the teacher, summed over steps
    private int distillSteps;

    private int epoch;
    private int batchInEpoch;
    private long step;
    private double bestCer = Double.POSITIVE_INFINITY;
    private double bestWer = Double.POSITIVE_INFINITY;
    private int staleEpochs;
    private int impossibleSkipped;
    private Path initModel;

    private Trainer(TrainConfig config, Listener listener, TrainingCorpus train, TrainingCorpus dev, AcousticModel model,
                    Distillation distillation, AcousticModel teacher) {
        this.config = config;
        this.listener = listener;
        this.train = train;
        this.dev = dev;
        this.model = model;
        this.distillation = distillation;
        this.trainStep = teacher == null ? new TrainStep(model, config.maxGradNorm())
                : new TrainStep(model, config.maxGradNorm(), teacher, distillation.weight());
        this.spectral = config.augmentation().spectral() ? new SpectralAugmentation(config.frontend()) : null;
    }

    /** Runs (or with {@code resume}, continues) the training run in {@code config.out()}. */
    public static Result train(TrainConfig config, boolean resume, Listener listener) throws IOException {
        return train(config, resume, null, listener);
    }

    /**
     * Like {@link #train(TrainConfig, boolean, Listener)}; a new run with {@code init} starts from that
     * model's weights and feature statistics instead of random ones (fine-tuning), which must have the
     * run's architecture and front end; a narrower one is first widened to the run's width, computing
     * the same function.
     */
    public static Result train(TrainConfig config, boolean resume, Path init, Listener listener) throws IOException {
        return train(config, resume, init, null, listener);
    }

    /**
     * Like {@link #train(TrainConfig, boolean, Path, Listener)}, also learning a teacher's frame posteriors when
     * {@code distillation} is not null; a resumed run may take one up or leave it (it is not part of the checkpoint).
     */
    public static Result train(TrainConfig config, boolean resume, Path init, Distillation distillation, Listener listener)
            throws IOException {
        if (resume && init != null) {
            throw new ModelException(config.out(), "a resumed run carries on from its checkpoint; drop the initial model");
        }
        Path out = config.out();
        Path checkpoint = existingCheckpoint(out);
        if (resume && checkpoint == null) {
            throw new ModelException(out, "no checkpoint to resume from");
        }
        if (!resume && checkpoint != null) {
            throw new ModelException(out, "already holds a training run; add --resume to continue it, or choose another --out");
        }
        AcousticModel initial = null;
        if (init != null) { // checked before the corpora are read, which can take minutes
            // dropout is a training setting, not part of the weights: a fine-tune may choose its own
            initial = AcousticModel.load(init).startOfRun().withDropout(config.shape().dropout());
            int from = initial.shape().width();
            if (from < config.shape().width()) { // a wider run starts from the same function (Net2WiderNet)
                initial = initial.widened(config.shape().width(), config.seed());
                listener.info("widened " + init + " from " + from + " to " + config.shape().width() + " units");
            }
            NetworkShape want = config.shape();
            if (initial.shape().cell() != want.cell() || initial.shape().recurrentWidth() != want.recurrentWidth()) {
                // the dense layers carry over, the new recurrent layer starts afresh
                initial = initial.withRecurrentLayer(want.cell(), want.recurrentWidth(), config.seed());
                listener.info("kept the dense layers of " + init + " under a new " + want.cell() + " recurrent layer of "
                        + want.recurrentWidth() + " units");
            }
            checkCompatible(config, initial, init, "fine-tune with its context, stride and front end, and at"
                    + " least its width");
        }
        AcousticModel teacher = null;
        if (distillation != null) {
            teacher = AcousticModel.load(distillation.teacher()).withDropout(0);
            NetworkShape t = teacher.shape();
            NetworkShape s = config.shape();
            if (!teacher.frontend().equals(config.frontend()) || t.stride() != s.stride() || t.classes() != s.classes()) {
                throw new ModelException(distillation.teacher(), "cannot teach this run: a teacher needs the run's front"
                        + " end, stride (" + s.stride() + ") and labels (" + s.classes() + "); it has stride "
                        + t.stride() + " and " + t.classes() + " labels");
            }
        }
        // both manifests first: a missing one or an empty transcript leaves no run folder behind
        TrainingCorpus.Transcripts trainText = TrainingCorpus.read(config.train());
        TrainingCorpus.Transcripts devText = TrainingCorpus.read(config.dev());
        listener.info("reading " + config.train());
        TrainingCorpus train = TrainingCorpus.load(trainText, config.frontend(), config.cacheDir(), n -> { });
        listener.info("reading " + config.dev());
        TrainingCorpus dev = TrainingCorpus.load(devText, config.frontend(), config.cacheDir(), n -> { });
        Files.createDirectories(out);
        listener.info(String.format(Locale.ROOT, "train %d utterances (%.2f h), dev %d utterances",
                train.size(), train.totalFrames() * config.frontend().hopMs() / 3.6e6, dev.size()));
        Trainer t;
        if (resume) {
            AcousticModel m = AcousticModel.load(checkpoint.resolve(MODEL));
            checkCompatible(config, m, checkpoint, "resume with the settings the run started with");
            t = new Trainer(config, listener, train, dev, m, distillation, teacher);
            t.restore(checkpoint);
            listener.info("resuming at epoch " + (t.epoch + 1) + ", batch " + t.batchInEpoch + " (step " + t.step + ")");
        } else if (initial != null) {
            t = new Trainer(config, listener, train, dev, initial, distillation, teacher);
            t.initModel = init;
            listener.info("starting from the weights of " + init);
        } else {
            FeatureStats stats = FeatureStats.of(train.features);
            t = new Trainer(config, listener, train, dev, AcousticModel.untrained(config.frontend(), stats, config.shape(),
                    config.seed()), distillation, teacher);
        }
        if (distillation != null) {
            listener.info("learning the frame posteriors of " + distillation.teacher() + " at weight " + distillation.weight());
        }
        return t.run();
    }

    private static Path existingCheckpoint(Path out) {
        Path c = out.resolve(CHECKPOINT);
        if (Files.isDirectory(c)) {
            return c;
        }
        Path old = out.resolve(CHECKPOINT + ".old"); // a kill between the two renames of a checkpoint swap
        return Files.isDirectory(old) ? old : null;
    }

    private static void checkCompatible(TrainConfig c, AcousticModel m, Path model, String hint) throws ModelException {
        if (!m.shape().equals(c.shape()) || !m.frontend().equals(c.frontend())) {
            throw new ModelException(model, "was made with another architecture or front end ("
                    + m.shape() + "); " + hint);
        }
    }

    private Result run() throws IOException {
        List<Integer> byLength = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            byLength.add(i);
        }
        byLength.sort(Comparator.comparingInt((Integer i) -> train.features.get(i).frames()).thenComparing(i -> i));
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < byLength.size(); from += config.batchSize()) {
            int to = Math.min(byLength.size(), from + config.batchSize());
            batches.add(byLength.subList(from, to).stream().mapToInt(Integer::intValue).toArray());
        }
        long lastCheckpoint = System.nanoTime();
        boolean stoppedEarly = false;
        while (epoch < config.epochs()) {
            List<int[]> order = new ArrayList<>(batches);
            if (epoch > 0) {
                Collections.shuffle(order, new Random(config.seed() * 31 + epoch)); // SortaGrad only in epoch 0
            }
            long epochStart = System.nanoTime();
            int firstBatch = batchInEpoch; // more than 0 when resuming mid-epoch
            long frames = 0;
            double lossSum = 0;
            int lossCount = 0;
            double ema = Double.NaN;
            for (; batchInEpoch < order.size(); batchInEpoch++) {
                int[] batch = order.get(batchInEpoch);
                double loss = step(batch);
                if (config.snapshotSteps() > 0 && step % config.snapshotSteps() == 0) {
                    model.save(config.out().resolve(SNAPSHOTS).resolve(snapshotName(step)));
                }
                for (int i : batch) {
                    frames += train.features.get(i).frames();
                }
                if (!Double.isNaN(loss)) {
                    lossSum += loss;
                    lossCount++;
                    ema = Double.isNaN(ema) ? loss : 0.95 * ema + 0.05 * loss;
                }
                double elapsed = (System.nanoTime() - epochStart) / 1e9;
                double fps = frames / Math.max(1e-9, elapsed);
                int done = batchInEpoch + 1;
                listener.progress(new Progress(epoch + 1, done, order.size(), step, ema, fps,
                        elapsed / (done - firstBatch) * (order.size() - done)));
                if ((System.nanoTime() - lastCheckpoint) / 6e10 >= config.checkpointMinutes()) {
                    batchInEpoch++;
                    saveCheckpoint();
                    batchInEpoch--;
                    lastCheckpoint = System.nanoTime();
                }
            }
            EpochResult r = evaluate(lossCount == 0 ? Double.NaN : lossSum / lossCount, (System.nanoTime() - epochStart) / 1e9);
            listener.epoch(r);
            log(r);
            epoch++;
            batchInEpoch = 0;
            saveCheckpoint();
            lastCheckpoint = System.nanoTime();
            if (staleEpochs >= config.patience()) {
                listener.info("dev CER has not improved for " + staleEpochs + " epochs: stopping early");
                stoppedEarly = true;
                break;
            }
        }
        if (impossibleSkipped > 0) {
            listener.info(impossibleSkipped + " utterances were skipped: their transcripts need more frames than their audio has");
        }
        return new Result(config.out().resolve(MODEL), epoch, bestCer, bestWer, stoppedEarly);
    }

    /** OUT/snapshots/step-0004814: zero-padded so that a listing sorts in training order. */
    static String snapshotName(long step) {
        return String.format(Locale.ROOT, "step-%07d", step);
    }

    double currentLearningRate() {
        double warm = config.warmupSteps() == 0 ? 1 : Math.min(1.0, (step + 1) / (double) config.warmupSteps());
        return config.learningRate() * warm * Math.pow(config.decay(), epoch);
    }

    /** One optimiser step on one batch; returns its mean CTC loss per utterance (NaN if none was usable). */
    private double step(int[] batch) {
        List<Features> feats = new ArrayList<>(batch.length);
        List<int[]> labels = new ArrayList<>(batch.length);
        FeatureAugmentation aug = config.augmentation();
        List<boolean[][]> masks = aug.masks() ? new ArrayList<>() : null;
        Random r = new Random(Seeds.mix(config.seed(), step));
        for (int i : batch) {
            Features f = train.features.get(i);
            if (spectral != null) {
                f = spectral.apply(f, aug, r);
            }
            feats.add(f);
            labels.add(train.labels.get(i));
            if (masks != null) {
                masks.add(specAugmentMask(f.frames(), f.dimension(), r));
            }
        }
        step++;
        double lr = currentLearningRate();
        TrainStep.Outcome o = trainStep.run(feats, labels, masks, lr, (int) Math.min(Integer.MAX_VALUE, step), epoch,
                r.nextLong());
        impossibleSkipped += o.impossible();
        if (!Double.isNaN(o.distillation())) {
            distillSum += o.distillation();
            distillSteps++;
        }
        return o.loss();
    }

    /** Two frequency masks of up to 8 bands and two time masks of up to 5% of the frames (at most 40). */
    static boolean[][] specAugmentMask(int frames, int dim, Random r) {
        boolean[] time = new boolean[frames];
        boolean[] freq = new boolean[dim];
        for (int m = 0; m < 2; m++) {
            int f = r.nextInt(Math.min(8, dim / 4) + 1);
            int f0 = r.nextInt(Math.max(1, dim - f));
            for (int k = f0; k < f0 + f && k < dim; k++) {
                freq[k] = true;
            }
            int t = r.nextInt(Math.min(40, Math.max(1, frames / 20)) + 1);
            int t0 = r.nextInt(Math.max(1, frames - t));
            for (int k = t0; k < t0 + t && k < frames; k++) {
                time[k] = true;
            }
        }
        return new boolean[][] {time, freq};
    }

    /**
     * Dev loss and greedy CER/WER; keeps every epoch's model in OUT/epochs/epoch-N (for checkpoint
     * averaging, {@link AcousticModel#average}) and the best by CER in OUT/model.
     */
    private EpochResult evaluate(double trainLoss, double seconds) throws IOException {
        Evaluation e = evaluateCorpus(model, dev, config.batchSize());
        boolean best = e.cer() < bestCer;
        ObjectNode meta = model.metadata();
        String initial = initModel != null ? initModel.toString()
                : meta.path("training").path("initial_model").asText(null); // kept across resumes
        ObjectNode training = meta.putObject("training");
        training.put("train_corpus", config.train().toString());
        training.put("train_utterances", train.size());
        training.put("train_hours", train.totalFrames() * config.frontend().hopMs() / 3.6e6);
        training.put("dev_corpus", config.dev().toString());
        training.put("epochs", epoch + 1);
        training.put("steps", step);
        training.put("batch_size", config.batchSize());
        training.put("learning_rate", config.learningRate());
        training.put("seed", config.seed());
        if (initial != null) {
            training.put("initial_model", initial);
        }
        if (distillation != null) {
            training.put("teacher", distillation.teacher().toString());
            training.put("distillation_weight", distillation.weight());
        }
        ObjectNode metrics = meta.putObject("dev_metrics");
        metrics.put("greedy_cer", e.cer());
        metrics.put("greedy_wer", e.wer());
        metrics.put("ctc_loss", e.loss());
        model.save(config.out().resolve(EPOCHS).resolve("epoch-" + (epoch + 1)));
        if (best) {
            bestCer = e.cer();
            bestWer = e.wer();
            staleEpochs = 0;
            model.save(config.out().resolve(MODEL));
        } else {
            staleEpochs++;
        }
        return new EpochResult(epoch + 1, trainLoss, e.loss(), e.cer(), e.wer(), best, seconds, currentLearningRate());
    }

    /** Mean CTC loss and greedy CER/WER of a model on a corpus. */
    record Evaluation(double loss, double cer, double wer) {
    }

    static Evaluation evaluateCorpus(AcousticModel model, TrainingCorpus corpus, int batchSize) {
        DeepSpeechNetwork net = model.network();
        int classes = net.shape.classes();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> corpus.features.get(i).frames()));
        ErrorCounts words = ErrorCounts.ZERO;
        ErrorCounts chars = ErrorCounts.ZERO;
        double loss = 0;
        int counted = 0;
        for (int from = 0; from < order.size(); from += batchSize) {
            List<Integer> ids = order.subList(from, Math.min(order.size(), from + batchSize));
            List<Features> feats = ids.stream().map(corpus.features::get).toList();
            InputBatch in;
            float[] logits;
            try (var ws = Workspaces.open("auris-eval")) {
                in = InputBatch.of(feats, net.shape, model.stats(), null);
                logits = net.forward(in.x, in.batch, in.frames, in.lengths, false, 0).logits.data().asFloat();
            }
            float[] scratch = new float[logits.length];
            for (int b = 0; b < in.batch; b++) {
                int[] labels = corpus.labels.get(ids.get(b));
                CtcLoss.Result r = CtcLoss.compute(logits, b * classes, in.batch * classes, in.lengths[b], classes,
                        labels, Alphabet.BLANK, scratch);
                if (!r.impossible()) {
                    loss += r.loss();
                    counted++;
                }
                float[] own = new float[in.lengths[b] * classes];
                for (int t = 0; t < in.lengths[b]; t++) {
                    System.arraycopy(logits, (t * in.batch + b) * classes, own, t * classes, classes);
                }
                String hyp = GreedyDecoder.decode(new Posteriors(in.lengths[b], classes,
                        AcousticModel.logSoftmax(own, classes), model.frameSeconds()));
                UtteranceScore s = UtteranceScore.of(corpus.utterances.get(ids.get(b)).id(), Alphabet.decode(labels), hyp);
                words = words.plus(s.words().counts());
                chars = chars.plus(s.characters().counts());
            }
        }
        return new Evaluation(counted == 0 ? Double.NaN : loss / counted, chars.rate(), words.rate());
    }

    private void log(EpochResult r) throws IOException {
        JsonWriter w = new JsonWriter().beginObject().field("type", "epoch").field("epoch", r.epoch())
                .field("step", step).field("train_loss", r.trainLoss()).field("dev_loss", r.devLoss())
                .field("dev_cer", r.devCer()).field("dev_wer", r.devWer()).field("best", r.best())
                .field("seconds", r.seconds()).field("learning_rate", r.learningRate());
        if (distillSteps > 0) { // mean over the epoch's steps of the per-utterance KL from the teacher
            w.field("train_distillation", distillSum / distillSteps);
        }
        distillSum = 0;
        distillSteps = 0;
        String line = w.endObject() + "\n";
        Files.writeString(config.out().resolve(LOG), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    // ---- checkpoints: model, optimiser state and position, swapped in atomically ----

    private void saveCheckpoint() throws IOException {
        Path out = config.out();
        Path tmp = Files.createTempDirectory(out, ".checkpoint-");
        try {
            model.save(tmp.resolve(MODEL));
            AcousticModel.writeWeights(tmp.resolve("optimizer.bin"), trainStep.optimiserState());
            String state = new JsonWriter().beginObject().field("epoch", epoch).field("batch", batchInEpoch)
                    .field("step", step).field("best_cer", bestCer).field("best_wer", bestWer)
                    .field("stale_epochs", staleEpochs).endObject().toString();
            Files.writeString(tmp.resolve("trainer.json"), state, StandardCharsets.UTF_8);
            AcousticModel.replaceDirectory(tmp, out.resolve(CHECKPOINT));
        } finally {
            AcousticModel.deleteTree(tmp);
        }
    }

    private void restore(Path checkpoint) throws IOException {
        INDArray state = AcousticModel.readWeights(checkpoint.resolve("optimizer.bin"),
                trainStep.optimiserState().length(), "");
        trainStep.optimiserState().assign(state);
        JsonNode s = AcousticModel.json().readTree(Files.readString(checkpoint.resolve("trainer.json")));
        epoch = s.required("epoch").asInt();
        batchInEpoch = s.required("batch").asInt();
        step = s.required("step").asLong();
        bestCer = s.path("best_cer").isNull() ? Double.POSITIVE_INFINITY : s.path("best_cer").asDouble();
        bestWer = s.path("best_wer").isNull() ? Double.POSITIVE_INFINITY : s.path("best_wer").asDouble();
        staleEpochs = s.required("stale_epochs").asInt();
    }
}
