package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Bench options only: speed itself is measured by running the benches, never asserted in a test. */
class BenchCommandTest {

    @Test
    void aWidthBelowOneIsOneLine() {
        var r = FeaturesCommandTest.run("bench", "acoustic", "--widths", "512,0");
        assertEquals(1, r.code());
        assertEquals("auris: --widths: a width must be at least 1, got 0", r.err().strip());
    }
}
