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
 *
 * <p>A model may hold several networks over one vocabulary ({@link #combine}), e.g. a left-to-right network
 * and a right-to-left one ({@link Config#backward}), and scores a sentence by the mean of their ln P, as
 * bidirectional N-best rescoring does (e.g. Arisoy et al. 2015, Xiong et al. 2017). The shipped bundle has
 * such a pair (since session 39).
 */
public final class WordRnnLanguageModel implements RecurrentLanguageModel {

    /** Its name in a bundle. */
    public static final String BUNDLE_FILE = "wordlm.bin";

    private static final byte[] MAGIC = "AURISWL2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC_V1 = "AURISWL1".getBytes(StandardCharsets.US_ASCII);
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
     * @param backward read each sentence from its end to its start (a right-to-left model, whose errors differ
     *        from the left-to-right one's: the two together rescore better than either)
     */
    public record Config(int vocabularySize, int embedding, int hidden, double epochs, int batchSize,
                         double learningRate, double selfNormalisation, int maxWords, long seed, boolean backward) {
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
            return new Config(20_000, 128, 256, 2, 64, 2e-3, 0.1, 60, 1, false);
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

    /** The order a network reads a sentence's words in. */
    enum Direction {
        FORWARD, BACKWARD;

        static Direction of(boolean backward) {
            return backward ? BACKWARD : FORWARD;
        }

        /** The ids in this direction's reading order (a copy when reversed). */
        int[] order(int[] ids) {
            if (this == FORWARD) {
                return ids;
            }
            int[] out = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = ids[ids.length - 1 - i];
            }
            return out;
        }
    }

    /** One network of the model: its weights, its reading order, and whether it was trained to be read raw. */
    private record Member(WordLstmWeights weights, boolean selfNormalised, Direction direction) {
    }

    /** How the members' outputs are read: as trained, always by the softmax, or always by raw logits. */
    private enum Reading { AS_TRAINED, SOFTMAX, RAW }

    private final Vocabulary vocabulary;
    private final List<Member> members;
    private final WordLstmScorer[] scorers;
    private final WordLstmNetwork[] networks; // built on first use by networkLogProbs

    private WordRnnLanguageModel(Vocabulary vocabulary, List<Member> members, Reading reading) {
        this.vocabulary = vocabulary;
        this.members = List.copyOf(members);
        this.scorers = new WordLstmScorer[members.size()];
        this.networks = new WordLstmNetwork[members.size()];
        for (int i = 0; i < scorers.length; i++) {
            Member m = members.get(i);
            boolean raw = reading == Reading.RAW || (reading == Reading.AS_TRAINED && m.selfNormalised());
            scorers[i] = new WordLstmScorer(vocabulary, m.weights(), raw, m.direction());
        }
    }

    /**
     * One model of several trained on the same text (so with the same vocabulary), e.g. a left-to-right and a
     * right-to-left one: a sentence's score is the mean of their ln P, a log-linear ensemble.
     */
    public static WordRnnLanguageModel combine(List<WordRnnLanguageModel> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        Vocabulary vocab = models.get(0).vocabulary;
        List<Member> all = new ArrayList<>();
        for (WordRnnLanguageModel m : models) {
            if (!m.vocabulary.words().equals(vocab.words())) {
                throw new IllegalArgumentException("the models have different vocabularies (trained on other texts)");
            }
            all.addAll(m.members);
        }
        return new WordRnnLanguageModel(vocab, all, Reading.AS_TRAINED);
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
            int[] ids = Direction.of(config.backward()).order(vocab.ids(s));
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
        return new WordRnnLanguageModel(vocab, List.of(new Member(WordLstmWeights.of(net), config.selfNormalisation() > 0,
                Direction.of(config.backward()))), Reading.AS_TRAINED);
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

    /**
     * Natural-log probability of each normalised sentence, its end included (with several networks, the
     * mean of theirs); thread-safe.
     */
    @Override
    public double[] sentenceLogProbs(List<String> sentences) {
        // the other networks on the common pool while this thread runs the first: rescoring comes after the
        // beam search, which leaves the second core idle
        List<java.util.concurrent.CompletableFuture<double[]>> others = new ArrayList<>();
        for (int i = 1; i < scorers.length; i++) {
            WordLstmScorer scorer = scorers[i];
            others.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> scorer.lnProbs(sentences)));
        }
        double[] sum = scorers[0].lnProbs(sentences);
        for (var other : others) {
            double[] more = other.join();
            for (int s = 0; s < sum.length; s++) {
                sum[s] += more[s];
            }
        }
        for (int s = 0; s < sum.length && scorers.length > 1; s++) {
            sum[s] /= scorers.length;
        }
        return sum;
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

    /** Networks in the model: 1, or 2 for a left-to-right and right-to-left pair ({@link #combine}). */
    public int networks() {
        return members.size();
    }

    /** Whether it is scored by raw logits (all its networks trained with the self-normalisation penalty). */
    public boolean selfNormalised() {
        return members.stream().allMatch(Member::selfNormalised);
    }

    /**
     * Perplexity per word (the sentence end and {@code <unk>} counted as words) over sentences, by the full
     * softmax whatever the model is scored by in recognition (of several networks, by their mean ln P).
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
        double raw = Arrays.stream(new WordRnnLanguageModel(vocabulary, members, Reading.RAW).sentenceLogProbs(kept)).sum();
        double exact = Arrays.stream(normalised().sentenceLogProbs(kept)).sum();
        return (raw - exact) / tokens(kept);
    }

    private static long tokens(List<String> sentences) {
        return Math.max(1, sentences.stream().mapToLong(s -> Vocabulary.words(s).length + 1).sum());
    }

    /** The same model scored by its full softmax, whatever its training (to measure what raw logits cost). */
    WordRnnLanguageModel normalised() {
        return new WordRnnLanguageModel(vocabulary, members, Reading.SOFTMAX);
    }

    /**
     * The same as {@link #sentenceLogProbs} by the training network's padded ND4J forward pass over the list:
     * the reference the scorer is benchmarked and tested against, and slower.
     */
    double[] networkLogProbs(List<String> sentences) {
        double[] out = new double[sentences.size()];
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            if (networks[i] == null) {
                networks[i] = member.weights().network(); // a benign race: any thread's copy is the same
            }
            List<int[]> encoded = sentences.stream().map(s -> member.direction().order(vocabulary.ids(s))).toList();
            double[][] tokens = networks[i].tokenLogProbs(WordLstmNetwork.Batch.of(encoded, Vocabulary.BOS_ID, Vocabulary.EOS_ID),
                    member.selfNormalised());
            for (double[] step : tokens) {
                for (int b = 0; b < out.length; b++) {
                    out[b] += step[b] / members.size();
                }
            }
        }
        return out;
    }

    /** The model as a file of {@code bits} bits a weight holds it (to measure what the width costs). */
    public WordRnnLanguageModel quantised(int bits) {
        checkBits(bits);
        return new WordRnnLanguageModel(vocabulary, members.stream()
                .map(m -> new Member(m.weights().quantised(bits), m.selfNormalised(), m.direction())).toList(), Reading.AS_TRAINED);
    }

    private static void checkBits(int bits) {
        if (bits < 4 || bits > 8) {
            throw new IllegalArgumentException("weights of " + bits + " bits (4 to 8)");
        }
    }

    /** The first network's weights. */
    WordLstmWeights weights() {
        return members.get(0).weights();
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public String bundleFileName() {
        return BUNDLE_FILE;
    }

    private static final int SELF_NORMALISED = 1;
    private static final int BACKWARD = 2;

    /** What a file says of a network before its weights. */
    private record NetworkHeader(int embedding, int hidden, int flags) {
    }

    /**
     * "AURISWL2", the vocabulary size, the number of networks, the words, then each network: embedding size,
     * hidden size, flags (1 self-normalised, 2 right-to-left) and its quantised weights.
     */
    @Override
    public void save(Path file) throws IOException {
        save(file, 8);
    }

    /**
     * Saves with the embedding and output matrices' weights (95% of them) in {@code bits} bits, 4 to 8: 8 is
     * 256 levels a matrix, fewer bits 2^bits levels by least squares ({@link #quantised} shows what that costs).
     */
    public void save(Path file, int bits) throws IOException {
        checkBits(bits);
        dev.auris.frontend.io.AtomicFiles.write(file, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(vocabulary.size());
                out.writeInt(members.size());
                for (String w : vocabulary.words()) {
                    out.writeUTF(w);
                }
                for (Member m : members) {
                    out.writeInt(m.weights().embedding());
                    out.writeInt(m.weights().hidden());
                    out.writeByte((m.selfNormalised() ? SELF_NORMALISED : 0) | (m.direction() == Direction.BACKWARD ? BACKWARD : 0));
                    m.weights().write(out, bits);
                }
            }
        });
    }

    /** Whether a file starts as a word LM file does (a bundle's recurrent LM may be either kind). */
    public static boolean isWordModel(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MAGIC.length);
            return Arrays.equals(head, MAGIC) || Arrays.equals(head, MAGIC_V1);
        }
    }

    public static WordRnnLanguageModel load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new LmException(file, 0, "no such file");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] head = in.readNBytes(MAGIC.length);
            boolean v1 = Arrays.equals(head, MAGIC_V1);
            if (!v1 && !Arrays.equals(head, MAGIC)) {
                throw new LmException(file, 0, "not an Auris word LM file");
            }
            int v = in.readInt();
            // version 1 (session 37): one left-to-right network, its sizes and flag before the words
            int count = v1 ? 1 : in.readInt();
            NetworkHeader only = v1 ? new NetworkHeader(in.readInt(), in.readInt(), in.readBoolean() ? SELF_NORMALISED : 0) : null;
            if (v < 4 || v > 10_000_000 || count < 1 || count > 16) {
                throw new LmException(file, 0, "corrupt header (vocabulary " + v + ", networks " + count + ")");
            }
            List<String> words = new ArrayList<>();
            for (int i = 0; i < v; i++) {
                words.add(in.readUTF());
            }
            if (!words.subList(0, 3).equals(List.of(Vocabulary.UNK, Vocabulary.BOS, Vocabulary.EOS))) {
                throw new LmException(file, 0, "corrupt vocabulary (it must start with <unk> <s> </s>)");
            }
            List<Member> members = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                NetworkHeader header = v1 ? only : new NetworkHeader(in.readInt(), in.readInt(), in.readUnsignedByte());
                int e = header.embedding();
                int h = header.hidden();
                int flags = header.flags();
                if (e < 1 || e > 100_000 || h < 1 || h > 100_000 || flags > 3) {
                    throw new LmException(file, 0, "corrupt header of network " + (k + 1) + " (embedding " + e + ", hidden " + h
                            + ", flags " + flags + ")");
                }
                members.add(new Member(WordLstmWeights.read(in, v, e, h, !v1), (flags & SELF_NORMALISED) != 0,
                        Direction.of((flags & BACKWARD) != 0)));
            }
            if (in.read() != -1) {
                throw new LmException(file, 0, "has data after the model (corrupt or another format)");
            }
            Vocabulary vocab = new Vocabulary(words.subList(3, v));
            if (vocab.size() != v) {
                throw new LmException(file, 0, "corrupt vocabulary (a word twice)");
            }
            return new WordRnnLanguageModel(vocab, members, Reading.AS_TRAINED);
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
