package dev.auris.corpora.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.corpora.CorpusException;
import dev.auris.corpora.Manifest;
import dev.auris.corpora.Utterance;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.AudioDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusBuilderTest {

    @TempDir
    Path dir;

    private static List<TtsVoice> fakeVoices(String engine, int n) {
        List<TtsVoice> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            v.add(new TtsVoice(engine, "v" + i, engine + "-v" + i, i % 2 == 0));
        }
        return v;
    }

    private static List<String> sentences(int n) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add("sentence number " + i + " has a few words");
        }
        return Prompts.clean(s);
    }

    @Test
    void planKeepsSentencesAndHeldOutVariantsApart() throws IOException {
        var config = new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 2.0, 42, 2, 0.05, 0.05, 0);
        var plan = SyntheticCorpusBuilder.plan(config, sentences(3000), new TtsEngine.EspeakNg(),
                fakeVoices("espeak-ng", 100), new TtsEngine.Flite(), fakeVoices("flite", 5));
        for (String a : SyntheticCorpusBuilder.SPLITS) {
            for (String b : SyntheticCorpusBuilder.SPLITS) {
                if (a.compareTo(b) < 0) {
                    Set<String> sa = plan.stream().filter(p -> p.split().equals(a)).map(p -> p.sentence()).collect(Collectors.toSet());
                    Set<String> sb = plan.stream().filter(p -> p.split().equals(b)).map(p -> p.sentence()).collect(Collectors.toSet());
                    sa.retainAll(sb);
                    assertTrue(sa.isEmpty(), a + " and " + b + " share sentences " + sa);
                }
            }
        }
        Set<String> trainVariants = variants(plan, "train");
        for (String held : List.of("dev", "test")) {
            Set<String> v = variants(plan, held);
            assertTrue(!v.isEmpty());
            v.retainAll(trainVariants);
            assertTrue(v.isEmpty(), held + " uses training variants " + v);
        }
        long test = plan.stream().filter(p -> p.split().equals("test")).count();
        assertEquals(0.05, test / (double) plan.size(), 0.005);
        assertTrue(plan.stream().anyMatch(p -> p.engine().name().equals("flite")));
        assertTrue(plan.stream().noneMatch(p -> p.voice().engine().contains("festival")));
        // the seed decides everything
        var again = SyntheticCorpusBuilder.plan(config, sentences(3000), new TtsEngine.EspeakNg(),
                fakeVoices("espeak-ng", 100), new TtsEngine.Flite(), fakeVoices("flite", 5));
        assertEquals(describe(plan), describe(again), "same seed, same plan");
        var other = SyntheticCorpusBuilder.plan(new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 2.0, 43, 2,
                0.05, 0.05, 0), sentences(3000), new TtsEngine.EspeakNg(), fakeVoices("espeak-ng", 100),
                new TtsEngine.Flite(), fakeVoices("flite", 5));
        assertNotEquals(plan.get(0).sentence() + plan.get(1).sentence(), other.get(0).sentence() + other.get(1).sentence());
    }

    @Test
    void generatedVoicesOnlyJoinTraining() throws IOException {
        var stock = SyntheticCorpusBuilder.plan(new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 2.0, 42, 2,
                0.05, 0.05, 0), sentences(3000), new TtsEngine.EspeakNg(), fakeVoices("espeak-ng", 100),
                new TtsEngine.Flite(), fakeVoices("flite", 5));
        var mixed = SyntheticCorpusBuilder.plan(new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 2.0, 42, 2,
                0.05, 0.05, 200), sentences(3000), new TtsEngine.EspeakNg(), fakeVoices("espeak-ng", 100),
                new TtsEngine.Flite(), fakeVoices("flite", 5));
        Set<String> train = variants(mixed, "train");
        long generated = train.stream().filter(v -> v.startsWith(GeneratedVariants.PREFIX)).count();
        assertTrue(generated > 150, "only " + generated + " of 200 generated variants speak in training");
        for (String held : List.of("dev", "test")) {
            assertEquals(variants(stock, held), variants(mixed, held), held + " must keep the stock held-out variants");
            assertEquals(sentencesOf(stock, held), sentencesOf(mixed, held));
        }
        assertEquals(sentencesOf(stock, "train"), sentencesOf(mixed, "train"));
    }

    @Test
    void voiceSeedKeepsTheSplitAndDrawsOtherVoices() throws IOException {
        var own = new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 2.0, 42, 2, 0.05, 0.05, 200);
        var sameSeed = new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 2.0, 42, 2, 0.05, 0.05, 200, 42, VariantSpread.NARROW, 0);
        var other = new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 2.0, 42, 2, 0.05, 0.05, 200, 7, VariantSpread.NARROW, 0);
        var a = SyntheticCorpusBuilder.plan(own, sentences(3000), new TtsEngine.EspeakNg(), fakeVoices("espeak-ng", 100),
                new TtsEngine.Flite(), fakeVoices("flite", 5));
        var b = SyntheticCorpusBuilder.plan(sameSeed, sentences(3000), new TtsEngine.EspeakNg(), fakeVoices("espeak-ng", 100),
                new TtsEngine.Flite(), fakeVoices("flite", 5));
        var c = SyntheticCorpusBuilder.plan(other, sentences(3000), new TtsEngine.EspeakNg(), fakeVoices("espeak-ng", 100),
                new TtsEngine.Flite(), fakeVoices("flite", 5));
        // a voice seed equal to the seed is the corpus as built before the option existed
        assertEquals(describe(a), describe(b));
        Set<String> stockTrain = variants(a, "train");
        stockTrain.removeIf(v -> v.startsWith(GeneratedVariants.PREFIX));
        Set<String> heldOut = new HashSet<>(variants(a, "dev"));
        heldOut.addAll(variants(a, "test"));
        for (String split : SyntheticCorpusBuilder.SPLITS) {
            assertEquals(sentencesOf(a, split), sentencesOf(c, split), split + " sentences must not move");
        }
        for (String held : List.of("dev", "test")) {
            Set<String> v = variants(c, held);
            assertTrue(heldOut.containsAll(v), held + " speaks with " + v + ", not only the held-out " + heldOut);
        }
        Set<String> trainC = variants(c, "train");
        assertTrue(trainC.stream().noneMatch(heldOut::contains), "training speaks with a held-out variant");
        Set<String> generatedC = trainC.stream().filter(v -> v.startsWith(GeneratedVariants.PREFIX)).collect(Collectors.toSet());
        assertTrue(generatedC.size() > 150, "only " + generatedC.size() + " made-up variants in training");
        assertTrue(generatedC.stream().allMatch(v -> v.startsWith("gen-s7-")), "made-up variants not named by their seed");
        assertTrue(variants(a, "train").stream().noneMatch(generatedC::contains), "two voice seeds share a variant name");
        int sameVoice = 0;
        for (int i = 0; i < a.size(); i++) {
            sameVoice += a.get(i).voice().variant().equals(c.get(i).voice().variant()) ? 1 : 0;
        }
        assertTrue(sameVoice < a.size() / 10, sameVoice + " of " + a.size() + " utterances kept their variant");
        String file = GeneratedVariants.variantFile(7, 3, "s7-", VariantSpread.NARROW);
        assertTrue(file.contains("\nname gen-s7-003\n"), file);
        assertNotEquals(GeneratedVariants.variantFile(42, 3, "", VariantSpread.NARROW).replace("gen-003", "gen-s7-003"), file);
    }

    @Test
    void sentenceOffsetSpeaksTrainingSentencesTheFirstCorpusNeverReached() throws IOException {
        List<String> prompts = sentences(6000);
        var first = SyntheticCorpusBuilder.plan(new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 2.0, 42, 2,
                0.05, 0.05, 0), prompts, new TtsEngine.EspeakNg(), fakeVoices("espeak-ng", 100),
                new TtsEngine.Flite(), fakeVoices("flite", 5));
        int trained = (int) first.stream().filter(p -> p.split().equals("train")).count();
        var next = SyntheticCorpusBuilder.plan(offset(trained), prompts, new TtsEngine.EspeakNg(),
                fakeVoices("espeak-ng", 100), new TtsEngine.Flite(), fakeVoices("flite", 5));
        // dev and test are the same sentences with the same voices; every utterance keeps its voice and prosody
        for (String held : List.of("dev", "test")) {
            assertEquals(sentencesOf(first, held), sentencesOf(next, held), held);
        }
        assertEquals(first.size(), next.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).voice(), next.get(i).voice());
            assertEquals(first.get(i).prosody(), next.get(i).prosody());
        }
        // training speaks as many other sentences, none of them heard in the first corpus or in dev and test
        Set<String> a = sentencesOf(first, "train");
        Set<String> b = sentencesOf(next, "train");
        assertEquals(trained, a.size());
        assertEquals(trained, b.size());
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        all.addAll(sentencesOf(first, "dev"));
        all.addAll(sentencesOf(first, "test"));
        // both training sets, dev and test: all distinct
        assertEquals(trained + first.size(), all.size(), "the offset corpus repeats sentences");
        // the training sentences are a cycle: an offset of their whole number is no offset
        int usable = prompts.size() - (first.size() - trained);
        var wrapped = SyntheticCorpusBuilder.plan(offset(usable), prompts, new TtsEngine.EspeakNg(),
                fakeVoices("espeak-ng", 100), new TtsEngine.Flite(), fakeVoices("flite", 5));
        assertEquals(describe(first), describe(wrapped));
        assertThrows(IllegalArgumentException.class, () -> offset(-1));
    }

    private SyntheticCorpusBuilder.Config offset(int sentences) {
        return new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 2.0, 42, 2, 0.05, 0.05, 0, 42,
                VariantSpread.NARROW, sentences);
    }

    private static Set<String> sentencesOf(List<SyntheticCorpusBuilder.Planned> plan, String split) {
        return plan.stream().filter(p -> p.split().equals(split)).map(p -> p.sentence()).collect(Collectors.toSet());
    }

    /** Runs the real espeak-ng: a made-up variant must be heard, since espeak-ng silently falls back on an unknown one. */
    @Test
    void generatedVariantsChangeTheVoice() throws IOException {
        Path root = GeneratedVariants.writeOverlay(dir.resolve("overlay"), 7, GeneratedVariants.MAX, "", VariantSpread.NARROW);
        var overlay = new TtsEngine.EspeakNg(root);
        var installed = new TtsEngine.EspeakNg();
        var prosody = new TtsEngine.Prosody(160, 50);
        List<float[]> audio = new ArrayList<>();
        for (TtsVoice v : List.of(new TtsVoice("espeak-ng", "en-us+m3", "m3", false),
                TtsEngine.EspeakNg.withAccent(GeneratedVariants.voices(3, "").get(0), "en-us"),
                TtsEngine.EspeakNg.withAccent(GeneratedVariants.voices(3, "").get(1), "en-us"))) {
            Path wav = dir.resolve(v.variant() + ".wav");
            overlay.synthesize("seven birds flew over the river", v, prosody, wav);
            audio.add(AudioDecoder.read(wav).samples());
        }
        Path fallback = dir.resolve("fallback.wav");
        // the installed data lacks gen-000, so espeak-ng speaks with its default voice instead
        installed.synthesize("seven birds flew over the river",
                TtsEngine.EspeakNg.withAccent(GeneratedVariants.voices(1, "").get(0), "en-us"), prosody, fallback);
        float[] defaultVoice = AudioDecoder.read(fallback).samples();
        for (int i = 1; i < 3; i++) {
            assertTrue(audio.get(i).length > 8000, "generated voice " + i + " is silent");
            assertTrue(!java.util.Arrays.equals(audio.get(i), defaultVoice), "generated voice " + i + " fell back to the default");
            assertTrue(!java.util.Arrays.equals(audio.get(i), audio.get(0)));
        }
        assertTrue(!java.util.Arrays.equals(audio.get(1), audio.get(2)), "two generated variants sound the same");
        assertEquals(GeneratedVariants.variantFile(7, 1, "", VariantSpread.NARROW), Files.readString(root.resolve("espeak-ng-data/voices/!v/gen-001")));
        assertNotEquals(GeneratedVariants.variantFile(7, 1, "", VariantSpread.NARROW), GeneratedVariants.variantFile(8, 1, "", VariantSpread.NARROW));
    }

    private static List<String> describe(List<SyntheticCorpusBuilder.Planned> plan) {
        return plan.stream().map(p -> p.id() + p.sentence() + p.engine().name() + p.voice() + p.prosody()
                + p.augmentation() + p.noiseSeed()).toList();
    }

    private static Set<String> variants(List<SyntheticCorpusBuilder.Planned> plan, String split) {
        return plan.stream().filter(p -> p.split().equals(split)).map(p -> p.voice().variant())
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void tooFewSentencesIsAnError() {
        var config = new SyntheticCorpusBuilder.Config(dir.resolve("p.txt"), dir, 5.0, 1, 1, 0.05, 0.05, 0);
        CorpusException e = assertThrows(CorpusException.class, () -> SyntheticCorpusBuilder.plan(config, sentences(20),
                new TtsEngine.EspeakNg(), fakeVoices("espeak-ng", 10), new TtsEngine.Flite(), fakeVoices("flite", 5)));
        assertTrue(e.getMessage().startsWith(dir.resolve("p.txt") + ": holds 20 usable sentences"), e.getMessage());
    }

    /** Runs the real espeak-ng and flite (installed by scripts/install-system-deps). */
    @Test
    void buildsResumesAndGuardsItsFolder() throws IOException {
        Path prompts = dir.resolve("prompts.txt");
        Files.write(prompts, List.of(
                "The cat sat on the mat by the door.", "Dr. Smith paid $5 for 3 apples today.",
                "Seven birds flew over the quiet river.", "Please bring the red book to my office.",
                "She walked home slowly in the rain.", "We will meet again next Tuesday morning.",
                "too short", "The train leaves the station at noon sharp."));
        Path out = dir.resolve("corpus");
        var config = new SyntheticCorpusBuilder.Config(prompts, out, 0.004, 9, 2, 0.2, 0.2, 0);
        var summary = SyntheticCorpusBuilder.build(config, (d, t, h) -> { });
        assertEquals(0, summary.reused());
        int total = 0;
        for (String split : SyntheticCorpusBuilder.SPLITS) {
            List<Utterance> utts = Manifest.read(out.resolve(split + ".tsv"));
            total += utts.size();
            for (Utterance u : utts) {
                Audio a = AudioDecoder.read(u.audio());
                assertEquals(16000, a.sampleRate());
                assertEquals(a.durationSeconds(), u.durationSeconds(), 1e-3);
                assertTrue(a.durationSeconds() > 0.5, u.id() + " lasts " + a.durationSeconds());
                assertTrue(u.transcript().matches("[a-z' ]+"), u.transcript());
            }
        }
        assertEquals(summary.generated(), total);
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"test\""));
        assertFalse(Files.readString(out.resolve("summary.json")).contains("sentence_offset"),
                "a corpus without an offset keeps the summary it had before the option existed");

        // an offset corpus speaks other training sentences, the same dev and test, and says so in its summary
        Path shiftedOut = dir.resolve("shifted");
        SyntheticCorpusBuilder.build(new SyntheticCorpusBuilder.Config(prompts, shiftedOut, 0.004, 9, 2, 0.2, 0.2, 0, 9,
                VariantSpread.NARROW, 1), (d, t, h) -> { });
        assertTrue(Files.readString(shiftedOut.resolve("summary.json")).contains("\"sentence_offset\":1"));
        for (String split : SyntheticCorpusBuilder.SPLITS) {
            List<String> a = Manifest.read(out.resolve(split + ".tsv")).stream().map(Utterance::transcript).toList();
            List<String> b = Manifest.read(shiftedOut.resolve(split + ".tsv")).stream().map(Utterance::transcript).toList();
            if (split.equals("train")) {
                assertNotEquals(a, b);
            } else {
                assertEquals(a, b, split);
            }
        }

        Path first = out.resolve("train/train-000000.wav");
        FileTime before = Files.getLastModifiedTime(first);
        var again = SyntheticCorpusBuilder.build(config, (d, t, h) -> { });
        assertEquals(0, again.generated());
        assertEquals(total, again.reused());
        assertEquals(before, Files.getLastModifiedTime(first));

        var otherSeed = new SyntheticCorpusBuilder.Config(prompts, out, 0.004, 10, 2, 0.2, 0.2, 0);
        CorpusException e = assertThrows(CorpusException.class, () -> SyntheticCorpusBuilder.build(otherSeed, (d, t, h) -> { }));
        assertTrue(e.getMessage().startsWith(out + ": was built with other settings"), e.getMessage());
        var otherVoices = new SyntheticCorpusBuilder.Config(prompts, out, 0.004, 9, 2, 0.2, 0.2, 0, 11, VariantSpread.NARROW, 0);
        e = assertThrows(CorpusException.class, () -> SyntheticCorpusBuilder.build(otherVoices, (d, t, h) -> { }));
        assertTrue(e.getMessage().startsWith(out + ": was built with other settings"), e.getMessage());
        var otherSentences = new SyntheticCorpusBuilder.Config(prompts, out, 0.004, 9, 2, 0.2, 0.2, 0, 9, VariantSpread.NARROW, 1);
        e = assertThrows(CorpusException.class, () -> SyntheticCorpusBuilder.build(otherSentences, (d, t, h) -> { }));
        assertTrue(e.getMessage().startsWith(out + ": was built with other settings"), e.getMessage());
        assertEquals(before, Files.getLastModifiedTime(first));

        Path foreign = dir.resolve("mine");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "precious");
        var intoForeign = new SyntheticCorpusBuilder.Config(prompts, foreign, 0.004, 9, 2, 0.2, 0.2, 0);
        assertThrows(CorpusException.class, () -> SyntheticCorpusBuilder.build(intoForeign, (d, t, h) -> { }));
        assertEquals("precious", Files.readString(foreign.resolve("notes.txt")));
    }

    /**
     * The wide spread reaches the tails of espeak-ng's own 101 stock variant files, read here from the installed
     * data: for each measure below the stock files' 5th-95th percentile range (or their share of files using a
     * keyword) is computed and the 300 wide variants must span it, where the narrow ones, by design, do not.
     */
    @Test
    void wideVariantsReachTheStockVariantFilesTails() throws IOException {
        List<String> stock = new ArrayList<>();
        try (var files = Files.list(TtsEngine.EspeakNg.dataFolder().resolve("voices").resolve("!v"))) {
            for (Path f : files.toList()) {
                stock.add(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(stock.size() > 50, "only " + stock.size() + " stock variant files");
        List<String> wide = new ArrayList<>();
        List<String> narrow = new ArrayList<>();
        for (int k = 0; k < GeneratedVariants.MAX; k++) {
            wide.add(GeneratedVariants.variantFile(7, k, "w7-", VariantSpread.WIDE));
            narrow.add(GeneratedVariants.variantFile(7, k, "s7-", VariantSpread.NARROW));
        }
        Set<String> stockKeys = new HashSet<>();
        stock.forEach(f -> stockKeys.addAll(keywords(f)));
        for (String f : wide) {
            assertTrue(stockKeys.containsAll(keywords(f)), "a keyword no stock file uses: " + f);
        }
        double[] stockFreq = percentiles(values(stock, "formant", 1));
        double[] stockEchoDelay = percentiles(values(stock, "echo", 1));
        List<Double> wideFreq = values(wide, "formant", 1);
        List<Double> narrowFreq = values(narrow, "formant", 1);
        assertTrue(min(wideFreq) <= stockFreq[0] && max(wideFreq) >= stockFreq[1], "formant frequencies " + min(wideFreq)
                + "-" + max(wideFreq) + " against the stock files' " + stockFreq[0] + "-" + stockFreq[1]);
        assertTrue(min(narrowFreq) > stockFreq[0] || max(narrowFreq) < stockFreq[1], "narrow spans the stock range too");
        assertTrue(max(values(wide, "echo", 1)) >= stockEchoDelay[1], "echo delays short of the stock files' " + stockEchoDelay[1]);
        assertTrue(max(values(narrow, "echo", 1)) < stockEchoDelay[1]);
        assertTrue(values(wide, "formant", 2).contains(0.0) && !values(narrow, "formant", 2).contains(0.0),
                "a silenced formant only in the wide spread");
        for (String key : List.of("tone", "stressAmp", "stressAdd")) {
            double stockShare = share(stock, key);
            double wideShare = share(wide, key);
            assertTrue(stockShare > 0.1, key + " in " + stockShare + " of the stock files");
            assertTrue(Math.abs(wideShare - stockShare) < 0.2, key + ": wide " + wideShare + ", stock " + stockShare);
            assertEquals(0.0, share(narrow, key), key);
        }
    }

    /** Keywords of a variant file's lines, as espeak-ng reads them (comments after //). */
    private static Set<String> keywords(String file) {
        Set<String> keys = new HashSet<>();
        for (String[] w : lines(file)) {
            keys.add(w[0]);
        }
        return keys;
    }

    /** A variant file's lines as words, without comments (after // or a leading #) or blank lines. */
    private static List<String[]> lines(String file) {
        List<String[]> out = new ArrayList<>();
        for (String line : file.split("\n")) {
            String[] w = line.split("//")[0].trim().split("\\s+");
            if (!w[0].isEmpty() && !w[0].startsWith("#")) {
                out.add(w);
            }
        }
        return out;
    }

    /** Field {@code field} (1-based after the keyword) of every line starting with {@code key}. */
    private static List<Double> values(List<String> files, String key, int field) {
        // a formant line is "formant N frequency height width": skip N
        int at = field + (key.equals("formant") ? 1 : 0);
        List<Double> out = new ArrayList<>();
        for (String f : files) {
            for (String[] w : lines(f)) {
                if (w[0].equals(key) && w.length > at) {
                    out.add(Double.parseDouble(w[at]));
                }
            }
        }
        return out;
    }

    private static double share(List<String> files, String key) {
        return files.stream().filter(f -> keywords(f).contains(key)).count() / (double) files.size();
    }

    private static double[] percentiles(List<Double> v) {
        List<Double> sorted = v.stream().sorted().toList();
        return new double[] {sorted.get((int) (0.05 * (sorted.size() - 1))), sorted.get((int) Math.ceil(0.95 * (sorted.size() - 1)))};
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** espeak-ng speaks wide variants (not its default voice), names them by seed, and a corpus keeps its spread. */
    @Test
    void wideVariantsSpeakAndAreACorpusSetting() throws IOException {
        Path root = GeneratedVariants.writeOverlay(dir.resolve("overlay"), 7, 4, "w7-", VariantSpread.WIDE);
        var overlay = new TtsEngine.EspeakNg(root);
        var prosody = new TtsEngine.Prosody(160, 50);
        Path fallback = dir.resolve("fallback.wav");
        new TtsEngine.EspeakNg().synthesize("seven birds flew over the river",
                TtsEngine.EspeakNg.withAccent(GeneratedVariants.voices(1, "w7-").get(0), "en-us"), prosody, fallback);
        float[] defaultVoice = AudioDecoder.read(fallback).samples();
        List<float[]> audio = new ArrayList<>();
        for (TtsVoice v : GeneratedVariants.voices(4, "w7-")) {
            Path wav = dir.resolve(v.variant() + ".wav");
            overlay.synthesize("seven birds flew over the river", TtsEngine.EspeakNg.withAccent(v, "en-us"), prosody, wav);
            float[] a = AudioDecoder.read(wav).samples();
            assertTrue(a.length > 8000, v.variant() + " is silent");
            assertTrue(!java.util.Arrays.equals(a, defaultVoice), v.variant() + " fell back to the default voice");
            audio.forEach(b -> assertTrue(!java.util.Arrays.equals(a, b), "two wide variants sound the same"));
            audio.add(a);
        }
        assertEquals(GeneratedVariants.variantFile(7, 2, "w7-", VariantSpread.WIDE),
                Files.readString(root.resolve("espeak-ng-data/voices/!v/gen-w7-002")));
        assertNotEquals(GeneratedVariants.variantFile(7, 2, "w7-", VariantSpread.WIDE),
                GeneratedVariants.variantFile(8, 2, "w7-", VariantSpread.WIDE));

        Path prompts = dir.resolve("p.txt");
        Files.write(prompts, List.of("The cat sat on the mat by the door.", "Seven birds flew over the quiet river.",
                "Please bring the red book to my office.", "She walked home slowly in the rain.",
                "We will meet again next Tuesday morning.", "The train leaves the station at noon sharp."));
        Path out = dir.resolve("wide");
        var wide = new SyntheticCorpusBuilder.Config(prompts, out, 0.003, 9, 2, 0.2, 0.2, 4, 9, VariantSpread.WIDE, 0);
        assertEquals("w9-", wide.generatedTag(), "wide names differ from the narrow set of the same seed");
        SyntheticCorpusBuilder.build(wide, (d, t, h) -> { });
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"variant_spread\":\"wide\""),
                Files.readString(out.resolve("summary.json")));
        var narrowAgain = new SyntheticCorpusBuilder.Config(prompts, out, 0.003, 9, 2, 0.2, 0.2, 4, 9, VariantSpread.NARROW, 0);
        CorpusException e = assertThrows(CorpusException.class, () -> SyntheticCorpusBuilder.build(narrowAgain, (d, t, h) -> { }));
        assertTrue(e.getMessage().startsWith(out + ": was built with other settings"), e.getMessage());
    }

    /** An engine that crashes or fails says so in one line: what it was, how it ended, its first words if any. */
    @Test
    void aFailedEngineCallSaysHowItEnded() {
        IOException crash = assertThrows(IOException.class, () -> TtsEngine.run(List.of("sh", "-c", "kill -SEGV $$")));
        assertEquals("sh crashed (signal 11)", crash.getMessage());
        IOException fail = assertThrows(IOException.class, () -> TtsEngine.run(List.of("sh", "-c", "echo no voice; exit 3")));
        assertEquals("sh failed (exit 3): no voice", fail.getMessage());
        IllegalArgumentException wideAlone = assertThrows(IllegalArgumentException.class, () -> new SyntheticCorpusBuilder.Config(
                dir.resolve("p.txt"), dir, 1.0, 1, 1, 0.05, 0.05, 0, 1, VariantSpread.WIDE, 0));
        assertTrue(wideAlone.getMessage().contains("--generated-voices"), wideAlone.getMessage());
    }

    @Test
    void brownTokensLoseTheirTags() {
        assertEquals("The jury said `` no '' .", Prompts.untag("\tThe/at jury/nn said/vbd ``/`` no/at ''/'' ./."));
        assertEquals(List.of("the jury said no evidence was found"),
                Prompts.clean(List.of(Prompts.untag("The/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' was/bedz found/vbn ./."),
                        "Too short.", "the jury said no evidence was found")));
    }
}
