package dev.auris.lm;

import dev.auris.corpora.text.Alphabet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A recurrent neural language model in the spirit of Mikolov et al. 2010, over characters of
 * normalised text (the {@link Alphabet}'s symbols, label 0 marking sentence boundaries), on
 * deeplearning4j-nn's stock layers: one-hot input, one recurrent layer (LSTM or simple RNN),
 * softmax output. Character units keep the output layer small, so it trains on two cores in minutes
 * and never meets an unknown word. Used to rescore N-best lists by whole-sentence log-probability.
 */
public final class RnnLanguageModel implements RecurrentLanguageModel {

    /** Its name in a bundle. */
    public static final String BUNDLE_FILE = "rnnlm.zip";

    /** The boundary symbol: before the first character and after the last. */
    private static final int BOUNDARY = Alphabet.BLANK;
    private static final int V = Alphabet.SIZE;

    /**
     * @param hidden recurrent units
     * @param lstm LSTM cell if true, else a simple tanh RNN (Mikolov's)
     * @param epochs passes over the text
     * @param batchSize sentences per batch
     * @param learningRate Adam's
     * @param seed for initialisation and batch order
     */
    public record Config(int hidden, boolean lstm, int epochs, int batchSize, double learningRate, long seed) {
        public Config {
            if (hidden < 1 || epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("need hidden, epochs, batch size >= 1 and a positive learning rate");
            }
        }

        public static Config defaults() {
            return new Config(256, true, 3, 32, 2e-3, 1);
        }
    }

    /** Told after each batch: epoch, batch, batches per epoch, mean loss per character. */
    public interface Listener {
        void progress(int epoch, int batch, int batches, double loss);
    }

    private final MultiLayerNetwork network;
    private final CharRnnScorer scorer;

    private RnnLanguageModel(MultiLayerNetwork network) {
        this.network = network;
        this.scorer = new CharRnnScorer(network,
                network.getLayer(0).conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.LSTM);
    }

    public static RnnLanguageModel train(List<String> sentences, Config config, Listener listener) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(config.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(config.lstm()
                        ? new LSTM.Builder().nIn(V).nOut(config.hidden()).activation(Activation.TANH)
                                .dataFormat(RNNFormat.NCW).build()
                        : new SimpleRnn.Builder().nIn(V).nOut(config.hidden()).activation(Activation.TANH)
                                .dataFormat(RNNFormat.NCW).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(config.hidden()).nOut(V).dataFormat(RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        List<String> data = new ArrayList<>(sentences);
        data.removeIf(String::isBlank);
        Random r = new Random(config.seed());
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            List<List<String>> batches = lengthBuckets(data, config.batchSize(), r);
            for (int b = 0; b < batches.size(); b++) {
                net.fit(dataSet(batches.get(b)));
                listener.progress(epoch, b + 1, batches.size(), net.score());
            }
        }
        return new RnnLanguageModel(net);
    }

    /**
     * One epoch's batches: sentences shuffled, then sorted by length within windows of 50 batches and cut
     * into batches, whose order is shuffled. Each batch is padded to its longest sentence, so grouping
     * similar lengths cuts the padded steps (about half of them for Brown's sentences with random batches)
     * while the windows keep batches from being the same every epoch.
     */
    static List<List<String>> lengthBuckets(List<String> sentences, int batchSize, Random random) {
        return lengthBuckets(sentences, String::length, batchSize, random);
    }

    /** {@link #lengthBuckets(List, int, Random)} for any items with a length (a word LM's sentences as ids). */
    static <T> List<List<T>> lengthBuckets(List<T> items, java.util.function.ToIntFunction<T> length, int batchSize,
                                           Random random) {
        List<T> data = new ArrayList<>(items);
        Collections.shuffle(data, random);
        int window = 50 * batchSize;
        List<List<T>> batches = new ArrayList<>();
        for (int w = 0; w < data.size(); w += window) {
            List<T> part = new ArrayList<>(data.subList(w, Math.min(data.size(), w + window)));
            part.sort(java.util.Comparator.comparingInt(length));
            for (int b = 0; b < part.size(); b += batchSize) {
                batches.add(List.copyOf(part.subList(b, Math.min(part.size(), b + batchSize))));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** One-hot inputs (the previous symbol) and labels (the next), padded and masked to the longest sentence. */
    static DataSet dataSet(List<String> sentences) {
        int mb = sentences.size();
        int t = 0;
        for (String s : sentences) {
            t = Math.max(t, s.length() + 1);
        }
        float[] in = new float[mb * V * t];
        float[] out = new float[mb * V * t];
        float[] mask = new float[mb * t];
        for (int b = 0; b < mb; b++) {
            int[] labels = labels(sentences.get(b));
            int prev = BOUNDARY;
            for (int i = 0; i < labels.length; i++) {
                in[(b * V + prev) * t + i] = 1f;
                out[(b * V + labels[i]) * t + i] = 1f;
                mask[b * t + i] = 1f;
                prev = labels[i];
            }
        }
        INDArray m = Nd4j.create(mask, new long[] {mb, t}, 'c');
        return new DataSet(Nd4j.create(in, new long[] {mb, V, t}, 'c'), Nd4j.create(out, new long[] {mb, V, t}, 'c'), m, m);
    }

    /** The characters of a normalised sentence followed by the boundary. */
    private static int[] labels(String sentence) {
        int[] chars = Alphabet.encode(sentence);
        int[] l = java.util.Arrays.copyOf(chars, chars.length + 1);
        l[chars.length] = BOUNDARY;
        return l;
    }

    /** Natural-log probability of a normalised sentence, its end included. Thread-safe. */
    public double sentenceLogProb(String sentence) {
        return sentenceLogProbs(List.of(sentence))[0];
    }

    /**
     * Natural-log probabilities of several normalised sentences (an N-best list), scored by
     * {@link CharRnnScorer}: the network's forward pass in plain Java, shared prefixes computed once.
     * Thread-safe.
     */
    @Override
    public double[] sentenceLogProbs(List<String> sentences) {
        return scorer.lnProbs(sentences);
    }

    /** The same as {@link #sentenceLogProbs} by DL4J's own padded forward pass: the reference, and slower. */
    double[] networkLogProbs(List<String> sentences) {
        DataSet d = dataSet(sentences);
        INDArray probs;
        synchronized (network) { // MultiLayerNetwork keeps per-call state
            probs = network.output(d.getFeatures(), false, d.getFeaturesMaskArray(), d.getLabelsMaskArray());
        }
        double[] out = new double[sentences.size()];
        for (int b = 0; b < out.length; b++) {
            int[] labels = labels(sentences.get(b));
            for (int i = 0; i < labels.length; i++) {
                out[b] += Math.log(Math.max(1e-30, probs.getDouble(b, labels[i], i)));
            }
        }
        return out;
    }

    /**
     * For each position of the sentence (boundary first), the distribution over the next symbol, from
     * DL4J's own forward pass (the reference {@link CharRnnScorer} is tested against).
     */
    double[][] nextSymbolProbabilities(String sentence) {
        DataSet d = dataSet(List.of(sentence));
        INDArray probs;
        synchronized (network) {
            probs = network.output(d.getFeatures(), false, d.getFeaturesMaskArray(), d.getLabelsMaskArray());
        }
        int steps = sentence.length() + 1;
        double[][] out = new double[steps][V];
        for (int i = 0; i < steps; i++) {
            for (int k = 0; k < V; k++) {
                out[i][k] = probs.getDouble(0, k, i);
            }
        }
        return out;
    }

    /** Perplexity per character (boundary included) over sentences. */
    public double perplexity(List<String> sentences) {
        double sum = 0;
        long n = 0;
        for (String s : sentences) {
            if (!s.isBlank()) {
                sum += sentenceLogProb(s);
                n += s.length() + 1;
            }
        }
        return Math.exp(-sum / Math.max(1, n));
    }

    @Override
    public String bundleFileName() {
        return BUNDLE_FILE;
    }

    @Override
    public void save(Path file) throws IOException {
        dev.auris.frontend.io.AtomicFiles.write(file, tmp -> ModelSerializer.writeModel(network, tmp.toFile(), false));
    }

    public static RnnLanguageModel load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new LmException(file, 0, "no such file");
        }
        try {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
            if (net.layerInputSize(0) != V) {
                throw new LmException(file, 0, "not an Auris character RNN language model");
            }
            return new RnnLanguageModel(net);
        } catch (IOException | RuntimeException e) {
            if (e instanceof LmException le) {
                throw le;
            }
            throw new LmException(file, 0, "not a readable RNN language model (" + e.getClass().getSimpleName() + ")");
        }
    }
}
