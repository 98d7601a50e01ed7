package dev.auris.acoustic;

/**
 * IEEE 754 binary16 ("half precision") conversions, which Java 17 lacks (Float.floatToFloat16 came in 20): the
 * shipped bundle keeps its network's weights in half the bytes, at a relative rounding error of at most 2^-11.
 */
final class HalfFloat {

    private HalfFloat() {
    }

    /** The binary16 bits nearest to {@code f}, ties to even; overflow to infinity, NaN kept NaN. */
    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) { // infinity or NaN
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int e = exponent - 127 + 15; // the half's biased exponent
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00); // too large: infinity
        }
        if (e <= 0) { // a half subnormal (or zero): shift the full significand down
            if (e < -10) {
                return (short) sign; // below half the smallest subnormal: zero
            }
            int significand = mantissa | 0x800000;
            int shift = 14 - e; // 13 to drop the extra mantissa bits, 1 - e more for the subnormal
            return (short) (sign | roundShift(significand, shift));
        }
        // normal: 10 of the 23 mantissa bits stay; a carry out of the mantissa rightly bumps the exponent
        return (short) (sign | ((e << 10) + roundShift(mantissa, 13)));
    }

    /** value >> shift, rounded to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }

    /** The float a binary16 value stands for (exactly: every half is a float). */
    static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa x 2^-24
            float v = mantissa * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
