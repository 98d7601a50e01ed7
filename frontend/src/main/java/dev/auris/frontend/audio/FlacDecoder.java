package dev.auris.frontend.audio;

import static dev.auris.frontend.audio.AudioException.Problem.EMPTY;
import static dev.auris.frontend.audio.AudioException.Problem.MALFORMED;
import static dev.auris.frontend.audio.AudioException.Problem.UNSUPPORTED;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

/** FLAC through jflac-codec (LibriSpeech ships FLAC). */
final class FlacDecoder {

    private FlacDecoder() {
    }

    static boolean looksLikeFlac(byte[] head) {
        return head.length >= 4 && head[0] == 'f' && head[1] == 'L' && head[2] == 'a' && head[3] == 'C';
    }

    static Audio decode(String source, byte[] bytes) throws AudioException {
        BlockBuffer out = new BlockBuffer();
        try {
            decode(source, new ByteArrayInputStream(bytes), out);
        } catch (AudioException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioException(source, MALFORMED, "FLAC audio cannot be decoded (" + reason(e) + ")");
        }
        return out.audio();
    }

    /**
     * Decodes frame by frame into {@code out}, so a stream is never held whole. Damage and truncation
     * are found as they are reached, i.e. after the blocks before them have been handed over.
     */
    static void decode(String source, InputStream in, BlockBuffer out) throws IOException {
        FLACDecoder decoder = new FLACDecoder(in);
        StreamInfo info;
        try {
            info = decoder.readStreamInfo();
        } catch (IOException | RuntimeException e) {
            throw new AudioException(source, MALFORMED, "FLAC header cannot be read (" + reason(e) + ")");
        }
        if (info == null) {
            throw new AudioException(source, MALFORMED, "FLAC file has no STREAMINFO block");
        }
        SampleCodec.checkRate(source, info.getSampleRate());
        int bits = info.getBitsPerSample();
        if (bits != 8 && bits != 16 && bits != 24) {
            throw new AudioException(source, UNSUPPORTED, bits + "-bit FLAC is not supported (8, 16 or 24)");
        }
        // jflac writes 8-bit as unsigned and wider widths as signed little-endian, i.e. WAV layout
        RawPcmFormat format = new RawPcmFormat(info.getSampleRate(), bits, info.getChannels(), false, false);
        decoder.addPCMProcessor(new PCMProcessor() {
            @Override
            public void processStreamInfo(StreamInfo streamInfo) {
            }

            @Override
            public void processPCM(ByteData pcm) {
                float[] mono = SampleCodec.toMono(pcm.getData(), 0, pcm.getLen() / format.bytesPerFrame(), format);
                try {
                    out.add(mono, format.sampleRate());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        try {
            decoder.decodeFrames();
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the consumer's own failure, not the file's
        } catch (IOException | RuntimeException e) {
            throw new AudioException(source, MALFORMED, "FLAC audio cannot be decoded (" + reason(e) + ")");
        }
        long expected = info.getTotalSamples();
        long got = out.total();
        if (decoder.getBadFrames() > 0 || (expected > 0 && got < expected)) {
            throw new AudioException(source, AudioException.Problem.TRUNCATED, "FLAC stream announces " + expected
                    + " samples but only " + got + " decode" + (decoder.getBadFrames() > 0
                    ? " (" + decoder.getBadFrames() + " damaged frames)" : " (truncated file?)"));
        }
        if (got == 0) {
            throw new AudioException(source, EMPTY, "FLAC file holds no samples");
        }
        out.flush();
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
