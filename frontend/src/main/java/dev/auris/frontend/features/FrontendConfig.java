package dev.auris.frontend.features;

/**
 * Every setting of the feature front end, validated on construction. Models record the config
 * they were trained with, so a recognizer computes exactly the same features.
 *
 * @param sampleRate rate the features are computed at; audio is resampled to it
 * @param windowMs analysis window length (Hamming)
 * @param hopMs frame shift
 * @param preEmphasis first-order high-pass coefficient a in y[n] = x[n] - a x[n-1]; 0 disables
 * @param melBands triangular mel filters
 * @param lowHz lower edge of the first mel filter
 * @param highHz upper edge of the last mel filter; 0 means the Nyquist frequency
 * @param cepstra 0 for log-mel output, else the number of DCT-II coefficients kept (MFCC)
 * @param deltaOrder 0 none, 1 deltas, 2 deltas and delta-deltas appended
 * @param normalization per-utterance mean/variance normalisation or none
 */
public record FrontendConfig(int sampleRate, double windowMs, double hopMs, double preEmphasis, int melBands,
                             double lowHz, double highHz, int cepstra, int deltaOrder,
                             Normalization normalization) {

    /** How feature dimensions are normalised. */
    public enum Normalization {
        /** Raw log-mel / MFCC values. */
        NONE,
        /** Zero mean, unit variance per dimension over the whole utterance (batch only). */
        UTTERANCE
    }

    /** Floor under every filterbank energy before the log, so silence gives log(LOG_FLOOR). */
    public static final double LOG_FLOOR = 1e-10;

    public FrontendConfig {
        if (sampleRate < 8000 || sampleRate > 96000) {
            throw new IllegalArgumentException("sampleRate must be 8000..96000, got " + sampleRate);
        }
        if (!(windowMs > 0) || !(hopMs > 0) || hopMs > windowMs) {
            throw new IllegalArgumentException("need 0 < hopMs <= windowMs, got hop " + hopMs + " window " + windowMs);
        }
        if (!(preEmphasis >= 0 && preEmphasis < 1)) {
            throw new IllegalArgumentException("preEmphasis must be in [0, 1), got " + preEmphasis);
        }
        if (melBands < 1 || melBands > 256) {
            throw new IllegalArgumentException("melBands must be 1..256, got " + melBands);
        }
        double nyquist = sampleRate / 2.0;
        if (highHz == 0) {
            highHz = nyquist;
        }
        if (!(lowHz >= 0 && lowHz < highHz && highHz <= nyquist)) {
            throw new IllegalArgumentException("need 0 <= lowHz < highHz <= " + nyquist + ", got " + lowHz + ".." + highHz);
        }
        if (cepstra < 0 || cepstra > melBands) {
            throw new IllegalArgumentException("cepstra must be 0..melBands (" + melBands + "), got " + cepstra);
        }
        if (deltaOrder < 0 || deltaOrder > 2) {
            throw new IllegalArgumentException("deltaOrder must be 0, 1 or 2, got " + deltaOrder);
        }
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must not be null");
        }
        if (windowSamplesOf(sampleRate, windowMs) < 2) {
            throw new IllegalArgumentException("window of " + windowMs + " ms is shorter than two samples");
        }
    }

    /** 16 kHz, 25 ms Hamming windows every 10 ms, pre-emphasis 0.97, 40 log-mel bands, per-utterance CMVN. */
    public static FrontendConfig defaults() {
        return new FrontendConfig(16000, 25, 10, 0.97, 40, 20, 0, 0, 0, Normalization.UTTERANCE);
    }

    /** 13 MFCC from 26 mel bands, as the classic recognizers use. */
    public static FrontendConfig mfcc() {
        return new FrontendConfig(16000, 25, 10, 0.97, 26, 20, 0, 13, 0, Normalization.UTTERANCE);
    }

    public FrontendConfig withCepstra(int n) {
        return new FrontendConfig(sampleRate, windowMs, hopMs, preEmphasis, melBands, lowHz, highHz, n, deltaOrder, normalization);
    }

    public FrontendConfig withDeltaOrder(int n) {
        return new FrontendConfig(sampleRate, windowMs, hopMs, preEmphasis, melBands, lowHz, highHz, cepstra, n, normalization);
    }

    public FrontendConfig withMelBands(int n) {
        return new FrontendConfig(sampleRate, windowMs, hopMs, preEmphasis, n, lowHz, highHz, cepstra, deltaOrder, normalization);
    }

    public FrontendConfig withNormalization(Normalization n) {
        return new FrontendConfig(sampleRate, windowMs, hopMs, preEmphasis, melBands, lowHz, highHz, cepstra, deltaOrder, n);
    }

    public int windowSamples() {
        return windowSamplesOf(sampleRate, windowMs);
    }

    public int hopSamples() {
        return (int) Math.round(sampleRate * hopMs / 1000.0);
    }

    /** Smallest power of two holding a window. */
    public int fftSize() {
        return Integer.highestOneBit(windowSamples() - 1) << 1;
    }

    /** Values per frame: (cepstra or mel bands) times (1 + deltaOrder). */
    public int featureDimension() {
        return (cepstra > 0 ? cepstra : melBands) * (1 + deltaOrder);
    }

    /** Where each mel filter peaks, in Hz (HTK mel scale, equally spaced in mel between lowHz and highHz). */
    public double[] melCentresHz() {
        double[] edges = LogMelFilterbank.edgesMel(melBands, lowHz, highHz);
        double[] centres = new double[melBands];
        for (int m = 0; m < melBands; m++) {
            centres[m] = LogMelFilterbank.melToHz(edges[m + 1]);
        }
        return centres;
    }

    /** Where {@code hz} falls among the mel filters as a fractional index: 0 at the first filter's peak, 1 at the second's. */
    public double melBandPosition(double hz) {
        double[] edges = LogMelFilterbank.edgesMel(melBands, lowHz, highHz);
        return (LogMelFilterbank.hzToMel(hz) - edges[1]) / (edges[2] - edges[1]);
    }

    /** Frames for n samples: floor((n - window) / hop) + 1, or 0 when n is shorter than one window. */
    public int frameCount(long samples) {
        return samples < windowSamples() ? 0 : (int) ((samples - windowSamples()) / hopSamples()) + 1;
    }

    private static int windowSamplesOf(int rate, double ms) {
        return (int) Math.round(rate * ms / 1000.0);
    }
}
