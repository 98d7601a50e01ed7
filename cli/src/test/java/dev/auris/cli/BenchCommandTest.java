package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bench options only: speed itself is measured by running the benches, never asserted in a test. */
class BenchCommandTest {

    @Test
    void aWidthBelowOneIsOneLine() {
        var r = FeaturesCommandTest.run("bench", "acoustic", "--widths", "512,0");
        assertEquals(1, r.code());
        assertEquals("auris: --widths: a width must be at least 1, got 0", r.err().strip());
    }

    @Test
    void anUnknownCellIsOneLineNamingTheChoices() {
        var r = FeaturesCommandTest.run("bench", "acoustic", "--cells", "LSTM,GRU");
        assertEquals(2, r.code());
        assertEquals("auris: Invalid value for option '--cells' (CELL,CELL...): expected one of [SIMPLE, LSTM] (case-sensitive)"
                + " but was 'GRU' (see 'auris bench acoustic --help')", r.err().strip());
        var t = FeaturesCommandTest.run("bench", "train", "--cells", "gru");
        assertEquals(2, t.code());
        assertEquals(1, t.err().strip().lines().count(), t.err());
    }

    @Test
    void aMistypedOptionOrCommandIsOneLineWithTheNearestName() {
        var option = FeaturesCommandTest.run("bench", "acoustic", "--widht", "512");
        assertEquals(2, option.code());
        assertEquals("auris: Unknown options: '--widht', '512'; did you mean --widths? (see 'auris bench acoustic --help')",
                option.err().strip());
        var command = FeaturesCommandTest.run("bnech");
        assertEquals(2, command.code());
        String line = command.err().strip(); // picocli's suggestions (here also "tune") are its own affair
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("auris: Unmatched argument at index 0: 'bnech'; did you mean "), line);
        assertTrue(line.contains("bench") && line.endsWith("? (see 'auris --help')"), line);
    }

    @Test
    void beamBenchBadInputIsOneLineBeforeAnythingLoads() {
        var beam = FeaturesCommandTest.run("bench", "beam", "--manifest", "x.tsv", "--beam", "8");
        assertEquals(1, beam.code());
        assertEquals("auris: bench beam decodes at the widths of --beams; --greedy and --beam do not apply", beam.err().strip());
        var width = FeaturesCommandTest.run("bench", "beam", "--manifest", "x.tsv", "--beams", "512,0");
        assertEquals(1, width.code());
        assertEquals("auris: beam width must be 1..4096, got 0", width.err().strip());
        var model = FeaturesCommandTest.run("bench", "beam", "--manifest", "x.tsv", "--model", "no-such-bundle");
        assertEquals(1, model.code());
        assertEquals(1, model.err().strip().lines().count(), model.err());
        assertTrue(model.err().contains("no-such-bundle"), model.err());
    }

    @Test
    void keysOfTheSimpleCellStayAsTheyWereAndLstmKeysArePrefixed() {
        assertEquals("w512_", BenchCommand.keyPrefix(512, dev.auris.acoustic.NetworkShape.Cell.SIMPLE));
        assertEquals("lstm_w768_", BenchCommand.keyPrefix(768, dev.auris.acoustic.NetworkShape.Cell.LSTM));
        assertEquals("lstm_w768_", BenchCommand.keyPrefix(768, dev.auris.acoustic.NetworkShape.Cell.LSTM, 768));
        assertEquals("lstm_w768_r320_", BenchCommand.keyPrefix(768, dev.auris.acoustic.NetworkShape.Cell.LSTM, 320));
    }

    @Test
    void aNegativeRecurrentWidthIsOneLine() {
        var r = FeaturesCommandTest.run("bench", "acoustic", "--recurrent-widths", "0,-3");
        assertEquals(1, r.code());
        assertEquals("auris: --recurrent-widths: a width must be at least 1 (or 0: each width), got -3", r.err().strip());
    }
}
