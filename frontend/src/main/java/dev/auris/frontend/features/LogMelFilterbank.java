package dev.auris.frontend.features;

/**
 * Triangular filters equally spaced on the mel scale, mel(f) = 2595 log10(1 + f / 700) (HTK),
 * each rising from its left neighbour's centre to its own and falling to its right neighbour's,
 * followed by log(max(energy, floor)). Weights are stored sparsely: only the bins a filter covers.
 */
final class LogMelFilterbank {

    private final int[] firstBin;
    private final float[][] weights;
    private final float logFloor;

    LogMelFilterbank(int bands, int fftSize, int sampleRate, double lowHz, double highHz, double floor) {
        double[] edges = edgesMel(bands, lowHz, highHz);
        firstBin = new int[bands];
        weights = new float[bands][];
        int bins = fftSize / 2 + 1;
        for (int m = 0; m < bands; m++) {
            double left = edges[m];
            double centre = edges[m + 1];
            double right = edges[m + 2];
            int first = -1;
            int last = -1;
            float[] w = new float[bins];
            for (int k = 0; k < bins; k++) {
                double mel = hzToMel(k * (double) sampleRate / fftSize);
                double v = mel <= left || mel >= right ? 0
                        : mel <= centre ? (mel - left) / (centre - left) : (right - mel) / (right - centre);
                if (v > 0) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                    w[k] = (float) v;
                }
            }
            if (first < 0) {
                throw new IllegalArgumentException("mel filter " + m + " covers no FFT bin: too many bands ("
                        + bands + ") for an FFT of " + fftSize + " points");
            }
            firstBin[m] = first;
            weights[m] = java.util.Arrays.copyOfRange(w, first, last + 1);
        }
        logFloor = (float) floor;
    }

    static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    static double melToHz(double mel) {
        return 700.0 * (Math.pow(10, mel / 2595.0) - 1);
    }

    /** The bands + 2 filter edges, equally spaced on the mel scale; filter m peaks at edge m + 1. */
    static double[] edgesMel(int bands, double lowHz, double highHz) {
        double lowMel = hzToMel(lowHz);
        double highMel = hzToMel(highHz);
        double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = lowMel + (highMel - lowMel) * i / (bands + 1);
        }
        return edges;
    }

    int bands() {
        return weights.length;
    }

    void apply(float[] power, float[] out, int outOffset) {
        for (int m = 0; m < weights.length; m++) {
            float[] w = weights[m];
            int k0 = firstBin[m];
            double energy = 0;
            for (int i = 0; i < w.length; i++) {
                energy += w[i] * power[k0 + i];
            }
            out[outOffset + m] = (float) Math.log(Math.max(energy, logFloor));
        }
    }
}
