package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {

    @TempDir
    Path dir;

    /**
     * A decoder setting out of range is named in one line before anything is loaded: the folders given
     * here do not even exist, and the network never runs over the dev set.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--unknown-word-offset=5|unknown-word offset must be <= 0, got 5.0",
            "--beam-prune=3|beam prune log-probability must be <= 0, got 3.0",
            "--candidates=0|candidates per frame must be >= 1, got 0",
            "--beam=0|beam width must be 1..4096, got 0",
            "--blank-penalties=0,-1|blank penalty must be finite and >= 0, got -1.0",
            "--prior-scales=0.5,-1|prior scale must be finite and >= 0, got -1.0",
            "--band-limits=4000,wide|--band-limits: 'wide' is not a frequency in Hz (give e.g. 5000,5500 or none)",
            "--bandwidth=0|--bandwidth: '0' is not one positive frequency in Hz (give e.g. 6500 or full)",
            "--warps=1.1,high|--warps: 'high' is not a warp factor (give e.g. 1.1,1.2 or none)",
            "--warps=1.1,2|--warps: a warp factor must be between 0.7 and 1.4, got 2.0",
            "--rescore-alphas=0.5|tune: no valid second pass in the grid: pair first-pass (NaN) alphas with NaN betas",
            "--unknown-word-penalties=NaN|tune: rescoring weights must be finite",
            "--rescore-list=0|tune: the rescored list needs at least 1 hypothesis"})
    void badDecoderSettingsAreNamedBeforeAnythingIsLoaded(String option, String message) {
        var r = FeaturesCommandTest.run("tune", "--dev", dir.resolve("dev.tsv").toString(), "--model",
                dir.resolve("model").toString(), "--lm", dir.resolve("lm.bin").toString(), option);
        assertEquals(1, r.code(), r.err());
        assertEquals("auris: " + message, r.err().strip());
    }
}
