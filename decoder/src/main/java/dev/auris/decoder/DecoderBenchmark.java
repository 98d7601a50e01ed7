package dev.auris.decoder;

import dev.auris.corpora.text.Alphabet;
import dev.auris.lm.NgramModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Beam-search speed on CTC output shaped like a trained model's: each character of real sentences
 * fires for one or two frames at probability 0.6-0.95 with a runner-up, blanks in between, every
 * other label sharing the rest. Frames per second on the calling thread.
 */
public final class DecoderBenchmark {

    /** Speed at one beam width; {@code agreement} is the share of utterances decoded to their sentence. */
    public record Speed(int beamWidth, long frames, double seconds, double framesPerSecond, double agreement) {
    }

    private DecoderBenchmark() {
    }

    /** Posteriors for a sentence (20 ms frames), seeded. */
    public static CtcMatrix peakyPosteriors(String sentence, Random r) {
        List<Integer> path = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            path.add(Alphabet.BLANK);
        }
        char prev = 0;
        for (char ch : sentence.toCharArray()) {
            int label = Alphabet.indexOf(ch);
            if (ch == prev) {
                path.add(Alphabet.BLANK);
            }
            int hold = 1 + r.nextInt(2);
            for (int k = 0; k < hold; k++) {
                path.add(label);
            }
            if (r.nextBoolean()) {
                path.add(Alphabet.BLANK);
            }
            prev = ch;
        }
        for (int i = 0; i < 3; i++) {
            path.add(Alphabet.BLANK);
        }
        int frames = path.size();
        float[] lp = new float[frames * Alphabet.SIZE];
        for (int t = 0; t < frames; t++) {
            double top = 0.6 + 0.35 * r.nextDouble();
            int runnerUp = 1 + r.nextInt(Alphabet.SIZE - 1);
            double second = (1 - top) * 0.6;
            double rest = (1 - top - second) / (Alphabet.SIZE - 2);
            for (int k = 0; k < Alphabet.SIZE; k++) {
                double p = k == path.get(t) ? top : k == runnerUp ? second : rest;
                lp[t * Alphabet.SIZE + k] = (float) Math.log(p);
            }
        }
        return new CtcMatrix(frames, Alphabet.SIZE, lp, 0.02);
    }

    public static Speed measure(NgramModel lm, List<String> sentences, int beamWidth) {
        return measure(lm, sentences, DecoderConfig.defaults().withBeamWidth(beamWidth));
    }

    public static Speed measure(NgramModel lm, List<String> sentences, DecoderConfig config) {
        int beamWidth = config.beamWidth();
        Random r = new Random(7);
        List<CtcMatrix> inputs = new ArrayList<>();
        for (String s : sentences) {
            inputs.add(peakyPosteriors(s, r));
        }
        CtcDecoder decoder = CtcDecoder.beamSearch(config, lm);
        for (int i = 0; i < Math.min(20, inputs.size()); i++) {
            decoder.decode(inputs.get(i)); // warm-up
        }
        long frames = 0;
        int agree = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < inputs.size(); i++) {
            if (decoder.decode(inputs.get(i)).text().equals(sentences.get(i))) {
                agree++;
            }
            frames += inputs.get(i).frames();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new Speed(beamWidth, frames, s, frames / s, agree / (double) inputs.size());
    }
}
