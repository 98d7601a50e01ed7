package dev.auris.acoustic;

import dev.auris.corpora.CorpusException;
import dev.auris.corpora.CorpusReader;
import dev.auris.corpora.Utterance;
import dev.auris.corpora.UtteranceAudio;
import dev.auris.corpora.text.Alphabet;
import dev.auris.corpora.text.TextNormalizer;
import dev.auris.frontend.features.FeatureExtractor;
import dev.auris.frontend.features.Features;
import dev.auris.frontend.features.FrontendConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A corpus ready for training: every utterance's features (computed once, then read from a cache
 * file keyed by the corpus and the front-end settings) and its label sequence.
 */
final class TrainingCorpus {

    private static final int CACHE_VERSION = 1;

    final List<Utterance> utterances;
    final List<Features> features;
    final List<int[]> labels;

    private TrainingCorpus(List<Utterance> utterances, List<Features> features, List<int[]> labels) {
        this.utterances = utterances;
        this.features = features;
        this.labels = labels;
    }

    int size() {
        return utterances.size();
    }

    long totalFrames() {
        return features.stream().mapToLong(Features::frames).sum();
    }

    /** A manifest's utterances and their label sequences: everything of a corpus but its audio. */
    record Transcripts(Path corpus, List<Utterance> utterances, List<int[]> labels) {
    }

    /**
     * Reads a manifest and checks every transcript, without touching audio: cheap, so a run can refuse a
     * bad corpus before it writes anything.
     */
    static Transcripts read(Path corpus) throws IOException {
        List<Utterance> utts = CorpusReader.read(corpus);
        return new Transcripts(corpus, utts, labels(corpus, utts));
    }

    /** The transcripts with their features, from the cache when it holds them. */
    static TrainingCorpus load(Transcripts t, FrontendConfig frontend, Path cacheDir, IntConsumer progress) throws IOException {
        List<Utterance> utts = t.utterances();
        Path cache = cacheDir == null ? null : cacheDir.resolve(cacheKey(t.corpus(), utts, frontend) + ".features");
        List<Features> features = cache != null && Files.exists(cache) ? readCache(cache, utts.size()) : null;
        if (features == null) {
            features = compute(utts, frontend, progress);
            if (cache != null) {
                writeCache(cache, features);
            }
        }
        return new TrainingCorpus(utts, features, t.labels());
    }

    private static List<int[]> labels(Path corpus, List<Utterance> utts) throws IOException {
        List<int[]> labels = new ArrayList<>(utts.size());
        for (Utterance u : utts) {
            String text = TextNormalizer.normalize(u.transcript());
            if (text.isEmpty()) {
                throw new CorpusException(corpus, "utterance " + u.id() + " has no words after normalisation ('"
                        + u.transcript() + "')");
            }
            labels.add(Alphabet.encode(text));
        }
        return labels;
    }

    private static List<Features> compute(List<Utterance> utts, FrontendConfig frontend, IntConsumer progress)
            throws IOException {
        FeatureExtractor fx = new FeatureExtractor(frontend);
        Features[] out = new Features[utts.size()];
        IOException[] failure = new IOException[1];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, utts.size()).parallel().forEach(i -> {
            if (failure[0] != null) {
                return;
            }
            try {
                out[i] = fx.extract(UtteranceAudio.read(utts.get(i)));
            } catch (IOException e) {
                failure[0] = e;
            }
            progress.accept(done.incrementAndGet());
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return List.of(out);
    }

    /** Names the cache after the corpus file, its size and time, every audio path, and the front-end settings. */
    private static String cacheKey(Path corpus, List<Utterance> utts, FrontendConfig frontend) throws IOException {
        StringBuilder sb = new StringBuilder().append(CACHE_VERSION).append('|').append(corpus.toAbsolutePath())
                .append('|').append(frontend);
        if (Files.isRegularFile(corpus)) {
            sb.append('|').append(Files.size(corpus)).append('|').append(Files.getLastModifiedTime(corpus).toMillis());
        }
        for (Utterance u : utts) {
            sb.append('|').append(u.audio()).append('@').append(u.startSeconds()).append('-').append(u.endSeconds());
        }
        return AcousticModel.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 24);
    }

    private static void writeCache(Path file, List<Features> features) throws IOException {
        dev.auris.frontend.io.AtomicFiles.write(file, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                out.writeInt(CACHE_VERSION);
                out.writeInt(features.size());
                for (Features f : features) {
                    out.writeInt(f.frames());
                    out.writeInt(f.dimension());
                    ByteBuffer b = ByteBuffer.allocate(f.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(f.data());
                    out.write(b.array());
                }
            }
        });
    }

    /** The cached features, or null when the file is unusable (it is then rebuilt). */
    private static List<Features> readCache(Path file, int expected) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != CACHE_VERSION || in.readInt() != expected) {
                return null;
            }
            List<Features> out = new ArrayList<>(expected);
            for (int i = 0; i < expected; i++) {
                int frames = in.readInt();
                int dim = in.readInt();
                byte[] bytes = new byte[frames * dim * 4];
                in.readFully(bytes);
                float[] data = new float[frames * dim];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
                out.add(new Features(frames, dim, data));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
