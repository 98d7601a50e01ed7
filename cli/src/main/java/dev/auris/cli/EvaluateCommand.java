package dev.auris.cli;

import dev.auris.acoustic.AcousticModel;
import dev.auris.corpora.scoring.ScoreReport;
import dev.auris.corpora.scoring.TranscriptTable;
import dev.auris.corpora.scoring.UtteranceScore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, description = {
        "Word and character error rates of hypotheses, or of a model on a corpus.",
        "WER and CER by Levenshtein alignment on normalised text.",
        "REF and HYP hold lines id<TAB>text; a reference without a hypothesis counts as an empty hypothesis.",
        "With --manifest and --model, transcribes the corpus first and reports the real-time factor: as the",
        "bundle transcribes (its LMs, tuned weights and beam) unless --lm or --rnnlm name other models."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--ref", paramLabel = "REF.tsv", description = "reference transcripts")
    Path ref;

    @Option(names = "--hyp", paramLabel = "HYP.tsv", description = "hypotheses to score")
    Path hyp;

    @Option(names = "--manifest", paramLabel = "CORPUS", description = "corpus to transcribe and score (with --model)")
    Path manifest;

    @Option(names = "--model", paramLabel = "DIR", description = "model bundle (with --manifest)")
    Path model;

    @picocli.CommandLine.Mixin
    DecodingOptions decoding;

    @Option(names = "--write-hyp", paramLabel = "FILE", description = "with --model: also write the hypotheses as id<TAB>text")
    Path writeHyp;

    @Option(names = "--stages", description = {"with --model: score greedy, beam, beam + n-gram (--lm) and",
            "beam + n-gram + RNN LM (--rnnlm) decoding side by side, the network run once"})
    boolean stages;

    @Option(names = "--save", paramLabel = "FILE.json", description = "with --stages: also write the JSON to FILE (e.g. for bundle --attach)")
    Path save;

    @Option(names = "--by-speaker", description = {"with --manifest: also WER and CER per speaker (the manifest's speaker",
            "column), most word errors first"})
    boolean bySpeaker;

    @Option(names = "--compare", paramLabel = "OTHER.tsv", description = {"also pair these with other hypotheses (id<TAB>text) of the",
            "same utterances: both word-error totals, the difference, its standard deviation and p-value",
            "(Gillick and Cox's matched-pairs test, per utterance)"})
    Path compare;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write an HTML report with every alignment")
    Path report;

    @Option(names = "--force", description = "replace an existing --report file")
    boolean force;

    @Override
    public Integer call() throws Exception {
        UserErrors.refuseOverwrite(report, force);
        boolean scoreFiles = ref != null || hyp != null;
        boolean transcribe = manifest != null || model != null;
        if (scoreFiles == transcribe || (scoreFiles && (ref == null || hyp == null)) || (transcribe && (manifest == null || model == null))) {
            throw new UserErrors.CliException("give either --ref and --hyp, or --manifest and --model");
        }
        UserErrors.refuseOverwrite(writeHyp, force);
        if (transcribe && !decoding.greedy) {
            decoding.models.inheritFrom(model); // a bundle is scored the way it transcribes
        } else if (transcribe) {
            decoding.models.inheritBandSettings(model); // greedy too hears what the bundle's network hears
        }
        PrintWriter out = spec.commandLine().getOut();
        if (bySpeaker && (!transcribe || stages)) {
            throw new UserErrors.CliException("--by-speaker needs --manifest and --model (the manifest names the speakers), and no --stages");
        }
        if (stages) {
            UserErrors.refuseOverwrite(save, force);
            if (!transcribe || decoding.greedy || report != null || writeHyp != null || compare != null) {
                throw new UserErrors.CliException("--stages needs --manifest and --model, and no --greedy, --report, --write-hyp or --compare");
            }
            printStages(ModelEvaluation.stages(manifest, decoding.models.hearing(AcousticModel.load(model)), decoding.stages(),
                    false).reports(), out);
            out.flush();
            return 0;
        }
        // read before a long transcription, so that a bad file fails at once
        Map<String, String> others = compare == null ? null : TranscriptTable.read(compare, true);
        if (transcribe) {
            ScoreReport r = ModelEvaluation.run(manifest, decoding.models.hearing(AcousticModel.load(model)), writeHyp,
                    decoding.setup(), bySpeaker);
            pair(r, others);
            out.print(json ? r.toJson() + System.lineSeparator() : r.summary());
            writeReport(r, out, model.getFileName() + " on " + manifest.getFileName());
            out.flush();
            return 0;
        }
        Map<String, String> refs = TranscriptTable.read(ref, false);
        ScoreReport r = score(refs, TranscriptTable.read(hyp, true), hyp, "references", "none of its ids names an utterance of " + ref);
        pair(r, others);
        out.print(json ? r.toJson() + System.lineSeparator() : r.summary());
        writeReport(r, out, String.valueOf(hyp.getFileName()));
        out.flush();
        return 0;
    }

    /** Scores the --compare hypotheses on the report's utterances and pairs them. */
    private void pair(ScoreReport r, Map<String, String> others) {
        if (others == null) {
            return;
        }
        Map<String, String> refs = new java.util.LinkedHashMap<>();
        r.utterances().forEach(u -> refs.put(u.id(), u.reference()));
        r.pairWith(score(refs, others, compare, "utterances", "none of its ids names an utterance scored here"),
                String.valueOf(compare.getFileName()));
    }

    /**
     * Scores hypotheses read from {@code file} against references, in the references' order. A reference without
     * a hypothesis counts as empty and one without a reference is ignored, each with a warning; a file that names
     * no reference at all is the wrong file, an error rather than a silent 100% WER.
     */
    private ScoreReport score(Map<String, String> refs, Map<String, String> hyps, Path file, String scored, String noneMatch) {
        long missing = refs.keySet().stream().filter(id -> !hyps.containsKey(id)).count();
        if (missing > 0 && missing == refs.size() && !hyps.isEmpty()) {
            throw new UserErrors.CliException(file + ": " + noneMatch);
        }
        PrintWriter err = spec.commandLine().getErr();
        long unknown = hyps.keySet().stream().filter(id -> !refs.containsKey(id)).count();
        if (unknown > 0) {
            err.printf("auris: warning: %s: %d hypotheses have no reference and are ignored%n", file, unknown);
        }
        if (missing > 0) {
            err.printf("auris: warning: %s: %d %s have no hypothesis and count as empty%n", file, missing, scored);
        }
        ScoreReport r = new ScoreReport();
        refs.forEach((id, text) -> r.add(UtteranceScore.of(id, text, hyps.getOrDefault(id, ""))));
        return r;
    }

    private void printStages(Map<String, ScoreReport> reports, PrintWriter out) throws java.io.IOException {
        var j = new dev.auris.corpora.JsonWriter().beginObject();
        j.field("corpus", manifest.toString()).field("model", model.toString());
        j.name("decoder").beginObject().field("beam", decoding.models.beam()).field("alpha", decoding.models.alpha())
                .field("beta", decoding.models.beta()).field("blank_penalty", decoding.models.blankPenalty())
                .field("prior_scale", decoding.models.labelPriors().scale())
                .field("rnn_weight", decoding.models.rnnWeight());
        var rescoring = decoding.models.rescoring();
        if (rescoring.active()) {
            j.field("rescore_list", rescoring.listSize()).field("unknown_word_penalty", rescoring.unknownWord());
            if (rescoring.reweighs()) {
                j.field("rescore_alpha", rescoring.ngram()).field("rescore_beta", rescoring.wordBonus());
            }
        }
        j.name("band_limits_hz").beginArray();
        decoding.models.bandLimits().forEach(j::value);
        j.endArray();
        if (Double.isFinite(decoding.models.bandwidth())) { // absent: the full band
            j.field("bandwidth_hz", decoding.models.bandwidth());
        }
        if (!decoding.models.warps().isEmpty()) { // absent: none
            j.name("warps").beginArray();
            decoding.models.warps().forEach(j::value);
            j.endArray();
        }
        j.endObject();
        j.name("stages").beginObject();
        reports.forEach((name, r) -> j.name(name).raw(r.toJson(false)));
        String text = j.endObject().endObject().toString();
        if (save != null) {
            Files.writeString(save, text + System.lineSeparator(), StandardCharsets.UTF_8);
        }
        if (json) {
            out.println(text);
            return;
        }
        out.printf(java.util.Locale.ROOT, "%s on %s (%d utterances)%n", model, manifest,
                reports.values().iterator().next().utterances().size());
        out.println("| decoding | WER | CER | real-time factor |");
        out.println("| --- | --- | --- | --- |");
        reports.forEach((name, r) -> out.printf(java.util.Locale.ROOT, "| %s | %.2f%% | %.2f%% | %.4f |%n", name,
                100 * r.words().rate(), 100 * r.characters().rate(), r.realTimeFactor()));
    }

    private void writeReport(ScoreReport r, PrintWriter out, String title) throws java.io.IOException {
        if (report != null) {
            Files.writeString(report, r.toHtml("Auris evaluation: " + title), StandardCharsets.UTF_8);
            if (!json) {
                out.println("report: " + report);
            }
        }
    }
}
