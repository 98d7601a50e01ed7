package dev.auris.cli;

import dev.auris.lm.NgramModel;
import dev.auris.lm.RnnLanguageModel;
import dev.auris.recognizer.RecognizerSettings;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The language models and decoder weights of a decoding: what evaluate decodes with and bundle stores. */
final class LanguageModelOptions {

    @Option(names = "--lm", paramLabel = "LM", description = "word n-gram model fused in the beam (binary or ARPA)")
    Path lm;

    @Option(names = "--rnnlm", paramLabel = "FILE", description = "recurrent LM that rescores the N-best list")
    Path rnnlm;

    @Option(names = "--alpha", description = "n-gram LM weight (default ${DEFAULT-VALUE})")
    double alpha = RecognizerSettings.defaults().alpha();

    @Option(names = "--beta", description = "word bonus (default ${DEFAULT-VALUE})")
    double beta = RecognizerSettings.defaults().beta();

    @Option(names = "--rnn-weight", description = "RNN LM rescoring weight (default ${DEFAULT-VALUE})")
    double rnnWeight = RecognizerSettings.defaults().rescoringWeight();

    @Option(names = "--beam", description = "beam width (default ${DEFAULT-VALUE})")
    int beam = RecognizerSettings.defaults().beamWidth();

    /** The n-gram model, or null without --lm. */
    NgramModel loadNgram() throws IOException {
        return lm == null ? null : NgramModel.load(lm);
    }

    /** The recurrent LM, or null without --rnnlm. */
    RnnLanguageModel loadRnn() throws IOException {
        return rnnlm == null ? null : RnnLanguageModel.load(rnnlm);
    }
}
