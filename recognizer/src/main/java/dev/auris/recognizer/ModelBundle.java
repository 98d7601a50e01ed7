package dev.auris.recognizer;

import dev.auris.acoustic.AcousticModel;
import dev.auris.acoustic.ModelException;
import dev.auris.decoder.LabelPriors;
import dev.auris.frontend.io.AtomicFiles;
import dev.auris.lm.NgramModel;
import dev.auris.decoder.NBestRescorer;
import dev.auris.lm.RecurrentLanguageModel;
import dev.auris.lm.RnnLanguageModel;
import dev.auris.lm.WordRnnLanguageModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Assembles a recognizer bundle: a trained acoustic model's folder, the n-gram model as
 * {@code lm.bin}, the recurrent LM as {@code wordlm.bin} (words) or {@code rnnlm.zip} (characters), and the decoder weights in the manifest's
 * {@code metadata.decoder}. Every input is loaded first, so a broken file is reported before
 * anything is written, and an existing bundle is never replaced.
 */
public final class ModelBundle {

    /** Metadata the trainer and the bundler write themselves. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("decoder", "training", "dev_metrics");

    private ModelBundle() {
    }

    /**
     * What a bundle decodes with.
     *
     * @param ngram its n-gram model file, or null
     * @param rnnlm its RNN LM file, or null
     * @param settings the decoder settings in its manifest (defaults where it has none)
     */
    public record Contents(Path ngram, Path rnnlm, RecognizerSettings settings) {
    }

    /** Reads what a bundle (or a plain model folder) decodes with, without loading any model. */
    public static Contents read(Path bundle) throws IOException {
        if (!Files.isDirectory(bundle)) {
            throw new ModelException(bundle, "no such model folder");
        }
        Path manifest = bundle.resolve("manifest.json");
        JsonNode metadata;
        try {
            metadata = new ObjectMapper().readTree(Files.readString(manifest)).path("metadata");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ModelException(manifest, "no such file");
        } catch (IOException e) {
            throw new ModelException(manifest, "is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        Path ngram = bundle.resolve(Recognizer.NGRAM_FILE);
        // the recurrent-LM slot holds a word model or a character one (the word model, if both are there)
        Path rnnlm = bundle.resolve(WordRnnLanguageModel.BUNDLE_FILE);
        if (!Files.exists(rnnlm)) {
            rnnlm = bundle.resolve(RnnLanguageModel.BUNDLE_FILE);
        }
        return new Contents(Files.exists(ngram) ? ngram : null, Files.exists(rnnlm) ? rnnlm : null,
                tunedSettings(metadata.path("decoder"), manifest));
    }

    /** Decoder weights from the manifest's metadata.decoder, where tuning put them; defaults otherwise. */
    private static RecognizerSettings tunedSettings(JsonNode dec, Path manifest) throws ModelException {
        RecognizerSettings d = RecognizerSettings.defaults();
        if (dec.isMissingNode()) {
            return d;
        }
        try {
            return new RecognizerSettings((int) number(dec, "beam", d.beamWidth()), number(dec, "alpha", d.alpha()),
                    number(dec, "beta", d.beta()), rescoring(dec, d.rescoring()),
                    d.nBest(), true, d.maxChunkSeconds(), numbers(dec, "band_limits_hz", "frequencies"),
                    number(dec, "bandwidth_hz", d.bandwidthHz()), numbers(dec, "warps", "factors"),
                    number(dec, "blank_penalty", d.blankPenalty()),
                    labelPriors(dec));
        } catch (IllegalArgumentException e) {
            throw new ModelException(manifest, "invalid decoder settings (" + e.getMessage() + ")");
        }
    }

    /**
     * The second pass: {@code rnn_weight}, and for a bundle tuned with a word LM {@code rescore_list},
     * {@code rescore_alpha}, {@code rescore_beta} and {@code unknown_word_penalty}.
     */
    private static NBestRescorer.Weights rescoring(JsonNode dec, NBestRescorer.Weights d) {
        return new NBestRescorer.Weights((int) number(dec, "rescore_list", d.listSize()), number(dec, "rnn_weight", d.recurrent()),
                number(dec, "rescore_alpha", d.ngram()), number(dec, "rescore_beta", d.wordBonus()),
                number(dec, "unknown_word_penalty", d.unknownWord()));
    }

    private static LabelPriors labelPriors(JsonNode dec) {
        return new LabelPriors(numbers(dec, "label_priors", "probabilities"), number(dec, "prior_scale", 0));
    }

    /**
     * The number under {@code field}, or {@code absent} when it is missing or null; anything else there is
     * refused (Jackson's asDouble would quietly fall back to the default for "wide" or [1]).
     */
    private static double number(JsonNode dec, String field, double absent) {
        JsonNode n = dec.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return absent;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, found " + n);
        }
        return n.asDouble();
    }

    /** A list of numbers under {@code field}, empty when it is absent. */
    private static java.util.List<Double> numbers(JsonNode dec, String field, String what) {
        JsonNode list = dec.path(field);
        if (list.isMissingNode() || list.isNull()) {
            return java.util.List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException(field + " must be a list of " + what);
        }
        java.util.List<Double> values = new java.util.ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isNumber()) {
                throw new IllegalArgumentException(field + " must be a list of " + what + ", found " + n);
            }
            values.add(n.asDouble());
        }
        return values;
    }

    /**
     * @param ngram n-gram model (binary or ARPA), or null
     * @param rnnlm recurrent LM, or null
     */
    public static void assemble(Path acousticModel, Path ngram, Path rnnlm, RecognizerSettings settings, Path out)
            throws IOException {
        assemble(acousticModel, ngram, rnnlm, settings, java.util.Map.of(), out);
    }

    /**
     * @param attachments JSON files to keep in the manifest's metadata under their names, e.g. the
     *                    corpus summary as {@code data} and measured error rates as {@code test_metrics}
     */
    public static void assemble(Path acousticModel, Path ngram, Path rnnlm, RecognizerSettings settings,
                                java.util.Map<String, Path> attachments, Path out) throws IOException {
        assemble(acousticModel, ngram, rnnlm, settings, attachments, false, out);
    }

    /**
     * @param halfPrecision keep the network's weights in half precision (IEEE binary16): half the bytes, each
     *                      weight within 2^-11 of itself (the shipped bundle's 40 MB hold a word LM so)
     */
    public static void assemble(Path acousticModel, Path ngram, Path rnnlm, RecognizerSettings settings,
                                java.util.Map<String, Path> attachments, boolean halfPrecision, Path out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        java.util.Map<String, org.nd4j.shade.jackson.databind.JsonNode> attached = new java.util.TreeMap<>();
        for (var e : attachments.entrySet()) {
            if (!e.getKey().matches("[a-z][a-z0-9_]*") || RESERVED.contains(e.getKey())) {
                throw new IllegalArgumentException("cannot attach metadata as '" + e.getKey()
                        + "': use lower-case letters, digits and _, not one of " + RESERVED);
            }
            try {
                attached.put(e.getKey(), json.readTree(Files.readString(e.getValue())));
            } catch (java.nio.file.NoSuchFileException ex) {
                throw new ModelException(e.getValue(), "no such file");
            } catch (IOException ex) {
                throw new ModelException(e.getValue(), "is not JSON (" + ex.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        if (Files.exists(out)) {
            throw new ModelException(out, "already exists; a bundle is never replaced, choose another folder");
        }
        // limits below its Nyquist frequency, and features they can be applied to
        settings.hearing(AcousticModel.load(acousticModel));
        // the n-gram model is checked by copyAsBinary below, which loads it first; a failure leaves no bundle
        RecurrentLanguageModel rnn = rnnlm == null ? null : RecurrentLanguageModel.load(rnnlm);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + out.getFileName() + "-");
        try {
            Files.copy(acousticModel.resolve("manifest.json"), tmp.resolve("manifest.json"));
            String halfSha = null;
            if (halfPrecision) {
                halfSha = AcousticModel.writeHalfPrecisionWeights(acousticModel, tmp.resolve("weights.bin"));
            } else {
                Files.copy(acousticModel.resolve("weights.bin"), tmp.resolve("weights.bin"));
            }
            if (ngram != null) { // a binary model as it is (no re-quantising), an ARPA one in binary form
                NgramModel.copyAsBinary(ngram, tmp.resolve(Recognizer.NGRAM_FILE));
            }
            if (rnn != null) {
                rnn.save(tmp.resolve(rnn.bundleFileName()));
            }
            ObjectNode manifest = (ObjectNode) json.readTree(Files.readString(tmp.resolve("manifest.json")));
            ObjectNode meta = manifest.has("metadata") && manifest.get("metadata").isObject()
                    ? (ObjectNode) manifest.get("metadata") : manifest.putObject("metadata");
            if (halfSha != null) {
                ObjectNode weights = manifest.with("weights");
                weights.put("sha256", halfSha);
                weights.put("precision", "float16");
            }
            ObjectNode dec = meta.putObject("decoder");
            dec.put("beam", settings.beamWidth());
            dec.put("alpha", settings.alpha());
            dec.put("beta", settings.beta());
            NBestRescorer.Weights r = settings.rescoring();
            dec.put("rnn_weight", r.recurrent());
            dec.put("rescore_list", r.listSize());
            if (r.reweighs()) { // absent: the first pass's alpha and beta
                dec.put("rescore_alpha", r.ngram());
                dec.put("rescore_beta", r.wordBonus());
            }
            dec.put("unknown_word_penalty", r.unknownWord());
            settings.bandLimitsHz().forEach(dec.putArray("band_limits_hz")::add);
            if (Double.isFinite(settings.bandwidthHz())) { // absent: the full band
                dec.put("bandwidth_hz", settings.bandwidthHz());
            }
            if (!settings.warps().isEmpty()) { // absent: none
                settings.warps().forEach(dec.putArray("warps")::add);
            }
            dec.put("blank_penalty", settings.blankPenalty());
            if (!settings.labelPriors().probabilities().isEmpty()) {
                settings.labelPriors().probabilities().forEach(dec.putArray("label_priors")::add);
                dec.put("prior_scale", settings.labelPriors().scale());
            }
            dec.put("ngram", ngram == null ? null : Recognizer.NGRAM_FILE);
            dec.put("rnnlm", rnn == null ? null : rnn.bundleFileName());
            attached.forEach(meta::set);
            String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(manifest);
            AtomicFiles.write(tmp.resolve("manifest.json"), p -> Files.writeString(p, text, StandardCharsets.UTF_8));
            Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(tmp)) {
                try (var s = Files.walk(tmp)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
