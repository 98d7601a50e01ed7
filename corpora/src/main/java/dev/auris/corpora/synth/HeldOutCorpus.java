package dev.auris.corpora.synth;

import dev.auris.corpora.CorpusException;
import dev.auris.corpora.CorpusReader;
import dev.auris.corpora.JsonWriter;
import dev.auris.corpora.Manifest;
import dev.auris.corpora.Utterance;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.AudioDecoder;
import dev.auris.frontend.audio.WavWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test set in an engine training never hears: the sentences of a corpus (the synthetic corpus's
 * test split, whose sentences training never saw either) spoken by Festival's voices in turn, at
 * 16 kHz and without augmentation. {@link SyntheticCorpusBuilder} never uses Festival, so this
 * measures how the model carries over to another synthesiser, as a real recording would.
 */
public final class HeldOutCorpus {

    /**
     * @param sentences a corpus whose transcripts are spoken (any format {@code CorpusReader} reads)
     * @param out a new folder: test.tsv, test.meta.tsv, test/*.wav and summary.json
     * @param limit speak at most this many of its utterances, in order
     * @param seed draws each utterance's speaking rate
     */
    public record Config(Path sentences, Path out, int limit, long seed, int workers) {
        public Config {
            if (limit < 1 || workers < 1) {
                throw new IllegalArgumentException("need a limit and workers of at least 1");
            }
        }
    }

    private HeldOutCorpus() {
    }

    public static SyntheticCorpusBuilder.SplitSummary build(Config config, SyntheticCorpusBuilder.Progress progress)
            throws IOException {
        Path out = config.out();
        if (Files.exists(out)) {
            throw new CorpusException(out, "already exists; choose a new --out");
        }
        List<String> sentences = new ArrayList<>(); // the reader refuses an empty corpus or transcript, naming the line
        for (Utterance u : CorpusReader.read(config.sentences())) {
            if (sentences.size() < config.limit()) {
                sentences.add(u.transcript());
            }
        }
        TtsEngine festival = new TtsEngine.Festival();
        List<TtsVoice> voices = new ArrayList<>(festival.voices());
        voices.sort(Comparator.comparing(TtsVoice::name));
        Random rng = new Random(config.seed());
        List<TtsEngine.Prosody> prosody = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            prosody.add(festival.draw(voices.get(i % voices.size()), rng));
        }

        // made in a hidden sibling and renamed when whole: a failure leaves no half corpus under the name
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + out.getFileName() + "-");
        try {
            Files.createDirectories(tmp.resolve("test"));
            double[] seconds = new double[sentences.size()];
            AtomicInteger done = new AtomicInteger();
            WorkerPool.run(config.workers(), sentences.size(), i -> {
                TtsVoice voice = voices.get(i % voices.size());
                Path raw = tmp.resolve(id(i) + ".tts.wav");
                try {
                    festival.synthesize(sentences.get(i), voice, prosody.get(i), raw);
                } catch (IOException e) {
                    throw new IOException(id(i) + ": " + e.getMessage() + " (voice " + voice.name() + ", text \""
                            + sentences.get(i) + "\")", e);
                }
                Audio audio = AudioDecoder.read(raw).resampledTo(SyntheticCorpusBuilder.SAMPLE_RATE);
                Files.delete(raw);
                WavWriter.write(tmp.resolve("test").resolve(id(i) + ".wav"), audio);
                seconds[i] = audio.durationSeconds();
                progress.update(done.incrementAndGet(), sentences.size(), 0);
            });
            List<Utterance> utts = new ArrayList<>();
            StringBuilder meta = new StringBuilder("id\tengine\tvoice\trate\n");
            TreeSet<String> speakers = new TreeSet<>();
            double total = 0;
            for (int i = 0; i < sentences.size(); i++) {
                TtsVoice voice = voices.get(i % voices.size());
                utts.add(Utterance.of(id(i), tmp.resolve("test").resolve(id(i) + ".wav"), sentences.get(i), seconds[i],
                        voice.speakerId()));
                meta.append(String.format(Locale.ROOT, "%s\tfestival\t%s\t%.3f%n", id(i), voice.name(), prosody.get(i).rate()));
                speakers.add(voice.speakerId());
                total += seconds[i];
            }
            Manifest.write(tmp.resolve("test.tsv"), utts);
            Files.writeString(tmp.resolve("test.meta.tsv"), meta, StandardCharsets.UTF_8);
            JsonWriter json = new JsonWriter().beginObject().field("generator", "auris corpus heldout")
                    .field("sentences_from", config.sentences().toString()).field("seed", config.seed())
                    .field("utterances", utts.size()).field("hours", total / 3600);
            json.name("engines").beginArray().value("festival").endArray();
            json.name("voices").beginArray();
            speakers.forEach(json::value);
            json.endArray().endObject();
            Files.writeString(tmp.resolve("summary.json"), json + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, out);
            return new SyntheticCorpusBuilder.SplitSummary("test", utts.size(), total / 3600, speakers.size(),
                    new TreeSet<>(sentences).size());
        } finally {
            SyntheticCorpusBuilder.deleteTree(tmp); // nothing left once moved
        }
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "festival-%06d", i);
    }
}
