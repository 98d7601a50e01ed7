package dev.auris.cli;

import dev.auris.acoustic.AcousticModel;
import dev.auris.acoustic.Posteriors;
import dev.auris.corpora.CorpusReader;
import dev.auris.corpora.JsonWriter;
import dev.auris.corpora.Utterance;
import dev.auris.corpora.UtteranceAudio;
import dev.auris.decoder.DecoderConfig;
import dev.auris.decoder.LabelPriors;
import dev.auris.decoder.WeightSearch;
import dev.auris.lm.NgramModel;
import dev.auris.decoder.NBestRescorer;
import dev.auris.lm.RecurrentLanguageModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tune", mixinStandardHelpOptions = true, description = {
        "Finds the decoder weights with the lowest WER on a dev corpus.",
        "Grid-searches the n-gram weight alpha, the word bonus beta, the blank penalty, the label-prior",
        "scale and the RNN LM rescoring weight.",
        "The network runs once per utterance; each (alpha, beta, blank penalty, prior scale) decodes an",
        "N-best list once, and every rescoring weight re-ranks it. The label priors are the network's",
        "mean posteriors over the dev set; the best line prints them for bundle and evaluate."})
final class TuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR")
    Path model;

    @Option(names = "--dev", required = true, paramLabel = "CORPUS")
    Path dev;

    @Option(names = "--lm", required = true, paramLabel = "LM")
    Path lm;

    @Option(names = "--rnnlm", paramLabel = "FILE")
    Path rnnlm;

    @Option(names = "--alphas", split = ",", description = "default ${DEFAULT-VALUE}")
    double[] alphas = {0.0, 0.25, 0.5, 0.75, 1.0, 1.5};

    @Option(names = "--betas", split = ",", description = "default ${DEFAULT-VALUE}")
    double[] betas = {0.0, 0.5, 1.0, 2.0, 3.0};

    @Option(names = "--blank-penalties", split = ",", description = "blank penalties, ln (default ${DEFAULT-VALUE})")
    double[] blankPenalties = {0.0};

    @Option(names = "--prior-scales", split = ",", description = "label-prior scales (MAP decoding; default ${DEFAULT-VALUE})")
    double[] priorScales = {0.0};

    @Option(names = "--weights", split = ",", description = "RNN LM weights (default ${DEFAULT-VALUE})")
    double[] weights = {0.0, 0.1, 0.2, 0.4, 0.8};

    @Option(names = "--rescore-alphas", split = ",", description = {"n-gram weights in the rescoring pass; NaN keeps the",
            "first pass's score (default: NaN)"})
    double[] rescoreAlphas = {Double.NaN};

    @Option(names = "--rescore-betas", split = ",", description = "word bonuses in the rescoring pass, NaN with NaN alphas (default: NaN)")
    double[] rescoreBetas = {Double.NaN};

    @Option(names = "--unknown-word-penalties", split = ",", description = "per word the recurrent LM does not know (default ${DEFAULT-VALUE})")
    double[] unknownWordPenalties = {0.0};

    @Option(names = "--rescore-list", paramLabel = "N", description = "hypotheses the recurrent LM re-ranks (default ${DEFAULT-VALUE})")
    int rescoreList = NBestRescorer.Weights.of(0).listSize();

    @Option(names = "--beam", description = "beam width (default ${DEFAULT-VALUE})")
    int beam = 32;

    @Option(names = "--unknown-word-offset", description = "log10 added to the LM score of a word outside its vocabulary (default ${DEFAULT-VALUE})")
    double unknownWordOffset = DecoderConfig.defaults().unknownWordOffset();

    @Option(names = "--beam-prune", description = "drop prefixes this far (ln) below the frame's best (default ${DEFAULT-VALUE})")
    double beamPrune = DecoderConfig.defaults().beamPruneLogProb();

    @Option(names = "--candidates", description = "labels tried per frame (default ${DEFAULT-VALUE})")
    int candidates = DecoderConfig.defaults().candidatesPerFrame();

    @Option(names = "--no-lm-lookahead", description = "rank unfinished words without their unigram look-ahead")
    boolean noLookahead;

    @Option(names = "--band-limits", paramLabel = "HZ,...|none", description = {
            "also run the network on the audio cut to these bandwidths, decoding the output it is surest of",
            "(default: none)"})
    String bandLimits = "none";

    @Option(names = "--bandwidth", paramLabel = "HZ|full", description = {
            "the network hears the audio cut to this bandwidth, before any band limit (default: full)"})
    String bandwidth = "full";

    @Option(names = "--warps", paramLabel = "F,...|none", description = {
            "also run the network on the audio as if from a vocal tract scaled by these factors, decoding the",
            "output it is surest of (default: none)"})
    String warps = "none";

    @Option(names = "--limit", description = "use at most this many dev utterances (default: all)")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--json", description = "print the best setting as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        // settings first: a bad one is reported before the network has run over the whole dev set
        List<Double> limits = LanguageModelOptions.parseBandLimits(bandLimits);
        double cut = LanguageModelOptions.parseBandwidth(bandwidth);
        List<Double> warpFactors = LanguageModelOptions.parseWarps(warps);
        DecoderConfig base = DecoderConfig.defaults().withBeamWidth(beam).withLmLookahead(!noLookahead)
                .withUnknownWordOffset(unknownWordOffset).withBeamPrune(beamPrune).withCandidates(candidates);
        for (double bp : blankPenalties) {
            base.withBlankPenalty(bp); // throws for a bad one
        }
        for (double ps : priorScales) {
            LabelPriors.checkScale(ps);
        }
        WeightSearch.Grid searched;
        try {
            searched = new WeightSearch.Grid(alphas, betas, blankPenalties, priorScales, weights, rescoreAlphas, rescoreBetas,
                    unknownWordPenalties, rescoreList);
        } catch (IllegalArgumentException e) {
            throw new UserErrors.CliException("tune: " + e.getMessage());
        }
        AcousticModel acoustic = AcousticModel.load(model).withBandLimits(limits).withBandwidth(cut).withWarps(warpFactors);
        NgramModel ngram = NgramModel.load(lm);
        RecurrentLanguageModel rnn = rnnlm == null ? null : RecurrentLanguageModel.load(rnnlm);
        List<Utterance> utts = CorpusReader.read(dev);
        utts = utts.subList(0, Math.min(limit, utts.size()));
        List<Posteriors> posteriors = new ArrayList<>();
        ProgressBar bar = new ProgressBar("acoustic");
        for (Utterance u : utts) {
            posteriors.add(acoustic.posteriors(UtteranceAudio.read(u)));
            bar.update(posteriors.size(), utts.size(), "utterances");
        }
        List<dev.auris.decoder.CtcMatrix> matrices = posteriors.stream().map(DecodingOptions::matrix).toList();
        List<String> refs = utts.stream().map(Utterance::transcript).toList();
        ProgressBar grid = new ProgressBar("grid");
        LabelPriors priors = LabelPriors.estimate(matrices);
        List<WeightSearch.Point> results = WeightSearch.search(matrices, refs, ngram, base.withLabelPriors(priors),
                searched, rnn == null ? null : NBestRescorer.SentenceModel.of(rnn), (d, t) -> grid.update(d, t, "settings"));
        WeightSearch.Point best = results.get(0);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonWriter j = new JsonWriter().beginObject().field("alpha", best.alpha()).field("beta", best.beta())
                    .field("blank_penalty", best.blankPenalty()).field("prior_scale", best.priorScale())
                    .field("rnn_weight", best.rescoringWeight())
                    .field("rescore_list", best.rescoring().listSize())
                    .field("unknown_word_penalty", best.rescoring().unknownWord());
            if (best.rescoring().reweighs()) {
                j.field("rescore_alpha", best.rescoring().ngram()).field("rescore_beta", best.rescoring().wordBonus());
            }
            j
                    .field("wer", best.words().rate()).field("cer", best.chars().rate())
                    .field("utterances", utts.size());
            j.name("label_priors").beginArray();
            priors.probabilities().forEach(j::value);
            out.println(j.endArray().endObject());
        } else {
            out.printf("%-7s %-7s %-7s %-7s %-7s %-7s %-7s %-7s %-8s %-8s%n", "alpha", "beta", "blank", "prior", "weight",
                    "r-alpha", "r-beta", "unknown", "WER%", "CER%");
            for (WeightSearch.Point r : results.subList(0, Math.min(10, results.size()))) {
                out.printf(Locale.ROOT, "%-7.2f %-7.2f %-7.2f %-7.2f %-7.2f %-7.2f %-7.2f %-7.2f %-8.2f %-8.2f%n", r.alpha(), r.beta(),
                        r.blankPenalty(), r.priorScale(), r.rescoringWeight(), r.rescoring().ngram(), r.rescoring().wordBonus(),
                        r.rescoring().unknownWord(), 100 * r.words().rate(), 100 * r.chars().rate());
            }
            String map = best.priorScale() == 0 ? "" : String.format(Locale.ROOT, " --prior-scale %.2f --label-priors %s",
                    best.priorScale(), String.join(",", priors.probabilities().stream().map(p -> String.format(Locale.ROOT, "%.6g", p))
                            .toList()));
            NBestRescorer.Weights r = best.rescoring();
            String second = !r.active() ? "" : String.format(Locale.ROOT, "%s --unknown-word-penalty %.2f --rescore-list %d",
                    r.reweighs() ? String.format(Locale.ROOT, " --rescore-alpha %.2f --rescore-beta %.2f", r.ngram(), r.wordBonus()) : "",
                    r.unknownWord(), r.listSize());
            out.printf(Locale.ROOT, "best on %d utterances: --alpha %.2f --beta %.2f --blank-penalty %.2f%s --rnn-weight %.2f%s"
                    + " (WER %.2f%%)%n", utts.size(), best.alpha(), best.beta(), best.blankPenalty(), map,
                    best.rescoringWeight(), second, 100 * best.words().rate());
        }
        out.flush();
        return 0;
    }
}
