package dev.auris.recognizer;

import dev.auris.decoder.LabelPriors;
import dev.auris.decoder.NBestRescorer;
import java.util.List;

/**
 * How a recognizer decodes; a bundle carries the values it was tuned with.
 *
 * @param beamWidth beam search width
 * @param alpha n-gram LM weight
 * @param beta word bonus
 * @param rescoring the second pass over the N-best list: the recurrent LM's weight, the list's length, and
 *                  the n-gram weight, word bonus and unknown-word penalty it re-ranks with
 * @param nBest alternatives to return
 * @param useLanguageModels false decodes with the acoustic model alone
 * @param maxChunkSeconds long audio is cut at silences into chunks of at most this length
 * @param bandLimitsHz the network also hears each chunk cut to these bandwidths and the most confident
 *                     output is decoded ({@code AcousticModel.withBandLimits}); empty for full band only
 * @param bandwidthHz the network hears every chunk cut to this bandwidth, before any band limit
 *                    ({@code AcousticModel.withBandwidth}); infinite for the full band
 * @param warps the network also hears each chunk as if from a vocal tract scaled by these factors and the
 *              most confident output is decoded ({@code AcousticModel.withWarps}, 0.7 to 1.4); empty for none
 * @param blankPenalty taken (natural log) from blank's log-probability in every frame when the n-gram LM
 *                     decodes ({@code DecoderConfig.blankPenalty}); tuned with alpha and beta
 * @param labelPriors posteriors are divided by these label priors when the n-gram LM decodes (MAP decoding,
 *                    {@link LabelPriors}); tuned with alpha and beta; {@link LabelPriors#NONE} for none
 */
public record RecognizerSettings(int beamWidth, double alpha, double beta, NBestRescorer.Weights rescoring, int nBest,
                                 boolean useLanguageModels, double maxChunkSeconds, List<Double> bandLimitsHz,
                                 double bandwidthHz, List<Double> warps, double blankPenalty, LabelPriors labelPriors) {

    public RecognizerSettings {
        if (beamWidth < 1 || nBest < 1 || nBest > beamWidth || !(maxChunkSeconds >= 2)) {
            throw new IllegalArgumentException("need beam >= 1, 1 <= nBest <= beam and chunks of at least 2 s");
        }
        bandLimitsHz = List.copyOf(bandLimitsHz);
        if (bandLimitsHz.stream().anyMatch(hz -> !(hz > 0))) {
            throw new IllegalArgumentException("band limits must be positive frequencies, got " + bandLimitsHz);
        }
        if (!(bandwidthHz > 0)) {
            throw new IllegalArgumentException("bandwidth must be a positive frequency (infinite: full band), got "
                    + bandwidthHz);
        }
        warps = List.copyOf(dev.auris.acoustic.AcousticModel.checkWarps(warps));
        if (!(blankPenalty >= 0) || Double.isInfinite(blankPenalty)) {
            throw new IllegalArgumentException("blank penalty must be finite and >= 0, got " + blankPenalty);
        }
        if (rescoring == null) {
            throw new IllegalArgumentException("rescoring weights must be given (NBestRescorer.Weights.of(0) for none)");
        }
        if (labelPriors == null) {
            throw new IllegalArgumentException("label priors must be given (LabelPriors.NONE for none)");
        }
    }

    public static RecognizerSettings defaults() {
        return new RecognizerSettings(32, 0.5, 1.0, NBestRescorer.Weights.of(0.3), 1, true, 20, List.of(), Double.POSITIVE_INFINITY, List.of(), 0.0,
                LabelPriors.NONE);
    }

    /**
     * {@code model} hearing as these settings say: their band limits, bandwidth and warps.
     *
     * @throws IllegalArgumentException for a band limit above the model's Nyquist frequency, or band limits
     *                                  or warps on features they cannot be applied to (cepstra, deltas)
     */
    public dev.auris.acoustic.AcousticModel hearing(dev.auris.acoustic.AcousticModel model) {
        return model.withBandLimits(bandLimitsHz).withBandwidth(bandwidthHz).withWarps(warps);
    }

    /** The recurrent LM's weight in the second pass (0: none). */
    public double rescoringWeight() {
        return rescoring.recurrent();
    }

    public RecognizerSettings withRescoring(NBestRescorer.Weights weights) {
        return new RecognizerSettings(beamWidth, alpha, beta, weights, nBest, useLanguageModels, maxChunkSeconds,
                bandLimitsHz, bandwidthHz, warps, blankPenalty, labelPriors);
    }

    public RecognizerSettings withNBest(int n) {
        return new RecognizerSettings(Math.max(beamWidth, n), alpha, beta, rescoring, n, useLanguageModels, maxChunkSeconds,
                bandLimitsHz, bandwidthHz, warps, blankPenalty, labelPriors);
    }

    public RecognizerSettings withoutLanguageModels() {
        return new RecognizerSettings(beamWidth, alpha, beta, rescoring, nBest, false, maxChunkSeconds, bandLimitsHz, bandwidthHz, warps, blankPenalty, labelPriors);
    }

    public RecognizerSettings withWeights(double newAlpha, double newBeta, double newRescoring) {
        return new RecognizerSettings(beamWidth, newAlpha, newBeta, rescoring.withRecurrent(newRescoring), nBest, useLanguageModels, maxChunkSeconds,
                bandLimitsHz, bandwidthHz, warps, blankPenalty, labelPriors);
    }

    public RecognizerSettings withBandLimits(List<Double> hz) {
        return new RecognizerSettings(beamWidth, alpha, beta, rescoring, nBest, useLanguageModels, maxChunkSeconds, hz, bandwidthHz, warps, blankPenalty, labelPriors);
    }

    public RecognizerSettings withBandwidth(double hz) {
        return new RecognizerSettings(beamWidth, alpha, beta, rescoring, nBest, useLanguageModels, maxChunkSeconds,
                bandLimitsHz, hz, warps, blankPenalty, labelPriors);
    }

    public RecognizerSettings withWarps(List<Double> factors) {
        return new RecognizerSettings(beamWidth, alpha, beta, rescoring, nBest, useLanguageModels, maxChunkSeconds,
                bandLimitsHz, bandwidthHz, factors, blankPenalty, labelPriors);
    }

    public RecognizerSettings withBlankPenalty(double lnPenalty) {
        return new RecognizerSettings(beamWidth, alpha, beta, rescoring, nBest, useLanguageModels, maxChunkSeconds,
                bandLimitsHz, bandwidthHz, warps, lnPenalty, labelPriors);
    }

    public RecognizerSettings withLabelPriors(LabelPriors priors) {
        return new RecognizerSettings(beamWidth, alpha, beta, rescoring, nBest, useLanguageModels, maxChunkSeconds,
                bandLimitsHz, bandwidthHz, warps, blankPenalty, priors);
    }
}
