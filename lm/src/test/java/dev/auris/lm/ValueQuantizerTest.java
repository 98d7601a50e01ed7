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
