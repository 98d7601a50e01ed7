package dev.auris.corpora.scoring;

import dev.auris.corpora.JsonWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** WER and CER over a test set: totals, per-utterance scores, and the text, JSON and HTML forms of them. */
public final class ScoreReport {

    private final List<UtteranceScore> utterances = new ArrayList<>();
    private ErrorCounts words = ErrorCounts.ZERO;
    private ErrorCounts characters = ErrorCounts.ZERO;
    private double audioSeconds = Double.NaN;
    private double processingSeconds = Double.NaN;
    private Map<String, String> speakerOfId;
    private PairedComparison paired;
    private String pairedName;

    /** One speaker's totals; {@code speaker} is empty for utterances the corpus names no speaker for. */
    public record SpeakerScore(String speaker, int utterances, ErrorCounts words, ErrorCounts characters) {
    }

    public void add(UtteranceScore s) {
        utterances.add(s);
        words = words.plus(s.words().counts());
        characters = characters.plus(s.characters().counts());
    }

    /** Records how long recognition took for how much audio, for the real-time factor. */
    public void timing(double audioSeconds, double processingSeconds) {
        this.audioSeconds = audioSeconds;
        this.processingSeconds = processingSeconds;
    }

    public ErrorCounts words() {
        return words;
    }

    public ErrorCounts characters() {
        return characters;
    }

    public List<UtteranceScore> utterances() {
        return List.copyOf(utterances);
    }

    /**
     * Adds a per-speaker breakdown (sclite's per-speaker summary) to the text and JSON forms.
     *
     * @param speakerOfId each utterance id's speaker, as the corpus names it
     */
    public void speakers(Map<String, String> speakerOfId) {
        this.speakerOfId = Map.copyOf(speakerOfId);
    }

    /**
     * Adds a matched-pairs comparison with another system's hypotheses of the same utterances to the text and JSON forms.
     *
     * @param otherName what the other hypotheses are called (their file)
     */
    public void pairWith(ScoreReport other, String otherName) {
        this.paired = PairedComparison.of(utterances, other.utterances);
        this.pairedName = otherName;
    }

    /** Per-speaker totals by the {@link #speakers} given (none: one unnamed speaker), most word errors first (ties by name). */
    public List<SpeakerScore> bySpeaker() {
        Map<String, String> speakerOf = speakerOfId == null ? Map.of() : speakerOfId;
        Map<String, SpeakerScore> by = new LinkedHashMap<>();
        for (UtteranceScore u : utterances) {
            String speaker = speakerOf.getOrDefault(u.id(), "");
            SpeakerScore old = by.getOrDefault(speaker, new SpeakerScore(speaker, 0, ErrorCounts.ZERO, ErrorCounts.ZERO));
            by.put(speaker, new SpeakerScore(speaker, old.utterances() + 1, old.words().plus(u.words().counts()),
                    old.characters().plus(u.characters().counts())));
        }
        return by.values().stream().sorted(Comparator.comparingInt((SpeakerScore s) -> -s.words().errors())
                .thenComparing(SpeakerScore::speaker)).toList();
    }

    public double realTimeFactor() {
        return processingSeconds / audioSeconds;
    }

    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "utterances %d, reference words %d, characters %d%n", utterances.size(),
                words.referenceLength(), characters.referenceLength()));
        sb.append(line("WER", words)).append(line("CER", characters));
        if (!Double.isNaN(audioSeconds)) {
            sb.append(String.format(Locale.ROOT, "real-time factor %.4f (%.1f s of audio in %.1f s)%n",
                    realTimeFactor(), audioSeconds, processingSeconds));
        }
        if (paired != null) {
            sb.append(paired.summary(pairedName)).append('\n');
        }
        if (speakerOfId != null) {
            sb.append("| speaker | utterances | WER | CER | share of word errors |\n| --- | --- | --- | --- | --- |\n");
            for (SpeakerScore s : bySpeaker()) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f%% | %.2f%% | %.1f%% |%n",
                        s.speaker().isEmpty() ? "(none)" : s.speaker(), s.utterances(), 100 * s.words().rate(),
                        100 * s.characters().rate(), 100.0 * s.words().errors() / Math.max(1, words.errors())));
            }
        }
        return sb.toString();
    }

    private static String line(String name, ErrorCounts c) {
        return String.format(Locale.ROOT, "%s %.2f%% (%d errors: %d substitutions, %d deletions, %d insertions)%n",
                name, 100 * c.rate(), c.errors(), c.substitutions(), c.deletions(), c.insertions());
    }

    public String toJson() {
        return toJson(true);
    }

    /** @param perUtterance with every utterance's reference, hypothesis and errors, or the totals alone */
    public String toJson(boolean perUtterance) {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("utterances", utterances.size());
        counts(j.name("words"), words);
        counts(j.name("characters"), characters);
        j.field("wer", words.rate()).field("cer", characters.rate());
        if (!Double.isNaN(audioSeconds)) {
            j.field("audio_seconds", audioSeconds).field("processing_seconds", processingSeconds)
                    .field("real_time_factor", realTimeFactor());
        }
        if (paired != null) {
            j.name("paired").beginObject().field("other", pairedName).field("utterances", paired.utterances())
                    .field("word_errors", paired.baseErrors()).field("other_word_errors", paired.otherErrors())
                    .field("difference", paired.difference()).field("standard_deviation", paired.standardDeviation())
                    .field("z", paired.z()).field("p", paired.pValue()).field("other_better", paired.better())
                    .field("other_worse", paired.worse()).endObject();
        }
        if (speakerOfId != null) {
            j.name("per_speaker").beginArray();
            for (SpeakerScore s : bySpeaker()) {
                j.beginObject().field("speaker", s.speaker()).field("utterances", s.utterances());
                counts(j.name("words"), s.words());
                counts(j.name("characters"), s.characters());
                j.endObject();
            }
            j.endArray();
        }
        if (!perUtterance) {
            return j.endObject().toString();
        }
        j.name("per_utterance").beginArray();
        for (UtteranceScore u : utterances) {
            j.beginObject().field("id", u.id()).field("reference", u.reference()).field("hypothesis", u.hypothesis())
                    .field("word_errors", u.words().counts().errors()).field("wer", u.words().counts().rate())
                    .field("char_errors", u.characters().counts().errors()).field("cer", u.characters().counts().rate())
                    .endObject();
        }
        return j.endArray().endObject().toString();
    }

    private static void counts(JsonWriter j, ErrorCounts c) {
        j.beginObject().field("reference", c.referenceLength()).field("substitutions", c.substitutions())
                .field("deletions", c.deletions()).field("insertions", c.insertions()).field("errors", c.errors())
                .field("rate", c.rate()).endObject();
    }

    /** A self-contained page: the summary table, then every utterance's word alignment, sortable by errors. */
    public String toHtml(String title) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;")
                .append("padding:4px 8px;vertical-align:top}th{background:#eee;cursor:pointer}.sub{background:#fdd}")
                .append(".del{background:#fcc;text-decoration:line-through}.ins{background:#dfd}.ok{color:#333}")
                .append("td.align{font-family:monospace}</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        h.append("<table id=\"summary\"><tr><th>measure</th><th>rate</th><th>errors</th><th>substitutions</th>")
                .append("<th>deletions</th><th>insertions</th><th>reference</th></tr>\n");
        summaryRow(h, "WER", words);
        summaryRow(h, "CER", characters);
        h.append("</table>\n<p>").append(utterances.size()).append(" utterances");
        if (!Double.isNaN(audioSeconds)) {
            h.append(String.format(Locale.ROOT, "; real-time factor %.4f", realTimeFactor()));
        }
        h.append(". Click a column heading to sort. Marks: <span class=\"sub\">substitution (ref&rarr;hyp)</span> ")
                .append("<span class=\"del\">deletion</span> <span class=\"ins\">insertion</span></p>\n");
        h.append("<table id=\"utts\"><thead><tr><th onclick=\"sortBy(0,false)\">id</th>")
                .append("<th onclick=\"sortBy(1,true)\">word errors</th><th onclick=\"sortBy(2,true)\">WER %</th>")
                .append("<th onclick=\"sortBy(3,true)\">CER %</th><th>alignment</th></tr></thead><tbody>\n");
        List<UtteranceScore> sorted = new ArrayList<>(utterances);
        sorted.sort(Comparator.comparingInt((UtteranceScore u) -> -u.words().counts().errors()));
        for (UtteranceScore u : sorted) {
            h.append("<tr><td>").append(esc(u.id())).append("</td><td>").append(u.words().counts().errors())
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", 100 * u.words().counts().rate()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", 100 * u.characters().counts().rate()))
                    .append("</td><td class=\"align\">");
            for (Alignment.Step s : u.words().steps()) {
                switch (s.op()) {
                    case MATCH -> h.append("<span class=\"ok\">").append(esc(s.reference())).append("</span> ");
                    case SUBSTITUTION -> h.append("<span class=\"sub\">").append(esc(s.reference())).append("&rarr;")
                            .append(esc(s.hypothesis())).append("</span> ");
                    case DELETION -> h.append("<span class=\"del\">").append(esc(s.reference())).append("</span> ");
                    case INSERTION -> h.append("<span class=\"ins\">").append(esc(s.hypothesis())).append("</span> ");
                }
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<script>\nfunction sortBy(c,num){const b=document.querySelector('#utts tbody');")
                .append("const rows=[...b.rows];const d=b.dataset.col==c&&b.dataset.dir=='down'?'up':'down';")
                .append("rows.sort((x,y)=>{const a=x.cells[c].textContent,z=y.cells[c].textContent;")
                .append("const r=num?parseFloat(a)-parseFloat(z):a.localeCompare(z);return d=='down'?-r:r;});")
                .append("rows.forEach(r=>b.appendChild(r));b.dataset.col=c;b.dataset.dir=d;}\n</script></body></html>\n");
        return h.toString();
    }

    private static void summaryRow(StringBuilder h, String name, ErrorCounts c) {
        h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.2f%%</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>%n",
                name, 100 * c.rate(), c.errors(), c.substitutions(), c.deletions(), c.insertions(), c.referenceLength()));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
