package dev.auris.acoustic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.frontend.features.FeatureExtractor;
import dev.auris.frontend.features.Features;
import dev.auris.frontend.features.FrontendConfig;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralAugmentationTest {

    private static final FrontendConfig LOG_MEL = FrontendConfig.defaults().withNormalization(FrontendConfig.Normalization.NONE);
    private static final double NYQUIST = 8000;

    /** Jaitly and Hinton (2013) eq. 1, typed from the paper with F_hi = 4800 Hz at 16 kHz. */
    private static double paperWarp(double f, double alpha) {
        double fHi = 4800;
        if (f <= fHi * Math.min(alpha, 1) / alpha) {
            return f * alpha;
        }
        return NYQUIST - (NYQUIST - fHi * Math.min(alpha, 1)) / (NYQUIST - fHi * Math.min(alpha, 1) / alpha) * (NYQUIST - f);
    }

    /** The frequency the paper's warp sends to g, found by bisection (the warp is increasing). */
    private static double paperInverse(double g, double alpha) {
        double lo = 0;
        double hi = NYQUIST;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (paperWarp(mid, alpha) < g) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    /** Peak of mel filter k for 40 bands over 20..8000 Hz, from the HTK mel formula. */
    private static double centre(int k) {
        double step = (mel(NYQUIST) - mel(20)) / 41;
        return 700 * (Math.pow(10, (mel(20) + (k + 1) * step) / 2595) - 1);
    }

    @Test
    void warpIsThePaperWarpAndItsInverse() {
        for (double alpha : new double[] {0.85, 0.9, 1.0, 1.07, 1.15}) {
            for (double f = 0; f <= NYQUIST; f += 37.5) {
                double g = SpectralAugmentation.warpHz(f, alpha, NYQUIST);
                assertEquals(paperWarp(f, alpha), g, 1e-9, "warp of " + f + " Hz at " + alpha);
                assertEquals(f, SpectralAugmentation.inverseWarpHz(g, alpha, NYQUIST), 1e-6, "round trip at " + alpha);
            }
        }
    }

    @Test
    void bandCentresFollowTheMelScale() {
        double[] c = LOG_MEL.melCentresHz();
        assertEquals(40, c.length);
        for (int k = 0; k < 40; k++) {
            assertEquals(centre(k), c[k], 1e-6);
            assertEquals(k, LOG_MEL.melBandPosition(centre(k)), 1e-9);
        }
    }

    /** A feature equal to each band's index is linear in the band position, so interpolation is exact there. */
    @Test
    void warpMovesEachBandToThePositionTheInverseWarpGives() {
        SpectralAugmentation aug = new SpectralAugmentation(LOG_MEL);
        int frames = 3;
        float[] ramp = new float[frames * 40];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i % 40;
        }
        Features f = new Features(frames, 40, ramp);
        assertArrayEquals(ramp, aug.warp(f, 1.0).data(), 1e-5f);
        double step = (mel(NYQUIST) - mel(20)) / 41;
        for (double alpha : new double[] {0.88, 1.12}) {
            Features w = aug.warp(f, alpha);
            for (int k = 0; k < 40; k++) {
                double source = (mel(paperInverse(centre(k), alpha)) - mel(20)) / step - 1;
                double expected = Math.max(0, Math.min(39, source));
                for (int t = 0; t < frames; t++) {
                    assertEquals(expected, w.get(t, k), 1e-4, "band " + k + " at alpha " + alpha);
                }
            }
        }
    }

    /** The spectral peak of a 1 kHz tone warped by 1.1 lands in the band of a 1.1 kHz tone. */
    @Test
    void warpedToneLooksLikeAToneAtTheWarpedFrequency() {
        FeatureExtractor fx = new FeatureExtractor(LOG_MEL);
        SpectralAugmentation aug = new SpectralAugmentation(LOG_MEL);
        for (double[] pair : new double[][] {{1000, 1.1}, {2000, 0.9}, {600, 1.15}}) {
            Features tone = fx.extract(sine(pair[0]));
            Features shifted = fx.extract(sine(pair[0] * pair[1]));
            assertEquals(peakBand(shifted), peakBand(aug.warp(tone, pair[1])), "tone " + pair[0] + " warped by " + pair[1]);
            assertTrue(peakBand(shifted) != peakBand(tone), "the warp must move the peak for the test to mean anything");
        }
    }

    @Test
    void bandLimitFlattensBandsAboveTheCutoffToTheirQuietestFrame() {
        SpectralAugmentation aug = new SpectralAugmentation(LOG_MEL);
        Random r = new Random(5);
        int frames = 50;
        float[] d = new float[frames * 40];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        Features f = new Features(frames, 40, d);
        Features cut = aug.bandLimit(f, 4000);
        for (int k = 0; k < 40; k++) {
            float min = Float.POSITIVE_INFINITY;
            for (int t = 0; t < frames; t++) {
                min = Math.min(min, f.get(t, k));
            }
            for (int t = 0; t < frames; t++) {
                assertEquals(centre(k) > 4000 ? min : f.get(t, k), cut.get(t, k), 0f, "band " + k);
            }
        }
    }

    @Test
    void refusesFeaturesItCannotWarp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SpectralAugmentation(FrontendConfig.mfcc()));
        assertTrue(e.getMessage().contains("log-mel"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FeatureAugmentation(false, 0.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureAugmentation(false, 0, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureAugmentation(false, 0, 0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new FeatureAugmentation(false, 0, 0, 1.5));
    }

    /**
     * A flat gain is a louder recording: white noise 5 dB louder has log-mel features MAX_PART_GAIN higher in every
     * band, which is what equalising the quieter one by that gain gives.
     */
    @Test
    void aFlatGainEqualsTheSameAudioLouder() {
        Random r = new Random(3);
        float[] quiet = new float[16000];
        float[] loud = new float[quiet.length];
        double scale = Math.pow(10, 5 / 20.0);
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = (float) (0.05 * r.nextGaussian());
            loud[i] = (float) (quiet[i] * scale);
        }
        FeatureExtractor fx = new FeatureExtractor(LOG_MEL);
        Features q = fx.extract(new dev.auris.frontend.audio.Audio(quiet, 16000));
        Features l = fx.extract(new dev.auris.frontend.audio.Audio(loud, 16000));
        float[] flat = new float[40];
        java.util.Arrays.fill(flat, (float) SpectralAugmentation.MAX_PART_GAIN);
        Features e = new SpectralAugmentation(LOG_MEL).equalise(q, flat);
        for (int i = 0; i < e.data().length; i++) {
            assertEquals(l.data()[i], e.data()[i], 2e-3f, "value " + i);
        }
    }

    @Test
    void equaliseAddsEachBandsGainToEveryFrame() {
        Random r = new Random(9);
        float[] d = new float[7 * 40];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        float[] gain = new float[40];
        for (int k = 0; k < 40; k++) {
            gain[k] = (float) r.nextGaussian();
        }
        Features f = new Features(7, 40, d);
        Features e = new SpectralAugmentation(LOG_MEL).equalise(f, gain);
        for (int t = 0; t < 7; t++) {
            for (int k = 0; k < 40; k++) {
                assertEquals(f.get(t, k) + gain[k], e.get(t, k), 0f);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new SpectralAugmentation(LOG_MEL).equalise(f, new float[39]));
    }

    /** Each of the three parts stays within MAX_PART_GAIN, neighbours differ little, and draws average out. */
    @Test
    void gainCurvesAreBoundedSmoothAndZeroOnAverage() {
        Random r = new Random(11);
        double max = SpectralAugmentation.MAX_PART_GAIN;
        int draws = 4000;
        double[] sum = new double[40];
        double spread = 0;
        for (int n = 0; n < draws; n++) {
            float[] g = SpectralAugmentation.gainCurve(40, r);
            for (int k = 0; k < 40; k++) {
                assertTrue(Math.abs(g[k]) <= 3 * max + 1e-6, "gain " + g[k]);
                // a tilt's step is 2 max / 39; a bump's slope is at most its height / width * e^-1/2 < 0.41 max
                assertTrue(k == 0 || Math.abs(g[k] - g[k - 1]) <= max * (2.0 / 39 + 2 * 0.41), "step at " + k);
                sum[k] += g[k];
                spread += g[k] * g[k];
            }
        }
        for (int k = 0; k < 40; k++) {
            assertEquals(0, sum[k] / draws, 0.08, "mean gain of band " + k);
        }
        assertTrue(Math.sqrt(spread / (draws * 40)) > 0.4 * max, "the curves must vary");
    }

    @Test
    void applyEqualisesTheDrawnShareOnly() {
        SpectralAugmentation aug = new SpectralAugmentation(LOG_MEL);
        Features f = new Features(2, 40, new float[80]);
        assertTrue(f == aug.apply(f, new FeatureAugmentation(false, 0, 0, 0), new Random(1)));
        Features e = aug.apply(f, new FeatureAugmentation(false, 0, 0, 1), new Random(1));
        Random same = new Random(1);
        same.nextDouble(); // the draw of whether to equalise
        float[] curve = SpectralAugmentation.gainCurve(40, same);
        assertArrayEquals(curve, java.util.Arrays.copyOfRange(e.data(), 0, 40), 0f);
        assertArrayEquals(curve, java.util.Arrays.copyOfRange(e.data(), 40, 80), 0f);
    }

    private static float[] sine(double hz) {
        float[] x = new float[16000 / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 16000));
        }
        return x;
    }

    private static int peakBand(Features f) {
        int t = f.frames() / 2;
        int best = 0;
        for (int k = 1; k < f.dimension(); k++) {
            if (f.get(t, k) > f.get(t, best)) {
                best = k;
            }
        }
        return best;
    }
}
