package dev.auris.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogSpaceTest {

    /** ln(e^a + e^b) from the definition (a and b within [-105, 0], so neither exp underflows). */
    private static double exactLogSum(double a, double b) {
        return Math.log(Math.exp(a) + Math.exp(b));
    }

    @Test
    void addAndAddFastAgreeWithTheDefinition() {
        Random r = new Random(17);
        double worstFast = 0;
        for (int i = 0; i < 200_000; i++) {
            double a = -60 * r.nextDouble();
            double b = i % 10 == 0 ? a : a - 45 * r.nextDouble();
            double exact = exactLogSum(a, b);
            assertEquals(exact, LogSpace.add(a, b), 1e-12, a + " " + b);
            assertEquals(exact, LogSpace.add(b, a), 1e-12, "symmetric");
            worstFast = Math.max(worstFast, Math.abs(LogSpace.addFast(a, b) - exact));
        }
        assertEquals(0, worstFast, 3e-8, "the table's interpolation error stays within its stated bound");
    }

    @Test
    void negativeInfinityIsTheLogOfZero() {
        double ninf = Double.NEGATIVE_INFINITY;
        assertEquals(-3.5, LogSpace.add(ninf, -3.5));
        assertEquals(-3.5, LogSpace.addFast(-3.5, ninf));
        assertEquals(ninf, LogSpace.addFast(ninf, ninf));
        assertEquals(Math.log(2), LogSpace.addFast(0, 0), 1e-12, "ln(1 + 1) sits on a table point");
    }
}
