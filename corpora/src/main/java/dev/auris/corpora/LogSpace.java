package dev.auris.corpora;

/** Probabilities as natural logs: the sums and normalisations CTC training and decoding share. */
public final class LogSpace {

    private LogSpace() {
    }

    /**
     * ln(e^a + e^b) without overflow; -infinity is the log of zero. Math.log(1 + x) rather than log1p:
     * in Java 17 log1p is a native call, several times the cost of the log and exp intrinsics, and the
     * beam search does little else per candidate; for x = e^-d its rounding costs at most 1.2e-16 in
     * the result, and past d = 40 the smaller term is below the larger one's last bit.
     */
    public static double add(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        double d = Math.min(a, b) - max;
        return d < -40 ? max : max + Math.log(1 + Math.exp(d));
    }

    /** ln(1 + e^d) at d = -k / TABLE_STEPS for k = 0 .. TABLE_SIZE - 1, and one more for interpolation. */
    private static final int TABLE_STEPS = 1024;
    private static final int TABLE_SIZE = 20 * TABLE_STEPS;
    private static final double[] SOFTPLUS = new double[TABLE_SIZE + 2];

    static {
        for (int k = 0; k < SOFTPLUS.length; k++) {
            SOFTPLUS[k] = Math.log1p(Math.exp(-(double) k / TABLE_STEPS));
        }
    }

    /**
     * ln(e^a + e^b) as {@link #add}, with ln(1 + e^d) read off a table by linear interpolation instead
     * of an exp and a log: within 3e-8 of it (the interpolation error is at most h^2/8 times the
     * curvature, 1/4, at step h = 1/1024; past d = -20 the smaller term is dropped, below 2.1e-9). For
     * the beam search, which does a few of these per prefix and label in every frame, and ranks by them.
     */
    public static double addFast(double a, double b) {
        double max = Math.max(a, b);
        double x = (max - Math.min(a, b)) * TABLE_STEPS;
        if (!(x < TABLE_SIZE)) {
            return max; // also a zero term (a gap of infinity) and two (infinity minus infinity: NaN)
        }
        int k = (int) x;
        double f = x - k;
        return max + SOFTPLUS[k] + f * (SOFTPLUS[k + 1] - SOFTPLUS[k]);
    }

    /** ln of the sum of exp over {@code values[offset .. offset+count)}, shifted by the maximum. */
    public static double sumExp(float[] values, int offset, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            max = Math.max(max, values[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < count; k++) {
            sum += Math.exp(values[offset + k] - max);
        }
        return max + Math.log(sum);
    }
}
