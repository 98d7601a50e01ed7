package dev.auris.recognizer;

import dev.auris.acoustic.Posteriors;
import dev.auris.frontend.audio.SincResampler;
import dev.auris.frontend.features.Features;
import dev.auris.frontend.features.StreamingFeatureExtractor;

/**
 * Recognition as audio arrives: push PCM chunks, read the partial transcript as it changes, and
 * get the final transcript at the end, the same as transcribing the whole audio at once (the
 * features are computed incrementally and exactly; the bidirectional network then reads them all).
 * One session per stream; not thread-safe.
 */
public final class StreamingSession {

    /** Seconds of new audio between partial decodes. */
    private static final double PARTIAL_EVERY = 0.5;

    private final Recognizer recognizer;
    private final int inputRate;
    private final SincResampler resampler;
    private final StreamingFeatureExtractor features;
    private float[] frames = new float[0];
    private int frameCount;
    private int dimension;
    private long samples;
    private long samplesAtLastPartial;
    private String partial = "";
    private boolean finished;

    StreamingSession(Recognizer recognizer, int sampleRate) {
        if (sampleRate < 8000 || sampleRate > 96000) {
            throw new IllegalArgumentException("sample rate must be 8000..96000 Hz, got " + sampleRate);
        }
        this.recognizer = recognizer;
        this.inputRate = sampleRate;
        this.resampler = sampleRate == recognizer.sampleRate() ? null : new SincResampler(sampleRate, recognizer.sampleRate());
        this.features = new StreamingFeatureExtractor(recognizer.acoustic().frontend());
    }

    /**
     * Adds mono samples in [-1, 1]; returns the partial transcript so far (updated every half second, by a
     * narrower beam than the final result's).
     */
    public String accept(float[] pcm, int offset, int length) {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
        float[] in = resampler == null ? java.util.Arrays.copyOfRange(pcm, offset, offset + length)
                : resampler.process(pcm, offset, length);
        append(features.accept(in, 0, in.length));
        samples += length;
        if (samples - samplesAtLastPartial >= PARTIAL_EVERY * inputRate && frameCount > 0) {
            samplesAtLastPartial = samples;
            partial = recognizer.decodePartial(posteriors());
        }
        return partial;
    }

    public String accept(float[] pcm) {
        return accept(pcm, 0, pcm.length);
    }

    /** The partial transcript as of the last update. */
    public String partial() {
        return partial;
    }

    /** Ends the stream and returns the final transcript. */
    public Transcript finish() {
        if (!finished) {
            finished = true;
            if (resampler != null) {
                float[] tail = resampler.flush();
                append(features.accept(tail, 0, tail.length));
            }
            append(features.finish());
        }
        Transcript t = decodeAll();
        partial = t.text();
        return t;
    }

    private void append(Features f) {
        if (f.frames() == 0) {
            return;
        }
        dimension = f.dimension();
        if ((frameCount + f.frames()) * dimension > frames.length) {
            frames = java.util.Arrays.copyOf(frames, Math.max(frames.length * 2, (frameCount + f.frames()) * dimension));
        }
        System.arraycopy(f.data(), 0, frames, frameCount * dimension, f.data().length);
        frameCount += f.frames();
    }

    private Transcript decodeAll() {
        double seconds = samples / (double) inputRate;
        if (frameCount == 0) {
            return new Transcript("", java.util.List.of(), java.util.List.of(), seconds);
        }
        return recognizer.decode(posteriors(), seconds, 0);
    }

    private Posteriors posteriors() {
        Features all = new Features(frameCount, dimension, java.util.Arrays.copyOf(frames, frameCount * dimension));
        return recognizer.acoustic().posteriors(all);
    }
}
