package dev.auris.recognizer;

import dev.auris.acoustic.AcousticModel;
import dev.auris.acoustic.ModelException;
import dev.auris.acoustic.Posteriors;
import dev.auris.decoder.CtcDecoder;
import dev.auris.decoder.CtcMatrix;
import dev.auris.decoder.DecoderConfig;
import dev.auris.decoder.Hypothesis;
import dev.auris.decoder.NBestRescorer;
import dev.auris.decoder.Word;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.AudioDecoder;
import dev.auris.frontend.audio.SincResampler;
import dev.auris.lm.NgramModel;
import dev.auris.lm.RecurrentLanguageModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import javax.sound.sampled.AudioInputStream;

/**
 * Speech to text in a few lines: load a model bundle once, then transcribe files, PCM arrays or
 * audio streams, or stream PCM as it arrives. Thread-safe; share one instance.
 *
 * <pre>{@code
 * Recognizer recognizer = Recognizer.load(Path.of("models/default"));
 * Transcript t = recognizer.transcribe(Path.of("speech.wav"));
 * System.out.println(t.text());
 * }</pre>
 *
 * <p>A bundle is the acoustic model's folder; beside {@code manifest.json} and {@code weights.bin} it
 * may hold {@code lm.bin} (n-gram, fused in the beam) and {@code wordlm.bin} or {@code rnnlm.zip} (N-best rescoring), and
 * its manifest's {@code metadata.decoder} the weights they were tuned with.
 */
public final class Recognizer {

    static final String NGRAM_FILE = "lm.bin";

    private final AcousticModel acoustic;
    private final NgramModel ngram;
    private final RnnSlot rnn;
    private final RecognizerSettings settings;
    private final CtcDecoder decoder;
    /** A streaming session's partial results: the same decoding at a narrower beam (the final result is exact). */
    private final CtcDecoder partialDecoder;

    /**
     * Beam of the partial results. A session decodes all its audio again every half second, so at the
     * bundle's beam (2048) a minute-long stream does 120 full searches; partials are provisional, and the
     * final result, at the full beam, is what must equal the whole-file one.
     */
    static final int PARTIAL_BEAM = 256;

    /**
     * The bundle's recurrent LM file (word or character model), read the first time some settings rescore
     * with it: a bundle whose rescoring weight is 0 never pays the 0.3-0.8 s of reading it. Shared by the
     * recognizers {@link #withSettings} makes from one {@link #load}.
     */
    private static final class RnnSlot {
        private final Path file;
        private volatile NBestRescorer.SentenceModel model;

        RnnSlot(Path file) {
            this.file = file;
        }

        /** Reads the model now if {@code settings} rescore with it and it is not read yet. */
        void readIfUsed(RecognizerSettings settings) throws IOException {
            if (file == null || !settings.useLanguageModels() || settings.rescoringWeight() == 0) {
                return;
            }
            synchronized (this) {
                if (model == null) {
                    model = NBestRescorer.SentenceModel.of(RecurrentLanguageModel.load(file));
                }
            }
        }
    }

    private Recognizer(AcousticModel acoustic, NgramModel ngram, RnnSlot rnn, RecognizerSettings settings,
            CtcDecoder decoder) {
        this.acoustic = settings.hearing(acoustic);
        this.ngram = ngram;
        this.rnn = rnn;
        this.settings = settings;
        this.decoder = decoder;
        this.partialDecoder = decoder.withBeamWidth(Math.min(PARTIAL_BEAM, settings.beamWidth()));
    }

    /**
     * The decoder {@code settings} ask for. With the n-gram model it takes the vocabulary trie from {@code shared}
     * (may be null) if that decodes with the same model, else builds one.
     */
    private static CtcDecoder mainDecoder(RecognizerSettings settings, NgramModel ngram, CtcDecoder shared) {
        DecoderConfig config = DecoderConfig.defaults().withBeamWidth(settings.beamWidth())
                .withWeights(settings.alpha(), settings.beta());
        if (!settings.useLanguageModels() || ngram == null) {
            return CtcDecoder.beamSearch(config.withWeights(0, settings.useLanguageModels() ? settings.beta() : 0));
        }
        config = config.withBlankPenalty(settings.blankPenalty()).withLabelPriors(settings.labelPriors());
        return shared != null && shared.languageModel() == ngram ? shared.withConfig(config)
                : CtcDecoder.beamSearch(config, ngram);
    }

    /** Loads a bundle with the decoder settings it was tuned with. */
    public static Recognizer load(Path bundle) throws IOException {
        // The network (about 0.9 s) and then the recurrent LM (0.3-0.8 s, only if the settings rescore) load here while
        // another thread reads the settings and the n-gram model (1.1-1.2 s cold for the shipped 4.4 M n-grams,
        // its orders on threads of their own) and builds the decoder's vocabulary trie (0.1-0.2 s for 142 k words). Errors are reported in the order
        // they would come loading one file after another, so a broken network is still what gets named first.
        java.util.concurrent.CompletableFuture<ModelBundle.Contents> read = new java.util.concurrent.CompletableFuture<>();
        FutureTask<Languages> languages = new FutureTask<>(() -> {
            ModelBundle.Contents contents;
            try {
                contents = ModelBundle.read(bundle);
            } catch (IOException | RuntimeException e) {
                read.completeExceptionally(e);
                throw e;
            }
            read.complete(contents); // the recurrent LM can be read now, beside the n-gram model
            NgramModel ngram = contents.ngram() == null ? null : NgramModel.load(contents.ngram());
            CtcDecoder decoder;
            try {
                decoder = mainDecoder(contents.settings(), ngram, null);
            } catch (IllegalArgumentException e) {
                decoder = null; // built again below, where its error names the manifest after the earlier checks
            }
            return new Languages(contents, ngram, decoder);
        });
        Thread loader = new Thread(languages, "auris-ngram-load");
        loader.setDaemon(true);
        loader.start();
        AcousticModel acoustic;
        try {
            acoustic = AcousticModel.load(bundle);
        } catch (IOException | RuntimeException e) {
            languages.cancel(true);
            throw e;
        }
        // the recurrent LM next, on this thread, while the other may still be reading the n-gram model; an
        // error of its own is held back until the n-gram model and the settings have had their say
        RnnSlot early = null;
        IOException rnnError = null;
        try {
            ModelBundle.Contents settings = read.get();
            early = new RnnSlot(settings.rnnlm());
            early.readIfUsed(settings.settings());
        } catch (IOException e) {
            rnnError = e;
        } catch (java.util.concurrent.ExecutionException e) {
            // the manifest itself failed: awaiting the loader below reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while loading the bundle's settings");
        }
        Languages loaded = await(languages);
        ModelBundle.Contents c = loaded.contents();
        CtcDecoder decoder;
        try {
            c.settings().hearing(acoustic);
            int priors = c.settings().labelPriors().probabilities().size();
            if (priors > 0 && priors != acoustic.shape().classes()) {
                throw new IllegalArgumentException("label_priors has " + priors + " values for "
                        + acoustic.shape().classes() + " labels");
            }
            // settings the decoder alone refuses (a beam over its limit): built again to throw here
            decoder = loaded.decoder() != null ? loaded.decoder() : mainDecoder(c.settings(), loaded.ngram(), null);
        } catch (IllegalArgumentException e) {
            throw new ModelException(bundle.resolve("manifest.json"), "invalid decoder settings (" + e.getMessage() + ")");
        }
        if (rnnError != null) {
            throw rnnError;
        }
        return new Recognizer(acoustic, loaded.ngram(), early, c.settings(), decoder);
    }

    /** What {@link #load} reads beside the network; {@code decoder} is null if its settings are invalid. */
    private record Languages(ModelBundle.Contents contents, NgramModel ngram, CtcDecoder decoder) {
    }

    private static Languages await(FutureTask<Languages> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while loading the bundle's settings and n-gram model");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e.getCause(); // a Callable's cause is one of the three
        }
    }

    /**
     * The default model: the bundle named by the {@code auris.model} system property or the
     * {@code AURIS_MODEL} environment variable, else {@code models/default} under {@code auris.home}
     * (set by the launcher) or the working directory.
     */
    public static Recognizer loadDefault() throws IOException {
        return load(defaultBundle());
    }

    static Path defaultBundle() {
        String p = System.getProperty("auris.model", System.getenv("AURIS_MODEL"));
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("auris.home", ".")).resolve("models").resolve("default");
    }

    /**
     * The same models with other settings (nothing is reloaded). Settings that rescore with the RNN LM
     * read it here if the bundle's own did not (its weight was 0).
     *
     * @throws IOException if the bundle's RNN LM has to be read and cannot be
     */
    public Recognizer withSettings(RecognizerSettings newSettings) throws IOException {
        rnn.readIfUsed(newSettings);
        return new Recognizer(acoustic, ngram, rnn, newSettings, mainDecoder(newSettings, ngram, decoder));
    }

    public RecognizerSettings settings() {
        return settings;
    }

    /** The bundle's sample rate; other rates are resampled. */
    public int sampleRate() {
        return acoustic.frontend().sampleRate();
    }

    /**
     * Transcribes a file. WAV, FLAC and MP3 are decoded from disk a second at a time and recognised a chunk (at most
     * {@link RecognizerSettings#maxChunkSeconds()}, cut at silence) at a time, so memory stays flat
     * however long the recording; the result is the same as transcribing the whole audio at once.
     */
    public Transcript transcribe(Path audioFile) throws IOException {
        return transcribe(audioFile, seconds -> { });
    }

    /**
     * As {@link #transcribe(Path)}, telling {@code progress} the seconds of audio recognised so far
     * after each chunk (for a progress bar on long recordings).
     */
    public Transcript transcribe(Path audioFile, java.util.function.DoubleConsumer progress) throws IOException {
        int rate = sampleRate();
        double max = settings.maxChunkSeconds();
        List<Transcript> parts = new ArrayList<>();
        float[][] pending = {new float[0]};
        long[] consumed = {0};
        SincResampler[] resampler = {null};
        int[] inputRate = {0};
        AudioDecoder.stream(audioFile, 1.0, (block, blockRate) -> {
            if (inputRate[0] == 0) {
                inputRate[0] = blockRate;
                resampler[0] = blockRate == rate ? null : new SincResampler(blockRate, rate);
            }
            float[] y = resampler[0] == null ? block : resampler[0].process(block, 0, block.length);
            pending[0] = concat(pending[0], y);
            while (pending[0].length > SilenceChunker.maxSamples(rate, max)) {
                int cut = SilenceChunker.cut(pending[0], 0, rate, max);
                parts.add(decodeChunk(java.util.Arrays.copyOf(pending[0], cut), consumed[0] / (double) rate));
                consumed[0] += cut;
                pending[0] = java.util.Arrays.copyOfRange(pending[0], cut, pending[0].length);
                progress.accept(consumed[0] / (double) rate);
            }
        });
        if (resampler[0] != null) {
            pending[0] = concat(pending[0], resampler[0].flush());
        }
        parts.add(decodeChunk(pending[0], consumed[0] / (double) rate));
        double seconds = (consumed[0] + pending[0].length) / (double) rate;
        progress.accept(seconds);
        return assemble(parts, seconds);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Mono samples in [-1, 1] at any rate from 8 to 96 kHz. */
    public Transcript transcribe(float[] pcm, int sampleRate) {
        return transcribe(new Audio(pcm, sampleRate));
    }

    public Transcript transcribe(AudioInputStream stream) throws IOException {
        return transcribe(AudioDecoder.read(stream, "audio stream"));
    }

    /** A session that takes PCM as it arrives and gives partial results; its final result equals {@link #transcribe}. */
    public StreamingSession stream(int sampleRate) {
        return new StreamingSession(this, sampleRate);
    }

    public Transcript transcribe(Audio audio) {
        Audio a = audio.resampledTo(sampleRate());
        List<Transcript> parts = new ArrayList<>();
        for (int[] c : SilenceChunker.chunks(a.samples(), a.sampleRate(), settings.maxChunkSeconds())) {
            parts.add(decodeChunk(java.util.Arrays.copyOfRange(a.samples(), c[0], c[1]), c[0] / (double) a.sampleRate()));
        }
        return assemble(parts, a.durationSeconds());
    }

    /** One chunk at the model's rate, its word times shifted to where it starts. */
    private Transcript decodeChunk(float[] samples, double offsetSeconds) {
        return decode(acoustic.posteriors(new Audio(samples, sampleRate())), samples.length / (double) sampleRate(),
                offsetSeconds);
    }

    /** The chunks' transcripts as one: texts joined, words in order; N-best only for a single chunk. */
    private static Transcript assemble(List<Transcript> parts, double seconds) {
        if (parts.size() == 1) {
            Transcript t = parts.get(0);
            return new Transcript(t.text(), t.words(), t.alternatives(), seconds);
        }
        StringBuilder text = new StringBuilder();
        List<Word> words = new ArrayList<>();
        for (Transcript t : parts) {
            if (!t.text().isEmpty()) {
                text.append(text.length() > 0 ? " " : "").append(t.text());
            }
            words.addAll(t.words());
        }
        String joined = text.toString();
        return new Transcript(joined, words, List.of(new Transcript.Alternative(joined, Double.NaN, Double.NaN, Double.NaN)),
                seconds);
    }

    /** Posteriors of (part of) an utterance to a transcript, word times shifted by {@code offset} seconds. */
    Transcript decode(Posteriors p, double seconds, double offset) {
        CtcMatrix m = new CtcMatrix(p.frames(), p.classes(), p.logProbs(), p.frameSeconds());
        NBestRescorer.SentenceModel rnnLm = rnn.model;
        boolean rescore = settings.useLanguageModels() && rnnLm != null && settings.rescoring().active();
        List<Hypothesis> n = decoder.decodeBeams(m, rescore ? Math.max(settings.nBest(), settings.rescoring().listSize()) : settings.nBest());
        if (rescore) {
            n = NBestRescorer.rescore(n, rnnLm, settings.rescoring());
        }
        n = n.subList(0, Math.min(settings.nBest(), n.size()));
        List<Word> words = new ArrayList<>();
        for (Word w : n.get(0).words()) {
            words.add(new Word(w.text(), w.start() + offset, w.end() + offset, w.confidence()));
        }
        List<Transcript.Alternative> alternatives = new ArrayList<>();
        for (Hypothesis h : n) {
            alternatives.add(new Transcript.Alternative(h.text(), h.score(), h.acousticScore(), h.lmScore()));
        }
        return new Transcript(n.get(0).text(), words, alternatives, seconds);
    }

    /** The best text of (part of) a stream so far, by the narrower partial-result beam, without rescoring. */
    String decodePartial(Posteriors p) {
        return partialDecoder.decode(new CtcMatrix(p.frames(), p.classes(), p.logProbs(), p.frameSeconds())).text();
    }

    AcousticModel acoustic() {
        return acoustic;
    }
}
