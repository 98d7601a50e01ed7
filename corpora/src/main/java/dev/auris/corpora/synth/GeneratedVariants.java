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

/**
 * espeak-ng voice variants made up at random, so that training hears hundreds of distinct vocal
 * tracts instead of espeak-ng's ~100 stock variants (whose held-out share is what dev and test speak
 * with). Each variant scales the nine formants' frequency, height and width around a random vocal
 * tract length, and draws pitch range, voicing, flutter, roughness, breath, echo and the Klatt
 * synthesiser the way the stock variant files use them (espeak-ng docs/voices.md).
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

    /** The variant file of voice k, a function of the seed only (the tag only names it). */
    static String variantFile(long seed, int k, String tag) {
        Random r = new Random(Seeds.mix(seed ^ 0x5EEDF0A7L, k));
        boolean female = k % 2 == 1;
        StringBuilder v = new StringBuilder();
        v.append("language variant\nname ").append(name(tag, k)).append('\n');
        v.append("gender ").append(female ? "female" : "male").append('\n');
        int base = female ? 150 + r.nextInt(111) : 60 + r.nextInt(81);
        v.append("pitch ").append(base).append(' ').append(base + 30 + r.nextInt(131)).append('\n');
        // a shorter vocal tract raises every formant together (the stock range is 85-145%); each then
        // moves a little on its own
        double tract = female ? 1.05 + 0.4 * r.nextDouble() : 0.82 + 0.36 * r.nextDouble();
        for (int f = 0; f <= 8; f++) {
            int freq = (int) Math.round(100 * tract * (0.92 + 0.16 * r.nextDouble()));
            v.append(String.format(Locale.ROOT, "formant %d %d %d %d%n", f, freq, 70 + r.nextInt(71), 80 + r.nextInt(81)));
        }
        if (r.nextDouble() < 0.5) {
            v.append("voicing ").append(40 + r.nextInt(121)).append('\n');
        }
        if (r.nextDouble() < 0.4) {
            v.append("consonants ").append(60 + r.nextInt(61)).append(' ').append(20 + r.nextInt(101)).append('\n');
        }
        if (r.nextDouble() < 0.4) {
            v.append("flutter ").append(r.nextInt(25)).append('\n');
        }
        if (r.nextDouble() < 0.25) {
            v.append("roughness ").append(1 + r.nextInt(5)).append('\n');
        }
        if (r.nextDouble() < 0.15) {
            v.append("breath");
            for (int i = 0; i < 8; i++) {
                v.append(' ').append(r.nextInt(16));
            }
            v.append("\nbreathw 150 150 200 200 400 400\n");
        }
        if (r.nextDouble() < 0.2) {
            v.append("echo ").append(10 + r.nextInt(120)).append(' ').append(5 + r.nextInt(40)).append('\n');
        }
        if (r.nextDouble() < 0.3) {
            int[] klatt = {1, 3, 4, 5, 6};
            v.append("klatt ").append(klatt[r.nextInt(klatt.length)]).append('\n');
        }
        if (r.nextDouble() < 0.3) {
            v.append("intonation ").append(1 + r.nextInt(4)).append('\n');
        }
        return v.toString();
    }

    /**
     * Writes {@code root/espeak-ng-data}: a copy of what English needs from the installed data (1 MB:
     * phoneme tables, en_dict, the English accents of lang/gmw) and {@code count} generated variants in
     * {@code voices/!v}. The stock variants stay out: espeak-ng lists at most 349 voices in all.
     * Rewritten on every run (it is a function of the seed), so a resumed build speaks with the same voices.
     */
    static Path writeOverlay(Path root, long seed, int count, String tag) throws IOException {
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
            Files.writeString(variants.resolve(name(tag, k)), variantFile(seed, k, tag), StandardCharsets.UTF_8);
        }
        return root;
    }
}
