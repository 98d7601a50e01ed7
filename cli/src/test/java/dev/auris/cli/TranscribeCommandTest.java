package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.acoustic.ToneCorpus;
import dev.auris.frontend.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscribeCommandTest {

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void trainTinyModel() throws Exception {
        model = ToneCorpus.trainTinyModel(dir);
    }

    private static Path word(String name, String word, long seed) throws Exception {
        Path p = dir.resolve(name);
        WavWriter.write(p, ToneCorpus.speak(word, new Random(seed)));
        return p;
    }

    @Test
    void severalFilesInOrderWithOneLineErrorsForBadOnes() throws Exception {
        Path a = word("a.wav", "abcd", 1);
        Path b = word("b.wav", "edcb", 2);
        Path bad = dir.resolve("bad.wav");
        Files.writeString(bad, "not audio");
        var r = FeaturesCommandTest.run("transcribe", "--model", model.toString(), a.toString(), bad.toString(), b.toString());
        assertEquals(1, r.code());
        assertEquals(a + "\tabcd\n" + b + "\tedcb\n", r.out());
        assertEquals("auris: " + bad + ": not a WAV, FLAC or MP3 file", r.err().strip());
    }

    @Test
    void jsonSrtAndVttCarryTheWordsAndTimes() throws Exception {
        Path a = word("c.wav", "eab", 3);
        var json = FeaturesCommandTest.run("transcribe", "--model", model.toString(), "--format", "json", "--nbest", "3",
                "--no-lm", a.toString());
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().startsWith("{\"file\":\"" + a + "\",\"text\":\"eab\""), json.out());
        assertTrue(json.out().contains("\"words\":[{\"word\":\"eab\",\"start\":"), json.out());
        assertEquals(3, json.out().split("\"acoustic\"").length - 1, "three alternatives");
        var srt = FeaturesCommandTest.run("transcribe", "--model", model.toString(), "--format", "srt", a.toString());
        assertTrue(srt.out().matches("1\\n00:00:00,\\d{3} --> 00:00:00,\\d{3}\\neab\\n\\n"), srt.out());
        var vtt = FeaturesCommandTest.run("transcribe", "--model", model.toString(), "--format", "vtt", a.toString());
        assertTrue(vtt.out().matches("WEBVTT\\n\\n00:00:00\\.\\d{3} --> 00:00:00\\.\\d{3}\\neab\\n\\n"), vtt.out());
    }

    @Test
    void anNBestBelowOneIsOneLine() {
        var r = FeaturesCommandTest.run("transcribe", "--model", model.toString(), "--nbest", "0", "x.wav");
        assertEquals(UserErrors.EXIT_BAD_INPUT, r.code());
        assertEquals("auris: --nbest: need at least 1 alternative, got 0", r.err().strip());
    }

    @Test
    void aMissingModelIsOneLine() {
        var r = FeaturesCommandTest.run("transcribe", "--model", dir.resolve("none").toString(), "x.wav");
        assertEquals(1, r.code());
        assertEquals("auris: " + dir.resolve("none") + ": no such model folder", r.err().strip());
    }

    /** --stages scores each decoding exactly as the one-stage evaluate runs do, from one pass of the network. */
    @Test
    void evaluateStagesMatchesSeparateRunsOfEachDecoding() throws Exception {
        Path corpus = ToneCorpus.write(dir, "staged", 8, 9);
        java.util.List<String> words = new java.util.ArrayList<>();
        Random r = new Random(10);
        for (int i = 0; i < 100; i++) {
            words.add(ToneCorpus.randomWord(r));
        }
        Path lm = dir.resolve("staged.lm");
        dev.auris.lm.NgramModel.save(dev.auris.lm.KneserNeyEstimator.estimate(words,
                dev.auris.lm.KneserNeyEstimator.Options.of(2)), lm);
        String m = model.toString();
        var staged = FeaturesCommandTest.run("evaluate", "--stages", "--json", "--manifest", corpus.toString(), "--model", m,
                "--lm", lm.toString(), "--alpha", "0.7", "--beta", "1.5");
        assertEquals(0, staged.code(), staged.err());
        var greedy = FeaturesCommandTest.run("evaluate", "--json", "--greedy", "--manifest", corpus.toString(), "--model", m);
        var beam = FeaturesCommandTest.run("evaluate", "--json", "--alpha", "0", "--beta", "0", "--manifest",
                corpus.toString(), "--model", m);
        var withLm = FeaturesCommandTest.run("evaluate", "--json", "--lm", lm.toString(), "--alpha", "0.7", "--beta", "1.5",
                "--manifest", corpus.toString(), "--model", m);
        var json = new org.nd4j.shade.jackson.databind.ObjectMapper();
        var stages = json.readTree(staged.out()).get("stages");
        java.util.List<String> names = new java.util.ArrayList<>();
        stages.fieldNames().forEachRemaining(names::add);
        assertEquals(java.util.List.of("greedy", "beam", "beam+ngram"), names, "no RNN LM given, so no fourth stage");
        String[][] pairs = {{"greedy", greedy.out()}, {"beam", beam.out()}, {"beam+ngram", withLm.out()}};
        for (String[] p : pairs) {
            var single = json.readTree(p[1]);
            assertEquals(single.get("words").get("errors").asLong(), stages.get(p[0]).get("words").get("errors").asLong(), p[0]);
            assertEquals(single.get("characters").get("errors").asLong(),
                    stages.get(p[0]).get("characters").get("errors").asLong(), p[0]);
            assertEquals(8, stages.get(p[0]).get("utterances").asInt());
        }
        Path saved = dir.resolve("stages.json");
        var text = FeaturesCommandTest.run("evaluate", "--stages", "--manifest", corpus.toString(), "--model", m,
                "--save", saved.toString());
        assertTrue(text.out().contains("| decoding | WER | CER | real-time factor |\n"), text.out());
        assertEquals(stages.get("greedy").get("wer"), json.readTree(Files.readString(saved)).get("stages").get("greedy").get("wer"));
        var again = FeaturesCommandTest.run("evaluate", "--stages", "--manifest", corpus.toString(), "--model", m,
                "--save", saved.toString());
        assertEquals(1, again.code(), "an existing file is not overwritten without --force");
        assertTrue(text.out().contains("\n| greedy | ") && text.out().contains("\n| beam | "), text.out());
        var wrong = FeaturesCommandTest.run("evaluate", "--stages", "--greedy", "--manifest", corpus.toString(), "--model", m);
        assertEquals("auris: --stages needs --manifest and --model, and no --greedy, --report, --write-hyp or --compare",
                wrong.err().strip());
    }

    /** Each speaker's row of --by-speaker equals a separate run over that speaker's utterances alone. */
    @Test
    void evaluateBySpeakerMatchesRunsOverEachSpeakersUtterances() throws Exception {
        Path corpus = ToneCorpus.write(dir, "speakers", 9, 11);
        List<String> lines = Files.readAllLines(corpus);
        StringBuilder all = new StringBuilder();
        java.util.Map<String, StringBuilder> bySpeaker = new java.util.TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String speaker = "s" + (i % 3 == 0 ? 0 : 1); // 3 and 6 utterances
            String line = lines.get(i) + "\t\t" + speaker + "\n";
            all.append(line);
            bySpeaker.computeIfAbsent(speaker, k -> new StringBuilder()).append(line);
        }
        Path manifest = dir.resolve("speakers-named.tsv");
        Files.writeString(manifest, all);
        var r = FeaturesCommandTest.run("evaluate", "--json", "--greedy", "--by-speaker", "--manifest", manifest.toString(),
                "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        var json = new org.nd4j.shade.jackson.databind.ObjectMapper();
        var rows = json.readTree(r.out()).get("per_speaker");
        assertEquals(2, rows.size());
        for (var row : rows) {
            String speaker = row.get("speaker").asText();
            Path one = dir.resolve("speaker-" + speaker + ".tsv");
            Files.writeString(one, bySpeaker.get(speaker));
            var alone = json.readTree(FeaturesCommandTest.run("evaluate", "--json", "--greedy", "--manifest", one.toString(),
                    "--model", model.toString()).out());
            assertEquals(alone.get("utterances").asInt(), row.get("utterances").asInt(), speaker);
            assertEquals(alone.get("words"), row.get("words"), speaker);
            assertEquals(alone.get("characters"), row.get("characters"), speaker);
        }
        var text = FeaturesCommandTest.run("evaluate", "--greedy", "--by-speaker", "--manifest", manifest.toString(),
                "--model", model.toString());
        assertTrue(text.out().contains("| speaker | utterances | WER | CER | share of word errors |"), text.out());
        var wrong = FeaturesCommandTest.run("evaluate", "--by-speaker", "--ref", manifest.toString(), "--hyp", manifest.toString());
        assertEquals(1, wrong.code());
        assertEquals("auris: --by-speaker needs --manifest and --model (the manifest names the speakers), and no --stages",
                wrong.err().strip());
    }

    /**
     * --compare with a model: against its own hypotheses no difference; against made-up hypotheses with one word
     * deleted or inserted in chosen utterances, the counts follow from the per-utterance errors.
     */
    @Test
    void evaluateComparesAModelWithOtherHypotheses() throws Exception {
        Path corpus = ToneCorpus.write(dir, "pairs", 6, 13);
        Path own = dir.resolve("own.tsv");
        var first = FeaturesCommandTest.run("evaluate", "--json", "--greedy", "--manifest", corpus.toString(),
                "--model", model.toString(), "--write-hyp", own.toString());
        assertEquals(0, first.code(), first.err());
        var json = new org.nd4j.shade.jackson.databind.ObjectMapper();
        var utterances = json.readTree(first.out()).get("per_utterance");
        StringBuilder others = new StringBuilder();
        int difference = 0;
        int better = 0;
        int worse = 0;
        for (int i = 0; i < utterances.size(); i++) {
            var u = utterances.get(i);
            String ref = u.get("reference").asText();
            // every third utterance loses its last word, the next gains one, the next is the reference: 1, 1, 0 errors
            String other = i % 3 == 0 ? ref.substring(0, Math.max(0, ref.lastIndexOf(' '))) : i % 3 == 1 ? ref + " extra" : ref;
            others.append(u.get("id").asText()).append('\t').append(other).append('\n');
            int base = u.get("word_errors").asInt();
            int mine = i % 3 == 2 ? 0 : 1;
            difference += mine - base;
            better += mine < base ? 1 : 0;
            worse += mine > base ? 1 : 0;
        }
        Path made = dir.resolve("made-up.tsv");
        Files.writeString(made, others);
        var same = json.readTree(FeaturesCommandTest.run("evaluate", "--json", "--greedy", "--manifest", corpus.toString(),
                "--model", model.toString(), "--compare", own.toString()).out()).get("paired");
        assertEquals(0, same.get("difference").asInt());
        assertEquals(0, same.get("other_better").asInt() + same.get("other_worse").asInt());
        var r = FeaturesCommandTest.run("evaluate", "--json", "--greedy", "--manifest", corpus.toString(),
                "--model", model.toString(), "--compare", made.toString());
        assertEquals(0, r.code(), r.err());
        var paired = json.readTree(r.out()).get("paired");
        assertEquals(utterances.size(), paired.get("utterances").asInt());
        assertEquals(difference, paired.get("difference").asInt());
        assertEquals(better, paired.get("other_better").asInt());
        assertEquals(worse, paired.get("other_worse").asInt());
        assertTrue(worse > 0, "the made-up hypotheses are worse somewhere");
    }

    @Test
    void bundleAttachmentsThatCannotBeReadAreOneLineAndWriteNothing() throws Exception {
        Path out = dir.resolve("attached");
        Path missing = dir.resolve("missing.json");
        var r = FeaturesCommandTest.run("bundle", "--model", model.toString(), "--attach", "notes=" + missing,
                "--out", out.toString());
        assertEquals(1, r.code());
        assertEquals("auris: " + missing + ": no such file", r.err().strip());
        Path text = Files.writeString(dir.resolve("notes.txt"), "not json");
        var notJson = FeaturesCommandTest.run("bundle", "--model", model.toString(), "--attach", "notes=" + text,
                "--out", out.toString());
        assertTrue(notJson.err().strip().startsWith("auris: " + text + ": is not JSON"), notJson.err());
        assertEquals(1, notJson.err().strip().lines().count());
        var reserved = FeaturesCommandTest.run("bundle", "--model", model.toString(), "--attach", "decoder=" + text,
                "--out", out.toString());
        assertTrue(reserved.err().strip().startsWith("auris: cannot attach metadata as 'decoder'"), reserved.err());
        assertTrue(!Files.exists(out));
    }

    @Test
    void subtitleTimesAreFormattedPerStandard() {
        assertEquals("01:02:03,456", TranscribeCommand.time(3723.456, false));
        assertEquals("00:00:00.050", TranscribeCommand.time(0.05, true));
    }
}
