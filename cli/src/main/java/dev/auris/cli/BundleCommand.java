package dev.auris.cli;

import dev.auris.recognizer.ModelBundle;
import dev.auris.recognizer.RecognizerSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bundle", mixinStandardHelpOptions = true, description = {
        "Makes a recognizer bundle: a trained model plus its language models and tuned decoder weights.",
        "The result is what 'transcribe --model' and Recognizer.load read; models/default is one."})
final class BundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "trained acoustic model (OUT/model of auris train)")
    Path model;

    @picocli.CommandLine.Mixin
    LanguageModelOptions models;

    @Option(names = "--attach", paramLabel = "NAME=FILE.json", description = {
            "keep a JSON file in the manifest's metadata under NAME (repeatable),",
            "e.g. data=CORPUS/summary.json test_metrics=report.json"})
    java.util.Map<String, Path> attachments = new java.util.LinkedHashMap<>();

    @Option(names = "--half-precision", description = "keep the network's weights in half precision (half the bytes)")
    boolean halfPrecision;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the bundle to create (must not exist)")
    Path out;

    @Override
    public Integer call() throws Exception {
        RecognizerSettings d = RecognizerSettings.defaults();
        RecognizerSettings settings = new RecognizerSettings(models.beam(), models.alpha(), models.beta(), models.rescoring(), 1,
                true, d.maxChunkSeconds(), models.bandLimits(), models.bandwidth(), models.warps(), models.blankPenalty(),
                models.labelPriors());
        ModelBundle.assemble(model, models.lm, models.rnnlm, settings, attachments, halfPrecision, out);
        var r = settings.rescoring();
        String second = !r.active() ? "" : " over the " + r.listSize() + " best" + (r.reweighs()
                ? ", rescoring alpha " + r.ngram() + " and beta " + r.wordBonus() : "")
                + (r.unknownWord() != 0 ? ", unknown-word penalty " + r.unknownWord() : "");
        spec.commandLine().getOut().printf("%s: model%s%s%s, alpha %s, beta %s, blank penalty %s, prior scale %s, rnn weight %s%s,"
                + " beam %d, band limits %s, bandwidth %s, warps %s%n", out, models.lm == null ? "" : " + n-gram", models.rnnlm == null ? "" : " + RNN LM",
                halfPrecision ? " (half precision)" : "",
                models.alpha(), models.beta(), models.blankPenalty(), settings.labelPriors().scale(), models.rnnWeight(), second, models.beam(),
                models.bandLimits().isEmpty() ? "none" : models.bandLimits() + " Hz",
                Double.isInfinite(models.bandwidth()) ? "full" : models.bandwidth() + " Hz",
                models.warps().isEmpty() ? "none" : models.warps());
        return 0;
    }
}
