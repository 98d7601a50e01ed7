package dev.auris.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/ab-transcribe} refuses bad arguments in one line on standard error, before starting Java. */
class AbTranscribeScriptTest {

    private static final Path SCRIPT = Path.of("..", "scripts", "ab-transcribe").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Result(int code, String err) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), err);
    }

    /** A folder that looks like a built checkout to the script's checks. */
    private Path checkout(String name) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve("cli/target/lib"));
        return root;
    }

    private static void assertOneLine(Result r, int code, String expected) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().endsWith("\n") && r.err().indexOf('\n') == r.err().length() - 1, "one line: " + r.err());
        assertTrue(r.err().startsWith("ab-transcribe: ") && r.err().contains(expected), r.err());
    }

    @Test
    void refusesBadArgumentsInOneLine() throws Exception {
        Path a = checkout("a");
        Path b = checkout("b");
        assertOneLine(run(a.toString()), 2, "need two checkouts");
        Path unbuilt = Files.createDirectories(dir.resolve("unbuilt"));
        assertOneLine(run(a.toString(), unbuilt.toString()), 1, unbuilt.resolve("cli/target/lib") + ": no such folder");
        Path noBundle = Files.createDirectories(dir.resolve("nobundle"));
        assertOneLine(run(a.toString(), b.toString(), "--model", noBundle.toString()), 1,
                noBundle.resolve("manifest.json") + ": no such file");
        Path missingAudio = dir.resolve("missing.wav");
        assertOneLine(run(a.toString(), b.toString(), missingAudio.toString()), 1, missingAudio + ": no such file");
        assertOneLine(run(a.toString(), b.toString(), "--rounds", "x"), 2, "--rounds: need a positive whole number, got x");
        assertOneLine(run(a.toString(), b.toString(), "--rounds", "0"), 2, "got 0");
    }
}
