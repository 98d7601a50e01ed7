package dev.auris.cli;

import dev.auris.lm.RnnLanguageModel;
import dev.auris.lm.WordRnnLanguageModel;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rnnlm", description = "Recurrent language models (character or word level) for N-best rescoring.",
        mixinStandardHelpOptions = true, subcommands = {RnnLmCommand.Train.class, RnnLmCommand.Words.class, RnnLmCommand.Combine.class})
final class RnnLmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = {
            "Trains a character-level recurrent LM on text (one sentence per line, normalised on reading);",
            "2%% of the sentences are held out and their per-character perplexity reported."})
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--text", required = true, paramLabel = "FILE")
        Path text;

        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Option(names = "--hidden", description = "recurrent units (default ${DEFAULT-VALUE})")
        int hidden = 256;

        @Option(names = "--simple", description = "simple tanh RNN (Mikolov 2010) instead of LSTM")
        boolean simple;

        @Option(names = "--epochs", description = "passes over the text (default ${DEFAULT-VALUE})")
        int epochs = 3;

        @Option(names = "--batch", description = "sentences per batch (default ${DEFAULT-VALUE})")
        int batch = 32;

        @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})")
        double lr = 2e-3;

        @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
        long seed = 1;

        @Option(names = "--force", description = "replace an existing --out file")
        boolean force;

        @Override
        public Integer call() throws Exception {
            UserErrors.refuseOverwrite(out, force);
            List<String> all = LmCommand.sentences(text);
            int held = Math.max(1, all.size() / 50);
            List<String> train = all.subList(0, all.size() - held);
            List<String> heldOut = all.subList(all.size() - held, all.size());
            ProgressBar[] bar = {null};
            int[] lastEpoch = {0};
            RnnLanguageModel lm = RnnLanguageModel.train(train, new RnnLanguageModel.Config(hidden, !simple, epochs, batch,
                    lr, seed), (epoch, b, n, loss) -> {
                        if (epoch != lastEpoch[0]) {
                            bar[0] = new ProgressBar("rnnlm epoch " + epoch);
                            lastEpoch[0] = epoch;
                        }
                        bar[0].update(b, n, String.format(Locale.ROOT, "batches, loss %.3f", loss));
                    });
            lm.save(out);
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d training sentences, held-out perplexity %.3f per character (%d sentences)%n",
                    out, train.size(), lm.perplexity(heldOut), heldOut.size());
            return 0;
        }
    }

    @Command(name = "words", mixinStandardHelpOptions = true, description = {
            "Trains a word-level LSTM LM on text (one sentence per line, normalised on reading; give a --text",
            "twice to weigh it twice). Its state is saved to OUT.checkpoint as it goes, and a run that finds",
            "one there goes on from it. Reports the perplexity per word on --dev (or on 2%% held out)."})
    static final class Words implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--text", required = true, paramLabel = "FILE", description = "training text (repeatable)")
        List<Path> texts;

        @Option(names = "--dev", paramLabel = "FILE", description = "held-out text to report perplexity on")
        Path dev;

        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Option(names = "--vocabulary", description = "words in the softmax, <unk> and the ends included (default ${DEFAULT-VALUE})")
        int vocabulary = WordRnnLanguageModel.Config.defaults().vocabularySize();

        @Option(names = "--embedding", description = "word embedding size (default ${DEFAULT-VALUE})")
        int embedding = WordRnnLanguageModel.Config.defaults().embedding();

        @Option(names = "--hidden", description = "LSTM units (default ${DEFAULT-VALUE})")
        int hidden = WordRnnLanguageModel.Config.defaults().hidden();

        @Option(names = "--epochs", description = "passes over the text, fractions allowed (default ${DEFAULT-VALUE})")
        double epochs = WordRnnLanguageModel.Config.defaults().epochs();

        @Option(names = "--batch", description = "sentences per batch (default ${DEFAULT-VALUE})")
        int batch = WordRnnLanguageModel.Config.defaults().batchSize();

        @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})")
        double lr = WordRnnLanguageModel.Config.defaults().learningRate();

        @Option(names = "--self-normalisation", paramLabel = "WEIGHT", description = {
                "weight of (ln Z)^2 over the last quarter of training, so recognition reads raw logits;",
                "0 keeps the full softmax (slow to score) (default ${DEFAULT-VALUE})"})
        double selfNormalisation = WordRnnLanguageModel.Config.defaults().selfNormalisation();

        @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
        long seed = 1;

        @Option(names = "--backward", description = {"read sentences right to left (to combine with a left-to-right",
                "model by `rnnlm combine`)"})
        boolean backward;

        @Option(names = "--force", description = "replace an existing --out file")
        boolean force;

        @Override
        public Integer call() throws Exception {
            UserErrors.refuseOverwrite(out, force);
            List<String> train = new ArrayList<>();
            for (Path t : texts) {
                train.addAll(LmCommand.sentences(t));
            }
            List<String> heldOut;
            if (dev != null) {
                heldOut = LmCommand.sentences(dev);
            } else {
                int held = Math.max(1, train.size() / 50);
                heldOut = List.copyOf(train.subList(train.size() - held, train.size()));
                train = train.subList(0, train.size() - held);
            }
            WordRnnLanguageModel.Config config;
            try {
                config = new WordRnnLanguageModel.Config(vocabulary, embedding, hidden, epochs, batch, lr,
                        selfNormalisation, 60, seed, backward);
            } catch (IllegalArgumentException e) {
                throw new UserErrors.CliException("rnnlm words: " + e.getMessage());
            }
            Path checkpoint = out.resolveSibling(out.getFileName() + ".checkpoint");
            boolean[] resumed = {!Files.exists(checkpoint)}; // said once the checkpoint has been read
            ProgressBar bar = new ProgressBar("rnnlm words");
            WordRnnLanguageModel lm = WordRnnLanguageModel.train(train, config, checkpoint, 250, (step, steps, loss, logZ) -> {
                if (!resumed[0]) {
                    spec.commandLine().getErr().println("going on from " + checkpoint + " at step " + (step - 1));
                    resumed[0] = true;
                }
                bar.update(step, steps, String.format(Locale.ROOT, "steps, loss %.3f, mean ln Z %.2f", loss, logZ));
            });
            lm.save(out);
            Files.deleteIfExists(checkpoint);
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "%s: %d training sentences, %d words; perplexity per word %.1f on %s (%d sentences)%s%n",
                    out, train.size(), lm.vocabularySize(), lm.perplexity(heldOut), dev != null ? dev : "the held-out 2%",
                    heldOut.size(), lm.selfNormalised() ? String.format(Locale.ROOT,
                            "; scored by raw logits, whose mean ln Z there is %.3f", lm.meanLogNormaliser(heldOut)) : "");
            return 0;
        }
    }

    @Command(name = "combine", mixinStandardHelpOptions = true, description = {
            "Makes one word LM of word LMs trained on the same text, e.g. a left-to-right one and a --backward",
            "one: it scores a sentence by the mean of their ln P. With --bits below 8 the embedding and output",
            "weights (95%% of them) take fewer bits in the file; --dev reports what that costs."})
    static final class Combine implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "MODEL", description = "word LM files (rnnlm words)")
        List<Path> models;

        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Option(names = "--bits", description = "bits a weight of the embedding and output matrices, 4 to 8 (default ${DEFAULT-VALUE})")
        int bits = 8;

        @Option(names = "--dev", paramLabel = "FILE", description = "text to report each model's perplexity on, and the result's")
        Path dev;

        @Option(names = "--force", description = "replace an existing --out file")
        boolean force;

        @Override
        public Integer call() throws Exception {
            UserErrors.refuseOverwrite(out, force);
            if (bits < 4 || bits > 8) {
                throw new UserErrors.CliException("rnnlm combine: --bits must be 4 to 8, not " + bits);
            }
            List<String> heldOut = dev == null ? null : LmCommand.sentences(dev);
            List<WordRnnLanguageModel> loaded = new ArrayList<>();
            for (Path m : models) {
                loaded.add(WordRnnLanguageModel.load(m));
            }
            WordRnnLanguageModel combined;
            try {
                combined = WordRnnLanguageModel.combine(loaded);
            } catch (IllegalArgumentException e) {
                throw new UserErrors.CliException("rnnlm combine: " + models + ": " + e.getMessage());
            }
            var print = spec.commandLine().getOut();
            if (heldOut != null) {
                for (int i = 0; i < models.size(); i++) {
                    print.printf(Locale.ROOT, "%s: perplexity per word %.1f on %s%n", models.get(i), loaded.get(i).perplexity(heldOut), dev);
                }
            }
            combined.save(out, bits);
            int n = combined.networks();
            print.printf(Locale.ROOT, "%s: %d network%s, %d bytes%s%n", out, n, n == 1 ? "" : "s", Files.size(out),
                    heldOut == null ? "" : String.format(Locale.ROOT, "; perplexity per word %.1f on %s%s",
                            WordRnnLanguageModel.load(out).perplexity(heldOut), dev, n == 1 ? "" : " (by the mean ln P of its networks)"));
            return 0;
        }
    }
}
