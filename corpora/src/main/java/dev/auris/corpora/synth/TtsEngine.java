package dev.auris.corpora.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A text-to-speech program from Debian's packages, run as a subprocess (never through a shell).
 * Festival's voices are reserved for held-out testing: only {@link HeldOutCorpus} uses {@link Festival},
 * and {@link SyntheticCorpusBuilder}, which makes training data, never does.
 */
abstract class TtsEngine {

    /** Speaking-rate and pitch controls in the engine's own units. */
    record Prosody(double rate, double pitch) {
    }

    abstract String name();

    /** Voices by variant; the variant is the unit kept apart between splits. */
    abstract List<TtsVoice> voices() throws IOException;

    /** A random prosody for the voice, uniformly over the engine's natural range. */
    abstract Prosody draw(TtsVoice voice, java.util.Random r);

    /** Rough speaking time in seconds, for planning how many utterances make the requested hours. */
    abstract double estimateSeconds(int words, Prosody p);

    abstract List<String> command(String text, TtsVoice voice, Prosody p, Path wav);

    void synthesize(String text, TtsVoice voice, Prosody p, Path wav) throws IOException {
        run(command(text, voice, p, wav));
    }

    static String run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not installed (run scripts/install-system-deps): " + e.getMessage());
        }
        proc.getOutputStream().close();
        byte[] out = proc.getInputStream().readAllBytes();
        try {
            if (!proc.waitFor(60, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        int code = proc.exitValue();
        if (code != 0) {
            // a process killed by a signal exits with 128 + the signal's number
            String what = code > 128 ? "crashed (signal " + (code - 128) + ")" : "failed (exit " + code + ")";
            String said = text.strip().lines().findFirst().orElse("");
            throw new IOException(command.get(0) + " " + what + (said.isEmpty() ? "" : ": " + said));
        }
        return text;
    }

    /**
     * The voices named in {@code listed} (separated by blanks) that {@code keep} accepts, each its own variant.
     *
     * @throws IOException with {@code none} when there is not one
     */
    List<TtsVoice> listedVoices(String listed, java.util.function.Predicate<String> keep,
            java.util.function.Predicate<String> female, String none) throws IOException {
        List<TtsVoice> voices = new ArrayList<>();
        for (String v : listed.strip().split("\\s+")) {
            if (!v.isEmpty() && keep.test(v)) {
                voices.add(new TtsVoice(name(), v, name() + "-" + v, female.test(v)));
            }
        }
        if (voices.isEmpty()) {
            throw new IOException(none);
        }
        return voices;
    }

    /** espeak-ng over its English accents and voice variants (MBROLA voices skipped: Debian lacks MBROLA). */
    static final class EspeakNg extends TtsEngine {

        static final List<String> ACCENTS = List.of("en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan",
                "en-gb-x-gbcwmd", "en-gb-x-rp", "en-029", "en-us-nyc");

        /** The folder holding the espeak-ng-data of generated variants (--path), or null. */
        private final Path dataRoot;

        EspeakNg() {
            this(null);
        }

        /** Speaks generated variants from the data under {@code dataRoot} ({@link GeneratedVariants#writeOverlay}), stock ones as installed. */
        EspeakNg(Path dataRoot) {
            this.dataRoot = dataRoot;
        }

        /** The installed espeak-ng-data folder, as espeak-ng reports it ("... Data at: DIR"). */
        static Path dataFolder() throws IOException {
            String version = run(List.of("espeak-ng", "--version")).strip();
            int at = version.indexOf("Data at:");
            if (at < 0) {
                throw new IOException("espeak-ng --version does not say where its data is: " + version);
            }
            return Path.of(version.substring(at + "Data at:".length()).strip());
        }

        @Override
        String name() {
            return "espeak-ng";
        }

        @Override
        List<TtsVoice> voices() throws IOException {
            List<TtsVoice> voices = new ArrayList<>();
            for (String line : run(List.of("espeak-ng", "--voices=variant")).lines().skip(1).toList()) {
                String[] f = line.strip().split("\\s+");
                if (f.length < 5 || !f[1].equals("variant")) {
                    continue;
                }
                String file = f[4].startsWith("!v/") ? f[4].substring(3) : f[4];
                voices.add(new TtsVoice(name(), file, file, f[2].endsWith("F")));
            }
            if (voices.isEmpty()) {
                throw new IOException("espeak-ng lists no voice variants");
            }
            return voices;
        }

        @Override
        Prosody draw(TtsVoice voice, java.util.Random r) {
            return new Prosody(130 + r.nextInt(81), 25 + r.nextInt(51)); // words per minute, pitch 0-99
        }

        @Override
        double estimateSeconds(int words, Prosody p) {
            return words * 60.0 / p.rate() + 0.4;
        }

        @Override
        List<String> command(String text, TtsVoice voice, Prosody p, Path wav) {
            String accent = voice.name().contains("+") ? voice.name() : ACCENTS.get(0) + "+" + voice.name();
            List<String> cmd = new ArrayList<>(List.of("espeak-ng"));
            if (dataRoot != null && voice.variant().startsWith(GeneratedVariants.PREFIX)) {
                cmd.add("--path=" + dataRoot.toAbsolutePath());
            }
            cmd.addAll(List.of("-v", accent, "-s", String.valueOf((int) p.rate()),
                    "-p", String.valueOf((int) p.pitch()), "-w", wav.toString(), text));
            return cmd;
        }

        /** The voice with an accent chosen for this utterance. */
        static TtsVoice withAccent(TtsVoice variant, String accent) {
            return new TtsVoice(variant.engine(), accent + "+" + variant.variant(), variant.variant(), variant.female());
        }
    }

    /** flite's voices (the limited-domain awb_time is left out), with duration stretch and mean F0. */
    static final class Flite extends TtsEngine {

        @Override
        String name() {
            return "flite";
        }

        @Override
        List<TtsVoice> voices() throws IOException {
            String listed = run(List.of("flite", "-lv")).replace("Voices available:", "");
            return listedVoices(listed, v -> !v.endsWith("_time"), v -> v.equals("slt"), "flite lists no voices");
        }

        @Override
        Prosody draw(TtsVoice voice, java.util.Random r) {
            double stretch = 0.8 + 0.45 * r.nextDouble();
            double f0 = voice.female() ? 150 + 70 * r.nextDouble() : 85 + 55 * r.nextDouble();
            return new Prosody(stretch, f0);
        }

        @Override
        double estimateSeconds(int words, Prosody p) {
            return words * 60.0 / 170 * p.rate() + 0.4;
        }

        @Override
        List<String> command(String text, TtsVoice voice, Prosody p, Path wav) {
            return List.of("flite", "-voice", voice.name(), "-t", text, "-o", wav.toString(),
                    "--setf", String.format(Locale.ROOT, "duration_stretch=%.3f", p.rate()),
                    "--setf", String.format(Locale.ROOT, "int_f0_target_mean=%.1f", p.pitch()));
        }
    }

    /**
     * Festival's English voices (kal and ked diphones, slt HTS with the Debian packages), for held-out
     * tests only. text2wave reads the text from a file, so nothing passes through a shell.
     */
    static final class Festival extends TtsEngine {

        @Override
        String name() {
            return "festival";
        }

        @Override
        List<TtsVoice> voices() throws IOException {
            String listed = run(List.of("festival", "-b", "(print (voice.list))")).strip().replaceAll("^\\(|\\)$", "");
            return listedVoices(listed, v -> true, v -> v.contains("slt"),
                    "festival lists no voices (install festvox-kallpc16k, festvox-kdlpc16k or festvox-us-slt-hts)");
        }

        /** Only the speaking rate varies: the diphone voices have no simple pitch control. */
        @Override
        Prosody draw(TtsVoice voice, java.util.Random r) {
            return new Prosody(0.9 + 0.25 * r.nextDouble(), 0);
        }

        @Override
        double estimateSeconds(int words, Prosody p) {
            return words * 60.0 / 170 * p.rate() + 0.4;
        }

        /** The command for text already written to {@code wav} with the extension {@code .txt}. */
        @Override
        List<String> command(String text, TtsVoice voice, Prosody p, Path wav) {
            return List.of("text2wave", textFile(wav).toString(), "-o", wav.toString(),
                    "-eval", "(voice_" + voice.name() + ")",
                    "-eval", String.format(Locale.ROOT, "(Parameter.set 'Duration_Stretch %.3f)", p.rate()));
        }

        @Override
        void synthesize(String text, TtsVoice voice, Prosody p, Path wav) throws IOException {
            Path txt = textFile(wav);
            java.nio.file.Files.writeString(txt, text + "\n", StandardCharsets.UTF_8);
            try {
                run(command(text, voice, p, wav));
            } finally {
                java.nio.file.Files.deleteIfExists(txt);
            }
        }

        private static Path textFile(Path wav) {
            return wav.resolveSibling(wav.getFileName() + ".txt");
        }
    }
}
