package dev.auris.cli;

import dev.auris.acoustic.AcousticModel;
import dev.auris.corpora.CorpusReader;
import dev.auris.corpora.Utterance;
import dev.auris.corpora.UtteranceAudio;
import dev.auris.corpora.scoring.ScoreReport;
import dev.auris.corpora.scoring.UtteranceScore;
import dev.auris.frontend.audio.Audio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Transcribes a corpus with a model and scores it, timing recognition for the real-time factor. */
final class ModelEvaluation {

    private ModelEvaluation() {
    }

    /** @param bySpeaker whether the report breaks its scores down by the corpus's speakers */
    static ScoreReport run(Path corpus, AcousticModel model, Path writeHyp, DecodingOptions.Setup decoding, boolean bySpeaker)
            throws IOException {
        ScoreReport report = stages(corpus, model, java.util.Map.of("decoding", decoding), bySpeaker).reports()
                .get("decoding");
        if (writeHyp != null) {
            StringBuilder hyps = new StringBuilder();
            for (UtteranceScore u : report.utterances()) {
                hyps.append(u.id()).append('\t').append(u.hypothesis()).append('\n');
            }
            Files.writeString(writeHyp, hyps, StandardCharsets.UTF_8);
        }
        return report;
    }

    /** Each stage's report, and the network's share of every stage's real-time factor. */
    record Stages(java.util.LinkedHashMap<String, ScoreReport> reports, double networkRealTimeFactor) {
    }

    /**
     * Every decoding stage on one pass of the network per utterance. Each stage's real-time factor
     * counts the shared network time plus its own decoding time.
     */
    static Stages stages(Path corpus, AcousticModel model, java.util.Map<String, DecodingOptions.Setup> stages,
            boolean bySpeaker) throws IOException {
        List<Utterance> utts = CorpusReader.read(corpus);
        var reports = new java.util.LinkedHashMap<String, ScoreReport>();
        var busy = new java.util.HashMap<String, Long>();
        stages.keySet().forEach(k -> {
            reports.put(k, new ScoreReport());
            busy.put(k, 0L);
        });
        double audioSeconds = 0;
        long network = 0;
        ProgressBar bar = new ProgressBar("evaluate");
        int done = 0;
        for (Utterance u : utts) {
            Audio audio = UtteranceAudio.read(u);
            long t0 = System.nanoTime();
            var posteriors = model.posteriors(audio);
            network += System.nanoTime() - t0;
            for (var e : stages.entrySet()) {
                long t1 = System.nanoTime();
                String text = e.getValue().text(posteriors);
                busy.merge(e.getKey(), System.nanoTime() - t1, Long::sum);
                reports.get(e.getKey()).add(UtteranceScore.of(u.id(), u.transcript(), text));
            }
            audioSeconds += audio.durationSeconds();
            bar.update(++done, utts.size(), String.format(Locale.ROOT, "utterances, %.0f s of audio", audioSeconds));
        }
        for (var e : reports.entrySet()) {
            e.getValue().timing(audioSeconds, (network + busy.get(e.getKey())) / 1e9);
        }
        if (bySpeaker) {
            var speakers = new java.util.HashMap<String, String>();
            utts.forEach(u -> speakers.put(u.id(), u.speaker()));
            reports.values().forEach(r -> r.speakers(speakers));
        }
        return new Stages(reports, network / 1e9 / audioSeconds);
    }
}
