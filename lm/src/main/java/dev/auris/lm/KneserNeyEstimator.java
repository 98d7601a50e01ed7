package dev.auris.lm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Interpolated modified Kneser-Ney estimation (Chen and Goodman 1998, section 3.5; as KenLM's lmplz
 * does it): highest-order n-grams keep their counts, lower orders use continuation counts (how many
 * distinct words precede them) except n-grams starting with {@code <s>}, which have no left context;
 * three discounts per order from the counts of counts; every order interpolated with the next lower
 * one and the unigrams with the uniform distribution over the vocabulary (which includes
 * {@code <unk>} and {@code </s>} but not {@code <s>}, never predicted: log10 p = -99).
 */
public final class KneserNeyEstimator {

    /**
     * @param order 1 to 5
     * @param minWordCount words seen fewer times become {@code <unk>}
     * @param prune per order from 2 up: n-grams whose count is at most this are dropped and their
     *              probability mass moved to the back-off (0 keeps all); shorter arrays repeat the last value
     * @param extraWords words in the vocabulary whether the text has them or not (a word list). Unseen ones
     *              have adjusted count 0, so each gets the uniform share of the unigram mass that {@code <unk>}
     *              gets, and no n-gram of its own: the decoder can spell them without the text's statistics
     *              changing beyond that share (as SRILM's {@code -vocab} does)
     */
    public record Options(int order, int minWordCount, int[] prune, SortedSet<String> extraWords) {
        public Options {
            if (order < 1 || order > 5) {
                throw new IllegalArgumentException("order must be 1..5, got " + order);
            }
            if (minWordCount < 1) {
                throw new IllegalArgumentException("minimum word count must be >= 1, got " + minWordCount);
            }
            prune = prune == null ? new int[0] : prune.clone();
            for (int p : prune) {
                if (p < 0) {
                    throw new IllegalArgumentException("prune thresholds must be >= 0");
                }
            }
            extraWords = Collections.unmodifiableSortedSet(
                    new TreeSet<>(extraWords == null ? Set.of() : extraWords));
            for (String w : extraWords) {
                if (w.isEmpty() || w.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("not a word: '" + w + "'");
                }
            }
        }

        public Options(int order, int minWordCount, int[] prune) {
            this(order, minWordCount, prune, null);
        }

        /** These options with {@code words} in the vocabulary too. */
        public Options withExtraWords(Collection<String> words) {
            return new Options(order, minWordCount, prune, new TreeSet<>(words));
        }

        public static Options of(int order) {
            return new Options(order, 1, new int[0]);
        }

        int pruneThreshold(int n) {
            if (n < 2 || prune.length == 0) {
                return 0;
            }
            return prune[Math.min(n - 2, prune.length - 1)];
        }
    }

    private KneserNeyEstimator() {
    }

    /** Estimates from sentences of normalised, space-separated words. */
    public static ArpaModel estimate(Iterable<String> sentences, Options options) {
        int order = options.order();
        Map<String, Integer> wordCounts = new HashMap<>();
        for (String s : sentences) {
            for (String w : split(s)) {
                wordCounts.merge(w, 1, Integer::sum);
            }
        }
        TreeSet<String> kept = new TreeSet<>();
        wordCounts.forEach((w, c) -> {
            if (c >= options.minWordCount() && !w.equals(Vocabulary.UNK) && !w.equals(Vocabulary.BOS)
                    && !w.equals(Vocabulary.EOS)) {
                kept.add(w);
            }
        });
        for (String w : options.extraWords()) {
            if (!w.equals(Vocabulary.UNK) && !w.equals(Vocabulary.BOS) && !w.equals(Vocabulary.EOS)) {
                kept.add(w);
            }
        }
        Vocabulary vocab = new Vocabulary(kept);

        // raw counts of every order, sentences padded with <s> and </s>
        List<Map<Ngram, Long>> raw = new ArrayList<>();
        for (int n = 0; n < order; n++) {
            raw.add(new HashMap<>());
        }
        for (String s : sentences) {
            List<String> words = split(s);
            int[] ids = new int[words.size() + 2];
            ids[0] = Vocabulary.BOS_ID;
            for (int i = 0; i < words.size(); i++) {
                ids[i + 1] = vocab.id(words.get(i));
            }
            ids[ids.length - 1] = Vocabulary.EOS_ID;
            for (int end = 1; end <= ids.length; end++) {
                for (int n = 1; n <= order && end - n >= 0; n++) {
                    int start = end - n;
                    if (n == 1 && ids[start] == Vocabulary.BOS_ID) {
                        continue; // <s> is never predicted
                    }
                    int[] g = java.util.Arrays.copyOfRange(ids, start, end);
                    raw.get(n - 1).merge(new Ngram(g), 1L, Long::sum);
                }
            }
        }

        // adjusted counts: continuation counts below the top order
        List<Map<Ngram, Long>> adjusted = new ArrayList<>();
        for (int n = 1; n <= order; n++) {
            if (n == order) {
                adjusted.add(raw.get(n - 1));
                continue;
            }
            Map<Ngram, Long> a = new HashMap<>();
            for (Map.Entry<Ngram, Long> e : raw.get(n - 1).entrySet()) {
                if (e.getKey().ids()[0] == Vocabulary.BOS_ID) {
                    a.put(e.getKey(), e.getValue());
                }
            }
            for (Ngram longer : raw.get(n).keySet()) {
                Ngram s = longer.suffix();
                if (s.ids()[0] != Vocabulary.BOS_ID) {
                    a.merge(s, 1L, Long::sum);
                }
            }
            adjusted.add(a);
        }
        // every unigram must exist (vocabulary words seen only after <s> still count)
        for (int w = 2; w < vocab.size(); w++) {
            adjusted.get(0).putIfAbsent(new Ngram(new int[] {w}), 0L);
        }

        List<Map<Ngram, ArpaModel.Entry>> out = ArpaModel.emptyOrders(order);
        Map<Ngram, double[]> probs = new HashMap<>(); // n-gram -> {p, gamma-as-context}
        probs.put(new Ngram(new int[] {Vocabulary.BOS_ID}), new double[] {0, 0}); // a context, never predicted
        double[] uniformGamma = new double[1];
        for (int n = 1; n <= order; n++) {
            double[] d = discounts(adjusted.get(n - 1));
            // per context: total adjusted count and N1, N2, N3+
            Map<Ngram, double[]> contexts = new HashMap<>();
            for (Map.Entry<Ngram, Long> e : adjusted.get(n - 1).entrySet()) {
                double[] c = contexts.computeIfAbsent(e.getKey().context(), k -> new double[4]);
                long a = e.getValue();
                c[0] += a;
                if (a >= 1) {
                    c[(int) Math.min(3, a)] += 1;
                }
            }
            Map<Ngram, Double> gamma = new HashMap<>();
            contexts.forEach((h, c) -> gamma.put(h, c[0] == 0 ? 1.0 : (d[1] * c[1] + d[2] * c[2] + d[3] * c[3]) / c[0]));
            int vocabSize = vocab.size() - 1; // all but <s>
            for (Map.Entry<Ngram, Long> e : adjusted.get(n - 1).entrySet()) {
                Ngram g = e.getKey();
                long a = e.getValue();
                double[] c = contexts.get(g.context());
                double u = c[0] == 0 ? 0 : Math.max(0, a - d[(int) Math.min(3, a)]) / c[0];
                double lower = n == 1 ? 1.0 / vocabSize : probs.get(g.suffix())[0];
                double p = u + gamma.get(g.context()) * lower;
                probs.put(g, new double[] {p, 0});
            }
            if (n == 1) {
                uniformGamma[0] = gamma.getOrDefault(new Ngram(new int[0]), 1.0);
                double pUnk = uniformGamma[0] / vocabSize;
                probs.putIfAbsent(new Ngram(new int[] {Vocabulary.UNK_ID}), new double[] {pUnk, 0});
            }
            // back-off weight of each n-gram of order n-1 as a context
            if (n > 1) {
                gamma.forEach((h, gm) -> {
                    double[] ph = probs.get(h);
                    if (ph != null) {
                        ph[1] = gm;
                    }
                });
            }
        }
        for (int n = 1; n <= order; n++) {
            Map<Ngram, ArpaModel.Entry> m = out.get(n - 1);
            for (Ngram g : n == 1 ? unigramKeys(vocab) : adjusted.get(n - 1).keySet()) {
                double[] pb = probs.get(g);
                if (pb == null) {
                    continue;
                }
                float lp = g.ids().length == 1 && g.ids()[0] == Vocabulary.BOS_ID ? -99f : (float) Math.log10(pb[0]);
                m.put(g, new ArpaModel.Entry(lp, (float) Math.log10(pb[1] == 0 ? 1 : pb[1])));
            }
            if (n == 1) {
                // <s> is a context but never predicted
                double[] bos = probs.get(new Ngram(new int[] {Vocabulary.BOS_ID}));
                m.put(new Ngram(new int[] {Vocabulary.BOS_ID}),
                        new ArpaModel.Entry(-99f, (float) Math.log10(bos == null || bos[1] == 0 ? 1 : bos[1])));
            }
        }
        fixBackoffsOfLeaves(out);
        ArpaModel model = new ArpaModel(vocab, out);
        return options.prune().length == 0 ? model : Pruning.prune(model, raw, options);
    }

    private static List<Ngram> unigramKeys(Vocabulary v) {
        List<Ngram> l = new ArrayList<>();
        for (int w = 0; w < v.size(); w++) {
            if (w != Vocabulary.BOS_ID) {
                l.add(new Ngram(new int[] {w}));
            }
        }
        return l;
    }

    /** N-grams that are never a context carry back-off 1 (log10 0), as ARPA leaves them. */
    private static void fixBackoffsOfLeaves(List<Map<Ngram, ArpaModel.Entry>> out) {
        int top = out.size();
        for (Map.Entry<Ngram, ArpaModel.Entry> e : out.get(top - 1).entrySet()) {
            e.setValue(new ArpaModel.Entry(e.getValue().logProb(), 0f));
        }
    }

    /** D1, D2, D3+ from counts of counts (Chen and Goodman eq. 26); index 0 unused. */
    static double[] discounts(Map<Ngram, Long> counts) {
        long[] t = new long[5];
        for (long c : counts.values()) {
            if (c >= 1 && c <= 4) {
                t[(int) c]++;
            }
        }
        double[] d = {0, 0.5, 1.0, 1.5};
        if (t[1] > 0 && t[2] > 0) {
            double y = t[1] / (double) (t[1] + 2 * t[2]);
            d[1] = 1 - 2 * y * t[2] / t[1];
            if (t[3] > 0) {
                d[2] = 2 - 3 * y * t[3] / t[2];
                if (t[4] > 0) {
                    d[3] = 3 - 4 * y * t[4] / t[3];
                }
            }
        }
        for (int k = 1; k <= 3; k++) {
            d[k] = Math.max(0, Math.min(k, d[k]));
        }
        return d;
    }

    static List<String> split(String sentence) {
        List<String> words = new ArrayList<>();
        for (String w : sentence.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
