package dev.auris.frontend.audio;

import static dev.auris.frontend.audio.AudioException.Problem.EMPTY;
import static dev.auris.frontend.audio.AudioException.Problem.MALFORMED;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/** MPEG audio layer I-III through JLayer (Common Voice ships MP3). */
final class Mp3Decoder {

    private Mp3Decoder() {
    }

    /** An ID3v2 tag, or an MPEG frame sync (11 set bits) with a valid layer field. */
    static boolean looksLikeMp3(byte[] head) {
        if (head.length >= 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
            return true;
        }
        return head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0;
    }

    static Audio decode(String source, byte[] bytes) throws AudioException {
        BlockBuffer out = new BlockBuffer();
        try {
            decode(source, new ByteArrayInputStream(bytes), out);
        } catch (AudioException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new AudioException(source, MALFORMED, "MP3 stream cannot be decoded (" + e.getMessage() + ")");
        }
        return out.audio();
    }

    /** Decodes frame by frame into {@code out}, so a stream is never held whole. */
    static void decode(String source, InputStream in, BlockBuffer out) throws java.io.IOException {
        Bitstream stream = new Bitstream(in);
        Decoder decoder = new Decoder();
        int rate = 0;
        int frames = 0;
        try {
            Header header;
            while ((header = stream.readFrame()) != null) {
                SampleBuffer pcm = (SampleBuffer) decoder.decodeFrame(header, stream);
                int channels = pcm.getChannelCount();
                if (rate == 0) {
                    rate = pcm.getSampleFrequency();
                    SampleCodec.checkRate(source, rate);
                } else if (rate != pcm.getSampleFrequency()) {
                    throw new AudioException(source, MALFORMED, "MP3 sample rate changes mid-stream ("
                            + rate + " to " + pcm.getSampleFrequency() + " Hz)");
                }
                short[] s = pcm.getBuffer();
                int n = pcm.getBufferLength() / channels;
                for (int i = 0; i < n; i++) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += s[i * channels + c];
                    }
                    out.add(sum / (32768f * channels), rate);
                }
                frames++;
                stream.closeFrame();
            }
        } catch (BitstreamException | DecoderException | RuntimeException e) {
            if (frames == 0) {
                throw new AudioException(source, MALFORMED, "MP3 stream cannot be decoded (" + e.getMessage() + ")");
            }
            // a damaged tail after good frames: keep what decoded, as players do
        } finally {
            try {
                stream.close();
            } catch (BitstreamException ignored) {
                // the caller owns and closes the underlying stream
            }
        }
        if (out.total() == 0) {
            throw new AudioException(source, EMPTY, "MP3 file holds no audio frames");
        }
        out.flush();
    }
}
