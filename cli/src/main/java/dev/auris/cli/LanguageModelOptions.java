package dev.auris.cli;

import dev.auris.acoustic.AcousticModel;
import dev.auris.decoder.LabelPriors;
import dev.auris.lm.NgramModel;
import dev.auris.decoder.NBestRescorer;
import dev.auris.lm.RecurrentLanguageModel;
import dev.auris.recognizer.ModelBundle;
import dev.auris.recognizer.RecognizerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The language models and decoder weights of a decoding: what evaluate decodes with and bundle stores. */
final class LanguageModelOptions {

    @Option(names = "--lm", paramLabel = "LM", description = "word n-gram model fused in the beam (binary or ARPA)")
    Path lm;

    @Option(names = "--rnnlm", paramLabel = "FILE", description = "recurrent LM that rescores the N-best list")
    Path rnnlm;

    @Option(names = "--alpha", description = "n-gram LM weight (default: the bundle's tuned one, else 0.5)")
    Double alpha;

    @Option(names = "--beta", description = "word bonus (default: the bundle's tuned one, else 1.0)")
    Double beta;

    @Option(names = "--rnn-weight", description = "RNN LM rescoring weight (default: the bundle's tuned one, else 0.3)")
    Double rnnWeight;

    @Option(names = "--rescore-alpha", description = "n-gram weight in the rescoring pass (default: the bundle's tuned"
            + " one, else the first pass's --alpha)")
    Double rescoreAlpha;

    @Option(names = "--rescore-beta", description = "word bonus in the rescoring pass (default: the bundle's tuned one,"
            + " else the first pass's --beta)")
    Double rescoreBeta;

    @Option(names = "--unknown-word-penalty", description = "per word the recurrent LM does not know, in the rescoring"
            + " pass (default: the bundle's tuned one, else 0)")
    Double unknownWordPenalty;

    @Option(names = "--rescore-list", paramLabel = "N", description = "hypotheses the recurrent LM re-ranks (default: the"
            + " bundle's, else 8)")
    Integer rescoreList;

    @Option(names = "--blank-penalty", description = "taken (ln) from blank's log-probability when the n-gram LM decodes"
            + " (default: the bundle's tuned one, else 0)")
    Double blankPenalty;

    @Option(names = "--prior-scale", description = "divide the posteriors by the label priors to this power when the"
            + " n-gram LM decodes (default: the bundle's tuned one, else 0)")
    Double priorScale;

    @Option(names = "--label-priors", paramLabel = "P,...", description = "one prior per label, blank first, as tune"
            + " prints them (default: the bundle's)")
    String labelPriors;

    private List<Double> bundleLabelPriors = List.of(); // set by inheritFrom

    @Option(names = "--beam", description = "beam width (default: the bundle's, else 32)")
    Integer beam;

    @Option(names = "--band-limits", paramLabel = "HZ,...|none", description = {
            "also run the network on the audio cut to these bandwidths and decode the output it is",
            "surest of (one more network pass each; default: the bundle's, else none)"})
    String bandLimits;

    private List<Double> bundleBandLimits; // set by inheritBandSettings

    @Option(names = "--bandwidth", paramLabel = "HZ|full", description = {
            "the network hears the audio cut to this bandwidth, before any band limit (no extra pass;",
            "default: the bundle's, else full)"})
    String bandwidth;

    private Double bundleBandwidth; // set by inheritBandSettings

    @Option(names = "--warps", paramLabel = "F,...|none", description = {
            "also run the network on the audio as if from a vocal tract scaled by these factors (0.7-1.4, e.g.",
            "1.1,1.2 for voices higher than the training ones) and decode the output it is surest of",
            "(one batch with the plain pass; default: the bundle's, else none)"})
    String warps;

    private List<Double> bundleWarps; // set by inheritBandSettings

    List<Double> warps() {
        return chosen(warps, LanguageModelOptions::parseWarps, bundleWarps, RecognizerSettings.defaults().warps());
    }

    /** "none", or comma-separated warp factors, each one {@link AcousticModel#withWarps} accepts. */
    static List<Double> parseWarps(String text) {
        try {
            return AcousticModel.checkWarps(parseNoneOrNumbers("--warps", text, "a warp factor (give e.g. 1.1,1.2 or none)"));
        } catch (IllegalArgumentException e) {
            throw new UserErrors.CliException("--warps: " + e.getMessage());
        }
    }

    /** {@code model} hearing as these options say: band limits, bandwidth and warps. */
    AcousticModel hearing(AcousticModel model) {
        return model.withBandLimits(bandLimits()).withBandwidth(bandwidth()).withWarps(warps());
    }

    double bandwidth() {
        return chosen(bandwidth, LanguageModelOptions::parseBandwidth, bundleBandwidth,
                RecognizerSettings.defaults().bandwidthHz());
    }

    /** The option's value if it was given, else the bundle's (when one was read), else the default. */
    private static <T> T chosen(String given, java.util.function.Function<String, T> parse, T bundle, T fallback) {
        return given != null ? parse.apply(given) : bundle != null ? bundle : fallback;
    }

    /** "full" (infinite), or a positive frequency in Hz. */
    static double parseBandwidth(String text) {
        if (text.strip().equals("full")) {
            return Double.POSITIVE_INFINITY;
        }
        List<Double> hz = parseNumbers("--bandwidth", text, "a frequency in Hz (give e.g. 6500 or full)");
        if (hz.size() != 1 || !(hz.get(0) > 0) || hz.get(0).isInfinite()) {
            throw new UserErrors.CliException("--bandwidth: '" + text.strip() + "' is not one positive frequency in Hz"
                    + " (give e.g. 6500 or full)");
        }
        return hz.get(0);
    }

    List<Double> bandLimits() {
        return chosen(bandLimits, LanguageModelOptions::parseBandLimits, bundleBandLimits,
                RecognizerSettings.defaults().bandLimitsHz());
    }

    /** "none", or comma-separated frequencies in Hz. */
    static List<Double> parseBandLimits(String text) {
        return parseNoneOrNumbers("--band-limits", text, "a frequency in Hz (give e.g. 5000,5500 or none)");
    }

    /** "none" (no values), or comma-separated numbers of an option. */
    private static List<Double> parseNoneOrNumbers(String option, String text, String what) {
        return text.strip().equals("none") ? List.of() : parseNumbers(option, text, what);
    }

    /** Comma-separated numbers of an option; a bad one is a one-line error naming it. */
    static List<Double> parseNumbers(String option, String text, String what) {
        List<Double> values = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            try {
                values.add(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                throw new UserErrors.CliException(option + ": '" + part.strip() + "' is not " + what);
            }
        }
        return values;
    }

    double alpha() {
        return alpha != null ? alpha : RecognizerSettings.defaults().alpha();
    }

    double beta() {
        return beta != null ? beta : RecognizerSettings.defaults().beta();
    }

    double rnnWeight() {
        return rnnWeight != null ? rnnWeight : RecognizerSettings.defaults().rescoringWeight();
    }

    /** The rescoring pass these options ask for; a second-pass alpha or beta given alone takes the other from the first. */
    NBestRescorer.Weights rescoring() {
        NBestRescorer.Weights d = RecognizerSettings.defaults().rescoring();
        double a = rescoreAlpha != null ? rescoreAlpha : Double.NaN;
        double b = rescoreBeta != null ? rescoreBeta : Double.NaN;
        if (Double.isNaN(a) != Double.isNaN(b)) {
            a = Double.isNaN(a) ? alpha() : a;
            b = Double.isNaN(b) ? beta() : b;
        }
        try {
            return new NBestRescorer.Weights(rescoreList != null ? rescoreList : d.listSize(), rnnWeight(), a, b,
                    unknownWordPenalty != null ? unknownWordPenalty : d.unknownWord());
        } catch (IllegalArgumentException e) {
            throw new UserErrors.CliException("rescoring: " + e.getMessage());
        }
    }

    double blankPenalty() {
        return blankPenalty != null ? blankPenalty : RecognizerSettings.defaults().blankPenalty();
    }

    LabelPriors labelPriors() {
        List<Double> p = labelPriors != null ? parseNumbers("--label-priors", labelPriors, "a probability")
                : bundleLabelPriors;
        double scale = priorScale != null ? priorScale : RecognizerSettings.defaults().labelPriors().scale();
        try {
            return new LabelPriors(p, scale);
        } catch (IllegalArgumentException e) {
            throw new UserErrors.CliException(p.isEmpty() ? "--prior-scale " + scale + " needs --label-priors (tune prints"
                    + " them with its best setting)" : "--label-priors/--prior-scale: " + e.getMessage());
        }
    }

    int beam() {
        return beam != null ? beam : RecognizerSettings.defaults().beamWidth();
    }

    /**
     * Decodes as the bundle does when neither --lm nor --rnnlm is given: its lm.bin and recurrent LM, and
     * its tuned weights and beam where no option sets them (otherwise the defaults, which were not
     * tuned for the named models). The bundle's band limits, bandwidth and warps apply in either case
     * unless --band-limits, --bandwidth or --warps is given.
     */
    void inheritFrom(Path bundle) throws IOException {
        ModelBundle.Contents c = inheritBandSettings(bundle);
        if (lm != null || rnnlm != null) {
            return;
        }
        lm = c.ngram();
        rnnlm = c.rnnlm();
        RecognizerSettings s = c.settings();
        alpha = alpha != null ? alpha : s.alpha();
        beta = beta != null ? beta : s.beta();
        rnnWeight = rnnWeight != null ? rnnWeight : s.rescoringWeight();
        NBestRescorer.Weights r = s.rescoring();
        if (r.reweighs() && rescoreAlpha == null && rescoreBeta == null) {
            rescoreAlpha = r.ngram();
            rescoreBeta = r.wordBonus();
        }
        unknownWordPenalty = unknownWordPenalty != null ? unknownWordPenalty : r.unknownWord();
        rescoreList = rescoreList != null ? rescoreList : r.listSize();
        blankPenalty = blankPenalty != null ? blankPenalty : s.blankPenalty();
        priorScale = priorScale != null ? priorScale : s.labelPriors().scale();
        bundleLabelPriors = s.labelPriors().probabilities();
        beam = beam != null ? beam : s.beamWidth();
    }

    /**
     * The bundle's band limits, bandwidth and warps unless --band-limits, --bandwidth or --warps was given: how its network
     * runs, however its output is decoded.
     */
    ModelBundle.Contents inheritBandSettings(Path bundle) throws IOException {
        ModelBundle.Contents c = ModelBundle.read(bundle);
        bundleBandLimits = c.settings().bandLimitsHz();
        bundleBandwidth = c.settings().bandwidthHz();
        bundleWarps = c.settings().warps();
        return c;
    }

    /** The n-gram model, or null without --lm. */
    NgramModel loadNgram() throws IOException {
        return lm == null ? null : NgramModel.load(lm);
    }

    /** The recurrent LM, or null without --rnnlm. */
    RecurrentLanguageModel loadRnn() throws IOException {
        return rnnlm == null ? null : RecurrentLanguageModel.load(rnnlm);
    }
}
