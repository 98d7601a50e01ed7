package dev.auris.acoustic;

/**
 * What is done to training features on the fly, drawn afresh for every utterance in every epoch.
 *
 * @param masks SpecAugment-style time and frequency masks (Park et al. 2019)
 * @param warp vocal tract length perturbation: the warp factor is drawn uniformly from
 *             [1 - warp, 1 + warp] (Jaitly and Hinton 2013); 0 for none
 * @param bandLimit share of utterances whose bands above a random cut-off (40-90% of Nyquist) are
 *                  flattened to their quietest frame, as if the voice had been recorded at a lower rate
 * @param equalise share of utterances whose bands are given a random smooth gain curve (a tilt and two
 *                 bumps, each within 5 dB), as if heard through another microphone or channel: the flite
 *                 voices, the only recorded speakers in training, are otherwise always heard the same way
 */
public record FeatureAugmentation(boolean masks, double warp, double bandLimit, double equalise) {

    public static final FeatureAugmentation NONE = new FeatureAugmentation(false, 0, 0, 0);

    public FeatureAugmentation {
        if (!(warp >= 0 && warp <= 0.3)) {
            throw new IllegalArgumentException("warp must be in [0, 0.3], got " + warp);
        }
        if (!(bandLimit >= 0 && bandLimit <= 1)) {
            throw new IllegalArgumentException("band-limit share must be in [0, 1], got " + bandLimit);
        }
        if (!(equalise >= 0 && equalise <= 1)) {
            throw new IllegalArgumentException("equalise share must be in [0, 1], got " + equalise);
        }
    }

    /** True when the augmentation reshapes the spectrum, which only log-mel features allow. */
    boolean spectral() {
        return warp > 0 || bandLimit > 0 || equalise > 0;
    }
}
