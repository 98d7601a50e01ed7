package dev.auris.frontend.audio;

import java.io.IOException;
import java.util.Arrays;

/**
 * Gathers decoded samples of any frame size (a FLAC frame, an MP3 frame) into blocks of a fixed
 * length for a {@link AudioDecoder.BlockConsumer}; with no consumer it keeps everything, for
 * whole-file reads. Either way one decoding loop serves both.
 */
final class BlockBuffer {

    private final AudioDecoder.BlockConsumer consumer;
    private final double blockSeconds;
    private float[] data;
    private int length;
    private long total;
    private int sampleRate;

    /** Keeps every sample (whole-file decoding). */
    BlockBuffer() {
        this(null, 0);
    }

    /** Hands over blocks of about {@code blockSeconds} as they fill (their length is set by the first sample's rate). */
    BlockBuffer(AudioDecoder.BlockConsumer consumer, double blockSeconds) {
        this.consumer = consumer;
        this.blockSeconds = blockSeconds;
    }

    void add(float sample, int rate) throws IOException {
        if (data == null) {
            data = new float[consumer == null ? 1 << 16 : (int) Math.max(1, blockSeconds * rate)];
        }
        sampleRate = rate;
        if (length == data.length) {
            if (consumer != null) {
                flush();
            } else {
                data = Arrays.copyOf(data, data.length * 2);
            }
        }
        data[length++] = sample;
        total++;
    }

    /** Adds a decoded frame's samples at once. */
    void add(float[] samples, int rate) throws IOException {
        for (int at = 0; at < samples.length; ) {
            add(samples[at++], rate); // allocates the block and flushes or grows when full
            int n = Math.min(samples.length - at, data.length - length);
            System.arraycopy(samples, at, data, length, n);
            length += n;
            total += n;
            at += n;
        }
    }

    /** Hands over what is gathered (streaming). */
    void flush() throws IOException {
        if (consumer != null && length > 0) {
            consumer.accept(Arrays.copyOf(data, length), sampleRate);
            length = 0;
        }
    }

    long total() {
        return total;
    }

    /** Everything gathered (whole-file decoding). */
    Audio audio() {
        return new Audio(data == null ? new float[0] : Arrays.copyOf(data, length), sampleRate);
    }
}
