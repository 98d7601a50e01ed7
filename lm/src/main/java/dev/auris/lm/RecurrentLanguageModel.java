package dev.auris.lm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A recurrent LM that rescores N-best lists: the character model ({@link RnnLanguageModel}) or the word
 * model ({@link WordRnnLanguageModel}). Either sits in a bundle's recurrent-LM slot, told apart by its file.
 */
public sealed interface RecurrentLanguageModel permits RnnLanguageModel, WordRnnLanguageModel {

    /** Natural-log probability of each normalised sentence, its end included; thread-safe. */
    double[] sentenceLogProbs(List<String> sentences);

    /** Words of the sentence the model cannot spell out (a word model's {@code <unk>}s); 0 for characters. */
    default int unknownWords(String sentence) {
        return 0;
    }

    void save(Path file) throws IOException;

    /** The name a bundle keeps this kind of model under. */
    String bundleFileName();

    /** Reads either kind, told apart by the file's first bytes. */
    static RecurrentLanguageModel load(Path file) throws IOException {
        if (Files.isRegularFile(file) && WordRnnLanguageModel.isWordModel(file)) {
            return WordRnnLanguageModel.load(file);
        }
        return RnnLanguageModel.load(file);
    }
}
