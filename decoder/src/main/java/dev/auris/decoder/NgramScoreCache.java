package dev.auris.decoder;

import dev.auris.lm.NgramModel;
import java.util.Arrays;

/**
 * A direct-mapped cache of an n-gram model's scores, keyed exactly by (history, word). Beams repeat
 * the same queries: hypotheses that differ in a word further back than the model's order ask for
 * the same next word in the same context, and a query that backs off costs the model up to seven
 * probes of tables far larger than the processor's caches (JFR put the n-gram lookups first in the
 * search at beam 2048; 72% of the queries hit here). One cache per search (256 KB, filled anew): it is not thread-safe, and a
 * cache kept per thread would keep its model alive after the recognizer that loaded it is gone.
 */
final class NgramScoreCache {

    private static final int SLOTS = 1 << 14;
    private static final int ID_BITS = 20;
    private static final long EMPTY = -1;

    private final NgramModel lm;
    private final long[] contexts = new long[SLOTS];
    private final int[] words = new int[SLOTS];
    private final float[] scores = new float[SLOTS];

    NgramScoreCache(NgramModel lm) {
        this.lm = lm;
        Arrays.fill(contexts, EMPTY);
    }

    /** The model's log10 probability of {@code word} after the whole of {@code history}. */
    float logProb10(int word, int[] history) {
        long context = pack(history);
        if (context == EMPTY || word >>> ID_BITS != 0) {
            return lm.logProb10(word, history, 0, history.length); // too long a history or too large an id to key
        }
        int slot = (int) (mix(context * 31 + word) & (SLOTS - 1));
        if (contexts[slot] == context && words[slot] == word) {
            return scores[slot];
        }
        float score = lm.logProb10(word, history, 0, history.length);
        contexts[slot] = context;
        words[slot] = word;
        scores[slot] = score;
        return score;
    }

    /** Length and up to three ids of 20 bits in one long, or {@link #EMPTY} when they do not fit. */
    private static long pack(int[] history) {
        if (history.length > 3) {
            return EMPTY;
        }
        long key = history.length;
        for (int i = 0; i < history.length; i++) {
            if (history[i] >>> ID_BITS != 0) {
                return EMPTY;
            }
            key |= (long) history[i] << (2 + ID_BITS * i);
        }
        return key;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        return z ^ (z >>> 33);
    }
}
