package dev.auris.decoder;

import dev.auris.corpora.text.Alphabet;
import java.util.Arrays;
import java.util.List;

/**
 * The prefixes of a vocabulary's words as a character trie, so the beam search follows a partial
 * word one character at a time instead of hashing the whole partial string at every extension (a
 * hash set lookup was 30% of the search). Nodes are numbered breadth first, so a node's children
 * have consecutive numbers in label order; each node is then two longs, its first child's number
 * with a bit mask of its children's labels, and its best score: finding a child reads one cache
 * line (the search at beam 2048 spent a third of its time on the three arrays of the earlier layout).
 */
final class WordPrefixTrie {

    static final int ROOT = 0;
    /** The state of a partial word no vocabulary word starts with; it has no children. */
    static final int NONE = -1;

    /** Per node, at 2n: first child's number << 32 | mask of child labels; at 2n + 1: best score's bits. */
    private final long[] nodes;
    /** Per node: the index of the word that ends there, or -1. */
    private final int[] wordAt;
    private final boolean scored;

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
        if (Alphabet.SIZE > Integer.SIZE) {
            throw new IllegalStateException("a node's child labels must fit one int mask");
        }
        scored = scores != null;
        // Words as label strings in label order (a word with a character outside the alphabet has no node).
        // In that order each word adds nodes below its common prefix with the word before, and the nodes of
        // one depth come in lexicographic order: numbering them depth by depth in that order is the
        // breadth-first numbering, with each node's children consecutive and in label order. Two passes over
        // the sorted words, primitive arrays only: the pointer trie of boxed lists this replaces took 0.3-0.6 s
        // of a cold start for the shipped vocabulary.
        int[][] labels = new int[words.size()][];
        int valid = 0;
        int longest = 0;
        for (int wi = 0; wi < words.size(); wi++) {
            labels[wi] = labelsOf(words.get(wi));
            if (labels[wi] != null) {
                valid++;
                longest = Math.max(longest, labels[wi].length);
            }
        }
        Integer[] sorted = new Integer[valid];
        for (int wi = 0, k = 0; wi < words.size(); wi++) {
            if (labels[wi] != null) {
                sorted[k++] = wi;
            }
        }
        Arrays.sort(sorted, (a, b) -> Arrays.compare(labels[a], labels[b])); // stable: a repeated word's last index wins
        // pass 1: how many nodes each depth has
        int[] levelStart = new int[longest + 2];
        int[] previous = new int[0];
        for (Integer wi : sorted) {
            int[] w = labels[wi];
            for (int d = commonPrefix(previous, w) + 1; d <= w.length; d++) {
                levelStart[d + 1]++;
            }
            previous = w;
        }
        levelStart[0] = 0;
        levelStart[1] = 1; // the root
        for (int d = 1; d <= longest; d++) {
            levelStart[d + 1] += levelStart[d];
        }
        int count = levelStart[longest + 1];
        // pass 2: number the nodes, link each to its parent, and keep the best score and the word per node
        nodes = new long[2 * count];
        wordAt = new int[count];
        Arrays.fill(wordAt, -1);
        double[] best = new double[count];
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        int[] next = Arrays.copyOf(levelStart, longest + 1); // the next number at each depth
        int[] path = new int[longest + 1]; // the current word's node at each depth
        previous = new int[0];
        for (Integer wi : sorted) {
            int[] w = labels[wi];
            for (int d = commonPrefix(previous, w) + 1; d <= w.length; d++) {
                int node = next[d]++;
                int parent = path[d - 1];
                if ((int) nodes[2 * parent] == 0) {
                    nodes[2 * parent] = (long) node << 32; // the parent's first child
                }
                nodes[2 * parent] |= 1L << w[d - 1];
                path[d] = node;
            }
            double score = scores == null ? 0 : scores[wi];
            for (int d = 0; d <= w.length; d++) {
                best[path[d]] = Math.max(best[path[d]], score);
            }
            wordAt[path[w.length]] = wi;
            previous = w;
        }
        for (int n = 0; n < count; n++) {
            nodes[2 * n + 1] = Double.doubleToRawLongBits(best[n]);
        }
    }

    /** The length of the longest common prefix of two label strings. */
    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    /** The word's labels, or null if a character is outside the alphabet. */
    private static int[] labelsOf(String word) {
        int[] out = new int[word.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Alphabet.indexOf(word.charAt(i));
            if (out[i] < 0) {
                return null;
            }
        }
        return out;
    }

    /** The node after reading {@code label} from {@code node}, or {@link #NONE}. */
    int child(int node, int label) {
        if (node == NONE || label < 0 || label >= Integer.SIZE) {
            return NONE;
        }
        long e = nodes[2 * node];
        int mask = (int) e;
        int bit = 1 << label;
        if ((mask & bit) == 0) {
            return NONE;
        }
        return (int) (e >>> 32) + Integer.bitCount(mask & (bit - 1));
    }

    /** The best score of a word that starts with the node's characters (needs scores). */
    double best(int node) {
        if (!scored) {
            throw new IllegalStateException("this trie has no scores");
        }
        return Double.longBitsToDouble(nodes[2 * node + 1]);
    }

    /** The index (in the list it was built from) of the word spelled by the path to the node, or -1. */
    int word(int node) {
        return node == NONE ? -1 : wordAt[node];
    }

    int nodes() {
        return wordAt.length;
    }
}
