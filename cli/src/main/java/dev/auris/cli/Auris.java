package dev.auris.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code auris} command: one subcommand per job. */
@Command(name = "auris", mixinStandardHelpOptions = true, version = "auris 0.1.0",
        description = "Auris: a DeepSpeech-style speech recognizer for the JVM.",
        subcommands = {TranscribeCommand.class, BundleCommand.class, FeaturesCommand.class, CorpusCommand.class, TrainCommand.class,
                AverageCommand.class, LmCommand.class,
                RnnLmCommand.class,
                TuneCommand.class, EvaluateCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Auris implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; what tests call. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Auris());
        cli.setOut(out);
        cli.setErr(err);
        // descriptions are written as lines of up to ~110 characters; at picocli's default 80 columns every
        // line broke in two and help read as ragged fragments
        cli.setUsageHelpWidth(120);
        // a mistyped option is one line naming the fix, not the error buried above a screen of usage
        cli.setParameterExceptionHandler((e, parsed) -> {
            CommandLine cmd = e.getCommandLine();
            String hint = e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                    ? "; did you mean " + String.join(" or ", u.getSuggestions()) + "?" : "";
            cmd.getErr().println("auris: " + e.getMessage() + hint + " (see '" + cmd.getCommandSpec().qualifiedName(" ")
                    + " --help')");
            cmd.getErr().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("auris: " + UserErrors.describe(e));
            cmd.getErr().flush();
            return UserErrors.exitCode(e);
        });
        return cli.execute(args);
    }
}
