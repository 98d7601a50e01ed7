package dev.auris.corpora.synth;

import dev.auris.corpora.CorpusException;
import dev.auris.corpora.JsonWriter;
import dev.auris.corpora.Manifest;
import dev.auris.corpora.Seeds;
import dev.auris.corpora.Utterance;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.AudioDecoder;
import dev.auris.frontend.audio.WavWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Builds a train/dev/test speech corpus by driving espeak-ng and flite over many voices, rates and
 * pitches, with seeded augmentation of the training split. Sentences never cross splits, and dev
 * and test speak with voice variants training never hears. Re-running with the same settings
 * skips every file already written, so an interrupted build resumes where it stopped.
 */
public final class SyntheticCorpusBuilder {

    public static final int SAMPLE_RATE = 16_000;
    static final String[] SPLITS = {"train", "dev", "test"};
    private static final int BABBLE_CLIPS = 16;
    private static final double VARIANT_HOLDOUT = 0.15;

    /**
     * @param prompts text file, one sentence per line (normalised and filtered on reading)
     * @param out folder for the corpus; its own settings file guards it against mixing builds
     * @param hours approximate total hours over all splits
     * @param seed everything random derives from it
     * @param workers parallel synthesis jobs
     * @param devFraction share of utterances in dev
     * @param testFraction share of utterances in test
     * @param generatedVoices espeak-ng variants made up at random ({@link GeneratedVariants}) that only
     *        training speaks with, beside the stock ones; 0 for stock variants only
     * @param voiceSeed seeds the made-up variants and each utterance's voice, prosody and augmentation, while
     *        the sentence split and the held-out stock variants still come from {@code seed}: another voice
     *        seed gives more training voices that keep the same dev and test apart
     * @param variantSpread how far the made-up variants range ({@link VariantSpread})
     * @param sentenceOffset where training starts in the seed's list of training sentences: a corpus of the same
     *        seed and hours with an offset of the first one's training utterance count speaks training sentences
     *        the first never reached, while dev and test stay the same sentences and voices
     */
    public record Config(Path prompts, Path out, double hours, long seed, int workers, double devFraction,
                         double testFraction, int generatedVoices, long voiceSeed, VariantSpread variantSpread,
                         int sentenceOffset) {
        public Config {
            if (sentenceOffset < 0) {
                throw new IllegalArgumentException("sentence offset must be >= 0, got " + sentenceOffset);
            }
            if (variantSpread == null) {
                throw new IllegalArgumentException("variant spread is required");
            }
            if (!(hours > 0 && hours <= 10_000)) {
                throw new IllegalArgumentException("hours must be in (0, 10000], got " + hours);
            }
            if (workers < 1 || workers > 256) {
                throw new IllegalArgumentException("workers must be 1..256, got " + workers);
            }
            if (!(devFraction >= 0 && testFraction >= 0 && devFraction + testFraction < 0.9)) {
                throw new IllegalArgumentException("dev and test fractions must be >= 0 and together < 0.9");
            }
            if (generatedVoices < 0 || generatedVoices > GeneratedVariants.MAX) {
                throw new IllegalArgumentException("generated voices must be 0.." + GeneratedVariants.MAX + ", got " + generatedVoices);
            }
            if (variantSpread != VariantSpread.NARROW && generatedVoices == 0) {
                throw new IllegalArgumentException("variant spread " + variantSpread + " shapes made-up voices;"
                        + " it needs generated voices (--generated-voices N)");
            }
        }

        /** Narrow made-up voices drawn from the corpus's own seed. */
        public Config(Path prompts, Path out, double hours, long seed, int workers, double devFraction,
                      double testFraction, int generatedVoices) {
            this(prompts, out, hours, seed, workers, devFraction, testFraction, generatedVoices, seed,
                    VariantSpread.NARROW, 0);
        }

        public static Config of(Path prompts, Path out, double hours, long seed) {
            return new Config(prompts, out, hours, seed, Runtime.getRuntime().availableProcessors(), 0.05, 0.05, 0);
        }

        /**
         * Names of made-up variants: gen-000... from the corpus's own seed, gen-s7-000... from voice seed 7,
         * gen-w7-000... for wide ones from voice seed 7 (whatever the corpus seed), so no two sets share a name.
         */
        String generatedTag() {
            if (variantSpread == VariantSpread.WIDE) {
                return "w" + voiceSeed + "-";
            }
            return voiceSeed == seed ? "" : "s" + voiceSeed + "-";
        }
    }

    /** What one split ended up holding. */
    public record SplitSummary(String name, int utterances, double hours, int voices, int sentences) {
    }

    /** The finished corpus; {@code generated} counts utterances synthesised by this run, the rest existed. */
    public record Summary(List<SplitSummary> splits, int generated, int reused) {
    }

    /** Called after each utterance; implementations must be thread-safe. */
    public interface Progress {
        void update(int done, int total, double hoursDone);
    }

    record Planned(int index, String split, String id, String sentence, TtsEngine engine, TtsVoice voice,
                   TtsEngine.Prosody prosody, Augmentation augmentation, long noiseSeed) {
    }

    private SyntheticCorpusBuilder() {
    }

    public static Summary build(Config config, Progress progress) throws IOException {
        List<String> prompts = Prompts.fromTextFile(config.prompts());
        TtsEngine stock = new TtsEngine.EspeakNg();
        TtsEngine flite = new TtsEngine.Flite();
        List<TtsVoice> stockVoices = stock.voices();
        List<TtsVoice> fliteVoices = flite.voices();
        Path out = config.out();
        Files.createDirectories(out);
        guardSettings(config, prompts);
        TtsEngine espeak = config.generatedVoices() == 0 ? stock : new TtsEngine.EspeakNg(
                GeneratedVariants.writeOverlay(out.resolve(".espeak-ng"), config.voiceSeed(), config.generatedVoices(),
                        config.generatedTag(), config.variantSpread()));
        List<Planned> plan = plan(config, prompts, espeak, stockVoices, flite, fliteVoices);
        List<float[]> babble = babblePool(config, plan);

        AtomicInteger done = new AtomicInteger();
        AtomicInteger generated = new AtomicInteger();
        DoubleAdder seconds = new DoubleAdder();
        double[] durations = new double[plan.size()];
        WorkerPool.run(config.workers(), plan.size(), i -> {
            Planned p = plan.get(i);
            Path wav = out.resolve(p.split()).resolve(p.id() + ".wav");
            if (!Files.exists(wav)) {
                render(p, wav, babble, config.out());
                generated.incrementAndGet();
            }
            durations[p.index()] = WavWriter.durationOfWritten(wav, SAMPLE_RATE);
            seconds.add(durations[p.index()]);
            progress.update(done.incrementAndGet(), plan.size(), seconds.sum() / 3600);
        });
        Summary summary = writeManifests(config, plan, durations, generated.get());
        deleteTree(out.resolve(".tmp"));
        return summary;
    }

    /** The whole corpus decided up front from the seed: which sentence, voice, prosody and augmentation each utterance gets. */
    static List<Planned> plan(Config config, List<String> prompts, TtsEngine espeak, List<TtsVoice> espeakVoices,
                              TtsEngine flite, List<TtsVoice> fliteVoices) throws CorpusException {
        Random rng = new Random(config.seed());
        List<List<TtsVoice>> espeakBySplit = partition(espeakVoices, rng);
        List<List<TtsVoice>> fliteBySplit = partition(fliteVoices, rng);
        // made-up variants join training only: dev and test keep the held-out stock variants
        List<TtsVoice> espeakTrain = new ArrayList<>(espeakBySplit.get(0));
        espeakTrain.addAll(GeneratedVariants.voices(config.generatedVoices(), config.generatedTag()));
        espeakBySplit = List.of(espeakTrain, espeakBySplit.get(1), espeakBySplit.get(2));

        List<String> sentences = new ArrayList<>(prompts);
        Collections.shuffle(sentences, rng);
        double meanWords = sentences.stream().mapToInt(s -> s.split(" ").length).average().orElse(10);
        double meanSeconds = meanWords * 60.0 / 170 + 0.4;
        int total = (int) Math.max(3, Math.ceil(config.hours() * 3600 / meanSeconds));
        int nTest = Math.max(1, (int) Math.round(total * config.testFraction()));
        int nDev = Math.max(1, (int) Math.round(total * config.devFraction()));
        int nTrain = Math.max(1, total - nTest - nDev);
        if (sentences.size() < nTest + nDev + 1) {
            throw new CorpusException(config.prompts(), "holds " + sentences.size() + " usable sentences ("
                    + Prompts.MIN_WORDS + "-" + Prompts.MAX_WORDS + " words, distinct); need at least " + (nTest + nDev + 1));
        }
        List<String> test = sentences.subList(0, nTest);
        List<String> dev = sentences.subList(nTest, nTest + nDev);
        List<String> train = sentences.subList(nTest + nDev, sentences.size());

        List<Planned> plan = new ArrayList<>();
        int[] counts = {nTrain, nDev, nTest};
        List<List<String>> texts = List.of(train, dev, test);
        for (int s = 0; s < SPLITS.length; s++) {
            int firstSentence = s == 0 ? config.sentenceOffset() : 0; // only training moves along its sentences
            for (int i = 0; i < counts[s]; i++) {
                int index = plan.size();
                Random r = new Random(Seeds.mix(config.voiceSeed(), index));
                boolean useFlite = r.nextDouble() < 0.25 && !fliteBySplit.get(s).isEmpty();
                TtsEngine engine = useFlite ? flite : espeak;
                List<TtsVoice> voices = useFlite ? fliteBySplit.get(s) : espeakBySplit.get(s);
                TtsVoice voice = voices.get(r.nextInt(voices.size()));
                if (!useFlite) {
                    voice = TtsEngine.EspeakNg.withAccent(voice,
                            TtsEngine.EspeakNg.ACCENTS.get(r.nextInt(TtsEngine.EspeakNg.ACCENTS.size())));
                }
                TtsEngine.Prosody prosody = engine.draw(voice, r);
                Augmentation aug = s == 0 ? Augmentation.draw(r) : Augmentation.levelOnly(r);
                String sentence = texts.get(s).get((int) ((firstSentence + (long) i) % texts.get(s).size()));
                plan.add(new Planned(index, SPLITS[s], String.format(Locale.ROOT, "%s-%06d", SPLITS[s], i), sentence,
                        engine, voice, prosody, aug, r.nextLong()));
            }
        }
        return plan;
    }

    /** Variants shuffled by the seed: 15% for test, 15% for dev (at least one each), the rest for training. */
    static List<List<TtsVoice>> partition(List<TtsVoice> voices, Random rng) {
        List<TtsVoice> sorted = new ArrayList<>(voices);
        sorted.sort((a, b) -> a.variant().compareTo(b.variant()));
        Collections.shuffle(sorted, rng);
        if (sorted.size() < 3) {
            return List.of(sorted, List.of(), List.of());
        }
        int held = Math.max(1, (int) Math.round(sorted.size() * VARIANT_HOLDOUT));
        List<TtsVoice> test = sorted.subList(0, held);
        List<TtsVoice> dev = sorted.subList(held, 2 * held);
        List<TtsVoice> train = sorted.subList(2 * held, sorted.size());
        return List.of(List.copyOf(train), List.copyOf(dev), List.copyOf(test));
    }

    private static void render(Planned p, Path wav, List<float[]> babble, Path out) throws IOException {
        Path tmpDir = out.resolve(".tmp");
        Files.createDirectories(tmpDir);
        Path raw = tmpDir.resolve(p.id() + ".tts.wav");
        try {
            try {
                p.engine().synthesize(p.sentence(), p.voice(), p.prosody(), raw);
            } catch (IOException e) {
                // say which utterance: a build makes tens of thousands, and only a few settings may fail
                throw new IOException(wav + ": " + e.getMessage() + " (voice " + p.voice().name() + ", " + p.prosody()
                        + ", text \"" + p.sentence() + "\")", e);
            }
            Audio clean = AudioDecoder.read(raw).resampledTo(SAMPLE_RATE);
            float[] y = p.augmentation().apply(clean.samples(), SAMPLE_RATE, babble, new Random(p.noiseSeed()));
            WavWriter.write(wav, new Audio(y, SAMPLE_RATE));
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /** Clean clips of training voices saying training sentences, the talkers of babble noise. */
    private static List<float[]> babblePool(Config config, List<Planned> plan) throws IOException {
        Path dir = config.out().resolve("babble");
        List<Planned> train = plan.stream().filter(p -> p.split().equals("train")).toList();
        List<float[]> pool = new ArrayList<>();
        for (int i = 0; i < Math.min(BABBLE_CLIPS, train.size()); i++) {
            Planned source = train.get(train.size() - 1 - i);
            Path wav = dir.resolve(String.format(Locale.ROOT, "babble-%02d.wav", i));
            if (!Files.exists(wav)) {
                Planned clean = new Planned(source.index(), "babble", "babble-" + i, source.sentence(), source.engine(),
                        source.voice(), source.prosody(), Augmentation.NONE, source.noiseSeed());
                render(clean, wav, List.of(), config.out());
            }
            pool.add(AudioDecoder.read(wav).samples());
        }
        return pool;
    }

    private static void guardSettings(Config c, List<String> prompts) throws IOException {
        String settings = String.format(Locale.ROOT, "prompts_sha256=%s%nhours=%s%nseed=%d%ndev_fraction=%s%ntest_fraction=%s%n",
                sha256(prompts), c.hours(), c.seed(), c.devFraction(), c.testFraction())
                + (c.generatedVoices() > 0 ? "generated_voices=" + c.generatedVoices() + "\n" : "")
                + (c.voiceSeed() != c.seed() ? "voice_seed=" + c.voiceSeed() + "\n" : "")
                // only a wide spread is written (it implies generated voices), so the settings of corpora built
                // before it existed still match
                + (c.variantSpread() != VariantSpread.NARROW
                        ? "variant_spread=" + c.variantSpread().name().toLowerCase(Locale.ROOT) + "\n" : "")
                + (c.sentenceOffset() > 0 ? "sentence_offset=" + c.sentenceOffset() + "\n" : "");
        Path file = c.out().resolve("synth-settings.txt");
        if (Files.exists(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8);
            if (!existing.equals(settings)) {
                throw new CorpusException(c.out(), "was built with other settings (see synth-settings.txt there);"
                        + " choose a new --out, or rerun with the settings it was built with");
            }
        } else {
            try (var s = Files.list(c.out())) {
                if (s.anyMatch(p -> !p.getFileName().toString().startsWith("."))) {
                    throw new CorpusException(c.out(), "exists and is not a synthetic corpus folder; choose a new --out");
                }
            }
            Files.writeString(file, settings, StandardCharsets.UTF_8);
        }
    }

    private static Summary writeManifests(Config config, List<Planned> plan, double[] durations, int generated)
            throws IOException {
        List<SplitSummary> splits = new ArrayList<>();
        JsonWriter json = new JsonWriter().beginObject();
        json.field("generator", "auris corpus synth").field("seed", config.seed())
                .field("requested_hours", config.hours()).field("prompts", config.prompts().toString())
                .field("generated_voices", config.generatedVoices()).field("voice_seed", config.voiceSeed())
                .field("variant_spread", config.variantSpread().name().toLowerCase(Locale.ROOT));
        if (config.sentenceOffset() > 0) { // written only when set, so older corpora's summaries stay as they were
            json.field("sentence_offset", config.sentenceOffset());
        }
        json.name("engines").beginArray().value("espeak-ng").value("flite").endArray();
        json.name("splits").beginObject();
        for (String split : SPLITS) {
            List<Planned> items = plan.stream().filter(p -> p.split().equals(split)).toList();
            List<Utterance> utts = new ArrayList<>();
            StringBuilder meta = new StringBuilder("id\tengine\tvoice\tvariant\trate\tpitch\tspeed\trt60\tnoise\tsnr_db\tpeak_dbfs\n");
            double seconds = 0;
            TreeSet<String> voices = new TreeSet<>();
            TreeSet<String> variants = new TreeSet<>();
            TreeSet<String> sentences = new TreeSet<>();
            for (Planned p : items) {
                Path wav = config.out().resolve(split).resolve(p.id() + ".wav");
                utts.add(Utterance.of(p.id(), wav, p.sentence(), durations[p.index()], p.voice().speakerId()));
                seconds += durations[p.index()];
                voices.add(p.voice().speakerId());
                variants.add(p.voice().variant());
                sentences.add(p.sentence());
                meta.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%.2f\t%.2f\t%s%n", p.id(), p.engine().name(),
                        p.voice().name(), p.voice().variant(), p.prosody().rate(), p.prosody().pitch(),
                        p.augmentation().describe()));
            }
            Manifest.write(config.out().resolve(split + ".tsv"), utts);
            Files.writeString(config.out().resolve(split + ".meta.tsv"), meta, StandardCharsets.UTF_8);
            splits.add(new SplitSummary(split, items.size(), seconds / 3600, voices.size(), sentences.size()));
            json.name(split).beginObject().field("utterances", items.size()).field("hours", seconds / 3600)
                    .field("voices", voices.size()).field("sentences", sentences.size())
                    .field("augmented", split.equals("train"));
            json.name("variants").beginArray();
            variants.forEach(json::value);
            json.endArray().endObject();
        }
        json.endObject().endObject();
        Files.writeString(config.out().resolve("summary.json"), json + "\n", StandardCharsets.UTF_8);
        return new Summary(splits, generated, plan.size() - generated);
    }

    static String sha256(List<String> lines) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String l : lines) {
                md.update(l.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
