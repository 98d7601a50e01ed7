package dev.auris.cli;

import dev.auris.corpora.JsonWriter;
import dev.auris.decoder.Word;
import dev.auris.frontend.audio.AudioDecoder;
import dev.auris.recognizer.Recognizer;
import dev.auris.recognizer.Transcript;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "transcribe", mixinStandardHelpOptions = true, description = {
        "Transcribes audio files (WAV, FLAC, MP3; '-' reads standard input).",
        "Several files in text format print 'path<TAB>transcript' lines in the order given; a file that",
        "cannot be read gets a one-line error and the others are still transcribed (exit code 1)."})
final class TranscribeCommand implements Callable<Integer> {

    enum Format { text, json, srt, vtt }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "audio files, or - for standard input")
    List<String> files;

    @Option(names = "--format", description = "text, json, srt or vtt (default ${DEFAULT-VALUE})")
    Format format = Format.text;

    @Option(names = "--nbest", description = "alternatives to report (json) (default ${DEFAULT-VALUE})")
    int nBest = 1;

    @Option(names = "--no-lm", description = "decode with the acoustic model alone")
    boolean noLm;

    @Option(names = "--model", paramLabel = "DIR", description = "model bundle (default: models/default)")
    Path model;

    @Override
    public Integer call() throws Exception {
        if (nBest < 1) {
            throw new UserErrors.CliException("--nbest: need at least 1 alternative, got " + nBest);
        }
        Recognizer recognizer = model == null ? Recognizer.loadDefault() : Recognizer.load(model);
        var settings = recognizer.settings();
        if (nBest > 1) {
            settings = settings.withNBest(nBest);
        }
        if (noLm) {
            settings = settings.withoutLanguageModels();
        }
        recognizer = recognizer.withSettings(settings);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        ProgressBar bar = files.size() > 1 && ProgressBar.STDERR_IS_TERMINAL ? new ProgressBar("transcribe") : null;
        int done = 0;
        for (String f : files) {
            try {
                Transcript t = f.equals("-") ? recognizer.transcribe(AudioDecoder.read(System.in, "<stdin>"))
                        : recognizer.transcribe(Path.of(f), fileProgress(Path.of(f)));
                print(out, f, t);
            } catch (IOException | IllegalArgumentException e) {
                err.println("auris: " + UserErrors.describe(e));
                failed++;
            }
            out.flush();
            err.flush();
            if (bar != null) {
                bar.update(++done, files.size(), "files");
            }
        }
        return failed == 0 ? 0 : UserErrors.EXIT_BAD_INPUT;
    }

    /**
     * A bar over the seconds recognised, on a terminal only, for a file whose header gives a length
     * of over a minute (WAV; no bar where the length is unknown without decoding).
     */
    private static java.util.function.DoubleConsumer fileProgress(Path file) {
        if (!ProgressBar.STDERR_IS_TERMINAL) {
            return seconds -> { };
        }
        double total = AudioDecoder.headerSeconds(file);
        if (!(total > 60)) {
            return seconds -> { };
        }
        ProgressBar bar = new ProgressBar(file.getFileName().toString());
        return seconds -> bar.update(Math.round(Math.min(seconds, total)), Math.round(total), "s of audio");
    }

    private void print(PrintWriter out, String file, Transcript t) {
        switch (format) {
            case text -> out.println(files.size() > 1 ? file + "\t" + t.text() : t.text());
            case json -> out.println(json(file, t));
            case srt, vtt -> out.print(subtitles(t, format == Format.vtt));
        }
    }

    static String json(String file, Transcript t) {
        JsonWriter j = new JsonWriter().beginObject().field("file", file).field("text", t.text())
                .field("duration", t.audioSeconds());
        j.name("words").beginArray();
        for (Word w : t.words()) {
            j.beginObject().field("word", w.text()).field("start", round(w.start())).field("end", round(w.end()))
                    .field("confidence", round(w.confidence())).endObject();
        }
        j.endArray().name("alternatives").beginArray();
        for (Transcript.Alternative a : t.alternatives()) {
            j.beginObject().field("text", a.text()).field("score", a.score()).field("acoustic", a.acousticScore())
                    .field("lm", a.lmScore()).endObject();
        }
        return j.endArray().endObject().toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Cues of at most 10 words or 5 seconds, numbered (SRT) or under a WEBVTT header. */
    static String subtitles(Transcript t, boolean vtt) {
        StringBuilder sb = new StringBuilder(vtt ? "WEBVTT\n\n" : "");
        List<List<Word>> cues = new ArrayList<>();
        List<Word> cue = new ArrayList<>();
        for (Word w : t.words()) {
            if (!cue.isEmpty() && (cue.size() >= 10 || w.end() - cue.get(0).start() > 5.0)) {
                cues.add(cue);
                cue = new ArrayList<>();
            }
            cue.add(w);
        }
        if (!cue.isEmpty()) {
            cues.add(cue);
        }
        int n = 1;
        for (List<Word> c : cues) {
            if (!vtt) {
                sb.append(n++).append('\n');
            }
            sb.append(time(c.get(0).start(), vtt)).append(" --> ").append(time(c.get(c.size() - 1).end(), vtt)).append('\n');
            sb.append(String.join(" ", c.stream().map(Word::text).toList())).append("\n\n");
        }
        return sb.toString();
    }

    static String time(double seconds, boolean vtt) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%s%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                vtt ? "." : ",", ms % 1000);
    }
}
