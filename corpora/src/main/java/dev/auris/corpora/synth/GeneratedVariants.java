package dev.auris.corpora.synth;

import dev.auris.corpora.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * espeak-ng voice variants made up at random, so that training hears hundreds of distinct vocal
 * tracts instead of espeak-ng's ~100 stock variants (whose held-out share is what dev and test speak
 * with). Each variant scales the nine formants' frequency, height and width around a random vocal
 * tract length, and draws pitch range, voicing, flutter, roughness, breath, echo and the Klatt
 * synthesiser the way the stock variant files use them (espeak-ng docs/voices.md).
 *
 * <p>{@link VariantSpread#NARROW} keeps every draw near a plain voice (the corpora the shipped model was trained on);
 * {@link VariantSpread#WIDE} adds the tails the stock files reach and NARROW never does: single formants moved or
 * silenced far from the rest, a tone (equaliser) curve, flat or uneven stress amplitude and length, long
 * strong echoes, monotone pitch. About a third of the 101 stock files use each of these.
 *
 * <p>espeak-ng reads variants only from its data folder (and silently falls back to its default
 * voice on an unknown one), so {@link #writeOverlay} builds a private copy holding the generated
 * variants, passed to espeak-ng with {@code --path}.
 */
final class GeneratedVariants {

    static final String PREFIX = "gen-";
    /** espeak-ng lists at most 349 voices, the English accents among them. */
    static final int MAX = 300;

    private GeneratedVariants() {
    }

    /** The training-only voices, named gen-000, gen-001, ... (gen-TAG000, ... with a tag); odd ones are female. */
    static List<TtsVoice> voices(int count, String tag) {
        List<TtsVoice> voices = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            String name = name(tag, k);
            voices.add(new TtsVoice("espeak-ng", name, name, k % 2 == 1));
        }
        return voices;
    }

    static String name(String tag, int k) {
        return String.format(Locale.ROOT, "%s%s%03d", PREFIX, tag, k);
    }

    /** The variant file of voice k, a function of the seed and spread only (the tag only names it). */
    static String variantFile(long seed, int k, String tag, VariantSpread spread) {
        return spread == VariantSpread.WIDE ? wideVariant(seed, k, tag) : narrowVariant(seed, k, tag);
    }

    private static String narrowVariant(long seed, int k, String tag) {
        Random r = new Random(Seeds.mix(seed ^ 0x5EEDF0A7L, k));
        boolean female = k % 2 == 1;
        StringBuilder v = header(tag, k, female);
        int base = female ? 150 + r.nextInt(111) : 60 + r.nextInt(81);
        line(v, "pitch " + base + " " + (base + 30 + r.nextInt(131)));
        // a shorter vocal tract raises every formant together (the stock range is 85-145%); each then
        // moves a little on its own
        double tract = female ? 1.05 + 0.4 * r.nextDouble() : 0.82 + 0.36 * r.nextDouble();
        for (int f = 0; f <= 8; f++) {
            int freq = (int) Math.round(100 * tract * (0.92 + 0.16 * r.nextDouble()));
            formant(v, f, freq, 70 + r.nextInt(71), 80 + r.nextInt(81));
        }
        maybe(v, r, 0.5, () -> "voicing " + (40 + r.nextInt(121)));
        maybe(v, r, 0.4, () -> "consonants " + (60 + r.nextInt(61)) + " " + (20 + r.nextInt(101)));
        maybe(v, r, 0.4, () -> "flutter " + r.nextInt(25));
        maybe(v, r, 0.25, () -> "roughness " + (1 + r.nextInt(5)));
        maybe(v, r, 0.15, () -> "breath" + values(8, () -> r.nextInt(16)) + BREATH_WIDTHS);
        maybe(v, r, 0.2, () -> "echo " + (10 + r.nextInt(120)) + " " + (5 + r.nextInt(40)));
        maybe(v, r, 0.3, () -> "klatt " + new int[] {1, 3, 4, 5, 6}[r.nextInt(5)]);
        maybe(v, r, 0.3, () -> "intonation " + (1 + r.nextInt(4)));
        return v.toString();
    }

    /**
     * NARROW's kinds of draw over the ranges the stock files use, plus their tails. Ranges in the
     * comments are the stock files' (espeak-ng-data/voices/!v).
     */
    private static String wideVariant(long seed, int k, String tag) {
        Random r = new Random(Seeds.mix(seed ^ 0x3A1DE5EEL, k));
        boolean female = k % 2 == 1;
        StringBuilder v = header(tag, k, female);
        // pitch base 55-260 Hz, range from monotone (5) to wide (200); below 55 espeak-ng 1.51 can crash
        // (SIGSEGV) on a voice with a high formant at a low -p
        int base = female ? 140 + r.nextInt(121) : 55 + r.nextInt(96);
        int range = r.nextDouble() < 0.25 ? 5 + r.nextInt(30) : 30 + r.nextInt(171);
        line(v, "pitch " + base + " " + (base + range));
        double tract = female ? 1.0 + 0.5 * r.nextDouble() : 0.8 + 0.4 * r.nextDouble();
        // a few of the formants that do not tell vowels apart move far on their own, as in the stock files
        // (F3, F4 and F6-F8 range 0-290%, here 5-280%; F1 and F2, which tell vowels apart, stay within 40-150%)
        boolean odd = r.nextDouble() < 0.35;
        for (int f = 0; f <= 8; f++) {
            double scale = tract * (0.9 + 0.2 * r.nextDouble());
            int height = 60 + r.nextInt(101);
            int width = 70 + r.nextInt(101);
            if (odd && (f == 3 || f == 4 || f >= 6) && r.nextDouble() < 0.35) {
                scale = r.nextBoolean() ? 0.05 + 0.6 * r.nextDouble() : 1.5 + 1.3 * r.nextDouble();
                height = r.nextInt(161);
            }
            if (f >= 5 && r.nextDouble() < 0.12) {
                height = 0; // an upper formant silenced
            }
            formant(v, f, (int) Math.round(100 * scale), height, width);
        }
        maybe(v, r, 0.55, () -> "voicing " + (30 + r.nextInt(131)));
        maybe(v, r, 0.5, () -> "consonants " + (50 + r.nextInt(151)) + " " + (20 + r.nextInt(236)));
        maybe(v, r, 0.3, () -> "flutter " + r.nextInt(25));
        maybe(v, r, 0.35, () -> "roughness " + r.nextInt(6));
        maybe(v, r, 0.15, () -> "breath" + values(8, () -> r.nextDouble() < 0.2 ? r.nextInt(101) : r.nextInt(16))
                + BREATH_WIDTHS);
        // delay 8-200 ms, amplitude 5-500 drawn evenly in its logarithm (stock files go up to 500)
        maybe(v, r, 0.3, () -> "echo " + (8 + r.nextInt(193)) + " " + Math.round(5 * Math.pow(100, r.nextDouble())));
        maybe(v, r, 0.4, () -> "tone" + equaliser(r));
        maybe(v, r, 0.3, () -> {
            // loudness of the 8 stress levels, 12-39 in the stock files, flat in some of them
            int level = 12 + r.nextInt(28);
            boolean flat = r.nextDouble() < 0.4;
            return "stressAmp" + values(8, () -> flat ? level : Math.max(8, level - 8 + r.nextInt(17)));
        });
        // extra length (ms) of the 8 stress levels, -15-700 in the stock files
        maybe(v, r, 0.3, () -> "stressAdd" + values(8, () -> r.nextDouble() < 0.3 ? 0 : r.nextInt(r.nextDouble() < 0.2 ? 700 : 260)));
        maybe(v, r, 0.3, () -> "klatt " + (1 + r.nextInt(6)));
        maybe(v, r, 0.3, () -> "intonation " + (1 + r.nextInt(4)));
        return v.toString();
    }

    private static final String BREATH_WIDTHS = "\nbreathw 150 150 200 200 400 400";

    private static StringBuilder header(String tag, int k, boolean female) {
        return new StringBuilder("language variant\nname " + name(tag, k) + "\ngender " + (female ? "female" : "male") + "\n");
    }

    private static void line(StringBuilder v, String line) {
        v.append(line).append('\n');
    }

    private static void formant(StringBuilder v, int f, int freq, int height, int width) {
        v.append(String.format(Locale.ROOT, "formant %d %d %d %d%n", f, freq, height, width));
    }

    /** The line with probability p; the draw for p comes first, then the line's own, so the order is fixed. */
    private static void maybe(StringBuilder v, Random r, double p, Supplier<String> draw) {
        if (r.nextDouble() < p) {
            line(v, draw.get());
        }
    }

    /** n values, each after a space, drawn in order. */
    private static String values(int n, IntSupplier draw) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(' ').append(draw.getAsInt());
        }
        return s.toString();
    }

    /** 3-5 (frequency Hz, gain) points of an equaliser, frequencies rising to at most 5400. */
    private static String equaliser(Random r) {
        StringBuilder s = new StringBuilder();
        int points = 3 + r.nextInt(3);
        int freq = 60 + r.nextInt(540);
        for (int i = 0; i < points && freq <= 5400; i++) {
            s.append(' ').append(freq).append(' ').append(10 + r.nextInt(246));
            freq += 200 + r.nextInt(1400);
        }
        return s.toString();
    }

    /**
     * Writes {@code root/espeak-ng-data}: a copy of what English needs from the installed data (1 MB:
     * phoneme tables, en_dict, the English accents of lang/gmw) and {@code count} generated variants in
     * {@code voices/!v}. The stock variants stay out: espeak-ng lists at most 349 voices in all.
     * Rewritten on every run (it is a function of the seed), so a resumed build speaks with the same voices.
     */
    static Path writeOverlay(Path root, long seed, int count, String tag, VariantSpread spread) throws IOException {
        Path stock = TtsEngine.EspeakNg.dataFolder();
        Path data = root.resolve("espeak-ng-data");
        Files.createDirectories(data.resolve("lang").resolve("gmw"));
        for (String file : List.of("phondata", "phondata-manifest", "phonindex", "phontab", "intonations", "en_dict")) {
            Files.copy(stock.resolve(file), data.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        try (var accents = Files.list(stock.resolve("lang").resolve("gmw"))) {
            for (Path accent : accents.filter(p -> p.getFileName().toString().startsWith("en")).toList()) {
                Files.copy(accent, data.resolve("lang").resolve("gmw").resolve(accent.getFileName().toString()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path variants = Files.createDirectories(data.resolve("voices").resolve("!v"));
        for (int k = 0; k < count; k++) {
            Files.writeString(variants.resolve(name(tag, k)), variantFile(seed, k, tag, spread), StandardCharsets.UTF_8);
        }
        return root;
    }
}
