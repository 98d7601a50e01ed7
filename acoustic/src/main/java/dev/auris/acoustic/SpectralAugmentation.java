package dev.auris.acoustic;

import dev.auris.frontend.features.Features;
import dev.auris.frontend.features.FrontendConfig;
import java.util.Random;

/**
 * Speaker and channel variation made on log-mel training features, so a few dozen synthetic voices
 * stand in for many: vocal tract length perturbation, band limiting and equalisation. Each acts on
 * mel bands, so they need plain log-mel features (no cepstra, no deltas). The first two also serve
 * inference ({@link AcousticModel#withBandLimits}, {@link AcousticModel#withWarps}).
 */
final class SpectralAugmentation {

    private final FrontendConfig frontend;
    private final double[] centreHz;
    private final double nyquist;

    SpectralAugmentation(FrontendConfig frontend) {
        if (frontend.cepstra() != 0 || frontend.deltaOrder() != 0) {
            throw new IllegalArgumentException("warp, band-limit and equalise augmentation need log-mel features"
                    + " (no cepstra, no deltas)");
        }
        if (frontend.melBands() < 2) {
            throw new IllegalArgumentException("warp, band-limit and equalise augmentation need at least two mel bands");
        }
        this.frontend = frontend;
        centreHz = frontend.melCentresHz();
        nyquist = frontend.sampleRate() / 2.0;
    }

    /** Applies the configured augmentation with draws from {@code r}; returns {@code f} itself when nothing is drawn. */
    Features apply(Features f, FeatureAugmentation a, Random r) {
        Features out = f;
        if (a.warp() > 0) {
            out = warp(out, 1 + a.warp() * (2 * r.nextDouble() - 1));
        }
        if (a.bandLimit() > 0 && r.nextDouble() < a.bandLimit()) {
            out = bandLimit(out, nyquist * (0.4 + 0.5 * r.nextDouble()));
        }
        if (a.equalise() > 0 && r.nextDouble() < a.equalise()) {
            out = equalise(out, gainCurve(out.dimension(), r));
        }
        return out;
    }

    /** Largest gain of each part of {@link #gainCurve}, in log-mel units (natural log of power): 5 dB. */
    static final double MAX_PART_GAIN = Math.log(10) * 0.5;

    /**
     * A random smooth gain per band: a tilt across the bands plus two Gaussian bumps at random bands
     * and widths, each part within {@link #MAX_PART_GAIN}. Zero on average over draws.
     */
    static float[] gainCurve(int bands, Random r) {
        double tilt = MAX_PART_GAIN * (2 * r.nextDouble() - 1);
        double[] height = new double[2];
        double[] centre = new double[2];
        double[] width = new double[2];
        for (int j = 0; j < 2; j++) {
            height[j] = MAX_PART_GAIN * (2 * r.nextDouble() - 1);
            centre[j] = r.nextDouble() * (bands - 1);
            width[j] = 1.5 + 4.5 * r.nextDouble();
        }
        float[] g = new float[bands];
        for (int k = 0; k < bands; k++) {
            double v = tilt * (2.0 * k / (bands - 1) - 1);
            for (int j = 0; j < 2; j++) {
                double z = (k - centre[j]) / width[j];
                v += height[j] * Math.exp(-0.5 * z * z);
            }
            g[k] = (float) v;
        }
        return g;
    }

    /** Each band's log energy raised by its gain in every frame: a linear filter's effect on a log power spectrum. */
    Features equalise(Features f, float[] gain) {
        int dim = f.dimension();
        if (gain.length != dim) {
            throw new IllegalArgumentException(gain.length + " gains for " + dim + " bands");
        }
        float[] out = f.data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += gain[i % dim];
        }
        return new Features(f.frames(), dim, out);
    }

    /**
     * The features of the same speech from a vocal tract scaled by {@code alpha}: band k takes the
     * input spectrum at w^-1(centre_k), linearly interpolated between bands on the mel scale.
     */
    Features warp(Features f, double alpha) {
        int dim = f.dimension();
        int[] lo = new int[dim];
        float[] frac = new float[dim];
        for (int k = 0; k < dim; k++) {
            double p = frontend.melBandPosition(inverseWarpHz(centreHz[k], alpha, nyquist));
            p = Math.max(0, Math.min(dim - 1, p));
            lo[k] = Math.max(0, Math.min(dim - 2, (int) Math.floor(p)));
            frac[k] = (float) (p - lo[k]);
        }
        float[] in = f.data();
        float[] out = new float[in.length];
        for (int t = 0, base = 0; t < f.frames(); t++, base += dim) {
            for (int k = 0; k < dim; k++) {
                float a = in[base + lo[k]];
                out[base + k] = a + frac[k] * (in[base + lo[k] + 1] - a);
            }
        }
        return new Features(f.frames(), dim, out);
    }

    /** Every band peaking above {@code cutoffHz} set to its value in the utterance's quietest frame for that band. */
    Features bandLimit(Features f, double cutoffHz) {
        int dim = f.dimension();
        float[] out = f.data().clone();
        for (int k = 0; k < dim; k++) {
            if (centreHz[k] <= cutoffHz) {
                continue;
            }
            float floor = Float.POSITIVE_INFINITY;
            for (int t = 0; t < f.frames(); t++) {
                floor = Math.min(floor, out[t * dim + k]);
            }
            for (int t = 0; t < f.frames(); t++) {
                out[t * dim + k] = floor;
            }
        }
        return new Features(f.frames(), dim, out);
    }

    /**
     * Jaitly and Hinton (2013), eq. 1: f -> alpha f up to a boundary, then the straight line that
     * keeps the Nyquist frequency fixed. The boundary sits at 60% of Nyquist (their 4.8 kHz at 16 kHz).
     */
    static double warpHz(double f, double alpha, double nyquist) {
        double hi = 0.6 * nyquist * Math.min(alpha, 1);
        double boundary = hi / alpha;
        return f <= boundary ? f * alpha : nyquist - (nyquist - hi) / (nyquist - boundary) * (nyquist - f);
    }

    /** The inverse of {@link #warpHz}: both pieces are straight lines, so each inverts in closed form. */
    static double inverseWarpHz(double g, double alpha, double nyquist) {
        double hi = 0.6 * nyquist * Math.min(alpha, 1);
        double boundary = hi / alpha;
        return g <= hi ? g / alpha : nyquist - (nyquist - g) * (nyquist - boundary) / (nyquist - hi);
    }
}
