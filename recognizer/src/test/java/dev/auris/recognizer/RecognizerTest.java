package dev.auris.recognizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.acoustic.ToneCorpus;
import dev.auris.decoder.Word;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.AudioDecoder;
import dev.auris.frontend.audio.AudioException;
import dev.auris.frontend.audio.SincResampler;
import dev.auris.frontend.audio.WavWriter;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recognizer end to end, with a tiny model trained here on the tone language of the acoustic tests. */
class RecognizerTest {

    @TempDir
    static Path dir;

    static Recognizer recognizer;

    @BeforeAll
    static void trainTinyModel() throws Exception {
        recognizer = Recognizer.load(ToneCorpus.trainTinyModel(dir));
    }

    @Test
    void pathArrayAndAudioStreamGiveTheSameTranscript() throws Exception {
        Random r = new Random(40);
        String word = ToneCorpus.randomWord(r);
        Audio audio = ToneCorpus.speak(word, r);
        Path wav = dir.resolve("w.wav");
        WavWriter.write(wav, audio);
        Transcript fromFile = recognizer.transcribe(wav);
        assertEquals(word, fromFile.text());
        assertEquals(fromFile.text(), recognizer.transcribe(audio.samples(), 16000).text());
        ByteBuffer b = ByteBuffer.allocate(audio.samples().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : audio.samples()) {
            b.putShort((short) Math.round(v * 32767));
        }
        AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(b.array()),
                new AudioFormat(16000, 16, 1, true, false), audio.samples().length);
        assertEquals(word, recognizer.transcribe(stream).text());
        Word w = fromFile.words().get(0);
        assertTrue(w.start() >= 0.09 && w.end() <= audio.durationSeconds(), w.toString());
    }

    @Test
    void streamingFinalEqualsWholeFileForAnyChunkingAndRate() {
        Random r = new Random(41);
        Audio audio = ToneCorpus.speak("abcde", r);
        Transcript whole = recognizer.transcribe(audio);
        for (int chunk : new int[] {160, 1000, 7919}) {
            StreamingSession s = recognizer.stream(16000);
            for (int at = 0; at < audio.samples().length; at += chunk) {
                s.accept(audio.samples(), at, Math.min(chunk, audio.samples().length - at));
            }
            Transcript t = s.finish();
            assertEquals(whole.text(), t.text());
            assertEquals(whole.words(), t.words());
        }
        // 44.1 kHz input is resampled on the fly exactly as the whole-file path does
        float[] hi = SincResampler.resample(audio.samples(), 16000, 44100);
        Transcript wholeHi = recognizer.transcribe(hi, 44100);
        StreamingSession s = recognizer.stream(44100);
        for (int at = 0; at < hi.length; at += 4410) {
            s.accept(hi, at, Math.min(4410, hi.length - at));
        }
        assertEquals(wholeHi.text(), s.finish().text());
    }

    @Test
    void partialResultsAppearWhileAudioArrives() {
        Random r = new Random(42);
        Audio audio = ToneCorpus.speak("eeddccbbaa", r);
        StreamingSession s = recognizer.stream(16000);
        String lastPartial = "";
        int changes = 0;
        for (int at = 0; at < audio.samples().length; at += 1600) {
            String p = s.accept(audio.samples(), at, Math.min(1600, audio.samples().length - at));
            if (!p.equals(lastPartial)) {
                changes++;
                lastPartial = p;
            }
        }
        assertTrue(changes >= 2, "partials changed " + changes + " times");
        assertEquals(recognizer.transcribe(audio).text(), s.finish().text());
    }

    @Test
    void longAudioIsCutAtSilencesAndKeepsItsTimes() throws Exception {
        Random r = new Random(43);
        String[] words = {"abc", "ded", "cab", "eab"};
        java.util.List<Float> all = new java.util.ArrayList<>();
        double[] starts = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            starts[i] = all.size() / 16000.0;
            for (float v : ToneCorpus.speak(words[i], r).samples()) {
                all.add(v);
            }
            for (int k = 0; k < 16000 * 2; k++) { // two seconds of silence between words
                all.add(0f);
            }
        }
        float[] x = new float[all.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = all.get(i);
        }
        Recognizer chunked = recognizer.withSettings(recognizer.settings().withoutLanguageModels()
                .withWeights(0, 0, 0));
        chunked = chunked.withSettings(new RecognizerSettings(32, 0, 0, dev.auris.decoder.NBestRescorer.Weights.of(0), 1, false, 3.0, List.of(), Double.POSITIVE_INFINITY, List.of(),
                0.0, dev.auris.decoder.LabelPriors.NONE));
        assertTrue(SilenceChunker.chunks(x, 16000, 3.0).size() >= 3);
        Transcript t = chunked.transcribe(x, 16000);
        assertEquals(String.join(" ", words), t.text());
        for (int i = 0; i < words.length; i++) {
            Word w = t.words().get(i);
            assertTrue(w.start() >= starts[i] && w.start() < starts[i] + 0.6, w + " should start near " + starts[i]);
        }
        // a file is read and recognised a chunk at a time, with the same result
        Path wav = dir.resolve("long.wav");
        WavWriter.write(wav, new Audio(x, 16000));
        java.util.List<Double> told = new java.util.ArrayList<>();
        Transcript fromFile = chunked.transcribe(wav, told::add);
        assertEquals(t.text(), fromFile.text());
        // progress: once per chunk, rising, ending at the file's length
        assertTrue(told.size() >= 3, told.toString());
        for (int i = 1; i < told.size(); i++) {
            assertTrue(told.get(i) > told.get(i - 1), told.toString());
        }
        assertEquals(x.length / 16000.0, told.get(told.size() - 1), 1e-9);
        // the file holds 16-bit samples: compare with the whole-audio path on exactly those
        assertEquals(chunked.transcribe(AudioDecoder.read(wav)).words(), fromFile.words());
        // and at another rate, resampled on the way in
        Path wav22 = dir.resolve("long22.wav");
        float[] x22 = SincResampler.resample(x, 16000, 22050);
        WavWriter.write(wav22, new Audio(x22, 22050));
        assertEquals(chunked.transcribe(AudioDecoder.read(wav22)).words(), chunked.transcribe(wav22).words());
    }

    @Test
    void aBundleCarriesItsLanguageModelAndTunedWeights() throws Exception {
        Path model = dir.resolve("run/model");
        java.util.List<String> text = new java.util.ArrayList<>();
        Random r = new Random(44);
        for (int i = 0; i < 200; i++) {
            text.add(ToneCorpus.randomWord(r));
        }
        Path lm = dir.resolve("tone.lm");
        dev.auris.lm.NgramModel.save(dev.auris.lm.KneserNeyEstimator.estimate(text,
                dev.auris.lm.KneserNeyEstimator.Options.of(2)), lm);
        Path bundle = dir.resolve("bundle");
        ModelBundle.assemble(model, lm, null, new RecognizerSettings(16, 0.7, 1.5, dev.auris.decoder.NBestRescorer.Weights.of(0), 1, true, 20, List.of(), 7000,
                List.of(1.1), 0.4, dev.auris.decoder.LabelPriors.NONE), bundle);
        Recognizer loaded = Recognizer.load(bundle);
        assertEquals(16, loaded.settings().beamWidth());
        assertEquals(7000, loaded.settings().bandwidthHz());
        refusesManifestEdits(bundle, "\"bandwidth_hz\" : 7000\\.0", "\"bandwidth_hz\" : -5", "\"bandwidth_hz\" : \"wide\"",
                "\"bandwidth_hz\" : [ 7000 ]");
        refusesManifestEdits(bundle, "\"alpha\" : 0\\.7", "\"alpha\" : \"high\"");
        assertEquals(List.of(1.1), loaded.settings().warps());
        refusesManifestEdits(bundle, "\"warps\" : \\[ 1\\.1 \\]", "\"warps\" : [ 3.0 ]", "\"warps\" : \"high\"");
        // valid settings that the decoder itself refuses are named with the manifest too
        refusesManifestEdits(bundle, "\"beam\" : 16", "\"beam\" : 5000");
        assertEquals(0.7, loaded.settings().alpha());
        assertEquals(1.5, loaded.settings().beta());
        assertEquals(0.4, loaded.settings().blankPenalty());
        String known = text.get(0); // a word of the LM's vocabulary (others pay the unknown-word offset)
        Audio a = ToneCorpus.speak(known, new Random(45));
        Transcript t = loaded.transcribe(a);
        assertEquals(known, t.text());
        assertTrue(t.alternatives().get(0).lmScore() < 0, "the n-gram model scored the words");
        var again = assertThrows(dev.auris.acoustic.ModelException.class,
                () -> ModelBundle.assemble(model, lm, null, RecognizerSettings.defaults(), bundle));
        assertTrue(again.getMessage().startsWith(bundle + ": already exists"), again.getMessage());
        assertThrows(dev.auris.lm.LmException.class, () -> ModelBundle.assemble(model, dir.resolve("nope.lm"), null,
                RecognizerSettings.defaults(), dir.resolve("bundle2")));
        assertTrue(!java.nio.file.Files.exists(dir.resolve("bundle2")));

        // measured figures and the data summary travel in the manifest; bad attachments write nothing
        Path metrics = java.nio.file.Files.writeString(dir.resolve("metrics.json"), "{\"test_wer\": 0.25}");
        Path bundle3 = dir.resolve("bundle3");
        ModelBundle.assemble(model, lm, null, RecognizerSettings.defaults(), java.util.Map.of("test_metrics", metrics),
                bundle3);
        String manifest = java.nio.file.Files.readString(bundle3.resolve("manifest.json"));
        var meta = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(manifest).get("metadata");
        assertEquals(0.25, meta.get("test_metrics").get("test_wer").asDouble());
        assertEquals(0.5, meta.get("decoder").get("alpha").asDouble());
        assertTrue(meta.get("decoder").get("bandwidth_hz") == null, "the full band is written as no bandwidth");
        assertTrue(meta.get("decoder").get("warps") == null, "no warps are written as none");
        assertEquals(Double.POSITIVE_INFINITY, Recognizer.load(bundle3).settings().bandwidthHz()); // still a valid bundle
        Path notJson = java.nio.file.Files.writeString(dir.resolve("notes.json"), "test_wer: 0.25");
        var bad = assertThrows(dev.auris.acoustic.ModelException.class, () -> ModelBundle.assemble(model, lm, null,
                RecognizerSettings.defaults(), java.util.Map.of("notes", notJson), dir.resolve("bundle4")));
        assertTrue(bad.getMessage().startsWith(notJson + ": is not JSON"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelBundle.assemble(model, lm, null,
                RecognizerSettings.defaults(), java.util.Map.of("decoder", metrics), dir.resolve("bundle4")));
        assertTrue(!java.nio.file.Files.exists(dir.resolve("bundle4")));

        // band limits travel too; one the model's sample rate cannot have is refused when bundling and when loading
        Path bundle5 = dir.resolve("bundle5");
        ModelBundle.assemble(model, lm, null, RecognizerSettings.defaults().withBandLimits(List.of(3000.0, 5000.0)), bundle5);
        assertEquals(List.of(3000.0, 5000.0), Recognizer.load(bundle5).settings().bandLimitsHz());
        assertThrows(IllegalArgumentException.class, () -> ModelBundle.assemble(model, lm, null,
                RecognizerSettings.defaults().withBandLimits(List.of(9000.0)), dir.resolve("bundle6")));
        assertTrue(!java.nio.file.Files.exists(dir.resolve("bundle6")));
        refusesManifestEdits(bundle5, "\\[ 3000\\.0, 5000\\.0 \\]", "[ 3000.0, 9000.0 ]", "\"wide\"");

        // label priors travel with their scale; a list of the wrong length or with a zero is refused when loading
        List<Double> priors = new java.util.ArrayList<>(java.util.Collections.nCopies(29, 0.01));
        priors.set(0, 0.72);
        Path bundle7 = dir.resolve("bundle7");
        ModelBundle.assemble(model, lm, null, RecognizerSettings.defaults()
                .withLabelPriors(new dev.auris.decoder.LabelPriors(priors, 0.6)), bundle7);
        assertEquals(new dev.auris.decoder.LabelPriors(priors, 0.6), Recognizer.load(bundle7).settings().labelPriors());
        refusesManifestEdits(bundle7, "\"label_priors\" : \\[[^]]*\\]", "\"label_priors\" : [ 0.72, 0.5 ]",
                "\"label_priors\" : [ 0.0, 0.01 ]");
        // the bundle holds a binary LM byte for byte; a damaged one is named when loading (it loads beside the
        // network), and a damaged network is named before it
        assertTrue(java.util.Arrays.equals(java.nio.file.Files.readAllBytes(lm),
                java.nio.file.Files.readAllBytes(bundle7.resolve(Recognizer.NGRAM_FILE))));
        Path lmFile = bundle7.resolve(Recognizer.NGRAM_FILE);
        byte[] lmBytes = java.nio.file.Files.readAllBytes(lmFile);
        java.nio.file.Files.write(lmFile, java.util.Arrays.copyOf(lmBytes, lmBytes.length - 2));
        var lmError = assertThrows(dev.auris.lm.LmException.class, () -> Recognizer.load(bundle7));
        assertEquals(lmFile + ": truncated language model file", lmError.getMessage());
        Path weights = bundle7.resolve("weights.bin");
        java.nio.file.Files.write(weights, new byte[12]);
        var netError = assertThrows(dev.auris.acoustic.ModelException.class, () -> Recognizer.load(bundle7));
        assertEquals(weights + ": not an Auris weights file", netError.getMessage());
    }

    /**
     * A bundle that does not rescore (RNN weight 0, as the shipped one) does not read its RNN LM, so even
     * a damaged one costs nothing; settings that rescore read it, and a damaged one is named then. A bundle
     * that rescores reads it when loading.
     */
    @Test
    void theRnnLanguageModelIsReadOnlyWhenSettingsRescore() throws Exception {
        Path model = dir.resolve("run/model");
        Path quiet = dir.resolve("bundle-rnn0");
        ModelBundle.assemble(model, null, null, RecognizerSettings.defaults().withWeights(0, 0, 0), quiet);
        Path zip = quiet.resolve(dev.auris.lm.RnnLanguageModel.BUNDLE_FILE);
        java.nio.file.Files.writeString(zip, "not a zip");
        Recognizer r = Recognizer.load(quiet);
        Random rand = new Random(45);
        String word = ToneCorpus.randomWord(rand);
        assertEquals(word, r.transcribe(ToneCorpus.speak(word, rand).samples(), 16000).text());
        var e = assertThrows(dev.auris.lm.LmException.class,
                () -> r.withSettings(r.settings().withWeights(0, 0, 0.3)));
        assertTrue(e.getMessage().startsWith(zip + ": not a readable RNN language model"), e.getMessage());
        assertEquals(0.5, r.withSettings(r.settings().withWeights(0, 0.5, 0)).settings().beta()); // no rescoring: not read
        Path rescoring = dir.resolve("bundle-rnn3");
        ModelBundle.assemble(model, null, null, RecognizerSettings.defaults().withWeights(0, 0, 0.3), rescoring);
        java.nio.file.Files.writeString(rescoring.resolve(dev.auris.lm.RnnLanguageModel.BUNDLE_FILE), "not a zip");
        assertThrows(dev.auris.lm.LmException.class, () -> Recognizer.load(rescoring));
    }

    /** A word LM rides in the recurrent slot as wordlm.bin, with the log-linear second pass's weights. */
    @Test
    void aBundleCarriesAWordLanguageModelAndItsRescoringWeights() throws Exception {
        Path model = dir.resolve("run/model");
        java.util.List<String> text = new java.util.ArrayList<>();
        Random r = new Random(46);
        for (int i = 0; i < 60; i++) {
            text.add(ToneCorpus.randomWord(r) + " " + ToneCorpus.randomWord(r));
        }
        Path words = dir.resolve("tone.wlm");
        // two networks, left to right and right to left, their big matrices in 5 bits, as the shipped bundle's
        java.util.List<dev.auris.lm.WordRnnLanguageModel> directions = new java.util.ArrayList<>();
        for (boolean backward : new boolean[] {false, true}) {
            directions.add(dev.auris.lm.WordRnnLanguageModel.train(text, new dev.auris.lm.WordRnnLanguageModel.Config(50, 8, 8,
                    1, 8, 1e-2, 0.1, 60, 1, backward), null, 0, (s, n, loss, z) -> { }));
        }
        dev.auris.lm.WordRnnLanguageModel.combine(directions).save(words, 5);
        var rescoring = new dev.auris.decoder.NBestRescorer.Weights(4, 0.5, 0.6, -0.5, -3.0);
        Path bundle = dir.resolve("bundle-words");
        ModelBundle.assemble(model, null, words, RecognizerSettings.defaults().withRescoring(rescoring), java.util.Map.of(),
                true, bundle);
        // the bundle keeps the file's width (re-saving 32 levels at 8 bits keeps each as it is, in 5 bits)
        assertEquals(java.nio.file.Files.size(words), java.nio.file.Files.size(bundle.resolve(dev.auris.lm.WordRnnLanguageModel.BUNDLE_FILE)));
        // the network in half precision: 2 bytes a weight, and outputs within rounding of the float32 model's
        long weights = java.nio.file.Files.size(model.resolve("weights.bin"));
        assertEquals(16 + (weights - 16) / 2, java.nio.file.Files.size(bundle.resolve("weights.bin")));
        Audio probe = ToneCorpus.speak(text.get(1), new Random(48));
        float[] full = dev.auris.acoustic.AcousticModel.load(model).posteriors(probe).logProbs();
        float[] half = dev.auris.acoustic.AcousticModel.load(bundle).posteriors(probe).logProbs();
        double worst = 0;
        for (int i = 0; i < full.length; i++) {
            worst = Math.max(worst, Math.abs(Math.exp(full[i]) - Math.exp(half[i])));
        }
        assertTrue(worst > 0 && worst < 1e-2, "largest posterior difference " + worst);
        assertTrue(!java.nio.file.Files.exists(bundle.resolve(dev.auris.lm.RnnLanguageModel.BUNDLE_FILE)));
        Recognizer loaded = Recognizer.load(bundle);
        assertEquals(rescoring, loaded.settings().rescoring());
        assertEquals(2, ((dev.auris.lm.WordRnnLanguageModel) dev.auris.lm.RecurrentLanguageModel.load(
                bundle.resolve(dev.auris.lm.WordRnnLanguageModel.BUNDLE_FILE))).networks());
        String said = text.get(0).split(" ")[0];
        Transcript t = loaded.transcribe(ToneCorpus.speak(said, new Random(47)));
        assertEquals(said, t.text());
        refusesManifestEdits(bundle, "\"rescore_list\" : 4", "\"rescore_list\" : 0");
        refusesManifestEdits(bundle, "\"rescore_beta\" : -0\\.5,", "");
        // a damaged word LM is named in one line when the bundle is loaded
        java.nio.file.Files.writeString(bundle.resolve(dev.auris.lm.WordRnnLanguageModel.BUNDLE_FILE), "AURISWL2\0\0"); // cut off inside the header
        var e = assertThrows(dev.auris.lm.LmException.class, () -> Recognizer.load(bundle));
        assertEquals(bundle.resolve(dev.auris.lm.WordRnnLanguageModel.BUNDLE_FILE) + ": truncated", e.getMessage());
    }

    /**
     * Each edit of the bundle's manifest (the first match of {@code regex} replaced) is refused in one line when
     * loading; the manifest is put back afterwards.
     */
    private static void refusesManifestEdits(Path bundle, String regex, String... edits) throws Exception {
        Path manifest = bundle.resolve("manifest.json");
        String good = java.nio.file.Files.readString(manifest);
        for (String broken : edits) {
            java.nio.file.Files.writeString(manifest, good.replaceFirst(regex, broken));
            var e = assertThrows(dev.auris.acoustic.ModelException.class, () -> Recognizer.load(bundle));
            assertTrue(e.getMessage().startsWith(manifest + ": invalid decoder settings"), e.getMessage());
        }
        java.nio.file.Files.writeString(manifest, good);
    }

    @Test
    void badAudioIsReportedWithItsName() {
        AudioException e = assertThrows(AudioException.class, () -> recognizer.transcribe(dir.resolve("missing.wav")));
        assertEquals(dir.resolve("missing.wav") + ": no such file", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> recognizer.stream(4000));
    }
}
