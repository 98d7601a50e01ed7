package dev.auris.lm;

import java.util.Arrays;

/**
 * One byte per value by a codebook of at most 256 levels, as KenLM's quantised models store
 * log-probabilities and back-offs (Whittaker and Raj, "Quantization-based language model
 * compression", 2001). Half the levels are the medians of equal-count bins of the sorted values, fine
 * where values are dense; the other half are spread evenly over their range, which bounds every
 * value's error by range/252 (pure equal-count bins leave the sparse tails a tenth of a decade off).
 * ARPA's "impossible" values (-99 for {@code <s>}) keep exact levels of their own and stay out of the
 * range; with 256 or fewer distinct values every value is its own level. A value is coded as its
 * nearest level.
 */
final class ValueQuantizer {

    static final int LEVELS = 256;
    /** Log-probabilities at or below this are ARPA's stand-in for zero, not part of the range. */
    static final float IMPOSSIBLE = -90f;

    private final float[] levels; // ascending

    private ValueQuantizer(float[] levels) {
        this.levels = levels;
    }

    static ValueQuantizer fit(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        float[] distinct = distinctOfSorted(sorted);
        if (distinct.length <= LEVELS) {
            return new ValueQuantizer(distinct);
        }
        int impossible = 0; // distinct values at or below IMPOSSIBLE, at most 8 of them kept apart
        while (impossible < 8 && distinct[impossible] <= IMPOSSIBLE) {
            impossible++;
        }
        int skip = 0; // sorted values at or below the last of them
        while (impossible > 0 && sorted[skip] <= distinct[impossible - 1]) {
            skip++;
        }
        float lo = sorted[skip];
        float hi = sorted[sorted.length - 1];
        int even = (LEVELS - impossible) / 2;
        int bins = LEVELS - impossible - even;
        float[] levels = new float[LEVELS];
        System.arraycopy(distinct, 0, levels, 0, impossible);
        for (int i = 0; i < even; i++) {
            levels[impossible + i] = lo + (hi - lo) * i / (even - 1);
        }
        int n = sorted.length - skip;
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) n * b / bins);
            int to = (int) ((long) n * (b + 1) / bins);
            levels[impossible + even + b] = sorted[skip + ((from + to - 1) >>> 1)];
        }
        Arrays.sort(levels);
        return new ValueQuantizer(distinctOfSorted(levels));
    }

    /**
     * A codebook of at most {@code size} levels (at least 2) minimising the squared error: Lloyd's algorithm
     * (Lloyd 1982) in one dimension, from levels at equal-count quantiles. With few levels (16 for four bits)
     * the range-bounding half of {@link #fit(float[])} would waste levels on sparse tails.
     */
    static ValueQuantizer fitLeastSquares(float[] values, int size) {
        if (size < 2 || size > LEVELS) {
            throw new IllegalArgumentException("codebook of " + size + " levels");
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        float[] distinct = distinctOfSorted(sorted);
        if (distinct.length <= size) {
            return new ValueQuantizer(distinct);
        }
        int n = sorted.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + sorted[i];
        }
        double[] levels = new double[size];
        for (int k = 0; k < size; k++) {
            levels[k] = sorted[(int) ((2L * k + 1) * n / (2L * size))];
        }
        double tolerance = 1e-7 * (sorted[n - 1] - sorted[0]);
        for (int iteration = 0; iteration < 2000; iteration++) { // it converges slowly in the tails
            // each value to its nearest level: the cells' bounds are the midpoints between levels
            int from = 0;
            boolean moved = false;
            for (int k = 0; k < size; k++) {
                int to = k == size - 1 ? n : upperIndex(sorted, (levels[k] + levels[k + 1]) / 2);
                if (to > from) {
                    double mean = (prefix[to] - prefix[from]) / (to - from);
                    moved |= Math.abs(mean - levels[k]) > tolerance;
                    levels[k] = mean;
                }
                from = Math.max(from, to);
            }
            Arrays.sort(levels);
            if (!moved) {
                break;
            }
        }
        float[] out = new float[size];
        for (int k = 0; k < size; k++) {
            out[k] = (float) levels[k];
        }
        Arrays.sort(out);
        return new ValueQuantizer(distinctOfSorted(out));
    }

    /** The number of sorted values at or below v. */
    private static int upperIndex(float[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static ValueQuantizer of(float[] levels) {
        for (int i = 1; i < levels.length; i++) {
            if (Float.compare(levels[i - 1], levels[i]) >= 0 || Float.isNaN(levels[i])) {
                throw new IllegalArgumentException("codebook levels must ascend");
            }
        }
        return new ValueQuantizer(levels.clone());
    }

    float[] levels() {
        return levels.clone();
    }

    int size() {
        return levels.length;
    }

    /** The index of the level nearest to v (the lower one on a tie). */
    int code(float v) {
        int i = Arrays.binarySearch(levels, v);
        if (i >= 0) {
            return i;
        }
        int above = -i - 1;
        if (above == 0) {
            return 0;
        }
        if (above == levels.length) {
            return levels.length - 1;
        }
        return v - levels[above - 1] <= levels[above] - v ? above - 1 : above;
    }

    float value(int code) {
        return levels[code];
    }

    private static float[] distinctOfSorted(float[] sorted) {
        int n = 0;
        float[] out = new float[sorted.length];
        for (float v : sorted) {
            if (n == 0 || Float.compare(out[n - 1], v) != 0) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
