package dev.auris.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.auris.corpora.text.Alphabet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordPrefixTrieTest {

    private static String randomWord(Random r, int maxLength) {
        String letters = "abcde'";
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(maxLength); i < n; i++) {
            sb.append(letters.charAt(r.nextInt(letters.length())));
        }
        return sb.toString();
    }

    /** Walking a string through the trie ends on a node exactly when some word starts with it (brute force). */
    @Test
    void knowsExactlyThePrefixesOfItsWords() {
        Random r = new Random(3);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            words.add(randomWord(r, 7));
        }
        WordPrefixTrie trie = new WordPrefixTrie(words);
        int known = 0;
        for (int trial = 0; trial < 5000; trial++) {
            String probe = randomWord(r, 5);
            int node = WordPrefixTrie.ROOT;
            for (char c : probe.toCharArray()) {
                node = trie.child(node, Alphabet.indexOf(c));
            }
            boolean expected = words.stream().anyMatch(w -> w.startsWith(probe));
            assertEquals(expected, node != WordPrefixTrie.NONE, probe);
            known += expected ? 1 : 0;
        }
        assertEquals(true, known > 500 && known < 4500, "probes should be both known and unknown: " + known);
        long distinctPrefixes = words.stream().flatMap(w -> java.util.stream.IntStream.rangeClosed(1, w.length())
                .mapToObj(k -> w.substring(0, k))).distinct().count();
        assertEquals(distinctPrefixes + 1, trie.nodes(), "one node per distinct prefix, plus the root");
    }

    /** Each node's best score is the maximum over the words that start with its prefix (brute force). */
    @Test
    void eachNodeKnowsTheBestWordBelowIt() {
        Random r = new Random(5);
        List<String> words = new ArrayList<>();
        double[] scores = new double[200];
        for (int i = 0; i < scores.length; i++) {
            words.add(randomWord(r, 6));
            scores[i] = -20 * r.nextDouble();
        }
        WordPrefixTrie trie = new WordPrefixTrie(words, scores);
        for (int trial = 0; trial < 3000; trial++) {
            String probe = trial == 0 ? "" : randomWord(r, 4);
            int node = WordPrefixTrie.ROOT;
            for (char c : probe.toCharArray()) {
                node = trie.child(node, Alphabet.indexOf(c));
            }
            if (node == WordPrefixTrie.NONE) {
                continue;
            }
            double expected = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < scores.length; i++) {
                if (words.get(i).startsWith(probe)) {
                    expected = Math.max(expected, scores[i]);
                }
            }
            assertEquals(expected, trie.best(node), 0.0, probe);
        }
    }

    /** A string's walk ends on a node naming a word exactly when the string is that word (brute force). */
    @Test
    void namesTheWordThatEndsAtANode() {
        Random r = new Random(11);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String w = randomWord(r, 6);
            if (!words.contains(w)) {
                words.add(w);
            }
        }
        words.add("a-b"); // a character outside the alphabet: the word has no node
        WordPrefixTrie trie = new WordPrefixTrie(words);
        for (int trial = 0; trial < 5000; trial++) {
            String probe = trial < words.size() ? words.get(trial) : randomWord(r, 6);
            int node = WordPrefixTrie.ROOT;
            for (char c : probe.toCharArray()) {
                node = trie.child(node, Alphabet.indexOf(c));
            }
            assertEquals(words.contains(probe) && !probe.equals("a-b") ? words.indexOf(probe) : -1, trie.word(node), probe);
        }
        assertEquals(-1, trie.word(WordPrefixTrie.ROOT), "the empty string is no word");
        assertEquals(WordPrefixTrie.NONE, trie.child(WordPrefixTrie.ROOT, -1), "a label outside the alphabet leads nowhere");
    }

    /** A word with a character outside the alphabet leaves no node, not even for the prefix before that character. */
    @Test
    void aWordOutsideTheAlphabetLeavesNoTrace() {
        WordPrefixTrie trie = new WordPrefixTrie(List.of("xy-z", "ab", "ab"), new double[] {-1, -3, -2});
        assertEquals(WordPrefixTrie.NONE, trie.child(WordPrefixTrie.ROOT, Alphabet.indexOf('x')));
        assertEquals(3, trie.nodes(), "the root, a and ab");
        int ab = trie.child(trie.child(WordPrefixTrie.ROOT, Alphabet.indexOf('a')), Alphabet.indexOf('b'));
        assertEquals(2, trie.word(ab), "a repeated word is named by its last index");
        assertEquals(-2, trie.best(WordPrefixTrie.ROOT), 0.0, "the best of the words in the alphabet");
    }
}
