package dev.auris.cli;

import dev.auris.corpora.text.TextNormalizer;
import dev.auris.lm.Arpa;
import dev.auris.lm.ArpaModel;
import dev.auris.lm.KneserNeyEstimator;
import dev.auris.lm.LinearInterpolation;
import dev.auris.lm.NgramModel;
import dev.auris.lm.Perplexity;
import java.nio.charset.StandardCharsets;
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

@Command(name = "lm", description = "Word n-gram language models.", mixinStandardHelpOptions = true,
        subcommands = {LmCommand.Train.class, LmCommand.Ppl.class})
final class LmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Sentences of a text file, one per line, through the one normaliser. */
    static List<String> sentences(Path text) throws java.io.IOException {
        if (!Files.isRegularFile(text)) {
            throw new UserErrors.CliException(text + ": no such file");
        }
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(text, StandardCharsets.UTF_8)) {
                String n = TextNormalizer.normalize(line);
                if (!n.isEmpty()) {
                    out.add(n);
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UserErrors.CliException(text + ": not UTF-8 text");
        }
        if (out.isEmpty()) {
            throw new UserErrors.CliException(text + ": holds no words");
        }
        return out;
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = {
            "Estimates an interpolated modified Kneser-Ney model from text (one sentence per line, normalised",
            "on reading). OUT ending in .arpa is written as ARPA, anything else in Auris' binary form.",
            "Several --text files make one model each, linearly interpolated into one with the weights",
            "--mix-weights gives or --mix-dev fits on held-out text (keeps a small in-domain text from being",
            "swamped by a large general one)."})
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--order", description = "1 to 5 (default ${DEFAULT-VALUE})")
        int order = 4;

        @Option(names = "--text", required = true, paramLabel = "FILE", description = "repeat to interpolate several texts' models")
        List<Path> texts;

        @Option(names = "--mix-weights", split = ",", paramLabel = "W,W...",
                description = "interpolation weights, one per --text, summing to 1")
        double[] mixWeights;

        @Option(names = "--mix-dev", paramLabel = "FILE", description = "held-out text to fit the interpolation weights on (EM)")
        Path mixDev;

        @Option(names = "--out", required = true, paramLabel = "LM")
        Path out;

        @Option(names = "--min-count", description = "words seen fewer times become <unk> (default ${DEFAULT-VALUE})")
        int minCount = 1;

        @Option(names = "--prune", split = ",", paramLabel = "N,N...",
                description = "drop n-grams of order 2, 3, ... seen at most N times (e.g. 0,1,1)")
        int[] prune;

        @Option(names = "--vocab", paramLabel = "FILE", description = {
                "a word list (normalised like --text): its words join every model's vocabulary, each unseen one",
                "with the uniform share of the unigram mass <unk> has, so the decoder can spell it"})
        Path vocab;

        @Option(names = "--arpa", paramLabel = "FILE", description = "also write the ARPA text form here")
        Path arpa;

        @Option(names = "--force", description = "replace existing output files")
        boolean force;

        @Override
        public Integer call() throws Exception {
            for (Path p : new Path[] {out, arpa}) {
                UserErrors.refuseOverwrite(p, force);
            }
            boolean mixing = texts.size() > 1;
            if (mixing && (mixWeights == null) == (mixDev == null)) {
                throw new UserErrors.CliException(texts.size() + " texts need exactly one of --mix-weights and --mix-dev");
            }
            if (!mixing && (mixWeights != null || mixDev != null)) {
                throw new UserErrors.CliException("--mix-weights and --mix-dev need two or more --text files");
            }
            if (mixWeights != null) {
                try {
                    LinearInterpolation.checkWeights(texts.size(), mixWeights);
                } catch (IllegalArgumentException e) {
                    throw new UserErrors.CliException("--mix-weights: " + e.getMessage());
                }
            }
            KneserNeyEstimator.Options options = new KneserNeyEstimator.Options(order, minCount, prune);
            if (vocab != null) {
                List<String> words = new ArrayList<>();
                for (String line : sentences(vocab)) {
                    words.addAll(List.of(line.split(" ")));
                }
                options = options.withExtraWords(words);
            }
            List<String> dev = mixDev == null ? List.of() : sentences(mixDev);
            List<ArpaModel> models = new ArrayList<>();
            int sentenceCount = 0;
            for (Path text : texts) {
                List<String> s = sentences(text);
                sentenceCount += s.size();
                models.add(KneserNeyEstimator.estimate(s, options));
            }
            ArpaModel model = models.get(0);
            if (mixing) {
                LinearInterpolation mixture = LinearInterpolation.of(models);
                double[] weights = mixWeights;
                if (weights == null) {
                    weights = mixture.fitWeights(dev);
                    spec.commandLine().getOut().printf(Locale.ROOT, "interpolation weights fitted on %s: %s%n", mixDev,
                            java.util.Arrays.stream(weights).mapToObj(w -> String.format(Locale.ROOT, "%.4f", w))
                                    .collect(java.util.stream.Collectors.joining(",")));
                }
                model = mixture.mix(weights);
            }
            if (out.toString().endsWith(".arpa")) {
                Arpa.write(model, out);
            } else {
                NgramModel.save(model, out);
            }
            if (arpa != null) {
                Arpa.write(model, arpa);
            }
            StringBuilder counts = new StringBuilder();
            for (int n = 1; n <= model.order(); n++) {
                counts.append(n == 1 ? "" : ", ").append(n).append("-grams ").append(model.count(n));
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: order %d, vocabulary %d, %s (from %d sentences)%n",
                    out, order, model.vocabulary().size(), counts, sentenceCount);
            return 0;
        }
    }

    @Command(name = "ppl", mixinStandardHelpOptions = true, description = "Perplexity of text (one sentence per line).")
    static final class Ppl implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--lm", required = true, paramLabel = "LM", description = "binary or ARPA model")
        Path lm;

        @Option(names = "--text", required = true, paramLabel = "FILE")
        Path text;

        @Override
        public Integer call() throws Exception {
            NgramModel model = NgramModel.load(lm);
            Perplexity.Result r = Perplexity.of(model, sentences(text));
            spec.commandLine().getOut().printf(Locale.ROOT, "perplexity %.2f over %d tokens (%d out of vocabulary), log10 prob %.2f%n",
                    r.perplexity(), r.tokens(), r.outOfVocabulary(), r.log10Prob());
            return 0;
        }
    }
}
