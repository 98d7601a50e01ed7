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
