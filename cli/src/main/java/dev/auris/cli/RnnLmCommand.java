package dev.auris.cli;

import dev.auris.lm.RnnLanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rnnlm", description = "Recurrent (character-level) language models for N-best rescoring.",
        mixinStandardHelpOptions = true, subcommands = {RnnLmCommand.Train.class})
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
}
