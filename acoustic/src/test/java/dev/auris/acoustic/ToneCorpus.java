package dev.auris.acoustic;

import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.WavWriter;
import dev.auris.frontend.features.FrontendConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A tiny generated "language" for training tests: letters a-e, each a 90 ms tone of its own
 * pitch, separated by 40 ms of silence. Learnable in seconds, so a test can prove the loop learns.
 */
public final class ToneCorpus {

    private ToneCorpus() {
    }

    public static String randomWord(Random r) {
        int n = 3 + r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + r.nextInt(5)));
        }
        return sb.toString();
    }

    public static Audio speak(String word, Random r) {
        int rate = 16000;
        List<Float> samples = new ArrayList<>();
        addSilence(samples, 100 + r.nextInt(60));
        for (char c : word.toCharArray()) {
            double hz = 300 + 350 * (c - 'a');
            int n = rate * (80 + r.nextInt(25)) / 1000;
            double phase = r.nextDouble() * 6.28;
            for (int i = 0; i < n; i++) {
                double env = Math.sin(Math.PI * i / n);
                samples.add((float) (0.3 * env * Math.sin(phase + 2 * Math.PI * hz * i / rate)
                        + 0.002 * r.nextGaussian()));
            }
            addSilence(samples, 40);
        }
        addSilence(samples, 100);
        float[] x = new float[samples.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = samples.get(i);
        }
        return new Audio(x, rate);
    }

    private static void addSilence(List<Float> s, int ms) {
        for (int i = 0; i < 16 * ms; i++) {
            s.add(0f);
        }
    }

    /** A listener that says nothing. */
    public static final Trainer.Listener QUIET = infoTo(message -> { });

    /** A listener that hands its info lines to {@code info} and ignores progress and epochs. */
    public static Trainer.Listener infoTo(java.util.function.Consumer<String> info) {
        return new Trainer.Listener() {
            @Override
            public void progress(Trainer.Progress p) {
            }

            @Override
            public void epoch(Trainer.EpochResult r) {
            }

            @Override
            public void info(String message) {
                info.accept(message);
            }
        };
    }

    /** Trains a small model on 160 tone words (seconds) and returns its bundle. */
    public static Path trainTinyModel(Path dir) throws IOException {
        Path train = write(dir, "train", 160, 1);
        Path dev = write(dir, "dev", 24, 2);
        return Trainer.train(tinyConfig(train, dev, dir.resolve("run"), dir.resolve("cache"), 12), false, QUIET).model();
    }

    /** Width 48, context 2, stride 2, 24 mel bands, batch 8, Adam 1.5e-3: learns the tone words in a few epochs. */
    static TrainConfig tinyConfig(Path train, Path dev, Path out, Path cache, int epochs) {
        return new TrainConfig(train, dev, out, cache, epochs, 8, 1.5e-3, 40, 0.95, 50, FeatureAugmentation.NONE, 60, 50, 5,
                48, 2, 2, 0.0, NetworkShape.Cell.SIMPLE, FrontendConfig.defaults().withMelBands(24)
                .withNormalization(FrontendConfig.Normalization.NONE), 0, 0);
    }

    /** Writes n utterances and a manifest; returns the manifest path. */
    public static Path write(Path dir, String name, int n, long seed) throws IOException {
        Random r = new Random(seed);
        Files.createDirectories(dir.resolve(name));
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String word = randomWord(r);
            Path wav = dir.resolve(name).resolve(i + ".wav");
            WavWriter.write(wav, speak(word, r));
            manifest.append(name).append('/').append(i).append(".wav\t").append(word).append('\n');
        }
        Path m = dir.resolve(name + ".tsv");
        Files.writeString(m, manifest);
        return m;
    }
}
