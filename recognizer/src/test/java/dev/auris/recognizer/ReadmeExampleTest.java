package dev.auris.recognizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auris.decoder.Word;
import dev.auris.frontend.audio.AudioDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's Java example, run exactly as printed there (this file holds the same lines between
 * the markers, and the first test fails if the two drift apart), against the shipped default model.
 * Surefire runs this module from the project root with auris.home set to it.
 */
class ReadmeExampleTest {

    private static final Path README = Path.of("README.md");
    private static final Path SELF = Path.of("recognizer/src/test/java/dev/auris/recognizer/ReadmeExampleTest.java");

    static final class Result {
        Transcript t;
        String partial;
        Transcript last;
        String printed;
    }

    /** The README example, verbatim; {@code chunk} is one second's PCM at a time in real use. */
    private static Result runExample(float[] chunk) throws IOException {
        Result result = new Result();
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // README:begin
            Recognizer recognizer = Recognizer.loadDefault();                      // models/default; once, thread-safe
            Transcript t = recognizer.transcribe(Path.of("samples/quick-brown-fox.wav")); // or (pcm, rate), or an AudioInputStream
            System.out.println(t.text());
            for (Word w : t.words()) {
                System.out.printf("%s %.2f-%.2f %.2f%n", w.text(), w.start(), w.end(), w.confidence());
            }
            StreamingSession s = recognizer.stream(16000);                         // PCM as it arrives
            String partial = s.accept(chunk);                                      // partial transcript so far
            Transcript last = s.finish();                                          // equals transcribe() on the same audio
            // README:end
            result.t = t;
            result.partial = partial;
            result.last = last;
        } finally {
            System.setOut(stdout);
        }
        result.printed = captured.toString(StandardCharsets.UTF_8);
        return result;
    }

    @Test
    void readmeShowsExactlyTheExampleThisTestRuns() throws IOException {
        List<String> readme = between(Files.readAllLines(README), "```java", "```");
        List<String> self = between(Files.readAllLines(SELF), "// README:begin", "// README:end");
        assertTrue(self.size() <= 10, "the example fits in ten lines");
        assertEquals(self, readme, "README.md's first Java block and this test's example differ");
    }

    @Test
    void exampleTranscribesTheBundledSampleWithTheDefaultModel() throws IOException {
        float[] pcm = AudioDecoder.read(Path.of("samples/quick-brown-fox.wav")).samples();
        Result r = runExample(pcm);
        // the sample is espeak-ng saying exactly this (samples/samples.tsv)
        assertEquals("the quick brown fox jumps over the lazy dog", r.t.text());
        String[] lines = r.printed.split("\n");
        assertEquals(r.t.text(), lines[0]);
        assertEquals(r.t.words().size() + 1, lines.length, "one line per word after the text");
        double previousEnd = 0;
        for (Word w : r.t.words()) {
            assertTrue(w.start() >= previousEnd - 1e-9 && w.end() > w.start() && w.end() <= r.t.audioSeconds() + 1e-9,
                    "word times in order and inside the audio: " + w);
            assertTrue(w.confidence() >= 0 && w.confidence() <= 1, "confidence is a probability: " + w);
            previousEnd = w.end();
        }
        assertFalse(r.partial == null);
        assertEquals(r.t.text(), r.last.text(), "streaming the same audio gives the same transcript");
    }

    /** Trimmed lines strictly between the first {@code open} line and the next {@code close} line. */
    private static List<String> between(List<String> lines, String open, String close) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && !lines.get(i).trim().equals(open)) {
            i++;
        }
        for (i++; i < lines.size() && !lines.get(i).trim().equals(close); i++) {
            out.add(lines.get(i).trim());
        }
        return out;
    }
}
