package dev.auris.decoder;

import dev.auris.corpora.text.Alphabet;
import java.util.ArrayList;
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
        // a pointer trie first, numbered in insertion order
        List<Double> bestOf = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        bestOf.add(Double.NEGATIVE_INFINITY);
        ends.add(-1);
        List<int[]> childOf = new ArrayList<>(); // per node: child per label (lazily made)
        childOf.add(null);
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
                int[] c = childOf.get(node);
                if (c == null) {
                    c = new int[Alphabet.SIZE];
                    Arrays.fill(c, NONE);
                    childOf.set(node, c);
                }
                int child = c[label];
                if (child == NONE) {
                    child = bestOf.size();
                    c[label] = child;
                    bestOf.add(Double.NEGATIVE_INFINITY);
                    ends.add(-1);
                    childOf.add(null);
                }
                node = child;
                path.add(node);
            }
            if (node != NONE) {
                ends.set(node, wi);
                for (int n : path) {
                    bestOf.set(n, Math.max(bestOf.get(n), score));
                }
            }
        }
        // renumbered breadth first: the queue order is the new numbering
        int count = bestOf.size();
        int[] order = new int[count];
        int tail = 1;
        order[0] = ROOT;
        nodes = new long[2 * count];
        wordAt = new int[count];
        for (int head = 0; head < count; head++) {
            int old = order[head];
            int[] c = childOf.get(old);
            int mask = 0;
            int first = tail;
            if (c != null) {
                for (int label = 0; label < Alphabet.SIZE; label++) {
                    if (c[label] != NONE) {
                        mask |= 1 << label;
                        order[tail++] = c[label];
                    }
                }
            }
            nodes[2 * head] = (long) first << 32 | (mask & 0xFFFFFFFFL);
            nodes[2 * head + 1] = Double.doubleToRawLongBits(bestOf.get(old));
            wordAt[head] = ends.get(old);
        }
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
