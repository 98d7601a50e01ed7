package dev.auris.acoustic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path dir;

    static final Trainer.Listener QUIET = ToneCorpus.QUIET;

    private TrainConfig tiny(Path train, Path dev, Path out, int epochs) {
        return ToneCorpus.tinyConfig(train, dev, out, dir.resolve("cache"), epochs);
    }

    /** The proof the loop learns: held-back words of the tone language are read back nearly perfectly. */
    @Test
    void learnsTheToneLanguageAndReadsHeldBackWords() throws IOException {
        Path train = ToneCorpus.write(dir, "train", 160, 1);
        Path dev = ToneCorpus.write(dir, "dev", 24, 2);
        Path out = dir.resolve("run");
        List<Trainer.EpochResult> epochs = new ArrayList<>();
        Trainer.Result result = Trainer.train(tiny(train, dev, out, 14), false, new Trainer.Listener() {
            @Override
            public void progress(Trainer.Progress p) {
            }

            @Override
            public void epoch(Trainer.EpochResult r) {
                epochs.add(r);
            }

            @Override
            public void info(String message) {
            }
        });
        assertTrue(result.bestDevCer() < 0.08, "best dev CER " + result.bestDevCer() + " over " + epochs);
        assertTrue(epochs.get(epochs.size() - 1).trainLoss() < epochs.get(0).trainLoss() / 3, "loss fell: " + epochs);

        AcousticModel model = AcousticModel.load(result.model());
        Random r = new Random(99);
        int correct = 0;
        for (int i = 0; i < 10; i++) {
            String word = ToneCorpus.randomWord(r);
            if (GreedyDecoder.decode(model.posteriors(ToneCorpus.speak(word, r))).equals(word)) {
                correct++;
            }
        }
        assertTrue(correct >= 7, correct + " of 10 fresh words read exactly");
        assertEquals(epochs.size(), Files.readAllLines(out.resolve("train-log.jsonl")).size());
        // every epoch's model is kept, its manifest naming that epoch and its own dev CER
        for (Trainer.EpochResult e : epochs) {
            var meta = AcousticModel.load(out.resolve("epochs/epoch-" + e.epoch())).metadata();
            assertEquals(e.epoch(), meta.get("training").get("epochs").asInt());
            assertEquals(e.devCer(), meta.get("dev_metrics").get("greedy_cer").asDouble(), 0.0);
        }
        assertTrue(!Files.exists(out.resolve("epochs/epoch-" + (epochs.size() + 1))));
        Trainer.EpochResult best = epochs.stream().filter(Trainer.EpochResult::best).reduce((a, b) -> b).orElseThrow();
        assertArrayEquals(Files.readAllBytes(out.resolve("epochs/epoch-" + best.epoch()).resolve("weights.bin")),
                Files.readAllBytes(result.model().resolve("weights.bin")), "OUT/model is the best epoch's");
    }

    @Test
    void resumesFromTheCheckpointAndRefusesToOverwriteARun() throws IOException {
        Path train = ToneCorpus.write(dir, "train", 32, 3);
        Path dev = ToneCorpus.write(dir, "dev", 8, 4);
        Path out = dir.resolve("run");
        Trainer.train(tiny(train, dev, out, 2), false, QUIET);
        ModelException again = assertThrows(ModelException.class, () -> Trainer.train(tiny(train, dev, out, 3), false, QUIET));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());

        // a kill between the two renames of a checkpoint swap leaves only checkpoint.old
        Files.move(out.resolve("checkpoint"), out.resolve("checkpoint.old"));
        Trainer.Result resumed = Trainer.train(tiny(train, dev, out, 4), true, QUIET);
        assertEquals(4, resumed.epochsRun());
        assertEquals(4, Files.readAllLines(out.resolve("train-log.jsonl")).size());
        assertTrue(Files.readString(out.resolve("checkpoint/trainer.json")).contains("\"epoch\":4"));

        ModelException none = assertThrows(ModelException.class,
                () -> Trainer.train(tiny(train, dev, dir.resolve("fresh"), 2), true, QUIET));
        assertTrue(none.getMessage().endsWith("no checkpoint to resume from"), none.getMessage());
    }

    /** Snapshots are the weights as they were after their step: the epoch-end ones equal the saved epochs. */
    @Test
    void keepsASnapshotEveryStepsAlongTheTrajectory() throws IOException {
        Path train = ToneCorpus.write(dir, "train", 32, 3);
        Path dev = ToneCorpus.write(dir, "dev", 8, 4);
        Path out = dir.resolve("run");
        Trainer.train(tiny(train, dev, out, 2).withSnapshots(1), false, QUIET);
        List<String> log = Files.readAllLines(out.resolve("train-log.jsonl"));
        long afterEpoch1 = Long.parseLong(log.get(0).replaceAll(".*\"step\":(\\d+).*", "$1"));
        long afterEpoch2 = Long.parseLong(log.get(1).replaceAll(".*\"step\":(\\d+).*", "$1"));
        List<String> names;
        try (var s = Files.list(out.resolve("snapshots"))) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> expected = new ArrayList<>();
        for (long k = 1; k <= afterEpoch2; k++) {
            expected.add(String.format("step-%07d", k));
        }
        assertEquals(expected, names);
        assertEquals(AcousticModel.load(out.resolve("epochs/epoch-1")).network().params,
                AcousticModel.load(out.resolve("snapshots").resolve(Trainer.snapshotName(afterEpoch1))).network().params);
        assertEquals(AcousticModel.load(out.resolve("epochs/epoch-2")).network().params,
                AcousticModel.load(out.resolve("snapshots").resolve(Trainer.snapshotName(afterEpoch2))).network().params);
        assertThrows(IllegalArgumentException.class, () -> tiny(train, dev, out, 1).withSnapshots(-1));
    }

    /** Fine-tuning starts where the given model stopped: one epoch from it reads the dev words, one from scratch cannot. */
    @Test
    void fineTuningStartsFromTheGivenModelAndRefusesAnotherArchitecture() throws IOException {
        Path train = ToneCorpus.write(dir, "train", 160, 1);
        Path dev = ToneCorpus.write(dir, "dev", 24, 2);
        Trainer.Result base = Trainer.train(tiny(train, dev, dir.resolve("base"), 12), false, QUIET);
        assertTrue(base.bestDevCer() < 0.08, "base model dev CER " + base.bestDevCer());

        // as if the base model were a bundle: its test metrics and averaging record are not the new run's
        AcousticModel bundled = AcousticModel.load(base.model());
        bundled.metadata().putObject("test_metrics").put("wer", 0.14);
        bundled.metadata().putArray("averaged_from").add("elsewhere");
        bundled.save(base.model());
        Trainer.Result tuned = Trainer.train(tiny(train, dev, dir.resolve("tuned"), 1), false, base.model(), QUIET);
        var tunedMeta = AcousticModel.load(tuned.model()).metadata();
        assertTrue(!tunedMeta.has("test_metrics") && !tunedMeta.has("averaged_from"), tunedMeta.toString());
        assertEquals(1, tunedMeta.path("training").path("epochs").asInt());
        Trainer.Result scratch = Trainer.train(tiny(train, dev, dir.resolve("scratch"), 1), false, QUIET);
        assertTrue(tuned.bestDevCer() < 0.1, "one epoch from the base model: dev CER " + tuned.bestDevCer());
        assertTrue(scratch.bestDevCer() > 0.5, "one epoch from scratch: dev CER " + scratch.bestDevCer());
        assertEquals(base.model().toString(), AcousticModel.load(tuned.model()).metadata()
                .path("training").path("initial_model").asText());

        // dropout is not part of the weights: a fine-tune may add it, and starts from the same model
        TrainConfig dropping = tiny(train, dev, dir.resolve("dropping"), 1).withModel(48, 2, 2, 0.1, NetworkShape.Cell.SIMPLE);
        Trainer.Result dropped = Trainer.train(dropping, false, base.model(), QUIET);
        assertTrue(dropped.bestDevCer() < 0.25, "one epoch with dropout from the base model: dev CER " + dropped.bestDevCer());
        assertEquals(0.1, AcousticModel.load(dropped.model()).shape().dropout());

        // a wider run starts from the same function (widened), so one epoch reads the dev words too
        TrainConfig wider = tiny(train, dev, dir.resolve("wider"), 1).withModel(64, 2, 2, 0.0, NetworkShape.Cell.SIMPLE);
        List<String> said = new ArrayList<>();
        Trainer.Result widened = Trainer.train(wider, false, base.model(), ToneCorpus.infoTo(said::add));
        assertTrue(widened.bestDevCer() < 0.1, "one epoch from the widened base model: dev CER " + widened.bestDevCer());
        assertEquals(64, AcousticModel.load(widened.model()).shape().width());
        assertTrue(said.contains("widened " + base.model() + " from 48 to 64 units"), said.toString());

        // another cell keeps the dense layers, which already hear the tones: a new LSTM layer on them reads the dev
        // words sooner than an LSTM network from scratch (an LSTM under CTC first sits a while at all-blank output)
        TrainConfig gated = tiny(train, dev, dir.resolve("gated"), 8).withModel(48, 2, 2, 0.0, NetworkShape.Cell.LSTM);
        said.clear();
        Trainer.Result regated = Trainer.train(gated, false, base.model(), ToneCorpus.infoTo(said::add));
        assertEquals(NetworkShape.Cell.LSTM, AcousticModel.load(regated.model()).shape().cell());
        assertTrue(said.contains("kept the dense layers of " + base.model() + " under a new LSTM recurrent layer of 48 units"),
                said.toString());
        Trainer.Result lstmScratch = Trainer.train(
                tiny(train, dev, dir.resolve("lstm-scratch"), 8).withModel(48, 2, 2, 0.0, NetworkShape.Cell.LSTM), false, QUIET);
        assertTrue(regated.bestDevCer() < lstmScratch.bestDevCer() - 0.1, "8 epochs of a new LSTM layer on the base"
                + " model's dense layers: dev CER " + regated.bestDevCer() + ", from scratch " + lstmScratch.bestDevCer());

        // the same new layer also learning the base model's frame posteriors (FrameDistillation) reads them sooner still
        TrainConfig gated3 = tiny(train, dev, dir.resolve("untaught"), 3).withModel(48, 2, 2, 0.0, NetworkShape.Cell.LSTM);
        Trainer.Result untaught = Trainer.train(gated3, false, base.model(), QUIET);
        said.clear();
        Trainer.Result taught = Trainer.train(tiny(train, dev, dir.resolve("taught"), 3).withModel(48, 2, 2, 0.0,
                NetworkShape.Cell.LSTM), false, base.model(), new Trainer.Distillation(base.model(), 1.0), ToneCorpus.infoTo(said::add));
        assertTrue(taught.bestDevCer() < untaught.bestDevCer() - 0.3, "3 epochs of a new LSTM layer with the base model as"
                + " teacher: dev CER " + taught.bestDevCer() + ", without " + untaught.bestDevCer());
        List<Double> kl = Files.readAllLines(dir.resolve("taught/train-log.jsonl")).stream()
                .map(line -> Double.parseDouble(line.replaceAll(".*\"train_distillation\":([^,}]+).*", "$1"))).toList();
        assertEquals(3, kl.size());
        assertTrue(kl.get(2) < 0.5 * kl.get(0), "the KL from the teacher falls: " + kl);
        assertTrue(Files.readString(dir.resolve("untaught/train-log.jsonl")).indexOf("distillation") < 0);
        assertTrue(said.contains("learning the frame posteriors of " + base.model() + " at weight 1.0"), said.toString());
        assertEquals(base.model().toString(), AcousticModel.load(taught.model()).metadata().path("training").path("teacher").asText());

                TrainConfig narrower = tiny(train, dev, dir.resolve("narrower"), 1).withModel(32, 2, 2, 0.0, NetworkShape.Cell.SIMPLE);
        ModelException shape = assertThrows(ModelException.class,
                () -> Trainer.train(narrower, false, base.model(), QUIET));
        assertTrue(shape.getMessage().startsWith(base.model() + ": was made with another architecture"), shape.getMessage());
        assertTrue(!Files.exists(dir.resolve("narrower")), "a refused run writes nothing");

        ModelException both = assertThrows(ModelException.class,
                () -> Trainer.train(tiny(train, dev, dir.resolve("base"), 13), true, base.model(), QUIET));
        assertTrue(both.getMessage().contains("drop the initial model"), both.getMessage());
    }
}
