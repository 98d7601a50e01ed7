package dev.auris.decoder;

/**
 * Beam search settings. Scores are score = ln P_ctc + alpha ln P_lm + beta * words (Hannun et al.
 * 2014, "First-pass large vocabulary continuous speech recognition using bi-directional recurrent DNNs").
 *
 * @param beamWidth prefixes kept after each frame
 * @param candidatesPerFrame labels tried per frame: the likeliest ones (blank always)
 * @param candidateLogProbFloor labels less likely than this (natural log) are not tried
 * @param alpha language-model weight
 * @param beta word insertion bonus
 * @param unknownWordOffset added (log10) to the LM score of a word outside its vocabulary, and of a
 *        partial word no vocabulary word starts with; without it beams merge words into one unknown one
 * @param beamPruneLogProb prefixes scoring this much (natural log, <= 0) below the frame's best are
 *        dropped even when the beam has room (pyctcdecode's beam_prune_logp): where the network is
 *        sure, a wide beam then costs little
 * @param lmLookahead rank a prefix whose last word is unfinished as if that word were its likeliest
 *        vocabulary completion by unigram probability (flashlight's "smearing"); its true n-gram score
 *        replaces the estimate once the word ends. Without it a word in progress pays no LM cost while
 *        a finished one does, and narrow beams drop prefixes the LM would have kept
 * @param blankPenalty subtracted (natural log, >= 0) from the blank's log-probability in every frame,
 *        as icefall's {@code --blank-penalty}: against the deletions of a network unsure of a voice, whose
 *        characters then lose to blank while the LM charges every word it keeps
 * @param labelPriors divide the posteriors by the labels' priors before the search (MAP decoding;
 *        {@link LabelPriors#NONE} for plain posteriors)
 */
public record DecoderConfig(int beamWidth, int candidatesPerFrame, double candidateLogProbFloor, double alpha, double beta,
                            double unknownWordOffset, double beamPruneLogProb, boolean lmLookahead, double blankPenalty,
                            LabelPriors labelPriors) {

    public DecoderConfig {
        if (beamWidth < 1 || beamWidth > 4096) {
            throw new IllegalArgumentException("beam width must be 1..4096, got " + beamWidth);
        }
        if (candidatesPerFrame < 1) {
            throw new IllegalArgumentException("candidates per frame must be >= 1, got " + candidatesPerFrame);
        }
        if (!(candidateLogProbFloor <= 0) || !Double.isFinite(alpha) || !Double.isFinite(beta) || alpha < 0) {
            throw new IllegalArgumentException("need a log-probability floor <= 0, alpha >= 0 and a finite beta");
        }
        if (!(unknownWordOffset <= 0)) {
            throw new IllegalArgumentException("unknown-word offset must be <= 0, got " + unknownWordOffset);
        }
        if (!(beamPruneLogProb <= 0)) {
            throw new IllegalArgumentException("beam prune log-probability must be <= 0, got " + beamPruneLogProb);
        }
        if (!(blankPenalty >= 0) || Double.isInfinite(blankPenalty)) {
            throw new IllegalArgumentException("blank penalty must be finite and >= 0, got " + blankPenalty);
        }
        if (labelPriors == null) {
            throw new IllegalArgumentException("label priors must be given (LabelPriors.NONE for none)");
        }
    }

    /**
     * Beam 32, 12 candidates per frame above e^-8 (after the label priors: the whole dev set with the shipped
     * models at beam 2048 gave WER 17.80% at a floor of e^-12, 17.80% at e^-10, 17.78% at e^-8, 17.70% at e^-7,
     * 17.78% at e^-6, and e^-8 took about 0.82 of e^-12's time), alpha 0.5, beta 1.0, unknown words -10 (pyctcdecode's),
     * prefixes pruned 20 below the best: pyctcdecode's -10 cost the default model 0.8 points of dev WER at
     * beam 128, -20 costs 0.05 and a third of the search time. LM look-ahead on: at beam 128 it lowers
     * the default model's dev WER from 28.4% to 26.3% (beam 1024 without it: 26.5%).
     */
    public static DecoderConfig defaults() {
        return new DecoderConfig(32, 12, -8.0, 0.5, 1.0, -10.0, -20.0, true, 0.0, LabelPriors.NONE);
    }

    /** Settings for tests and brute-force comparisons. */
    public static DecoderConfig of(int beamWidth, int candidates, double floor, double alpha, double beta) {
        return new DecoderConfig(beamWidth, candidates, floor, alpha, beta, -10.0, Double.NEGATIVE_INFINITY, true, 0.0, LabelPriors.NONE);
    }

    public DecoderConfig withBeamPrune(double logProb) {
        return new DecoderConfig(beamWidth, candidatesPerFrame, candidateLogProbFloor, alpha, beta, unknownWordOffset, logProb,
                lmLookahead, blankPenalty, labelPriors);
    }

    public DecoderConfig withUnknownWordOffset(double log10) {
        return new DecoderConfig(beamWidth, candidatesPerFrame, candidateLogProbFloor, alpha, beta, log10, beamPruneLogProb,
                lmLookahead, blankPenalty, labelPriors);
    }

    public DecoderConfig withCandidates(int perFrame) {
        return new DecoderConfig(beamWidth, perFrame, candidateLogProbFloor, alpha, beta, unknownWordOffset, beamPruneLogProb,
                lmLookahead, blankPenalty, labelPriors);
    }

    public DecoderConfig withLmLookahead(boolean on) {
        return new DecoderConfig(beamWidth, candidatesPerFrame, candidateLogProbFloor, alpha, beta, unknownWordOffset,
                beamPruneLogProb, on, blankPenalty, labelPriors);
    }

    public DecoderConfig withBeamWidth(int n) {
        return new DecoderConfig(n, candidatesPerFrame, candidateLogProbFloor, alpha, beta, unknownWordOffset, beamPruneLogProb,
                lmLookahead, blankPenalty, labelPriors);
    }

    public DecoderConfig withWeights(double newAlpha, double newBeta) {
        return new DecoderConfig(beamWidth, candidatesPerFrame, candidateLogProbFloor, newAlpha, newBeta, unknownWordOffset,
                beamPruneLogProb, lmLookahead, blankPenalty, labelPriors);
    }

    public DecoderConfig withBlankPenalty(double lnPenalty) {
        return new DecoderConfig(beamWidth, candidatesPerFrame, candidateLogProbFloor, alpha, beta, unknownWordOffset,
                beamPruneLogProb, lmLookahead, lnPenalty, labelPriors);
    }

    public DecoderConfig withLabelPriors(LabelPriors priors) {
        return new DecoderConfig(beamWidth, candidatesPerFrame, candidateLogProbFloor, alpha, beta, unknownWordOffset,
                beamPruneLogProb, lmLookahead, blankPenalty, priors);
    }
}
