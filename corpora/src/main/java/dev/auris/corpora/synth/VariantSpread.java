package dev.auris.corpora.synth;

/**
 * How far the espeak-ng variants that {@code corpus synth --generated-voices} makes up range. Part of a
 * corpus's settings, since it changes every made-up voice.
 */
public enum VariantSpread {
    /** Every draw near a plain voice: the corpora the shipped model was trained on. */
    NARROW,
    /** Also the tails the stock variant files reach: odd or silenced formants, equaliser, stress, long echoes. */
    WIDE
}
