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

    @Option(names = "--lm", paramLabel = "LM", description = "word n-gram model")
    Path lm;

    @Option(names = "--rnnlm", paramLabel = "FILE", description = "recurrent LM")
    Path rnnlm;

    @Option(names = "--alpha", description = "n-gram weight (default ${DEFAULT-VALUE})")
    double alpha = RecognizerSettings.defaults().alpha();

    @Option(names = "--beta", description = "word bonus (default ${DEFAULT-VALUE})")
    double beta = RecognizerSettings.defaults().beta();

    @Option(names = "--rnn-weight", description = "RNN LM rescoring weight (default ${DEFAULT-VALUE})")
    double rnnWeight = RecognizerSettings.defaults().rescoringWeight();

    @Option(names = "--beam", description = "beam width (default ${DEFAULT-VALUE})")
    int beam = RecognizerSettings.defaults().beamWidth();

    @Option(names = "--attach", paramLabel = "NAME=FILE.json", description = {
            "keep a JSON file in the manifest's metadata under NAME (repeatable),",
            "e.g. data=CORPUS/summary.json test_metrics=report.json"})
    java.util.Map<String, Path> attachments = new java.util.LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the bundle to create (must not exist)")
    Path out;

    @Override
    public Integer call() throws Exception {
        RecognizerSettings d = RecognizerSettings.defaults();
        RecognizerSettings settings = new RecognizerSettings(beam, alpha, beta, rnnWeight, 1, true, d.maxChunkSeconds());
        ModelBundle.assemble(model, lm, rnnlm, settings, attachments, out);
        spec.commandLine().getOut().printf("%s: model%s%s, alpha %s, beta %s, rnn weight %s, beam %d%n", out,
                lm == null ? "" : " + n-gram", rnnlm == null ? "" : " + RNN LM", alpha, beta, rnnWeight, beam);
        return 0;
    }
}
