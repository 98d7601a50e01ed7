package dev.auris.lm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A word-level LSTM language model (Sundermeyer et al. 2012) for rescoring N-best lists: word embeddings, one
 * LSTM layer, a softmax over the most frequent words of its training text plus {@code <unk>} and the sentence
 * end. Where the character RNN LM ({@link RnnLanguageModel}) must spend its capacity on spelling, this one
 * models word sequences over the whole sentence, the 4-gram's blind spot on sentences it has not read.
 *
 * <p>Trained plainly first, then with the self-normalisation penalty for the last quarter of its steps (the
 * penalty from the first step slows learning badly), so that recognition reads one logit a word instead of
 * a softmax over 20 k (Devlin et al. 2014).
 */
public final class WordRnnLanguageModel implements RecurrentLanguageModel {

    /** Its name in a bundle. */
    public static final String BUNDLE_FILE = "wordlm.bin";

    private static final byte[] MAGIC = "AURISWL1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECKPOINT_MAGIC = "AURISWC1".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param vocabularySize words the softmax covers, {@code <unk>}, {@code <s>} and {@code </s>} included
     * @param embedding word embedding size
     * @param hidden LSTM units
     * @param epochs passes over the text (fractions allowed)
     * @param batchSize sentences per batch
     * @param learningRate Adam's, warmed up over the first 200 steps and halved for the last quarter
     * @param selfNormalisation weight of (ln Z)^2 per word over the last quarter of the steps; 0 for none (the
     *        model is then scored by its full softmax)
     * @param maxWords longer training sentences are skipped
     * @param seed for initialisation and batch order
     */
    public record Config(int vocabularySize, int embedding, int hidden, double epochs, int batchSize,
                         double learningRate, double selfNormalisation, int maxWords, long seed) {
        public Config {
            if (vocabularySize < 4 || embedding < 1 || hidden < 1 || batchSize < 1 || maxWords < 1) {
                throw new IllegalArgumentException("need a vocabulary of at least 4 words and sizes of at least 1");
            }
            if (!(epochs > 0) || !(learningRate > 0) || !(selfNormalisation >= 0) || Double.isInfinite(epochs)
                    || Double.isInfinite(selfNormalisation)) {
                throw new IllegalArgumentException("need positive epochs and learning rate and a self-normalisation weight >= 0");
            }
        }

        public static Config defaults() {
            return new Config(20_000, 128, 256, 2, 64, 2e-3, 0.1, 60, 1);
        }
    }

    /** Told after each step: step, steps in all, mean loss per word of the batch (penalty included), mean ln Z. */
    public interface Listener {
        void progress(long step, long steps, double loss, double meanLogZ);
    }

    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.3)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyMirroring(MirroringPolicy.FULL)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final Vocabulary vocabulary;
    private final WordLstmWeights weights;
    private final boolean selfNormalised;
    private final WordLstmScorer scorer;

    private WordRnnLanguageModel(Vocabulary vocabulary, WordLstmWeights weights, boolean selfNormalised) {
        this.vocabulary = vocabulary;
        this.weights = weights;
        this.selfNormalised = selfNormalised;
        this.scorer = new WordLstmScorer(vocabulary, weights, selfNormalised);
    }

    /** The most frequent words of the sentences (ties in alphabetical order), after the three specials. */
    static Vocabulary vocabulary(List<String> sentences, int size) {
        Map<String, Integer> counts = new HashMap<>();
        for (String s : sentences) {
            for (String w : Vocabulary.words(s)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        List<String> words = new ArrayList<>(counts.keySet());
        words.sort(Comparator.comparing((String w) -> -counts.get(w)).thenComparing(w -> w));
        return new Vocabulary(words.subList(0, Math.min(words.size(), size - 3)));
    }

    /**
     * Trains on normalised sentences. With a checkpoint file, the state is written there every
     * {@code checkpointEvery} steps, and a run that finds one there goes on from it (same configuration and
     * text, so the same batches): a run of an hour survives being stopped.
     */
    public static WordRnnLanguageModel train(List<String> sentences, Config config, Path checkpoint, int checkpointEvery,
                                             Listener listener) throws IOException {
        Vocabulary vocab = vocabulary(sentences, config.vocabularySize());
        List<int[]> data = new ArrayList<>();
        for (String s : sentences) {
            int[] ids = vocab.ids(s);
            if (ids.length > 0 && ids.length <= config.maxWords()) {
                data.add(ids);
            }
        }
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no training sentence of 1 to " + config.maxWords() + " words");
        }
        int v = vocab.size();
        WordLstmNetwork net = WordLstmNetwork.initial(v, config.embedding(), config.hidden(), DataType.FLOAT, config.seed());
        Map<String, INDArray> m = new LinkedHashMap<>();
        Map<String, INDArray> s2 = new LinkedHashMap<>();
        for (var e : net.params.entrySet()) {
            m.put(e.getKey(), Nd4j.zerosLike(e.getValue()));
            s2.put(e.getKey(), Nd4j.zerosLike(e.getValue()));
        }
        long step = 0;
        if (checkpoint != null && Files.exists(checkpoint)) {
            step = readCheckpoint(checkpoint, config, vocab, net, m, s2);
        }
        long total = Math.max(1, Math.round(config.epochs() * data.size() / config.batchSize()));
        long plainSteps = Math.round(0.75 * total);
        for (int epoch = 0; step < total; epoch++) {
            List<List<int[]>> batches = RnnLanguageModel.lengthBuckets(data, a -> a.length, config.batchSize(),
                    new Random(config.seed() * 1_000_003L + epoch));
            long first = (long) epoch * batches.size();
            for (int b = 0; b < batches.size() && step < total; b++) {
                if (first + b < step) {
                    continue; // done before the checkpoint
                }
                step++;
                boolean late = step > plainSteps;
                double lr = config.learningRate() * Math.min(1.0, step / 200.0) * (late ? 0.5 : 1.0);
                double loss;
                double logZ;
                // every temporary of the step from one reused arena: fresh native buffers for the 150 MB of
                // logits and the Adam temporaries, freed only at garbage collection, grew the process by
                // gigabytes and spent half its time in the kernel zeroing pages
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "auris-word-lm")) {
                    var lg = net.lossAndGradient(WordLstmNetwork.Batch.of(batches.get(b), Vocabulary.BOS_ID, Vocabulary.EOS_ID),
                            late ? config.selfNormalisation() : 0);
                    adam(net.params, lg.gradient(), m, s2, step, lr);
                    loss = lg.loss();
                    logZ = lg.meanLogZ();
                }
                listener.progress(step, total, loss, logZ);
                if (checkpoint != null && (step % checkpointEvery == 0 || step == total)) {
                    writeCheckpoint(checkpoint, config, vocab, net, m, s2, step);
                }
            }
        }
        return new WordRnnLanguageModel(vocab, WordLstmWeights.of(net), config.selfNormalisation() > 0);
    }

    /** One Adam step (Kingma and Ba 2015) after clipping the whole gradient to norm 5. */
    private static void adam(Map<String, INDArray> params, Map<String, INDArray> grad, Map<String, INDArray> m,
                             Map<String, INDArray> v, long step, double lr) {
        double sq = 0;
        for (INDArray g : grad.values()) {
            double n = g.norm2Number().doubleValue();
            sq += n * n;
        }
        double clip = Math.min(1.0, 5.0 / (Math.sqrt(sq) + 1e-6));
        double c1 = 1 - Math.pow(0.9, step);
        double c2 = 1 - Math.pow(0.999, step);
        for (var e : params.entrySet()) {
            INDArray g = grad.get(e.getKey()).muli(clip);
            INDArray mk = m.get(e.getKey()).muli(0.9).addi(g.mul(0.1));
            INDArray vk = v.get(e.getKey()).muli(0.999).addi(g.muli(g).muli(0.001));
            INDArray denom = Transforms.sqrt(vk.div(c2), false).addi(1e-8);
            e.getValue().subi(mk.div(c1).divi(denom).muli(lr));
        }
    }

    private static void writeCheckpoint(Path file, Config config, Vocabulary vocab, WordLstmNetwork net,
                                        Map<String, INDArray> m, Map<String, INDArray> v, long step) throws IOException {
        dev.auris.frontend.io.AtomicFiles.write(file, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.write(CHECKPOINT_MAGIC);
                out.writeUTF(config.toString());
                out.writeInt(vocab.size());
                for (String w : vocab.words()) {
                    out.writeUTF(w);
                }
                out.writeLong(step);
                for (Map<String, INDArray> group : List.of(net.params, m, v)) {
                    for (INDArray a : group.values()) {
                        Nd4j.write(a, out);
                    }
                }
            }
        });
    }

    /** The file opened past its magic bytes, or a one-line error saying it is not {@code what}. */
    private static DataInputStream openPast(Path file, byte[] magic, String what) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        if (!Arrays.equals(in.readNBytes(magic.length), magic)) {
            in.close();
            throw new LmException(file, 0, "not " + what);
        }
        return in;
    }

    private static long readCheckpoint(Path file, Config config, Vocabulary vocab, WordLstmNetwork net,
                                       Map<String, INDArray> m, Map<String, INDArray> v) throws IOException {
        try (DataInputStream in = openPast(file, CHECKPOINT_MAGIC, "a word LM training checkpoint")) {
            String saved = in.readUTF();
            if (!saved.equals(config.toString())) {
                throw new LmException(file, 0, "a checkpoint of another configuration (" + saved + ")");
            }
            int n = in.readInt();
            List<String> words = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                words.add(in.readUTF());
            }
            if (!words.equals(vocab.words())) {
                throw new LmException(file, 0, "a checkpoint trained on another text (its vocabulary differs)");
            }
            long step = in.readLong();
            for (Map<String, INDArray> group : List.of(net.params, m, v)) {
                for (INDArray a : group.values()) {
                    a.assign(Nd4j.read(in));
                }
            }
            return step;
        } catch (EOFException e) {
            throw new LmException(file, 0, "truncated checkpoint");
        }
    }

    /** Natural-log probability of each normalised sentence, its end included; thread-safe. */
    @Override
    public double[] sentenceLogProbs(List<String> sentences) {
        return scorer.lnProbs(sentences);
    }

    /** Words of the sentence outside the vocabulary (scored as {@code <unk>}, so a penalty can weigh them). */
    @Override
    public int unknownWords(String sentence) {
        int n = 0;
        for (String w : Vocabulary.words(sentence)) {
            n += vocabulary.contains(w) ? 0 : 1;
        }
        return n;
    }

    public int vocabularySize() {
        return vocabulary.size();
    }

    /** Whether it is scored by raw logits (trained with the self-normalisation penalty). */
    public boolean selfNormalised() {
        return selfNormalised;
    }

    /**
     * Perplexity per word (the sentence end and {@code <unk>} counted as words) over sentences, by the full
     * softmax whatever the model is scored by in recognition.
     */
    public double perplexity(List<String> sentences) {
        List<String> kept = sentences.stream().filter(s -> !s.isBlank()).toList();
        return Math.exp(-Arrays.stream(normalised().sentenceLogProbs(kept)).sum() / tokens(kept));
    }

    /**
     * The mean ln Z (the softmax's log-normaliser) per word over sentences: how far the raw logits that a
     * self-normalised model is scored by stand from true log-probabilities (0 would be exact).
     */
    public double meanLogNormaliser(List<String> sentences) {
        List<String> kept = sentences.stream().filter(s -> !s.isBlank()).toList();
        double raw = Arrays.stream(new WordLstmScorer(vocabulary, weights, true).lnProbs(kept)).sum();
        double exact = Arrays.stream(normalised().sentenceLogProbs(kept)).sum();
        return (raw - exact) / tokens(kept);
    }

    private static long tokens(List<String> sentences) {
        return Math.max(1, sentences.stream().mapToLong(s -> Vocabulary.words(s).length + 1).sum());
    }

    /** The same model scored by its full softmax, whatever its training (to measure what raw logits cost). */
    WordRnnLanguageModel normalised() {
        return new WordRnnLanguageModel(vocabulary, weights, false);
    }

    /**
     * The same as {@link #sentenceLogProbs} by the training network's padded ND4J forward pass over the list:
     * the reference the scorer is benchmarked and tested against, and slower.
     */
    double[] networkLogProbs(List<String> sentences) {
        List<int[]> encoded = sentences.stream().map(vocabulary::ids).toList();
        double[][] tokens = network().tokenLogProbs(WordLstmNetwork.Batch.of(encoded, Vocabulary.BOS_ID, Vocabulary.EOS_ID),
                selfNormalised);
        double[] out = new double[sentences.size()];
        for (double[] step : tokens) {
            for (int b = 0; b < out.length; b++) {
                out[b] += step[b];
            }
        }
        return out;
    }

    private volatile WordLstmNetwork network;

    private WordLstmNetwork network() {
        if (network == null) {
            network = weights.network();
        }
        return network;
    }

    WordLstmWeights weights() {
        return weights;
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public String bundleFileName() {
        return BUNDLE_FILE;
    }

    @Override
    public void save(Path file) throws IOException {
        dev.auris.frontend.io.AtomicFiles.write(file, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(weights.vocabulary());
                out.writeInt(weights.embedding());
                out.writeInt(weights.hidden());
                out.writeBoolean(selfNormalised);
                for (String w : vocabulary.words()) {
                    out.writeUTF(w);
                }
                weights.write(out);
            }
        });
    }

    /** Whether a file starts as a word LM file does (a bundle's recurrent LM may be either kind). */
    public static boolean isWordModel(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    public static WordRnnLanguageModel load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new LmException(file, 0, "no such file");
        }
        try (DataInputStream in = openPast(file, MAGIC, "an Auris word LM file")) {
            int v = in.readInt();
            int e = in.readInt();
            int h = in.readInt();
            if (v < 4 || v > 10_000_000 || e < 1 || e > 100_000 || h < 1 || h > 100_000) {
                throw new LmException(file, 0, "corrupt header (vocabulary " + v + ", embedding " + e + ", hidden " + h + ")");
            }
            boolean selfNormalised = in.readBoolean();
            List<String> words = new ArrayList<>();
            for (int i = 0; i < v; i++) {
                words.add(in.readUTF());
            }
            if (!words.subList(0, 3).equals(List.of(Vocabulary.UNK, Vocabulary.BOS, Vocabulary.EOS))) {
                throw new LmException(file, 0, "corrupt vocabulary (it must start with <unk> <s> </s>)");
            }
            WordLstmWeights w = WordLstmWeights.read(in, v, e, h);
            if (in.read() != -1) {
                throw new LmException(file, 0, "has data after the model (corrupt or another format)");
            }
            Vocabulary vocab = new Vocabulary(words.subList(3, v));
            if (vocab.size() != v) {
                throw new LmException(file, 0, "corrupt vocabulary (a word twice)");
            }
            return new WordRnnLanguageModel(vocab, w, selfNormalised);
        } catch (EOFException ex) {
            throw new LmException(file, 0, "truncated");
        } catch (IOException ex) {
            if (ex instanceof LmException le) {
                throw le;
            }
            throw new LmException(file, 0, "not a readable word LM (" + ex.getMessage() + ")");
        }
    }
}
