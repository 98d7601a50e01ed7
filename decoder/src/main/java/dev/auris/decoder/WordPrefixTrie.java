package dev.auris.decoder;

import dev.auris.corpora.text.Alphabet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prefixes of a vocabulary's words as a character trie, so the beam search follows a partial
 * word one character at a time instead of hashing the whole partial string at every extension (a
 * hash set lookup was 30% of the search). Children are stored compactly: each node's labels and child
 * nodes sit in one run of two flat arrays.
 */
final class WordPrefixTrie {

    static final int ROOT = 0;
    /** The state of a partial word no vocabulary word starts with; it has no children. */
    static final int NONE = -1;

    private final int[] firstChild; // per node: start of its run in labels/children; run ends at firstChild[node + 1]
    private final byte[] labels;
    private final int[] children;
    /** Per node: the best score of a word through it (or ending at it); empty without scores. */
    private final double[] best;

    WordPrefixTrie(List<String> words) {
        this(words, null);
    }

    /**
     * @param scores one per word (e.g. its unigram ln-probability), or null; each node then knows the
     *        best score of the words it can still become
     */
    WordPrefixTrie(List<String> words, double[] scores) {
        if (scores != null && scores.length != words.size()) {
            throw new IllegalArgumentException("need one score per word");
        }
        List<Double> bestOf = new ArrayList<>();
        bestOf.add(Double.NEGATIVE_INFINITY);
        Map<Long, Integer> edges = new HashMap<>();
        List<List<int[]>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (int wi = 0; wi < words.size(); wi++) {
            String w = words.get(wi);
            double score = scores == null ? 0 : scores[wi];
            int node = ROOT;
            List<Integer> path = new ArrayList<>(List.of(ROOT));
            for (int i = 0; i < w.length(); i++) {
                int label = Alphabet.indexOf(w.charAt(i));
                if (label < 0) {
                    node = NONE;
                    break;
                }
                long key = (long) node * Alphabet.SIZE + label;
                Integer child = edges.get(key);
                if (child == null) {
                    child = out.size();
                    edges.put(key, child);
                    out.add(new ArrayList<>());
                    bestOf.add(Double.NEGATIVE_INFINITY);
                    out.get(node).add(new int[] {label, child});
                }
                node = child;
                path.add(node);
            }
            if (node != NONE) {
                for (int n : path) {
                    bestOf.set(n, Math.max(bestOf.get(n), score));
                }
            }
        }
        best = new double[scores == null ? 0 : bestOf.size()];
        for (int n = 0; n < best.length; n++) {
            best[n] = bestOf.get(n);
        }
        firstChild = new int[out.size() + 1];
        int total = edges.size();
        labels = new byte[total];
        children = new int[total];
        int at = 0;
        for (int n = 0; n < out.size(); n++) {
            firstChild[n] = at;
            for (int[] e : out.get(n)) {
                labels[at] = (byte) e[0];
                children[at++] = e[1];
            }
        }
        firstChild[out.size()] = at;
    }

    /** The node after reading {@code label} from {@code node}, or {@link #NONE}. */
    int child(int node, int label) {
        if (node == NONE) {
            return NONE;
        }
        for (int i = firstChild[node], end = firstChild[node + 1]; i < end; i++) {
            if (labels[i] == label) {
                return children[i];
            }
        }
        return NONE;
    }

    /** The best score of a word that starts with the node's characters (needs scores). */
    double best(int node) {
        return best[node];
    }

    int nodes() {
        return firstChild.length - 1;
    }
}
