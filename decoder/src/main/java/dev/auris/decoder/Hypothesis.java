package dev.auris.decoder;

import java.util.List;

/**
 * One entry of the N-best list; scores are natural logs.
 *
 * @param text the transcript
 * @param words its words with times and confidences
 * @param acousticScore ln P_ctc(text | audio), summed over the alignments the beam kept (with label priors,
 *        of the scaled likelihoods P(frame label | audio) / P(label)^scale, and so possibly above 0)
 * @param lmScore ln P_lm(text) (0 without a language model), before weighting
 * @param score what ranks hypotheses: acoustic + alpha lm + beta words (+ any rescoring)
 */
public record Hypothesis(String text, List<Word> words, double acousticScore, double lmScore, double score) {

    public Hypothesis {
        words = List.copyOf(words);
    }

    /** The same hypothesis with another ranking score (for rescoring). */
    public Hypothesis withScore(double newScore) {
        return new Hypothesis(text, words, acousticScore, lmScore, newScore);
    }
}
