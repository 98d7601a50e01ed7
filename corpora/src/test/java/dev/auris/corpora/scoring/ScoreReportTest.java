package dev.auris.corpora.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreReportTest {

    /** Counts worked out by hand: each speaker's totals, ordered by word errors, the corpus's unnamed speaker as "". */
    @Test
    void perSpeakerTotalsAddTheirUtterancesOnly() {
        ScoreReport r = new ScoreReport();
        r.add(UtteranceScore.of("a1", "the cat sat", "the cat sat"));       // 0 word errors, 0 character errors
        r.add(UtteranceScore.of("a2", "on the mat", "on a mat"));           // 1 substitution; "the" -> "a": 3 chars
        r.add(UtteranceScore.of("b1", "dogs bark loudly", "dogs"));          // 2 deletions; 12 characters deleted
        r.add(UtteranceScore.of("c1", "hello", "hello there"));              // 1 insertion; 6 characters inserted
        r.speakers(Map.of("a1", "alice", "a2", "alice", "b1", "bob"));
        List<ScoreReport.SpeakerScore> s = r.bySpeaker();
        assertEquals(List.of("bob", "", "alice"), s.stream().map(ScoreReport.SpeakerScore::speaker).toList(),
                "bob (2 errors) before the unnamed speaker and alice (1 each), ties by name");
        ScoreReport.SpeakerScore alice = s.get(2);
        assertEquals(2, alice.utterances());
        assertEquals(new ErrorCounts(1, 0, 0, 6), alice.words());
        assertEquals(21, alice.characters().referenceLength(), "'the cat sat' and 'on the mat': 11 + 10 characters");
        assertEquals(3, alice.characters().errors(), "'the' -> 'a': one substitution and two deletions");
        assertEquals(new ErrorCounts(0, 2, 0, 3), s.get(0).words());
        assertEquals(12, s.get(0).characters().deletions(), "' bark loudly' is 12 characters");
        assertEquals(new ErrorCounts(0, 0, 1, 1), s.get(1).words());
        int words = s.stream().mapToInt(x -> x.words().errors()).sum();
        assertEquals(r.words().errors(), words, "the speakers partition the utterances");
    }

    @Test
    void textAndJsonCarryTheBreakdownOnlyWhenAsked() {
        ScoreReport r = new ScoreReport();
        r.add(UtteranceScore.of("a1", "one two", "one too"));
        r.add(UtteranceScore.of("b1", "three four", "three four"));
        assertTrue(!r.summary().contains("| speaker |") && !r.toJson().contains("per_speaker"));
        r.speakers(Map.of("a1", "ann", "b1", "ben"));
        assertTrue(r.summary().contains("| ann | 1 | 50.00% | 14.29% | 100.0% |\n| ben | 1 | 0.00% | 0.00% | 0.0% |\n"),
                r.summary());
        assertTrue(r.toJson(false).contains("\"per_speaker\":[{\"speaker\":\"ann\",\"utterances\":1,\"words\":{\"reference\":2,"
                + "\"substitutions\":1"), r.toJson(false));
    }
}
