package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.acoustic.ToneCorpus;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aTrainedModelIsTimedOnTheSamplesBesideRandomWeightsOfItsShape(@TempDir Path dir) throws Exception {
        Path model = ToneCorpus.trainTinyModel(dir.resolve("run"));
        Path samples = Files.createDirectories(dir.resolve("samples"));
        Random r = new Random(7);
        double seconds = 0;
        for (String word : new String[] {"abcd", "dcba", "bad"}) {
            Audio a = ToneCorpus.speak(word, r);
            WavWriter.write(samples.resolve(word + ".wav"), a);
            seconds += a.samples().length / (double) a.sampleRate();
        }
        Files.writeString(samples.resolve("notes.txt"), "not audio, and not listed");
        var run = FeaturesCommandTest.run("bench", "acoustic", "--models", model.toString(), "--samples",
                samples.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        var json = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(run.out());
        assertEquals(model.toString(), json.get("model1_path").asText());
        assertEquals("SIMPLE", json.get("model1_cell").asText());
        assertEquals(48, json.get("model1_width").asInt()); // ToneCorpus.tinyConfig's
        assertEquals(48, json.get("model1_recurrent_width").asInt());
        assertEquals(seconds, json.get("model1_audio_seconds").asDouble(), 1e-9);
        double trained = json.get("model1_real_time_factor").asDouble();
        double untrained = json.get("model1_untrained_real_time_factor").asDouble();
        assertTrue(trained > 0 && untrained > 0, run.out());
        // printed to 4 significant figures
        assertEquals(trained / untrained, json.get("model1_trained_over_untrained").asDouble(), 2e-3 * trained / untrained);
        assertTrue(!json.has("w256_real_time_factor"), "the random-weight widths run only when asked: " + run.out());
        double warped = json.get("model1_warps2_real_time_factor").asDouble(); // the default --warps 1.1,1.2
        assertEquals(warped / trained, json.get("model1_warps2_cost_in_passes").asDouble(), 2e-3 * warped / trained);
    }

    @Test
    void badModelsOrSamplesAreOneLineNamingThem(@TempDir Path dir) throws Exception {
        Path samples = Files.createDirectories(dir.resolve("samples"));
        WavWriter.write(samples.resolve("a.wav"), ToneCorpus.speak("abc", new Random(1)));
        var model = FeaturesCommandTest.run("bench", "acoustic", "--models", dir.resolve("no-such-model").toString(),
                "--samples", samples.toString());
        assertEquals(1, model.code());
        assertEquals(1, model.err().strip().lines().count(), model.err());
        assertTrue(model.err().contains("no-such-model"), model.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        var none = FeaturesCommandTest.run("bench", "acoustic", "--models", "x", "--samples", empty.toString());
        assertEquals(1, none.code());
        assertEquals("auris: " + empty + ": no audio files to measure on", none.err().strip());
        Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
        Files.writeString(corrupt.resolve("x.wav"), "not audio");
        var bad = FeaturesCommandTest.run("bench", "acoustic", "--models", "x", "--samples", corrupt.toString());
        assertEquals(1, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains(corrupt.resolve("x.wav").toString()), bad.err());
        var missing = FeaturesCommandTest.run("bench", "transcribe", "--samples", dir.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertEquals("auris: " + dir.resolve("nope") + ": not a folder of audio files (--samples)", missing.err().strip());
    }
}
