package dev.auris.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.auris.lm.KneserNeyEstimator;
import dev.auris.lm.NgramModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NgramScoreCacheTest {

    /**
     * Every answer equals the model's own, first asked or repeated: far more distinct queries than
     * slots, so entries are overwritten and slots are shared by different (history, word) pairs.
     */
    @Test
    void answersAsTheModelDoesThroughCollisionsAndRepeats() {
        Random r = new Random(9);
        String[] words = {"the", "a", "cat", "dog", "sat", "ran", "on", "mat", "and", "fast"};
        List<String> text = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0, n = 2 + r.nextInt(6); k < n; k++) {
                sb.append(k == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
            }
            text.add(sb.toString());
        }
        NgramModel lm = NgramModel.of(KneserNeyEstimator.estimate(text, KneserNeyEstimator.Options.of(4)));
        NgramScoreCache cache = new NgramScoreCache(lm);
        int ids = lm.vocabulary().size();
        for (int trial = 0; trial < 300_000; trial++) {
            int[] history = new int[r.nextInt(5)]; // up to 4: longer than the cache keys, which it must pass on
            for (int i = 0; i < history.length; i++) {
                history[i] = r.nextInt(ids);
            }
            int word = r.nextInt(ids);
            assertEquals(lm.logProb10(word, history, 0, history.length), cache.logProb10(word, history), 0.0,
                    "trial " + trial);
        }
    }
}
