package dev.auris.frontend.audio;

import static dev.auris.frontend.audio.AudioException.Problem.EMPTY;
import static dev.auris.frontend.audio.AudioException.Problem.NOT_AUDIO;
import static dev.auris.frontend.audio.AudioException.Problem.NOT_FOUND;
import static dev.auris.frontend.audio.AudioException.Problem.TRUNCATED;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads audio files into mono {@link Audio}: WAV, FLAC and MP3 by their content (not their name),
 * and headerless PCM in a format the caller states. Every failure is an {@link AudioException}
 * naming the file and the problem.
 */
public final class AudioDecoder {

    private AudioDecoder() {
    }

    /** Reads a WAV, FLAC or MP3 file, whatever its extension says. */
    public static Audio read(Path file) throws AudioException {
        String source = file.toString();
        byte[] bytes = readBytes(file);
        if (bytes.length == 0) {
            throw new AudioException(source, EMPTY, "file is empty (0 bytes)");
        }
        if (WavDecoder.looksLikeWav(bytes)) {
            return WavDecoder.decode(source, bytes);
        }
        if (FlacDecoder.looksLikeFlac(bytes)) {
            return FlacDecoder.decode(source, bytes);
        }
        if (Mp3Decoder.looksLikeMp3(bytes)) {
            return Mp3Decoder.decode(source, bytes);
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".raw") || name.endsWith(".pcm")) {
            throw new AudioException(source, NOT_AUDIO, "headerless PCM: state its sample rate, width and channels");
        }
        throw new AudioException(source, NOT_AUDIO, "not a WAV, FLAC or MP3 file");
    }

    /** Receives decoded audio block by block. */
    @FunctionalInterface
    public interface BlockConsumer {
        void accept(float[] samples, int sampleRate) throws java.io.IOException;
    }

    /**
     * Decodes a file in blocks of about {@code blockSeconds}, read from disk as they are decoded, so
     * memory does not grow with the file's length. A damaged or truncated FLAC or MP3 file raises its
     * error when decoding reaches the damage, after the blocks before it.
     */
    public static void stream(Path file, double blockSeconds, BlockConsumer consumer) throws java.io.IOException {
        String source = file.toString();
        long size;
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            size = Files.size(file);
            head = in.readNBytes((int) Math.min(size, 1 << 20));
        } catch (NoSuchFileException e) {
            throw new AudioException(file, NOT_FOUND, "no such file");
        } catch (IOException e) {
            throw new AudioException(file, NOT_FOUND, "cannot read (" + e.getMessage() + ")");
        }
        WavDecoder.Layout layout = riffWav(head) ? WavDecoder.layout(source, head, size) : null;
        if (layout == null) {
            boolean flac = FlacDecoder.looksLikeFlac(head);
            if (size == 0 || (!flac && !Mp3Decoder.looksLikeMp3(head))) {
                // a WAV whose header runs past the first MiB, or not audio (the reader names the problem)
                Audio whole = read(file);
                int block = (int) Math.max(1, blockSeconds * whole.sampleRate());
                for (int at = 0; at < whole.samples().length; at += block) {
                    consumer.accept(java.util.Arrays.copyOfRange(whole.samples(), at,
                            Math.min(whole.samples().length, at + block)), whole.sampleRate());
                }
                return;
            }
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                streamCompressed(source, in, flac, blockSeconds, consumer);
            }
            return;
        }
        RawPcmFormat f = layout.format();
        int frameBytes = f.bytesPerFrame();
        int blockFrames = (int) Math.max(1, blockSeconds * f.sampleRate());
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long position = layout.dataOffset();
            long left = layout.frames();
            byte[] bytes = new byte[blockFrames * frameBytes];
            while (left > 0) {
                int n = (int) Math.min(blockFrames, left);
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes, 0, n * frameBytes);
                while (buf.hasRemaining()) {
                    if (channel.read(buf, position + buf.position()) < 0) {
                        throw new AudioException(file, TRUNCATED, "file ended while reading its audio");
                    }
                }
                consumer.accept(SampleCodec.toMono(bytes, 0, n, f), f.sampleRate());
                position += (long) n * frameBytes;
                left -= n;
            }
        }
    }

    /** A RIFF WAV whose header lies in {@code head} (the first MiB) can be read in place. */
    private static boolean riffWav(byte[] head) {
        return WavDecoder.looksLikeWav(head) && head.length >= 12
                && new String(head, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("RIFF");
    }

    /**
     * A WAV file's length in seconds, from its header alone; NaN for FLAC and MP3 (their length is known
     * only by decoding them) and for anything unreadable, whose problem {@link #stream} then names.
     */
    public static double headerSeconds(Path file) {
        try (var in = Files.newInputStream(file)) {
            long size = Files.size(file);
            byte[] head = in.readNBytes((int) Math.min(size, 1 << 20));
            if (!riffWav(head)) {
                return Double.NaN;
            }
            WavDecoder.Layout layout = WavDecoder.layout(file.toString(), head, size);
            return layout.frames() / (double) layout.format().sampleRate();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** FLAC or MP3 decoded frame by frame from {@code in} and handed over in blocks. */
    static void streamCompressed(String source, InputStream in, boolean flac, double blockSeconds, BlockConsumer consumer)
            throws IOException {
        BlockBuffer out = new BlockBuffer(consumer, blockSeconds);
        if (flac) {
            FlacDecoder.decode(source, in, out);
        } else {
            Mp3Decoder.decode(source, in, out);
        }
    }

    /** Reads headerless PCM laid out as {@code format} says. */
    public static Audio readRaw(Path file, RawPcmFormat format) throws AudioException {
        return decodeRaw(file.toString(), readBytes(file), format);
    }

    /** Reads all of {@code in} (e.g. standard input) as WAV, FLAC or MP3. */
    public static Audio read(InputStream in, String name) throws AudioException {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new AudioException(name, NOT_FOUND, "cannot read (" + e.getMessage() + ")");
        }
        if (bytes.length == 0) {
            throw new AudioException(name, EMPTY, "no bytes to read");
        }
        if (WavDecoder.looksLikeWav(bytes)) {
            return WavDecoder.decode(name, bytes);
        }
        if (FlacDecoder.looksLikeFlac(bytes)) {
            return FlacDecoder.decode(name, bytes);
        }
        if (Mp3Decoder.looksLikeMp3(bytes)) {
            return Mp3Decoder.decode(name, bytes);
        }
        throw new AudioException(name, NOT_AUDIO, "not a WAV, FLAC or MP3 stream");
    }

    /** Reads all of a Java Sound stream (PCM signed, unsigned 8-bit, or float, either byte order). */
    public static Audio read(javax.sound.sampled.AudioInputStream in, String name) throws AudioException {
        javax.sound.sampled.AudioFormat f = in.getFormat();
        javax.sound.sampled.AudioFormat.Encoding e = f.getEncoding();
        boolean isFloat = e.equals(javax.sound.sampled.AudioFormat.Encoding.PCM_FLOAT);
        boolean unsigned8 = e.equals(javax.sound.sampled.AudioFormat.Encoding.PCM_UNSIGNED) && f.getSampleSizeInBits() == 8;
        if (!isFloat && !unsigned8 && !e.equals(javax.sound.sampled.AudioFormat.Encoding.PCM_SIGNED)) {
            throw new AudioException(name, AudioException.Problem.UNSUPPORTED, "audio stream encoding " + e
                    + " is not supported; use PCM");
        }
        int rate = Math.round(f.getSampleRate());
        SampleCodec.checkRate(name, rate);
        RawPcmFormat format;
        try {
            format = new RawPcmFormat(rate, f.getSampleSizeInBits(), f.getChannels(), isFloat, f.isBigEndian());
        } catch (IllegalArgumentException ex) {
            throw new AudioException(name, AudioException.Problem.UNSUPPORTED, ex.getMessage());
        }
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException ex) {
            throw new AudioException(name, NOT_FOUND, "cannot read (" + ex.getMessage() + ")");
        }
        return decodeRaw(name, bytes, format);
    }

    static Audio decodeRaw(String source, byte[] bytes, RawPcmFormat format) throws AudioException {
        int frameBytes = format.bytesPerFrame();
        if (bytes.length == 0) {
            throw new AudioException(source, EMPTY, "file is empty (0 bytes)");
        }
        if (bytes.length % frameBytes != 0) {
            throw new AudioException(source, TRUNCATED, bytes.length + " bytes is not a whole number of "
                    + frameBytes + "-byte sample frames (wrong format, or truncated?)");
        }
        return new Audio(SampleCodec.toMono(bytes, 0, bytes.length / frameBytes, format), format.sampleRate());
    }

    private static byte[] readBytes(Path file) throws AudioException {
        try {
            if (Files.isDirectory(file)) {
                throw new AudioException(file, NOT_AUDIO, "is a directory, not an audio file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AudioException(file, NOT_FOUND, "no such file");
        } catch (AudioException e) {
            throw e;
        } catch (IOException | OutOfMemoryError e) {
            throw new AudioException(file, NOT_FOUND, "cannot read (" + e.getMessage() + ")");
        }
    }
}
