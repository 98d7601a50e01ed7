package dev.auris.corpora.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.corpora.CorpusException;
import dev.auris.corpora.Manifest;
import dev.auris.corpora.Utterance;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.AudioDecoder;
import dev.auris.frontend.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real festival (scripts/install-system-deps installs it with its three English voices). */
class HeldOutCorpusTest {

    @TempDir
    Path dir;

    private Path sourceCorpus(String... transcripts) throws IOException {
        List<Utterance> utts = new ArrayList<>();
        for (int i = 0; i < transcripts.length; i++) {
            Path wav = dir.resolve("src-" + i + ".wav");
            WavWriter.write(wav, new Audio(new float[1600], 16000));
            utts.add(Utterance.of("src-" + i, wav, transcripts[i], 0.1, "espeak-ng:en-us"));
        }
        Path manifest = dir.resolve("source.tsv");
        Manifest.write(manifest, utts);
        return manifest;
    }

    @Test
    void speaksEachTranscriptWithFestivalsVoicesInTurn() throws IOException {
        List<String> said = List.of("the cat sat on the mat", "seven birds flew over the quiet river",
                "please bring the red book to my office", "this one is past the limit");
        Path out = dir.resolve("heldout");
        var summary = HeldOutCorpus.build(new HeldOutCorpus.Config(sourceCorpus(said.toArray(String[]::new)), out, 3, 5, 2),
                (d, t, h) -> { });
        List<Utterance> utts = Manifest.read(out.resolve("test.tsv"));
        assertEquals(3, utts.size());
        assertEquals(3, summary.utterances());
        List<String> voices = new ArrayList<>();
        for (int i = 0; i < utts.size(); i++) {
            Utterance u = utts.get(i);
            assertEquals(said.get(i), u.transcript());
            assertTrue(u.speaker().startsWith("festival:"), u.speaker());
            voices.add(u.speaker());
            Audio a = AudioDecoder.read(u.audio());
            assertEquals(16000, a.sampleRate());
            assertEquals(a.durationSeconds(), u.durationSeconds(), 1e-3);
            // about 170 words a minute at rates 0.9-1.15: an engine that said nothing, or the wrong text, is caught
            double words = u.transcript().split(" ").length;
            assertTrue(a.durationSeconds() > words * 0.15 && a.durationSeconds() < words * 0.8 + 1.5,
                    u.id() + " lasts " + a.durationSeconds() + " s for " + words + " words");
            double energy = 0;
            for (float x : a.samples()) {
                energy += x * x;
            }
            assertTrue(Math.sqrt(energy / a.samples().length) > 0.01, "speech, not silence");
        }
        assertEquals(List.of("festival:cmu_us_slt_arctic_hts", "festival:kal_diphone", "festival:ked_diphone"), voices,
                "the installed voices in turn, in name order");
        String summaryJson = Files.readString(out.resolve("summary.json"));
        assertTrue(summaryJson.contains("\"engines\":[\"festival\"]"), summaryJson);
        List<String> meta = Files.readAllLines(out.resolve("test.meta.tsv"));
        assertEquals(4, meta.size());
        for (String line : meta.subList(1, 4)) {
            double rate = Double.parseDouble(line.split("\t")[3]);
            assertTrue(rate >= 0.9 && rate <= 1.15, line);
        }
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".heldout-")), "no work folder left");
        }
    }

    @Test
    void neverWritesIntoAnExistingFolder() throws IOException {
        Path out = dir.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "precious");
        Path source = sourceCorpus("one two three");
        CorpusException e = assertThrows(CorpusException.class,
                () -> HeldOutCorpus.build(new HeldOutCorpus.Config(source, out, 10, 1, 1), (d, t, h) -> { }));
        assertEquals(out + ": already exists; choose a new --out", e.getMessage());
        assertEquals("precious", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void aCorpusWithoutTranscriptsIsNamed() throws IOException {
        Path source = sourceCorpus("", " ");
        Path out = dir.resolve("heldout");
        CorpusException e = assertThrows(CorpusException.class,
                () -> HeldOutCorpus.build(new HeldOutCorpus.Config(source, out, 10, 1, 1), (d, t, h) -> { }));
        assertEquals(source + ":1: empty transcript for src-0.wav", e.getMessage());
        assertFalse(Files.exists(out));
    }
}
