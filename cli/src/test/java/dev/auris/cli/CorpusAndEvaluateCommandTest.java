package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.AudioDecoder;
import dev.auris.frontend.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusAndEvaluateCommandTest {

    @TempDir
    Path dir;

    @Test
    void evaluatePrintsHandComputedWerAndCer() throws Exception {
        Path ref = dir.resolve("ref.tsv");
        Path hyp = dir.resolve("hyp.tsv");
        Files.writeString(ref, "u1\tThe cat sat on the mat.\nu2\tHello world\nu3\tgood morning\n");
        Files.writeString(hyp, "u1\tthe cat sit on mat\nu2\thello word\n");
        var r = FeaturesCommandTest.run("evaluate", "--ref", ref.toString(), "--hyp", hyp.toString());
        assertEquals(0, r.code(), r.err());
        // words: u1 S1 D1 of 6, u2 S1 of 2, u3 D2 of 2 -> 5 errors / 10
        assertTrue(r.out().contains("WER 50.00% (5 errors: 2 substitutions, 3 deletions, 0 insertions)"), r.out());
        // chars: u1 "the cat sat on the mat" (22) vs "the cat sit on mat": a->i, and "the " deleted (4) = 5;
        // u2 "hello world" (11): 1 deletion; u3 "good morning" (12): 12 deletions -> 18 / 45
        assertTrue(r.out().contains("CER 40.00% (18 errors"), r.out());
        assertTrue(r.err().contains("1 references have no hypothesis"), r.err());

        Path html = dir.resolve("r.html");
        var j = FeaturesCommandTest.run("evaluate", "--ref", ref.toString(), "--hyp", hyp.toString(), "--json",
                "--report", html.toString());
        assertTrue(j.out().startsWith("{\"utterances\":3,"), j.out());
        assertTrue(j.out().contains("\"wer\":0.5"), j.out());
        String page = Files.readString(html);
        assertTrue(page.contains("<span class=\"sub\">sat&rarr;sit</span>"), page);
        assertTrue(page.contains("<span class=\"del\">the</span>"), page);
        var again = FeaturesCommandTest.run("evaluate", "--ref", ref.toString(), "--hyp", hyp.toString(), "--report", html.toString());
        assertEquals(1, again.code());
    }

    /** --compare pairs two hypothesis files per utterance; the counts and spread worked out by hand. */
    @Test
    void evaluateComparesTwoSystemsUtteranceByUtterance() throws Exception {
        Path ref = dir.resolve("ref.tsv");
        Path hyp = dir.resolve("hyp.tsv");
        Path other = dir.resolve("other.tsv");
        Files.writeString(ref, "u1\tthe cat sat on the mat\nu2\thello world\nu3\tgood morning\n");
        Files.writeString(hyp, "u1\tthe cat sit on mat\nu2\thello word\nu3\tgood morning\n"); // errors 2, 1, 0
        Files.writeString(other, "u1\tthe cat sat on the mat\nu2\thello world\n");              // errors 0, 0, 2 (u3 empty)
        var r = FeaturesCommandTest.run("evaluate", "--ref", ref.toString(), "--hyp", hyp.toString(), "--compare", other.toString());
        assertEquals(0, r.code(), r.err());
        // differences -2, -1, +2: mean -1/3, squares 4/9 + 25/9 + 49/9 = 78/9, sd of the sum sqrt(3 * 78/9 / 2) = sqrt(13)
        assertTrue(r.out().contains("paired with other.tsv over 3 utterances: 2 word errors against 3, difference -1"
                + String.format(java.util.Locale.ROOT, " (standard deviation %.1f, z %.2f,", Math.sqrt(13), -1 / Math.sqrt(13))),
                r.out());
        assertTrue(r.out().contains("; 2 utterances better, 1 worse"), r.out());
        assertTrue(r.err().contains("other.tsv: 1 utterances have no hypothesis and count as empty"), r.err());
        var j = FeaturesCommandTest.run("evaluate", "--ref", ref.toString(), "--hyp", hyp.toString(), "--compare",
                other.toString(), "--json");
        assertTrue(j.out().contains("\"paired\":{\"other\":\"other.tsv\",\"utterances\":3,\"word_errors\":3,"
                + "\"other_word_errors\":2,\"difference\":-1,"), j.out());

        Path stranger = dir.resolve("stranger.tsv");
        Files.writeString(stranger, "x1\tthe cat\n");
        var none = FeaturesCommandTest.run("evaluate", "--ref", ref.toString(), "--hyp", hyp.toString(), "--compare", stranger.toString());
        assertEquals(1, none.code());
        assertEquals("auris: " + stranger + ": none of its ids names an utterance scored here", none.err().strip());
        var strangerHyp = FeaturesCommandTest.run("evaluate", "--ref", ref.toString(), "--hyp", stranger.toString());
        assertEquals(1, strangerHyp.code());
        assertEquals("auris: " + stranger + ": none of its ids names an utterance of " + ref, strangerHyp.err().strip());
        var missing = FeaturesCommandTest.run("evaluate", "--ref", ref.toString(), "--hyp", hyp.toString(), "--compare",
                dir.resolve("nope.tsv").toString());
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().contains("nope.tsv"), missing.err());
    }

    /** corpus heldout: a missing corpus or a bad count is one line, and no folder is made. */
    @Test
    void heldoutRefusesBadInputInOneLine() throws Exception {
        Path out = dir.resolve("heldout");
        var missing = FeaturesCommandTest.run("corpus", "heldout", "--sentences", dir.resolve("nope.tsv").toString(),
                "--out", out.toString());
        assertEquals(1, missing.code(), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("auris: " + dir.resolve("nope.tsv")), missing.err());
        var zero = FeaturesCommandTest.run("corpus", "heldout", "--sentences", dir.resolve("nope.tsv").toString(),
                "--out", out.toString(), "--limit", "0");
        assertEquals(1, zero.code(), zero.err());
        assertEquals("auris: --limit and --workers must be at least 1", zero.err().strip());
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(out));
    }

    @Test
    void evaluateRejectsBadTablesWithFileAndLine() throws Exception {
        Path ref = dir.resolve("ref.tsv");
        Files.writeString(ref, "u1\tfine\nu2 no tab here\n");
        var r = FeaturesCommandTest.run("evaluate", "--ref", ref.toString(), "--hyp", ref.toString());
        assertEquals(1, r.code());
        assertEquals("auris: " + ref + ":2: expected id<TAB>text", r.err().strip());
    }

    @Test
    void evaluateWithAModelNeedsABundleAndSaysWhatIsWrong() throws Exception {
        Path m = dir.resolve("m.tsv");
        Files.writeString(m, "x.wav\thello\n");
        var both = FeaturesCommandTest.run("evaluate", "--ref", m.toString(), "--model", dir.toString());
        assertEquals(1, both.code());
        assertEquals("auris: give either --ref and --hyp, or --manifest and --model", both.err().strip());
        var missing = FeaturesCommandTest.run("evaluate", "--manifest", m.toString(), "--model", dir.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertEquals("auris: " + dir.resolve("nope") + ": no such model folder", missing.err().strip());
    }

    @Test
    void promptsLeaveOutTheSentencesOfHeldOutCorpora() throws Exception {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "One two three four five.\nSix seven eight nine ten.\nToo short.\nEleven twelve thirteen fourteen fifteen.\n");
        WavWriter.write(dir.resolve("a.wav"), new Audio(new float[1600], 16000));
        Path test = dir.resolve("test.tsv");
        Files.writeString(test, "a.wav\tSix, seven, eight, nine, ten!\n");
        Path out = dir.resolve("lm.txt");
        var r = FeaturesCommandTest.run("corpus", "prompts", "--text", text.toString(), "--exclude", test.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("one two three four five", "eleven twelve thirteen fourteen fifteen"), Files.readAllLines(out));
        assertTrue(r.out().contains("left out 1 sentences"), r.out());
    }

    @Test
    void convertCutsKaldiSegmentsIntoFiles() throws Exception {
        float[] x = new float[16000 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * Math.sin(i * 0.01));
        }
        Path rec = dir.resolve("rec.wav");
        WavWriter.write(rec, new Audio(x, 16000));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("wav.scp"), "r1 " + rec + "\n");
        Files.writeString(data.resolve("text"), "a first part\nb second part\n");
        Files.writeString(data.resolve("segments"), "a r1 0.0 1.0\nb r1 1.0 2.5\n");
        Path out = dir.resolve("out/all.tsv");
        Files.createDirectories(out.getParent());
        var r = FeaturesCommandTest.run("corpus", "convert", "--from", data.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("all-segments/a.wav\tfirst part\t1.000", "all-segments/b.wav\tsecond part\t1.500"),
                lines.stream().map(l -> l.substring(0, l.lastIndexOf('\t'))).toList());
        Audio b = AudioDecoder.read(out.getParent().resolve("all-segments/b.wav"));
        assertEquals(24000, b.samples().length);
        assertEquals(x[16000], b.samples()[0], 1.0 / 32767);
    }
}
