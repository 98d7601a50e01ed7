package dev.auris.lm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Words of a language model and their ids: 0 is {@code <unk>}, 1 {@code <s>}, 2 {@code </s>}. */
public final class Vocabulary {

    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final int UNK_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;

    private final List<String> words = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();

    Vocabulary(Collection<String> regularWords) {
        add(UNK);
        add(BOS);
        add(EOS);
        for (String w : regularWords) {
            if (!ids.containsKey(w)) {
                add(w);
            }
        }
    }

    private void add(String w) {
        ids.put(w, words.size());
        words.add(w);
    }

    public int size() {
        return words.size();
    }

    /** The id of a word, or {@link #UNK_ID} for a word the model does not know. */
    public int id(String word) {
        Integer id = ids.get(word);
        return id == null ? UNK_ID : id;
    }

    /** The words of a normalised sentence (single spaces between them; none for a blank one). */
    static String[] words(String sentence) {
        return sentence.isBlank() ? new String[0] : sentence.trim().split(" +");
    }

    /** The ids of a normalised sentence's words, {@link #UNK_ID} for those outside the vocabulary. */
    int[] ids(String sentence) {
        String[] words = words(sentence);
        int[] out = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = id(words[i]);
        }
        return out;
    }

    public boolean contains(String word) {
        return ids.containsKey(word);
    }

    public String word(int id) {
        return words.get(id);
    }

    List<String> words() {
        return words;
    }
}
