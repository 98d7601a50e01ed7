package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {

    /**
     * Every command's --help formats cleanly: a bare '%' in a description is a format directive to
     * picocli, which then prints a warning to standard error and the raw text.
     */
    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new Auris()), new ArrayList<>(), commands);
        assertTrue(commands.size() > 10, "found the subcommands: " + commands);
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (List<String> path : commands) {
                List<String> args = new ArrayList<>(path);
                args.add("--help");
                var r = FeaturesCommandTest.run(args.toArray(String[]::new));
                assertEquals(0, r.code(), path + ": " + r.err());
                assertTrue(r.out().contains("Usage: auris " + String.join(" ", path)), path + ": " + r.out());
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // skip aliases
                List<String> p = new ArrayList<>(path);
                p.add(name);
                out.add(p);
                collect(sub, p, out);
            }
        });
    }
}
