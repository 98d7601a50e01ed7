package dev.auris.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueQuantizerTest {

    @Test
    void fewDistinctValuesAreKeptExactly() {
        float[] values = {-0.5f, -99f, 0f, -0.5f, -1.25f, 0f, 0f, -3f};
        ValueQuantizer q = ValueQuantizer.fit(values);
        assertEquals(5, q.size());
        for (float v : values) {
            assertEquals(v, q.value(q.code(v)), 0f);
        }
    }

    /**
     * Least-squares codebooks: on three well-separated clusters three levels land on the clusters' means;
     * on Gaussian values 16 levels are a fixed point of Lloyd's conditions (each level the mean of the values
     * nearest to it, checked by a linear scan) with a squared error below the equal-count quantiles' it
     * started from; and on a small set with every contiguous split enumerated, no better 3-level codebook exists.
     */
    @Test
    void leastSquaresCodebooksMeetLloydsConditions() {
        Random r = new Random(5);
        float[] clusters = new float[3000];
        double[] sums = new double[3];
        for (int i = 0; i < clusters.length; i++) {
            clusters[i] = (float) ((i % 3) * 10 - 10 + r.nextGaussian() * 0.5);
            sums[i % 3] += clusters[i];
        }
        float[] three = ValueQuantizer.fitLeastSquares(clusters, 3).levels();
        for (int k = 0; k < 3; k++) {
            assertEquals(sums[k] / 1000, three[k], 1e-4);
        }

        float[] gauss = new float[20_000];
        for (int i = 0; i < gauss.length; i++) {
            gauss[i] = (float) r.nextGaussian();
        }
        ValueQuantizer q = ValueQuantizer.fitLeastSquares(gauss, 16);
        float[] levels = q.levels();
        assertEquals(16, levels.length);
        double[] sum = new double[16];
        int[] count = new int[16];
        double error = 0;
        for (float v : gauss) {
            int nearest = 0;
            for (int k = 1; k < 16; k++) {
                if (Math.abs(v - levels[k]) < Math.abs(v - levels[nearest])) {
                    nearest = k;
                }
            }
            sum[nearest] += v;
            count[nearest]++;
            error += (v - levels[nearest]) * (v - levels[nearest]);
        }
        for (int k = 0; k < 16; k++) {
            assertEquals(sum[k] / count[k], levels[k], 2e-3, "level " + k);
        }
        // the textbook optimum for 16 levels of a unit Gaussian (Max 1960) has a mean squared error of 0.009501
        assertEquals(0.009501, error / gauss.length, 0.0006);

        float[] small = new float[12];
        for (int i = 0; i < small.length; i++) {
            small[i] = (float) Math.exp(r.nextGaussian());
        }
        float[] sorted = small.clone();
        Arrays.sort(sorted);
        double best = Double.MAX_VALUE; // every split of the sorted values into three runs
        for (int a = 1; a < 11; a++) {
            for (int b = a + 1; b < 12; b++) {
                best = Math.min(best, runError(sorted, 0, a) + runError(sorted, a, b) + runError(sorted, b, 12));
            }
        }
        ValueQuantizer s = ValueQuantizer.fitLeastSquares(small, 3);
        double got = 0;
        for (float v : small) {
            got += Math.pow(v - s.value(s.code(v)), 2);
        }
        assertEquals(best, got, 1e-5 * best + 1e-9);
    }

    private static double runError(float[] sorted, int from, int to) {
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += sorted[i] / (double) (to - from);
        }
        double e = 0;
        for (int i = from; i < to; i++) {
            e += (sorted[i] - mean) * (sorted[i] - mean);
        }
        return e;
    }

    /**
     * Each code is the nearest level (checked against a linear scan); half the levels are medians of
     * equal-count bins, half (127 or 128) spread evenly, so no value in the range is further than
     * range/252 from a level, and an outlier at -99 keeps its own.
     */
    @Test
    void codesAreTheNearestLevelAndErrorsAreBounded() {
        Random r = new Random(3);
        float[] values = new float[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (-Math.abs(r.nextGaussian()) * 2 - (i % 97 == 0 ? 5 : 0));
        }
        values[17] = -99f; // ARPA's "impossible"
        ValueQuantizer q = ValueQuantizer.fit(values);
        assertTrue(q.size() <= 256 && q.size() > 200, q.size() + " levels");
        float[] levels = q.levels();
        for (int i = 1; i < levels.length; i++) {
            assertTrue(levels[i - 1] < levels[i]);
        }
        assertEquals(-99f, q.value(q.code(-99f)), 0f);
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : values) {
            if (v > -90) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double bound = (hi - lo) / 126.0 / 2 * 1.0001;
        for (int i = 0; i < 3000; i++) {
            float v = i < 1000 ? values[i] : lo + (hi - lo) * r.nextFloat();
            int best = 0;
            for (int c = 1; c < levels.length; c++) {
                if (Math.abs(levels[c] - v) < Math.abs(levels[best] - v)) {
                    best = c;
                }
            }
            float error = Math.abs(q.value(q.code(v)) - v);
            assertEquals(Math.abs(levels[best] - v), error, 0f, "value " + v);
            assertTrue(v == -99f || error <= bound, "value " + v + " coded " + error + " off");
        }
        // in the dense middle of the distribution the levels are finer than the even spacing
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = q.code(sorted[5000]);
        assertTrue(levels[middle + 1] - levels[middle - 1] < (hi - lo) / 127.0, "levels near the median are close together");
    }

    @Test
    void codebooksMustAscend() {
        assertThrows(IllegalArgumentException.class, () -> ValueQuantizer.of(new float[] {-1f, -2f}));
        assertThrows(IllegalArgumentException.class, () -> ValueQuantizer.of(new float[] {-1f, -1f}));
        assertEquals(2, ValueQuantizer.of(new float[] {-2f, -1f}).size());
    }
}
