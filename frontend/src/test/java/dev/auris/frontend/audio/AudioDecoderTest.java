package dev.auris.frontend.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.frontend.audio.AudioException.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioDecoderTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Every supported width round-trips within its quantisation step, for plain and extensible headers. */
    @ParameterizedTest
    @CsvSource({"8,false,false", "16,false,false", "24,false,false", "32,false,false", "32,true,false",
            "64,true,false", "16,false,true", "24,false,true", "32,true,true"})
    void wavVariantsRoundTrip(int bits, boolean isFloat, boolean extensible) throws IOException {
        double[] x = WavBytes.tone(440, 0.5, 22050, 2205);
        Audio a = AudioDecoder.read(write("t.wav", WavBytes.wav(new double[][] {x}, 22050, bits, isFloat, extensible)));
        assertEquals(22050, a.sampleRate());
        assertEquals(x.length, a.samples().length);
        double step = Math.max(1e-7, isFloat ? 0 : 1.0 / (1L << (bits - 1))); // float32 holds ~24 bits
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], a.samples()[i], step, "sample " + i);
        }
    }

    @Test
    void channelsAreAveragedToMono() throws IOException {
        int n = 1000;
        double[][] ch = new double[5][n];
        for (int c = 0; c < 5; c++) {
            for (int i = 0; i < n; i++) {
                ch[c][i] = 0.1 * (c + 1) * Math.sin(i * 0.01 * (c + 1));
            }
        }
        Audio a = AudioDecoder.read(write("m.wav", WavBytes.wav(ch, 48000, 16, false, true)));
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int c = 0; c < 5; c++) {
                mean += Math.round(ch[c][i] * 32768) / 32768.0 / 5;
            }
            assertEquals(mean, a.samples()[i], 1e-6);
        }
    }

    @Test
    void anySupportedRateIsKept() throws IOException {
        for (int rate : new int[] {8000, 11025, 44100, 96000}) {
            Audio a = AudioDecoder.read(write("r.wav", WavBytes.wav(new double[][] {new double[100]}, rate, 16, false, false)));
            assertEquals(rate, a.sampleRate());
        }
    }

    @Test
    void flacDecodesBitExactToTheSameWav() throws IOException {
        Audio wav = AudioDecoder.read(resource("speech16k.wav"));
        Audio flac = AudioDecoder.read(resource("speech16k.flac"));
        assertEquals(16000, flac.sampleRate());
        assertTrue(Arrays.equals(wav.samples(), flac.samples()), "16-bit FLAC must be lossless");
        // 24-bit stereo of the same 16-bit signal: both channels identical, values scaled by 256 exactly
        Audio flac24 = AudioDecoder.read(resource("speech16k-24bit-stereo.flac"));
        assertTrue(Arrays.equals(wav.samples(), flac24.samples()), "24-bit stereo FLAC mixes to the same mono");
    }

    @Test
    void mp3DecodesToTheSameSpeechEnvelope() throws IOException {
        Audio wav = AudioDecoder.read(resource("speech16k.wav"));
        Audio mp3 = AudioDecoder.read(resource("speech16k.mp3"));
        assertEquals(16000, mp3.sampleRate());
        // the encoder adds a delay and padding of a few frames; compare envelopes after aligning
        double[] e1 = envelope(wav.samples(), 160);
        double[] e2 = envelope(mp3.samples(), 160);
        double best = -1;
        for (int lag = 0; lag < 20; lag++) {
            best = Math.max(best, correlation(e1, e2, lag));
        }
        assertTrue(best > 0.95, "envelope correlation " + best);
        assertEquals(wav.durationSeconds(), mp3.durationSeconds(), 0.15);
    }

    @Test
    void rawPcmInTheStatedFormat() throws IOException {
        double[] left = WavBytes.tone(300, 0.4, 8000, 800);
        double[] right = WavBytes.tone(700, 0.2, 8000, 800);
        byte[] data = WavBytes.encode(new double[][] {left, right}, 32, true);
        Audio a = AudioDecoder.readRaw(write("x.raw", data), new RawPcmFormat(8000, 32, 2, true, false));
        for (int i = 0; i < 800; i++) {
            assertEquals((left[i] + right[i]) / 2, a.samples()[i], 1e-6);
        }
        Audio s16 = AudioDecoder.readRaw(write("y.pcm", WavBytes.encode(new double[][] {left}, 16, false)),
                RawPcmFormat.s16le(8000));
        assertEquals(left[123], s16.samples()[123], 1.0 / 32768);
        AudioException odd = assertThrows(AudioException.class,
                () -> AudioDecoder.readRaw(write("z.raw", new byte[7]), RawPcmFormat.s16le(16000)));
        assertEquals(Problem.TRUNCATED, odd.problem());
        assertThrows(IllegalArgumentException.class, () -> new RawPcmFormat(16000, 12, 1, false, false));
        assertThrows(IllegalArgumentException.class, () -> new RawPcmFormat(4000, 16, 1, false, false));
    }

    @Test
    void streamsAreReadByContent() throws IOException {
        byte[] bytes = Files.readAllBytes(resource("speech16k.flac"));
        Audio a = AudioDecoder.read(new ByteArrayInputStream(bytes), "stdin");
        assertEquals(16000, a.sampleRate());
        AudioException e = assertThrows(AudioException.class,
                () -> AudioDecoder.read(new ByteArrayInputStream("hello".getBytes()), "stdin"));
        assertEquals("stdin: not a WAV, FLAC or MP3 stream", e.getMessage());
    }

    // ---- malformed input: each gets its typed error, naming the file ----

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.wav");
        AudioException e = assertThrows(AudioException.class, () -> AudioDecoder.read(p));
        assertEquals(Problem.NOT_FOUND, e.problem());
        assertEquals(p + ": no such file", e.getMessage());
    }

    @Test
    void directoryIsNotAudio() {
        assertProblem(Problem.NOT_AUDIO, () -> AudioDecoder.read(dir));
    }

    /** A WAV's header gives its length (samples / rate, for any layout); other files give NaN, never an error. */
    @ParameterizedTest
    @CsvSource({"16,false,false", "24,false,true", "32,true,false"})
    void wavHeaderGivesTheLength(int bits, boolean isFloat, boolean extensible) throws IOException {
        double[] x = WavBytes.tone(440, 0.5, 22050, 33075);
        Path p = write("t.wav", WavBytes.wav(new double[][] {x, x}, 22050, bits, isFloat, extensible));
        assertEquals(1.5, AudioDecoder.headerSeconds(p), 1e-12);
    }

    @Test
    void lengthUnknownWithoutAHeaderIsNaN() throws IOException {
        assertTrue(Double.isNaN(AudioDecoder.headerSeconds(resource("speech16k.flac"))), "FLAC: only decoding tells");
        assertTrue(Double.isNaN(AudioDecoder.headerSeconds(dir.resolve("missing.wav"))));
        assertTrue(Double.isNaN(AudioDecoder.headerSeconds(write("notes.wav", "not audio\n".getBytes()))));
        assertTrue(Double.isNaN(AudioDecoder.headerSeconds(write("short.wav", "RIFF\0\0".getBytes()))));
    }

    @Test
    void emptyFile() throws IOException {
        Path p = write("empty.wav", new byte[0]);
        assertProblem(Problem.EMPTY, () -> AudioDecoder.read(p));
    }

    @Test
    void notAudioAtAll() throws IOException {
        Path p = write("notes.wav", "This is a text file, not audio.\n".getBytes());
        AudioException e = assertThrows(AudioException.class, () -> AudioDecoder.read(p));
        assertEquals(Problem.NOT_AUDIO, e.problem());
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
    }

    @Test
    void headerShorterThanItself() throws IOException {
        Path p = write("short.wav", "RIFF\0\0".getBytes());
        assertProblem(Problem.TRUNCATED, () -> AudioDecoder.read(p));
    }

    @Test
    void lyingDataSize() throws IOException {
        byte[] data = WavBytes.encode(new double[][] {new double[100]}, 16, false);
        Path p = write("lie.wav", WavBytes.wrap(data, 1, 16000, 16, WavBytes.PCM, false, 100_000));
        AudioException e = assertThrows(AudioException.class, () -> AudioDecoder.read(p));
        assertEquals(Problem.TRUNCATED, e.problem());
        assertTrue(e.getMessage().contains("100000"), e.getMessage());
    }

    @Test
    void truncatedInsideAFrame() throws IOException {
        byte[] full = WavBytes.wav(new double[][] {new double[100], new double[100]}, 16000, 24, false, false);
        Path p = write("cut.wav", Arrays.copyOf(full, full.length - 2));
        // declared size now exceeds what is there
        assertProblem(Problem.TRUNCATED, () -> AudioDecoder.read(p));
    }

    @Test
    void zeroSamples() throws IOException {
        Path p = write("zero.wav", WavBytes.wrap(new byte[0], 1, 16000, 16, WavBytes.PCM, false, 0));
        assertProblem(Problem.EMPTY, () -> AudioDecoder.read(p));
    }

    @Test
    void unsupportedEncoding() throws IOException {
        Path p = write("alaw.wav", WavBytes.wrap(new byte[100], 1, 8000, 8, 6, false, 100));
        AudioException e = assertThrows(AudioException.class, () -> AudioDecoder.read(p));
        assertEquals(Problem.UNSUPPORTED, e.problem());
        assertTrue(e.getMessage().contains("A-law"), e.getMessage());
    }

    @Test
    void unsupportedWidth() throws IOException {
        Path p = write("w12.wav", WavBytes.wrap(new byte[96], 1, 16000, 12, WavBytes.PCM, false, 96));
        assertProblem(Problem.UNSUPPORTED, () -> AudioDecoder.read(p));
    }

    @Test
    void rateOutOfRange() throws IOException {
        Path p = write("slow.wav", WavBytes.wav(new double[][] {new double[10]}, 4000, 16, false, false));
        assertProblem(Problem.BAD_SAMPLE_RATE, () -> AudioDecoder.read(p));
    }

    @Test
    void inconsistentBlockAlign() throws IOException {
        byte[] ok = WavBytes.wav(new double[][] {new double[10]}, 16000, 16, false, false);
        ok[32] = 3; // block align field
        Path p = write("align.wav", ok);
        assertProblem(Problem.MALFORMED, () -> AudioDecoder.read(p));
    }

    /** Blocks of the requested length (the last one shorter) that join up to exactly the whole-file read. */
    @Test
    void streamingHandsOverEveryFormatInBlocksEqualToTheWholeFile() throws IOException {
        // and a WAV whose data chunk starts past the first MiB the streamer looks at
        byte[] wav = Files.readAllBytes(resource("speech16k.wav"));
        java.nio.ByteBuffer big = java.nio.ByteBuffer.allocate(wav.length + 8 + (1 << 21)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        big.put(wav, 0, 36).put("junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(1 << 21)
                .put(new byte[1 << 21]).put(wav, 36, wav.length - 36).putInt(4, big.capacity() - 8);
        assertEquals("data", new String(wav, 36, 4, java.nio.charset.StandardCharsets.US_ASCII), "plain 44-byte header");
        Path late = write("late-data.wav", big.array());
        for (Path file : new Path[] {resource("speech16k.wav"), resource("speech16k.flac"),
                resource("speech16k-24bit-stereo.flac"), resource("speech16k.mp3"), late}) {
            String name = file.getFileName().toString();
            Audio whole = AudioDecoder.read(file);
            assertTrue(whole.samples().length > 20000, name);
            List<float[]> blocks = new ArrayList<>();
            AudioDecoder.stream(file, 0.25, (samples, rate) -> {
                assertEquals(whole.sampleRate(), rate);
                blocks.add(samples);
            });
            int at = 0;
            for (int i = 0; i < blocks.size(); i++) {
                float[] b = blocks.get(i);
                if (i < blocks.size() - 1) {
                    assertEquals(4000, b.length, name + " block " + i);
                }
                assertTrue(Arrays.equals(Arrays.copyOfRange(whole.samples(), at, at + b.length), b), name + " block " + i);
                at += b.length;
            }
            assertEquals(whole.samples().length, at, name);
        }
    }

    /**
     * A minute of FLAC (made with sox) is decoded as it is read: when the first one-second block
     * arrives, only a small part of the file has been read. Memory therefore stays flat however long
     * the file is.
     */
    @Test
    void streamingFlacReadsTheFileAsItDecodes() throws Exception {
        Path flac = dir.resolve("minute.flac");
        Process sox = new ProcessBuilder("sox", "-n", "-r", "16000", "-b", "16", flac.toString(), "synth", "60",
                "whitenoise", "vol", "0.3").redirectErrorStream(true).start();
        assertEquals(0, sox.waitFor(), new String(sox.getInputStream().readAllBytes()));
        long size = Files.size(flac);
        long[] readAtFirstBlock = {-1};
        int[] blocks = {0};
        try (var counting = new java.io.FilterInputStream(Files.newInputStream(flac)) {
            long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                read += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                read += Math.max(0, n);
                if (readAtFirstBlock[0] < 0 && blocks[0] > 0) {
                    readAtFirstBlock[0] = read;
                }
                return n;
            }
        }) {
            AudioDecoder.streamCompressed("minute.flac", counting, true, 1.0, (samples, rate) -> blocks[0]++);
        }
        assertEquals(60, blocks[0]);
        assertTrue(readAtFirstBlock[0] > 0 && readAtFirstBlock[0] < size / 10,
                "read " + readAtFirstBlock[0] + " of " + size + " bytes before the first block");
    }

    @Test
    void streamingReportsDamageWhereDecodingReachesIt() throws IOException {
        byte[] flac = Files.readAllBytes(resource("speech16k.flac"));
        Path cut = write("cut.flac", Arrays.copyOf(flac, flac.length / 2));
        List<float[]> blocks = new ArrayList<>();
        AudioException e = assertThrows(AudioException.class, () -> AudioDecoder.stream(cut, 0.1, (s, r) -> blocks.add(s)));
        assertEquals(Problem.TRUNCATED, e.problem());
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
        assertTrue(blocks.size() >= 3, "the audio before the damage was handed over: " + blocks.size() + " blocks");
    }

    @Test
    void damagedFlacAndMp3() throws IOException {
        byte[] flac = Files.readAllBytes(resource("speech16k.flac"));
        Path cut = write("cut.flac", Arrays.copyOf(flac, flac.length / 2));
        assertProblem(Problem.TRUNCATED, () -> AudioDecoder.read(cut));
        Path junk = write("junk.flac", Arrays.copyOf("fLaC".getBytes(), 64));
        AudioException e = assertThrows(AudioException.class, () -> AudioDecoder.read(junk));
        assertTrue(e.getMessage().startsWith(junk + ": "), e.getMessage());
        Path mp3 = write("junk.mp3", new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0});
        AudioException m = assertThrows(AudioException.class, () -> AudioDecoder.read(mp3));
        assertTrue(m.getMessage().startsWith(mp3 + ": "), m.getMessage());
    }

    private static void assertProblem(Problem expected, org.junit.jupiter.api.function.Executable call) {
        AudioException e = assertThrows(AudioException.class, call);
        assertEquals(expected, e.problem(), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
    }

    static Path resource(String name) {
        try {
            return Path.of(AudioDecoderTest.class.getResource("/audio/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] envelope(float[] x, int hop) {
        double[] e = new double[x.length / hop];
        for (int i = 0; i < e.length; i++) {
            for (int j = 0; j < hop; j++) {
                e[i] += x[i * hop + j] * x[i * hop + j];
            }
            e[i] = Math.sqrt(e[i] / hop);
        }
        return e;
    }

    private static double correlation(double[] a, double[] b, int lag) {
        int n = Math.min(a.length, b.length - lag);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i + lag];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i + lag] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i + lag] - mb) * (b[i + lag] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
