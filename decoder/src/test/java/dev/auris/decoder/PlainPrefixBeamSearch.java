package dev.auris.decoder;

import dev.auris.corpora.LogSpace;
import dev.auris.corpora.text.Alphabet;
import dev.auris.lm.NgramModel;
import dev.auris.lm.Vocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prefix beam search written as plainly as possible, for tests: prefixes are strings in a map,
 * every extension is made and scored in full (the LM by direct queries, look-ahead by scanning the
 * whole vocabulary), and only then is the frame's beam pruned. {@link PrefixBeamSearch} must keep
 * exactly the same beams while skipping most of this work.
 */
final class PlainPrefixBeamSearch {

    private static final double LN10 = Math.log(10);

    private final DecoderConfig config;
    private final NgramModel lm;

    PlainPrefixBeamSearch(DecoderConfig config, NgramModel lm) {
        this.config = config;
        this.lm = lm;
    }

    private static final class State {
        double blank = Double.NEGATIVE_INFINITY;
        double nonBlank = Double.NEGATIVE_INFINITY;

        double total() {
            return LogSpace.addFast(blank, nonBlank);
        }
    }

    /** The N best (text, score) pairs, best first. */
    List<Map.Entry<String, Double>> search(CtcMatrix posteriors, int nBest) {
        CtcMatrix m = config.labelPriors().apply(posteriors);
        Map<String, State> beam = new LinkedHashMap<>();
        State root = new State();
        root.blank = 0;
        beam.put("", root);
        for (int t = 0; t < m.frames(); t++) {
            Map<String, State> next = new LinkedHashMap<>();
            for (Map.Entry<String, State> e : beam.entrySet()) {
                String p = e.getKey();
                State s = e.getValue();
                int last = p.isEmpty() ? -1 : Alphabet.indexOf(p.charAt(p.length() - 1));
                for (int c : candidates(m, t)) {
                    double y = m.at(t, c);
                    if (c == Alphabet.BLANK) {
                        State n = next.computeIfAbsent(p, k -> new State());
                        n.blank = LogSpace.addFast(n.blank, s.total() + y - config.blankPenalty());
                    } else if (c == last) {
                        State n = next.computeIfAbsent(p, k -> new State());
                        n.nonBlank = LogSpace.addFast(n.nonBlank, s.nonBlank + y);
                        if (c != Alphabet.SPACE && s.blank > Double.NEGATIVE_INFINITY) { // no second space
                            State q = next.computeIfAbsent(p + Alphabet.symbol(c), k -> new State());
                            q.nonBlank = LogSpace.addFast(q.nonBlank, s.blank + y);
                        }
                    } else if (!(c == Alphabet.SPACE && last == -1)) {
                        State q = next.computeIfAbsent(p + Alphabet.symbol(c), k -> new State());
                        q.nonBlank = LogSpace.addFast(q.nonBlank, s.total() + y);
                    }
                }
            }
            Map<String, Double> rank = new LinkedHashMap<>();
            next.forEach((p, s) -> rank.put(p, s.total() + config.alpha() * lmRank(p) + config.beta() * completedWords(p)));
            double best = rank.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NEGATIVE_INFINITY);
            double floor = best + config.beamPruneLogProb();
            if (rank.size() > config.beamWidth()) {
                double[] sorted = rank.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                floor = Math.max(floor, sorted[sorted.length - config.beamWidth()]);
            }
            beam = new LinkedHashMap<>();
            for (Map.Entry<String, State> e : next.entrySet()) {
                if (rank.get(e.getKey()) >= floor) {
                    beam.put(e.getKey(), e.getValue());
                }
            }
        }
        List<Map.Entry<String, Double>> finals = new ArrayList<>();
        beam.forEach((p, s) -> {
            if (s.total() > Double.NEGATIVE_INFINITY) {
                String text = p.strip();
                int words = text.isEmpty() ? 0 : text.split(" ").length;
                finals.add(Map.entry(text, s.total() + config.alpha() * sentenceLn(text) + config.beta() * words));
            }
        });
        finals.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        return finals.subList(0, Math.min(nBest, finals.size()));
    }

    /** The frame's labels by falling log-probability, blank first, as many as the config allows above its floor. */
    private List<Integer> candidates(CtcMatrix m, int t) {
        List<Integer> labels = new ArrayList<>();
        for (int k = 1; k < m.classes(); k++) {
            labels.add(k);
        }
        labels.sort(Comparator.comparingDouble((Integer k) -> -m.at(t, k)));
        List<Integer> out = new ArrayList<>(List.of(Alphabet.BLANK));
        for (int k : labels) {
            if (out.size() >= config.candidatesPerFrame() || m.at(t, k) < config.candidateLogProbFloor()) {
                break;
            }
            out.add(k);
        }
        return out;
    }

    private static int completedWords(String p) {
        int spaces = 0;
        for (int i = 0; i < p.length(); i++) {
            spaces += p.charAt(i) == ' ' ? 1 : 0;
        }
        return spaces;
    }

    private final Map<String, Double> lmRanks = new java.util.HashMap<>();

    /** ln P of the completed words, plus the partial word's look-ahead (or unknown-word) term. */
    private double lmRank(String p) {
        return lmRanks.computeIfAbsent(p, this::computeLmRank);
    }

    private double computeLmRank(String p) {
        if (lm == null) {
            return 0;
        }
        int cut = p.lastIndexOf(' ') + 1;
        String done = p.substring(0, cut).strip();
        String partial = p.substring(cut);
        double ln = wordsLn(done.isEmpty() ? new String[0] : done.split(" "));
        Vocabulary v = lm.vocabulary();
        double bestCompletion = Double.NEGATIVE_INFINITY;
        for (int i = Vocabulary.EOS_ID + 1; i < v.size(); i++) {
            if (v.word(i).startsWith(partial)) {
                bestCompletion = Math.max(bestCompletion, lm.logProb10(i, new int[0], 0, 0) * LN10);
            }
        }
        if (bestCompletion == Double.NEGATIVE_INFINITY) {
            return ln + (lm.logProb10(Vocabulary.UNK_ID, new int[0], 0, 0) + config.unknownWordOffset()) * LN10;
        }
        return config.lmLookahead() ? ln + bestCompletion : ln;
    }

    /** ln P of words after {@code <s>}, each unknown one charged the unknown-word offset; no {@code </s>}. */
    private double wordsLn(String[] words) {
        int[] ids = new int[words.length + 1];
        ids[0] = Vocabulary.BOS_ID;
        double ln = 0;
        for (int i = 0; i < words.length; i++) {
            ids[i + 1] = lm.vocabulary().id(words[i]);
            double log10 = lm.logProb10(ids[i + 1], ids, 0, i + 1);
            ln += (ids[i + 1] == Vocabulary.UNK_ID ? log10 + config.unknownWordOffset() : log10) * LN10;
        }
        return ln;
    }

    private double sentenceLn(String text) {
        if (lm == null) {
            return 0;
        }
        String[] words = text.isEmpty() ? new String[0] : text.split(" ");
        int[] ids = new int[words.length + 1];
        ids[0] = Vocabulary.BOS_ID;
        for (int i = 0; i < words.length; i++) {
            ids[i + 1] = lm.vocabulary().id(words[i]);
        }
        return wordsLn(words) + lm.logProb10(Vocabulary.EOS_ID, ids, 0, ids.length) * LN10;
    }
}
