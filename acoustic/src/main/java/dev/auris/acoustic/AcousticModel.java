package dev.auris.acoustic;

import dev.auris.corpora.text.Alphabet;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.features.FeatureExtractor;
import dev.auris.frontend.features.Features;
import dev.auris.frontend.features.FrontendConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * A trained acoustic model: front-end settings, input statistics and the network, saved as the
 * model bundle of DESIGN.md (a folder with {@code manifest.json} and {@code weights.bin}). Thread-safe
 * for inference: every call works on its own arrays.
 */
public final class AcousticModel {

    /** Bundle format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String WEIGHTS = "weights.bin";
    private static final byte[] WEIGHTS_MAGIC = "AURISW01".getBytes(StandardCharsets.US_ASCII);
    /** The same file with each weight in IEEE binary16 (a bundle's option: half the bytes). */
    private static final byte[] HALF_WEIGHTS_MAGIC = "AURISW02".getBytes(StandardCharsets.US_ASCII);
    /** The smallest and largest vocal tract scale factor {@link #withWarps} accepts. */
    public static final double MIN_WARP = 0.7;
    public static final double MAX_WARP = 1.4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FrontendConfig frontend;
    private final FeatureStats stats;
    private final DeepSpeechNetwork network;
    private final ObjectNode metadata;
    private final double bandwidthHz; // infinite: the full band
    private final double[] bandLimitsHz;
    private final double[] warps; // vocal tract scale factors tried besides the features as they are
    private final SpectralAugmentation channel; // applies the bandwidth, band limits and warps; null without any

    AcousticModel(FrontendConfig frontend, FeatureStats stats, DeepSpeechNetwork network, ObjectNode metadata) {
        this(frontend, stats, network, metadata, Double.POSITIVE_INFINITY, new double[0], new double[0]);
    }

    private AcousticModel(FrontendConfig frontend, FeatureStats stats, DeepSpeechNetwork network, ObjectNode metadata,
                          double bandwidthHz, double[] bandLimitsHz, double[] warps) {
        this.frontend = frontend;
        this.stats = stats;
        this.network = network;
        this.metadata = metadata == null ? JSON.createObjectNode() : metadata;
        this.bandwidthHz = bandwidthHz;
        this.bandLimitsHz = bandLimitsHz;
        this.warps = warps;
        // throws for features a band limit or warp cannot be applied to (cepstra, deltas)
        this.channel = bandLimitsHz.length == 0 && warps.length == 0 && Double.isInfinite(bandwidthHz) ? null
                : new SpectralAugmentation(frontend);
    }

    /**
     * The same network, run on each utterance as it is and also with everything above each of these
     * frequencies removed (a telephone-like channel), keeping whichever output the network is most
     * sure of ({@link Posteriors#meanBestLogProb}). A voice the model knows only band-limited (a
     * speaker heard at 8 kHz in training) is then recognised at full band too; each limit costs one
     * more pass of the network. An empty list turns it off.
     *
     * @throws IllegalArgumentException for a limit outside (0, Nyquist) or a front end with cepstra or deltas
     */
    public AcousticModel withBandLimits(List<Double> hz) {
        double nyquist = frontend.sampleRate() / 2.0;
        double[] limits = new double[hz.size()];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = hz.get(i);
            if (!(limits[i] > 0 && limits[i] < nyquist)) {
                throw new IllegalArgumentException("a band limit must be above 0 and below " + (int) nyquist + " Hz, got "
                        + hz.get(i));
            }
        }
        return new AcousticModel(frontend, stats, network, metadata, bandwidthHz, limits, warps);
    }

    /**
     * The same network, also hearing each utterance as if from a vocal tract scaled by each of these
     * factors (VTLP, the warp of training's augmentation, {@code SpectralAugmentation#warp}), keeping
     * whichever output it is most sure of, as with {@link #withBandLimits}. A voice pitched or formed
     * beyond those heard in training is then moved back among them; a factor above 1 moves the
     * spectrum up. The candidates go through the network together, as one batch. An empty list turns
     * it off.
     *
     * @throws IllegalArgumentException for a factor outside [{@value #MIN_WARP}, {@value #MAX_WARP}] or a
     *                                  front end with cepstra or deltas
     */
    public AcousticModel withWarps(List<Double> factors) {
        double[] w = checkWarps(factors).stream().mapToDouble(Double::doubleValue).toArray();
        return new AcousticModel(frontend, stats, network, metadata, bandwidthHz, bandLimitsHz, w);
    }

    /**
     * {@code factors} itself when each is a warp {@link #withWarps} accepts, for settings checked before a model is loaded.
     *
     * @throws IllegalArgumentException naming the first factor outside [{@value #MIN_WARP}, {@value #MAX_WARP}]
     */
    public static List<Double> checkWarps(List<Double> factors) {
        for (Double f : factors) {
            if (f == null || !(f >= MIN_WARP && f <= MAX_WARP)) {
                throw new IllegalArgumentException("a warp factor must be between " + MIN_WARP + " and " + MAX_WARP
                        + ", got " + f);
            }
        }
        return factors;
    }

    /** The warp factors {@link #posteriors} tries besides the features as they are (empty: none). */
    public List<Double> warps() {
        return java.util.Arrays.stream(warps).boxed().toList();
    }

    /**
     * The same network, hearing every utterance with everything above {@code hz} removed (before any
     * band limit): one pass, no choice. A voice whose top bands are unlike anything in training (a
     * noisy recording, another synthesiser) then costs less; at or above the Nyquist frequency (or
     * infinite) it hears the full band.
     *
     * @throws IllegalArgumentException for a bandwidth that is not positive or a front end with cepstra or deltas
     */
    public AcousticModel withBandwidth(double hz) {
        if (!(hz > 0)) {
            throw new IllegalArgumentException("a bandwidth must be above 0 Hz, got " + hz);
        }
        double full = hz >= frontend.sampleRate() / 2.0 ? Double.POSITIVE_INFINITY : hz;
        return new AcousticModel(frontend, stats, network, metadata, full, bandLimitsHz, warps);
    }

    /** The bandwidth the network hears ({@link #withBandwidth}); infinite for the full band. */
    public double bandwidth() {
        return bandwidthHz;
    }

    /** The band limits {@link #posteriors} tries besides the full band (empty: none). */
    public List<Double> bandLimits() {
        return java.util.Arrays.stream(bandLimitsHz).boxed().toList();
    }

    public FrontendConfig frontend() {
        return frontend;
    }

    public NetworkShape shape() {
        return network.shape;
    }

    DeepSpeechNetwork network() {
        return network;
    }

    /**
     * This model with only its {@code training} record kept: what a run that starts from it (or an
     * average ending with it) may inherit. A bundle's decoder settings, test metrics, data summaries and
     * dev metrics describe that bundle, and would be stale on new weights.
     */
    AcousticModel startOfRun() {
        return new AcousticModel(frontend, stats, network, trainingRecordOf(metadata), bandwidthHz, bandLimitsHz, warps);
    }

    /** A copy of the {@code training} record alone (empty when there is none). */
    private static ObjectNode trainingRecordOf(ObjectNode metadata) {
        ObjectNode kept = JSON.createObjectNode();
        if (metadata.has("training")) {
            kept.set("training", metadata.get("training").deepCopy());
        }
        return kept;
    }

    /** This model with another recurrent layer ({@link DeepSpeechNetwork#withRecurrentLayer}), to train on from. */
    AcousticModel withRecurrentLayer(NetworkShape.Cell cell, int recurrentWidth, long seed) {
        return new AcousticModel(frontend, stats, network.withRecurrentLayer(cell, recurrentWidth, seed), metadata,
                bandwidthHz, bandLimitsHz, warps);
    }

    /** The same weights, trained on with dropout rate {@code p}. */
    AcousticModel withDropout(double p) {
        if (network.shape.dropout() == p) {
            return this;
        }
        return new AcousticModel(frontend, stats, new DeepSpeechNetwork(network.shape.withDropout(p), network.params), metadata, bandwidthHz,
                bandLimitsHz, warps);
    }

    /** The same function with {@code width} units per hidden layer ({@link DeepSpeechNetwork#widened}), to train on from. */
    AcousticModel widened(int width, long seed) {
        return new AcousticModel(frontend, stats, network.widened(width, seed), metadata, bandwidthHz, bandLimitsHz,
                warps);
    }

    FeatureStats stats() {
        return stats;
    }

    /** Training summary, metrics and other recorded facts, as JSON text. */
    public String metadataJson() {
        return metadata.toString();
    }

    ObjectNode metadata() {
        return metadata;
    }

    /** Seconds of audio per output frame. */
    public double frameSeconds() {
        return frontend.hopMs() / 1000.0 * network.shape.stride();
    }

    public Posteriors posteriors(Audio audio) {
        return posteriors(new FeatureExtractor(frontend).extract(audio));
    }

    /**
     * Log-posteriors of the features cut to the bandwidth ({@link #withBandwidth}), the most confident of
     * them, their band limits ({@link #withBandLimits}) and their warps ({@link #withWarps}).
     */
    public Posteriors posteriors(Features features) {
        if (channel == null || features.frames() == 0) {
            return network(List.of(features)).get(0);
        }
        Features heard = Double.isInfinite(bandwidthHz) ? features : channel.bandLimit(features, bandwidthHz);
        List<Features> candidates = new java.util.ArrayList<>(1 + bandLimitsHz.length + warps.length);
        candidates.add(heard);
        for (double hz : bandLimitsHz) {
            candidates.add(channel.bandLimit(heard, hz));
        }
        for (double alpha : warps) {
            candidates.add(channel.warp(heard, alpha));
        }
        Posteriors best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Posteriors p : network(candidates)) {
            double score = p.meanBestLogProb();
            if (best == null || score > bestScore) {
                best = p;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * The network's log-posteriors of equally long feature sequences, in one batch: the recurrent
     * layer's weights are then read once per step for all of them.
     */
    private List<Posteriors> network(List<Features> batch) {
        int classes = network.shape.classes();
        if (batch.get(0).frames() == 0) {
            return java.util.Collections.nCopies(batch.size(), new Posteriors(0, classes, new float[0], frameSeconds()));
        }
        try (var ws = Workspaces.open("auris-infer")) {
            InputBatch in = InputBatch.of(batch, network.shape, stats, null);
            INDArray logits = network.forward(in.x, in.batch, in.frames, in.lengths, false, 0).logits;
            float[] all = logits.data().asFloat(); // rows t * batch + b
            List<Posteriors> out = new java.util.ArrayList<>(batch.size());
            for (int b = 0; b < batch.size(); b++) {
                float[] mine = in.batch == 1 ? all : new float[in.frames * classes]; // one utterance: its rows already
                for (int t = 0; in.batch > 1 && t < in.frames; t++) {
                    System.arraycopy(all, (t * in.batch + b) * classes, mine, t * classes, classes);
                }
                out.add(new Posteriors(in.frames, classes, logSoftmax(mine, classes), frameSeconds()));
            }
            return out;
        }
    }

    /** Row-wise log-softmax, in place, by subtracting each row's log-sum-exp. */
    static float[] logSoftmax(float[] logits, int classes) {
        for (int row = 0; row < logits.length; row += classes) {
            float lse = (float) dev.auris.corpora.LogSpace.sumExp(logits, row, classes);
            for (int k = 0; k < classes; k++) {
                logits[row + k] -= lse;
            }
        }
        return logits;
    }

    // ---- the bundle ----

    public void save(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + "-");
        try {
            String sha = writeWeights(tmp.resolve(WEIGHTS), network.params);
            Files.writeString(tmp.resolve(MANIFEST), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(manifest(sha)), StandardCharsets.UTF_8);
            replaceDirectory(tmp, dir);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Moves a finished folder into place; at every moment either the old or the new one is complete. */
    static void replaceDirectory(Path ready, Path target) throws IOException {
        Path old = target.resolveSibling(target.getFileName() + ".old");
        deleteTree(old);
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(ready, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private ObjectNode manifest(String weightsSha) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "auris-model");
        m.put("format_version", FORMAT_VERSION);
        StringBuilder alphabet = new StringBuilder();
        for (int i = 1; i < Alphabet.SIZE; i++) {
            alphabet.append(Alphabet.symbol(i));
        }
        m.put("alphabet", alphabet.toString());
        m.put("blank", Alphabet.BLANK);
        ObjectNode fe = m.putObject("frontend");
        fe.put("sample_rate", frontend.sampleRate());
        fe.put("window_ms", frontend.windowMs());
        fe.put("hop_ms", frontend.hopMs());
        fe.put("pre_emphasis", frontend.preEmphasis());
        fe.put("mel_bands", frontend.melBands());
        fe.put("low_hz", frontend.lowHz());
        fe.put("high_hz", frontend.highHz());
        fe.put("cepstra", frontend.cepstra());
        fe.put("delta_order", frontend.deltaOrder());
        fe.put("normalization", frontend.normalization().name());
        NetworkShape s = network.shape;
        ObjectNode arch = m.putObject("architecture");
        arch.put("type", "deepspeech");
        arch.put("feature_dim", s.featureDim());
        arch.put("context", s.context());
        arch.put("stride", s.stride());
        arch.put("width", s.width());
        arch.put("classes", s.classes());
        arch.put("dropout", s.dropout());
        arch.put("cell", s.cell().name());
        if (s.recurrentWidth() != s.width()) { // absent: as wide as the dense layers (bundles before session 34)
            arch.put("recurrent_width", s.recurrentWidth());
        }
        arch.put("parameters", s.parameterCount());
        ArrayNode mean = m.putArray("feature_mean");
        ArrayNode std = m.putArray("feature_std");
        for (int i = 0; i < stats.mean().length; i++) {
            mean.add(stats.mean()[i]);
            std.add(stats.std()[i]);
        }
        ObjectNode weights = m.putObject("weights");
        weights.put("file", WEIGHTS);
        weights.put("sha256", weightsSha);
        m.set("metadata", metadata);
        return m;
    }

    /**
     * The mean of the weights of models from one training run, e.g. two epochs' saved models
     * (checkpoint averaging; Izmailov et al. 2018 on why a mean of points along one trajectory generalises
     * better than either): no cost in recognition. The metadata is {@code averaged_from} listing the
     * folders (an input that is itself a mean appears as {@code {"model": folder, "averaged_from": [...]}},
     * so a mean of means keeps its whole lineage) and the last model's {@code training} record (the latest
     * of the run, whose initial_model traces the rest); nothing else carries over: dev metrics, test
     * metrics and decoder settings were other models'.
     *
     * @throws ModelException naming the first folder that cannot be read or does not match the first model
     *         (architecture, front end, feature statistics)
     */
    public static AcousticModel average(List<Path> dirs) throws IOException {
        if (dirs.size() < 2) {
            throw new IllegalArgumentException("averaging needs at least two models, got " + dirs.size());
        }
        AcousticModel first = load(dirs.get(0));
        ObjectNode lastMetadata = first.metadata;
        ArrayNode from = JSON.createArrayNode();
        addSource(from, dirs.get(0), first.metadata);
        INDArray sum = first.network.params.dup();
        for (Path dir : dirs.subList(1, dirs.size())) {
            AcousticModel m = load(dir);
            lastMetadata = m.metadata;
            NetworkShape a = first.network.shape;
            NetworkShape b = m.network.shape;
            boolean sameArchitecture = a.featureDim() == b.featureDim() && a.context() == b.context()
                    && a.stride() == b.stride() && a.width() == b.width() && a.classes() == b.classes() && a.cell() == b.cell()
                    && a.recurrentWidth() == b.recurrentWidth();
            boolean sameStats = java.util.Arrays.equals(m.stats.mean(), first.stats.mean())
                    && java.util.Arrays.equals(m.stats.std(), first.stats.std());
            String problem = !sameArchitecture ? "its architecture differs"
                    : !m.frontend.equals(first.frontend) ? "its front end differs"
                    : !sameStats ? "its feature statistics differ" : null;
            if (problem != null) {
                throw new ModelException(dir, problem + " from " + dirs.get(0)
                        + "'s; only models of one training run can be averaged");
            }
            sum.addi(m.network.params);
            addSource(from, dir, m.metadata);
        }
        sum.divi(dirs.size());
        ObjectNode metadata = trainingRecordOf(lastMetadata);
        metadata.set("averaged_from", from);
        return new AcousticModel(first.frontend, first.stats, new DeepSpeechNetwork(first.network.shape, sum), metadata);
    }

    private static void addSource(ArrayNode from, Path dir, ObjectNode metadata) {
        JsonNode lineage = metadata.get("averaged_from");
        if (lineage == null) {
            from.add(dir.toString());
        } else {
            ObjectNode mean = from.addObject();
            mean.put("model", dir.toString());
            mean.set("averaged_from", lineage.deepCopy());
        }
    }

    public static AcousticModel load(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isDirectory(dir)) {
            throw new ModelException(dir, Files.exists(dir) ? "not a model bundle folder" : "no such model folder");
        }
        JsonNode m;
        try {
            m = JSON.readTree(Files.readString(manifestFile, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ModelException(dir, "not a model bundle (manifest.json missing)");
        } catch (IOException e) {
            throw new ModelException(manifestFile, "not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (m == null || !"auris-model".equals(m.path("format").asText())) {
            throw new ModelException(manifestFile, "not an Auris model manifest");
        }
        int version = m.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new ModelException(dir, "model format version " + version + ", this Auris reads version " + FORMAT_VERSION);
        }
        try {
            JsonNode fe = m.required("frontend");
            FrontendConfig frontend = new FrontendConfig(fe.required("sample_rate").asInt(), fe.required("window_ms").asDouble(),
                    fe.required("hop_ms").asDouble(), fe.required("pre_emphasis").asDouble(), fe.required("mel_bands").asInt(),
                    fe.required("low_hz").asDouble(), fe.required("high_hz").asDouble(), fe.required("cepstra").asInt(),
                    fe.required("delta_order").asInt(), FrontendConfig.Normalization.valueOf(fe.required("normalization").asText()));
            JsonNode a = m.required("architecture");
            NetworkShape shape = new NetworkShape(a.required("feature_dim").asInt(), a.required("context").asInt(),
                    a.required("stride").asInt(), a.required("width").asInt(), a.required("classes").asInt(),
                    a.required("dropout").asDouble(), NetworkShape.Cell.valueOf(a.required("cell").asText()),
                    recurrentWidth(a));
            if (shape.classes() != Alphabet.SIZE) {
                throw new ModelException(manifestFile, "model has " + shape.classes() + " output classes, the alphabet "
                        + Alphabet.SIZE);
            }
            float[] mean = floats(m.required("feature_mean"));
            float[] std = floats(m.required("feature_std"));
            if (mean.length != shape.featureDim() || std.length != shape.featureDim()) {
                throw new ModelException(manifestFile, "feature statistics do not match the feature dimension");
            }
            INDArray params = readWeights(dir.resolve(WEIGHTS), shape.parameterCount(),
                    m.path("weights").path("sha256").asText(""));
            ObjectNode metadata = m.has("metadata") && m.get("metadata").isObject()
                    ? (ObjectNode) m.get("metadata") : JSON.createObjectNode();
            return new AcousticModel(frontend, new FeatureStats(mean, std), new DeepSpeechNetwork(shape, params), metadata);
        } catch (IllegalArgumentException e) {
            throw new ModelException(manifestFile, "invalid setting: " + firstLine(e.getMessage()));
        }
    }

    /** The manifest's recurrent width: absent for the dense width (bundles before session 34), else a whole number. */
    private static int recurrentWidth(JsonNode architecture) {
        JsonNode r = architecture.path("recurrent_width");
        if (r.isMissingNode()) {
            return architecture.required("width").asInt();
        }
        if (!r.canConvertToInt() || !r.isIntegralNumber()) {
            throw new IllegalArgumentException("recurrent_width must be a whole number, got " + r);
        }
        return r.asInt();
    }

    private static float[] floats(JsonNode array) {
        float[] f = new float[array.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) array.get(i).asDouble();
        }
        return f;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    static String writeWeights(Path file, INDArray params) throws IOException {
        float[] values = params.castTo(DataType.FLOAT).data().asFloat();
        ByteBuffer b = ByteBuffer.allocate(WEIGHTS_MAGIC.length + 8 + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(WEIGHTS_MAGIC).putLong(values.length);
        for (float v : values) {
            b.putFloat(v);
        }
        byte[] bytes = b.array();
        Files.write(file, bytes);
        return sha256(bytes);
    }

    /**
     * Rewrites a model folder's weights file into {@code target} with every weight in half precision (IEEE
     * binary16, relative rounding error at most 2^-11): half the bytes for a shipped bundle. Returns the new
     * file's SHA-256, for its manifest.
     */
    public static String writeHalfPrecisionWeights(Path modelDir, Path target) throws IOException {
        Path file = modelDir.resolve(WEIGHTS);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException(file, "missing");
        }
        float[] values = decodeWeights(file, bytes, -1);
        ByteBuffer b = ByteBuffer.allocate(HALF_WEIGHTS_MAGIC.length + 8 + values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put(HALF_WEIGHTS_MAGIC).putLong(values.length);
        for (float v : values) {
            short h = HalfFloat.fromFloat(v);
            if (Float.isInfinite(HalfFloat.toFloat(h)) && !Float.isInfinite(v)) {
                throw new ModelException(file, "a weight of " + v + " is beyond half precision's range");
            }
            b.putShort(h);
        }
        Files.write(target, b.array());
        return sha256(b.array());
    }

    static INDArray readWeights(Path file, long expected, String sha) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException(file, "missing");
        }
        float[] values = decodeWeights(file, bytes, expected);
        if (!sha.isEmpty() && !sha.equals(sha256(bytes))) {
            throw new ModelException(file, "damaged: checksum does not match manifest.json");
        }
        return Nd4j.create(values, new long[] {1, values.length}, 'c');
    }

    /** The weights of a float32 or binary16 file; {@code expected} < 0 takes the count the file gives. */
    private static float[] decodeWeights(Path file, byte[] bytes, long expected) throws ModelException {
        byte[] magic = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, WEIGHTS_MAGIC.length));
        boolean full = java.util.Arrays.equals(magic, WEIGHTS_MAGIC);
        boolean half = java.util.Arrays.equals(magic, HALF_WEIGHTS_MAGIC);
        if (bytes.length < WEIGHTS_MAGIC.length + 8 || !(full || half)) {
            throw new ModelException(file, "not an Auris weights file");
        }
        int width = full ? 4 : 2;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(WEIGHTS_MAGIC.length);
        long count = b.getLong();
        long needed = expected < 0 ? count : expected;
        if (count != needed || bytes.length != WEIGHTS_MAGIC.length + 8 + needed * width) {
            throw new ModelException(file, "damaged: holds " + (bytes.length - WEIGHTS_MAGIC.length - 8) / width
                    + " weights, the architecture needs " + needed);
        }
        float[] values = new float[(int) count];
        if (full) {
            b.asFloatBuffer().get(values);
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = HalfFloat.toFloat(b.getShort());
            }
        }
        return values;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates an untrained model (what the trainer starts from). */
    static AcousticModel untrained(FrontendConfig frontend, FeatureStats stats, NetworkShape shape, long seed) {
        return new AcousticModel(frontend, stats, DeepSpeechNetwork.initialise(shape, seed), JSON.createObjectNode());
    }

    static ObjectMapper json() {
        return JSON;
    }
}
