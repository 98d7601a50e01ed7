package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LanguageModelOptionsTest {

    @TempDir
    Path dir;

    private Path bundle() throws Exception {
        Path b = dir.resolve("bundle");
        Files.createDirectories(b);
        Files.writeString(b.resolve("manifest.json"), "{\"metadata\": {\"decoder\": {\"beam\": 7, \"alpha\": 0.9, \"beta\": 2.5,"
                + " \"rnn_weight\": 0.15, \"band_limits_hz\": [4000, 5500], \"bandwidth_hz\": 6500, \"warps\": [1.3], \"blank_penalty\": 1.5,"
                + " \"label_priors\": [0.5, 0.25, 0.25], \"prior_scale\": 0.7, \"ngram\": \"lm.bin\", \"rnnlm\": null}}}");
        Files.writeString(b.resolve("lm.bin"), "not read here");
        return b;
    }

    private static LanguageModelOptions parse(String... args) {
        LanguageModelOptions o = new LanguageModelOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    /** Without --lm or --rnnlm a bundle decodes with its own LM and tuned settings; options still win. */
    @Test
    void aBundleIsDecodedWithItsOwnModelsAndWeights() throws Exception {
        Path b = bundle();
        LanguageModelOptions o = parse("--beta", "0.5");
        o.inheritFrom(b);
        assertEquals(b.resolve("lm.bin"), o.lm);
        assertNull(o.rnnlm, "the bundle has no rnnlm.zip");
        assertEquals(0.9, o.alpha(), 0.0);
        assertEquals(0.5, o.beta(), 0.0, "given on the command line");
        assertEquals(0.15, o.rnnWeight(), 0.0);
        assertEquals(7, o.beam());
        assertEquals(java.util.List.of(4000.0, 5500.0), o.bandLimits());
        assertEquals(1.5, o.blankPenalty(), 0.0);
        assertEquals(new dev.auris.decoder.LabelPriors(java.util.List.of(0.5, 0.25, 0.25), 0.7), o.labelPriors());
    }

    /** A bundle tuned with a word LM carries the rescoring pass's own weights; one option overrides one of them. */
    @Test
    void theRescoringPassInheritsItsWeightsAndOptionsWin() throws Exception {
        Path b = bundle();
        Files.writeString(b.resolve("manifest.json"), "{\"metadata\": {\"decoder\": {\"alpha\": 1.5, \"beta\": -1,"
                + " \"rnn_weight\": 0.75, \"rescore_list\": 32, \"rescore_alpha\": 0.75, \"rescore_beta\": -1.5,"
                + " \"unknown_word_penalty\": -10}}}");
        LanguageModelOptions o = parse("--unknown-word-penalty", "-4");
        o.inheritFrom(b);
        assertEquals(new dev.auris.decoder.NBestRescorer.Weights(32, 0.75, 0.75, -1.5, -4), o.rescoring());
        // no bundle: the first pass's score plus the recurrent LM over the 8 best
        assertEquals(dev.auris.decoder.NBestRescorer.Weights.of(0.3), parse().rescoring());
        // a second-pass alpha alone takes its word bonus from the first pass
        assertEquals(new dev.auris.decoder.NBestRescorer.Weights(8, 0.3, 0.6, 2.0, 0),
                parse("--rescore-alpha", "0.6", "--beta", "2").rescoring());
        var e = org.junit.jupiter.api.Assertions.assertThrows(UserErrors.CliException.class,
                () -> parse("--rescore-list", "0").rescoring());
        assertEquals("rescoring: the rescored list needs at least 1 hypothesis", e.getMessage());
    }

    /** Naming another LM keeps the defaults: the bundle's weights were tuned for its own LM. */
    @Test
    void namingAnotherModelInheritsNothing() throws Exception {
        Path other = dir.resolve("other.bin");
        LanguageModelOptions o = parse("--lm", other.toString());
        o.inheritFrom(bundle());
        assertEquals(other, o.lm);
        assertEquals(0.5, o.alpha(), 0.0);
        assertEquals(32, o.beam());
        assertEquals(0.0, o.blankPenalty(), 0.0, "tuned with the bundle's own LM");
        assertEquals(dev.auris.decoder.LabelPriors.NONE, o.labelPriors());
        assertEquals(java.util.List.of(4000.0, 5500.0), o.bandLimits(), "how the network runs does not depend on the LM");
        assertEquals(6500, o.bandwidth(), 0.0, "nor does what it hears");
    }

    @Test
    void aBandwidthGivenOnTheCommandLineWins() throws Exception {
        LanguageModelOptions full = parse("--bandwidth", "full");
        full.inheritFrom(bundle());
        assertEquals(Double.POSITIVE_INFINITY, full.bandwidth());
        LanguageModelOptions cut = parse("--bandwidth", " 7000 ");
        cut.inheritBandSettings(bundle());
        assertEquals(7000, cut.bandwidth(), 0.0);
        LanguageModelOptions inherited = parse();
        inherited.inheritBandSettings(bundle());
        assertEquals(6500, inherited.bandwidth(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, parse().bandwidth(), "no bundle: the full band");
        for (String bad : new String[] {"0", "-6500", "6500,7000", "Infinity", "NaN"}) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(UserErrors.CliException.class,
                    () -> parse("--bandwidth", bad).bandwidth());
            assertEquals("--bandwidth: '" + bad + "' is not one positive frequency in Hz (give e.g. 6500 or full)",
                    e.getMessage());
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(UserErrors.CliException.class,
                () -> parse("--bandwidth", "6.5k").bandwidth());
        assertEquals("--bandwidth: '6.5k' is not a frequency in Hz (give e.g. 6500 or full)", e.getMessage());
    }

    @Test
    void bandLimitsGivenOnTheCommandLineWin() throws Exception {
        LanguageModelOptions none = parse("--band-limits", "none");
        none.inheritFrom(bundle());
        assertEquals(java.util.List.of(), none.bandLimits());
        LanguageModelOptions two = parse("--band-limits", "3000, 6000");
        two.inheritBandSettings(bundle());
        assertEquals(java.util.List.of(3000.0, 6000.0), two.bandLimits());
        assertEquals(java.util.List.of(), parse().bandLimits(), "no bundle: full band only");
        var e = org.junit.jupiter.api.Assertions.assertThrows(UserErrors.CliException.class,
                () -> parse("--band-limits", "5k").bandLimits());
        assertEquals("--band-limits: '5k' is not a frequency in Hz (give e.g. 5000,5500 or none)", e.getMessage());
    }

    @Test
    void warpsGivenOnTheCommandLineWin() throws Exception {
        assertEquals(java.util.List.of(), parse().warps(), "no bundle: none");
        LanguageModelOptions inherited = parse();
        inherited.inheritFrom(bundle());
        assertEquals(java.util.List.of(1.3), inherited.warps());
        LanguageModelOptions two = parse("--warps", "1.1, 1.2");
        two.inheritBandSettings(bundle());
        assertEquals(java.util.List.of(1.1, 1.2), two.warps());
        LanguageModelOptions none = parse("--warps", "none");
        none.inheritFrom(bundle());
        assertEquals(java.util.List.of(), none.warps());
        var e = org.junit.jupiter.api.Assertions.assertThrows(UserErrors.CliException.class,
                () -> parse("--warps", "0.5").warps());
        assertEquals("--warps: a warp factor must be between 0.7 and 1.4, got 0.5", e.getMessage());
    }

    @Test
    void aMissingBundleIsNamed() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> parse().inheritFrom(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": no such model folder", e.getMessage());
    }

    /** A bad weight is one line before anything is read, and no bundle is written. */
    @Test
    void bundleRefusesANegativeBlankPenalty() {
        var r = FeaturesCommandTest.run("bundle", "--model", dir.resolve("model").toString(), "--blank-penalty", "-1",
                "--out", dir.resolve("out").toString());
        assertEquals(1, r.code(), r.err());
        assertEquals("auris: blank penalty must be finite and >= 0, got -1.0", r.err().strip());
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(dir.resolve("out")));
    }

    /** Priors given as tune prints them; a scale without priors, or a bad prior, is one line naming the option. */
    @Test
    void labelPriorsComeFromTheCommandLineOrNotAtAll() {
        assertEquals(new dev.auris.decoder.LabelPriors(java.util.List.of(0.6, 0.4), 0.5),
                parse("--prior-scale", "0.5", "--label-priors", "0.6,0.4").labelPriors());
        var missing = org.junit.jupiter.api.Assertions.assertThrows(UserErrors.CliException.class,
                () -> parse("--prior-scale", "0.5").labelPriors());
        assertEquals("--prior-scale 0.5 needs --label-priors (tune prints them with its best setting)", missing.getMessage());
        var text = org.junit.jupiter.api.Assertions.assertThrows(UserErrors.CliException.class,
                () -> parse("--prior-scale", "0.5", "--label-priors", "0.6,x").labelPriors());
        assertEquals("--label-priors: 'x' is not a probability", text.getMessage());
        var zero = org.junit.jupiter.api.Assertions.assertThrows(UserErrors.CliException.class,
                () -> parse("--prior-scale", "0.5", "--label-priors", "0.6,0").labelPriors());
        org.junit.jupiter.api.Assertions.assertTrue(zero.getMessage().startsWith("--label-priors/--prior-scale: label priors"
                + " must be one probability in (0, 1] per label"), zero.getMessage());
    }
}
