package dev.auris.acoustic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.frontend.features.Features;
import dev.auris.frontend.features.FrontendConfig;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcousticModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private AcousticModel model;
    private Features features;

    @BeforeEach
    void setUp() {
        NetworkShape shape = new NetworkShape(40, 2, 2, 16, 29, 0.0, NetworkShape.Cell.SIMPLE);
        float[] mean = new float[40];
        float[] std = new float[40];
        java.util.Arrays.fill(std, 2f);
        model = AcousticModel.untrained(FrontendConfig.defaults().withNormalization(FrontendConfig.Normalization.NONE),
                new FeatureStats(mean, std), shape, 3);
        Random r = new Random(1);
        float[] d = new float[37 * 40];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        features = new Features(37, 40, d);
    }

    /** A recurrent layer narrower than the dense ones is written to the manifest and read back. */
    @Test
    void narrowRecurrentLayerSurvivesTheBundle() throws IOException {
        NetworkShape shape = new NetworkShape(40, 2, 2, 16, 29, 0.0, NetworkShape.Cell.LSTM, 6);
        AcousticModel lstm = AcousticModel.untrained(model.frontend(), new FeatureStats(new float[40], filled(40, 2f)),
                shape, 5);
        Path bundle = dir.resolve("narrow");
        lstm.save(bundle);
        assertEquals(6, JSON.readTree(bundle.resolve("manifest.json").toFile()).path("architecture").path("recurrent_width").asInt());
        AcousticModel back = AcousticModel.load(bundle);
        assertEquals(shape, back.shape());
        assertArrayEquals(lstm.posteriors(features).logProbs(), back.posteriors(features).logProbs());
        // a broken width is one line naming the manifest, never a silent fallback to the dense width
        Path manifest = bundle.resolve("manifest.json");
        String text = Files.readString(manifest);
        for (String bad : new String[] {"0", "\"six\""}) {
            Files.writeString(manifest, text.replace("\"recurrent_width\" : 6", "\"recurrent_width\" : " + bad));
            ModelException e = assertThrows(ModelException.class, () -> AcousticModel.load(bundle));
            assertTrue(e.getMessage().startsWith(manifest + ": invalid setting: ") && e.getMessage().contains("recurrent")
                    && !e.getMessage().contains("\n"), e.getMessage());
        }
        // a bundle of the paper's shape has no such key, as bundles made before it existed
        Path paper = dir.resolve("paper");
        model.save(paper);
        assertTrue(JSON.readTree(paper.resolve("manifest.json").toFile()).path("architecture").path("recurrent_width").isMissingNode());
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void savedBundleLoadsToTheSameOutputs() throws IOException {
        Path bundle = dir.resolve("m");
        model.save(bundle);
        AcousticModel back = AcousticModel.load(bundle);
        Posteriors a = model.posteriors(features);
        Posteriors b = back.posteriors(features);
        assertEquals(19, a.frames());
        assertArrayEquals(a.logProbs(), b.logProbs());
        assertEquals(model.shape(), back.shape());
        assertEquals(model.frontend(), back.frontend());
        for (int t = 0; t < a.frames(); t++) {
            double sum = 0;
            for (int k = 0; k < 29; k++) {
                sum += Math.exp(a.logProb(t, k));
            }
            assertEquals(1.0, sum, 1e-5);
        }
        // saving again replaces the bundle whole
        model.save(bundle);
        assertTrue(Files.exists(bundle.resolve("manifest.json")));
        assertTrue(!Files.exists(dir.resolve("m.old")));
    }

    /** Averaging: each weight the mean of the models', computed here element by element; mismatches named. */
    @Test
    void averagedModelsHoldTheMeanOfTheirWeights() throws IOException {
        NetworkShape shape = model.shape();
        FeatureStats stats = model.stats();
        AcousticModel other = AcousticModel.untrained(model.frontend(), stats, shape, 4);
        AcousticModel third = AcousticModel.untrained(model.frontend(), stats, shape, 5);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        // a bundle's records describe that bundle, not the mean; the last model's training record is the lineage
        model.metadata().putObject("test_metrics").put("wer", 0.14);
        model.metadata().putObject("training").put("epochs", 4);
        third.metadata().putObject("training").put("epochs", 6);
        third.metadata().putObject("dev_metrics").put("greedy_cer", 0.17);
        model.save(a);
        other.save(b);
        third.save(c);
        AcousticModel mean = AcousticModel.average(List.of(a, b, c));
        float[] x = model.network().params.data().asFloat();
        float[] y = other.network().params.data().asFloat();
        float[] z = third.network().params.data().asFloat();
        float[] m = mean.network().params.data().asFloat();
        assertEquals(x.length, m.length);
        for (int i = 0; i < m.length; i++) {
            assertEquals((x[i] + y[i] + z[i]) / 3.0, m[i], 1e-6, "weight " + i);
        }
        assertTrue(!java.util.Arrays.equals(x, y), "the fixture's models differ");
        assertEquals("[\"" + a + "\",\"" + b + "\",\"" + c + "\"]", mean.metadata().get("averaged_from").toString());
        assertEquals(java.util.Set.of("averaged_from", "training"), fieldNames(mean.metadata()));
        assertEquals(6, mean.metadata().path("training").path("epochs").asInt());
        Path saved = dir.resolve("mean");
        mean.save(saved);
        assertArrayEquals(mean.posteriors(features).logProbs(), AcousticModel.load(saved).posteriors(features).logProbs());
        // a mean of a mean keeps the inner mean's inputs: {"model": saved, "averaged_from": [a, b, c]}
        AcousticModel meanOfMean = AcousticModel.average(List.of(saved, a));
        assertEquals("[{\"model\":\"" + saved + "\",\"averaged_from\":[\"" + a + "\",\"" + b + "\",\"" + c + "\"]},\""
                + a + "\"]", meanOfMean.metadata().get("averaged_from").toString());
        float[] mm = meanOfMean.network().params.data().asFloat();
        for (int i = 0; i < mm.length; i++) {
            assertEquals(((x[i] + y[i] + z[i]) / 3.0 + x[i]) / 2.0, mm[i], 1e-6, "weight " + i);
        }

        Path wide = dir.resolve("wide");
        AcousticModel.untrained(model.frontend(), stats, new NetworkShape(40, 2, 2, 24, 29, 0.0, NetworkShape.Cell.SIMPLE), 6)
                .save(wide);
        ModelException e = assertThrows(ModelException.class, () -> AcousticModel.average(List.of(a, wide)));
        assertEquals(wide + ": its architecture differs from " + a + "'s; only models of one training run can be averaged",
                e.getMessage());
        Path restated = dir.resolve("restated");
        float[] std = stats.std().clone();
        std[3] = 1.5f;
        AcousticModel.untrained(model.frontend(), new FeatureStats(stats.mean(), std), shape, 7).save(restated);
        e = assertThrows(ModelException.class, () -> AcousticModel.average(List.of(a, restated)));
        assertTrue(e.getMessage().startsWith(restated + ": its feature statistics differ"), e.getMessage());
        e = assertThrows(ModelException.class, () -> AcousticModel.average(List.of(a, dir.resolve("nope"))));
        assertEquals(dir.resolve("nope") + ": no such model folder", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AcousticModel.average(List.of(a)));
    }

    @Test
    void meanBestLogProbAveragesEachFramesBestLabel() {
        Posteriors p = new Posteriors(2, 3, new float[] {-0.5f, -1f, -3f, -2f, -0.25f, -4f}, 0.02);
        assertEquals((-0.5 - 0.25) / 2, p.meanBestLogProb(), 1e-9);
        assertEquals(0, new Posteriors(0, 3, new float[0], 0.02).meanBestLogProb());
    }

    /** Bands centred above {@code hz} held at their quietest value, done here by hand. */
    private static Features flattenedAbove(Features f, double[] centres, double hz) {
        float[] d = f.data().clone();
        int dim = f.dimension();
        for (int k = 0; k < dim; k++) {
            if (centres[k] > hz) {
                float min = Float.POSITIVE_INFINITY;
                for (int t = 0; t < f.frames(); t++) {
                    min = Math.min(min, d[t * dim + k]);
                }
                for (int t = 0; t < f.frames(); t++) {
                    d[t * dim + k] = min;
                }
            }
        }
        return new Features(f.frames(), dim, d);
    }

    /** A bandwidth cuts every input, in the one pass and before the band limits; none at or above Nyquist. */
    @Test
    void aBandwidthCutsWhatTheNetworkHears() {
        double[] centres = model.frontend().melCentresHz();
        Posteriors cut = model.posteriors(flattenedAbove(features, centres, 6000));
        assertArrayEquals(cut.logProbs(), model.withBandwidth(6000).posteriors(features).logProbs());
        assertTrue(!java.util.Arrays.equals(cut.logProbs(), model.posteriors(features).logProbs()), "the cut changes the output");
        assertEquals(Double.POSITIVE_INFINITY, model.bandwidth());
        assertEquals(Double.POSITIVE_INFINITY, model.withBandwidth(8000).bandwidth(), "at Nyquist: the full band");
        assertArrayEquals(model.posteriors(features).logProbs(), model.withBandwidth(9000).posteriors(features).logProbs());

        // a band limit below it sees the cut features cut again: the more confident of the two by hand
        Posteriors limited = model.posteriors(flattenedAbove(flattenedAbove(features, centres, 6000), centres, 1500));
        Posteriors expected = limited.meanBestLogProb() > cut.meanBestLogProb() ? limited : cut;
        AcousticModel both = model.withBandLimits(List.of(1500.0)).withBandwidth(6000);
        assertEquals(6000, both.bandwidth());
        assertEquals(List.of(1500.0), both.bandLimits());
        assertClose(expected.logProbs(), both.posteriors(features).logProbs());

        for (double bad : new double[] {0, -6000, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.withBandwidth(bad));
            assertEquals("a bandwidth must be above 0 Hz, got " + bad, e.getMessage());
        }
    }

    /** With band limits, the output is whichever of full band and each limit the network is surest of. */
    @Test
    void bandLimitsKeepTheMostConfidentOutput() {
        List<Double> limits = List.of(1500.0, 3000.0, 6000.0);
        double[] centres = model.frontend().melCentresHz();
        List<Features> candidates = new java.util.ArrayList<>();
        candidates.add(features);
        for (double hz : limits) {
            candidates.add(flattenedAbove(features, centres, hz));
        }
        Posteriors expected = mostConfident(candidates, 1);
        AcousticModel limited = model.withBandLimits(limits);
        assertEquals(limits, limited.bandLimits());
        assertClose(expected.logProbs(), limited.posteriors(features).logProbs());
        assertArrayEquals(model.posteriors(features).logProbs(), limited.withBandLimits(List.of()).posteriors(features).logProbs());

        IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                () -> model.withBandLimits(List.of(8000.0)));
        assertEquals("a band limit must be above 0 and below 8000 Hz, got 8000.0", high.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.withBandLimits(List.of(-5.0)));
    }

    /**
     * With warps, the output is whichever of the features as they are and each warp the network is surest
     * of; with band limits too, all of them are candidates (more than one batch of the few-utterance kernel).
     */
    @Test
    void warpsKeepTheMostConfidentOutput() {
        SpectralAugmentation channel = new SpectralAugmentation(model.frontend());
        List<Double> warps = List.of(0.7, 0.9, 1.4);
        List<Features> candidates = new java.util.ArrayList<>();
        candidates.add(features);
        for (double w : warps) {
            candidates.add(channel.warp(features, w));
        }
        Posteriors expected = mostConfident(candidates, 1);
        AcousticModel warped = model.withWarps(warps);
        assertEquals(warps, warped.warps());
        assertClose(expected.logProbs(), warped.posteriors(features).logProbs());
        assertArrayEquals(model.posteriors(features).logProbs(), warped.withWarps(List.of()).posteriors(features).logProbs());

        double[] centres = model.frontend().melCentresHz();
        candidates.add(1, flattenedAbove(features, centres, 3000)); // band limits come before warps
        AcousticModel both = warped.withBandLimits(List.of(3000.0));
        assertClose(mostConfident(candidates, 0).logProbs(), both.posteriors(features).logProbs());

        for (double bad : new double[] {0.69, 1.41, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.withWarps(List.of(1.1, bad)));
            assertEquals("a warp factor must be between 0.7 and 1.4, got " + bad, e.getMessage());
        }
        assertEquals(List.of(0.7, 1.4), AcousticModel.checkWarps(List.of(0.7, 1.4)));
    }

    /**
     * Each candidate through the network alone, scored by hand (mean over frames of the best label's
     * log-probability); the best one, which must not be candidate 0 when {@code notFirst} is 1.
     */
    private Posteriors mostConfident(List<Features> candidates, int notFirst) {
        int best = 0;
        double[] score = new double[candidates.size()];
        List<Posteriors> outputs = new java.util.ArrayList<>();
        for (int i = 0; i < score.length; i++) {
            Posteriors p = model.posteriors(candidates.get(i));
            outputs.add(p);
            for (int t = 0; t < p.frames(); t++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < p.classes(); k++) {
                    m = Math.max(m, p.logProb(t, k));
                }
                score[i] += m / p.frames();
            }
            best = score[i] > score[best] ? i : best;
        }
        assertTrue(best >= notFirst, "this fixture should favour another candidate: " + java.util.Arrays.toString(score));
        return outputs.get(best);
    }

    /** Equal up to float rounding: a batch's matrix products may sum in another order than one utterance's. */
    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4, "value " + i);
        }
    }

    @Test
    void otherFormatVersionIsRefusedClearly() throws IOException {
        Path bundle = dir.resolve("m");
        model.save(bundle);
        Path manifest = bundle.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"format_version\" : 1", "\"format_version\" : 7"));
        ModelException e = assertThrows(ModelException.class, () -> AcousticModel.load(bundle));
        assertEquals(bundle + ": model format version 7, this Auris reads version 1", e.getMessage());
    }

    @Test
    void damagedOrMissingFilesAreNamed() throws IOException {
        Path bundle = dir.resolve("m");
        model.save(bundle);
        Path weights = bundle.resolve("weights.bin");
        byte[] w = Files.readAllBytes(weights);
        w[w.length - 1] ^= 0x55;
        Files.write(weights, w);
        ModelException flipped = assertThrows(ModelException.class, () -> AcousticModel.load(bundle));
        assertEquals(weights + ": damaged: checksum does not match manifest.json", flipped.getMessage());

        Files.write(weights, java.util.Arrays.copyOf(w, w.length - 40));
        ModelException cut = assertThrows(ModelException.class, () -> AcousticModel.load(bundle));
        assertTrue(cut.getMessage().startsWith(weights + ": damaged: holds"), cut.getMessage());

        Files.writeString(bundle.resolve("manifest.json"), "{ not json");
        ModelException json = assertThrows(ModelException.class, () -> AcousticModel.load(bundle));
        assertTrue(json.getMessage().startsWith(bundle.resolve("manifest.json") + ": not valid JSON"), json.getMessage());

        ModelException none = assertThrows(ModelException.class, () -> AcousticModel.load(dir.resolve("nothing")));
        assertEquals(dir.resolve("nothing") + ": no such model folder", none.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        ModelException empty = assertThrows(ModelException.class, () -> AcousticModel.load(dir.resolve("empty")));
        assertEquals(dir.resolve("empty") + ": not a model bundle (manifest.json missing)", empty.getMessage());
    }

    private static java.util.Set<String> fieldNames(org.nd4j.shade.jackson.databind.JsonNode node) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
