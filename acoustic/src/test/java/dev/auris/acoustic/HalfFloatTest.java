package dev.auris.acoustic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfFloatTest {

    /** Every one of the 65,536 bit patterns, decoded by the textbook formula instead of bit shuffling. */
    @Test
    void everyHalfDecodesToItsValueAndEncodesBackToItself() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int sign = bits >>> 15;
            int e = (bits >>> 10) & 0x1f;
            int m = bits & 0x3ff;
            double expected = e == 0 ? Math.scalb((double) m, -24) : e == 0x1f ? (m == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : Math.scalb(1 + m / 1024.0, e - 15);
            expected = sign == 1 ? -expected : expected;
            float got = HalfFloat.toFloat((short) bits);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(got));
                assertTrue(Float.isNaN(HalfFloat.toFloat(HalfFloat.fromFloat(got))));
            } else {
                assertEquals(expected, got, 0.0, "half " + Integer.toHexString(bits));
                assertEquals(bits, HalfFloat.fromFloat(got) & 0xffff, "half " + Integer.toHexString(bits));
            }
        }
    }

    /** A float goes to the nearest half: no representable neighbour is closer (ties: the even one). */
    @Test
    void floatsRoundToTheNearestHalf() {
        Random r = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(12) - 8)); // 1e-8 .. 1e3: subnormal to normal
            if (i % 1000 == 0) {
                f = Float.intBitsToFloat(r.nextInt() & 0xc7ffffff); // either sign, any exponent below 2^16
            }
            if (Math.abs(f) > 65504f) {
                continue; // past the largest half IEEE rounds to infinity (asserted below)
            }
            short h = HalfFloat.fromFloat(f);
            double err = Math.abs((double) f - HalfFloat.toFloat(h));
            for (int d : new int[] {-1, 1}) {
                short n = (short) (h + d);
                float neighbour = HalfFloat.toFloat(n);
                if (!Float.isNaN(neighbour) && !Float.isInfinite(neighbour) && Math.signum(neighbour) * Math.signum(f) >= 0) {
                    double other = Math.abs((double) f - neighbour);
                    assertTrue(err < other || (err == other && (h & 1) == 0),
                            f + " -> " + HalfFloat.toFloat(h) + ", but " + neighbour + " is nearer");
                }
            }
        }
        assertEquals(Float.POSITIVE_INFINITY, HalfFloat.toFloat(HalfFloat.fromFloat(70000f)));
        assertEquals(65504f, HalfFloat.toFloat(HalfFloat.fromFloat(65504f)));
        assertEquals(0f, HalfFloat.toFloat(HalfFloat.fromFloat(1e-9f)));
        // a relative error of at most 2^-11 for normal halves
        assertEquals(1.0f, HalfFloat.toFloat(HalfFloat.fromFloat(1.0004f)), 0f);
    }
}
