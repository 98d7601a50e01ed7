package dev.auris.decoder;

import dev.auris.corpora.LogSpace;
import dev.auris.corpora.text.Alphabet;
import dev.auris.lm.NgramModel;
import dev.auris.lm.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * CTC prefix beam search in log space with a word n-gram model fused at word boundaries (Hannun et
 * al. 2014, algorithm 1; Graves 2012 for the blank / non-blank split). Each prefix keeps the
 * probability of the frames so far ending in blank and in a character; a space completes a word,
 * which is scored by the n-gram model once, when the prefix is first made. The partial last word is
 * charged the model's unknown-word probability if no vocabulary word starts with it, so beams do
 * not drift into letter strings the model cannot complete; at the end it is scored as a word, with
 * {@code </s>}. With look-ahead on, a known partial word is ranked by the best unigram score of the
 * words it can become (kept per trie node). Labels are the {@link Alphabet}'s; the space is the word
 * separator. Thread-safe: the vocabulary's trie is built once, and each search keeps its beam in locals.
 *
 * <p>Pruning is exact but lazy: a frame keeps the prefixes within {@code beamPruneLogProb} of its best
 * and among its {@code beamWidth} best, and an extension that provably falls below the first bound is
 * never made (at beam 2048 on real network output, 19 in 20 new prefixes were made only to be pruned).
 */
final class PrefixBeamSearch {

    private static final double LN10 = Math.log(10);

    private final DecoderConfig config;
    private final NgramModel lm;
    private final WordPrefixTrie wordPrefixes;
    private final double unkLn;
    /** Rank unfinished words by their best completion's unigram (an LM and look-ahead on). */
    private final boolean lookahead;
    private final float blankPenalty;

    PrefixBeamSearch(DecoderConfig config, NgramModel lm) {
        this.config = config;
        this.lm = lm;
        this.lookahead = lm != null && config.lmLookahead();
        this.blankPenalty = (float) config.blankPenalty();
        if (lm != null) {
            Vocabulary v = lm.vocabulary();
            List<String> words = new ArrayList<>();
            double[] unigrams = new double[v.size() - Vocabulary.EOS_ID - 1];
            for (int i = Vocabulary.EOS_ID + 1; i < v.size(); i++) {
                words.add(v.word(i));
                unigrams[i - Vocabulary.EOS_ID - 1] = lm.logProb10(i, new int[0], 0, 0) * LN10;
            }
            wordPrefixes = new WordPrefixTrie(words, unigrams);
        } else {
            wordPrefixes = null;
        }
        this.unkLn = unknownLn(config, lm);
    }

    /** The same search with other settings, sharing this one's vocabulary trie (0.1-0.2 s to build for the shipped 142 k words). */
    private PrefixBeamSearch(PrefixBeamSearch shared, DecoderConfig config) {
        this.config = config;
        this.lm = shared.lm;
        this.lookahead = lm != null && config.lmLookahead();
        this.blankPenalty = (float) config.blankPenalty();
        this.wordPrefixes = shared.wordPrefixes;
        this.unkLn = unknownLn(config, lm);
    }

    PrefixBeamSearch withConfig(DecoderConfig newConfig) {
        return new PrefixBeamSearch(this, newConfig);
    }

    private static double unknownLn(DecoderConfig config, NgramModel lm) {
        return lm == null ? 0 : (lm.logProb10(Vocabulary.UNK_ID, new int[0], 0, 0) + config.unknownWordOffset()) * LN10;
    }

    /** A labelling so far; children are interned so every labelling has one node. */
    private final class Prefix {
        final Prefix parent;
        final int label;
        /**
         * Where the character most likely starts: the frame of its likeliest arrival from the parent
         * (among arrivals that came within reach of the beam).
         */
        int frame;
        double bestArrival = Double.NEGATIVE_INFINITY;
        final int[] history;
        final double lmLn;
        final int words;
        /** The partial word's node in the vocabulary's prefix trie ({@link WordPrefixTrie#NONE}: no word starts so). */
        final int partialNode;
        /** The LM's part of the ranking score (before alpha): fixed per prefix, so computed once. */
        final double lmRank;
        Prefix[] children;
        double rank;
        double blank = Double.NEGATIVE_INFINITY;
        double nonBlank = Double.NEGATIVE_INFINITY;
        double nextBlank = Double.NEGATIVE_INFINITY;
        double nextNonBlank = Double.NEGATIVE_INFINITY;
        int touched = -1;
        /** The frame whose search step extends this prefix, as a member of the beam. */
        int memberAt = -1;

        Prefix(Prefix parent, int label, int frame, int[] history, double lmLn, int words, int partialNode) {
            this.parent = parent;
            this.label = label;
            this.frame = frame;
            this.history = history;
            this.lmLn = lmLn;
            this.words = words;
            this.partialNode = partialNode;
            this.lmRank = lmRank(lmLn, partialNode);
        }

        /**
         * The child for label {@code c} if the character's arrival at frame t, of this log-probability,
         * may keep it in the beam; null if the child is outside this frame's beam and cannot rank at or
         * above {@code reach} on that arrival (an arrival from its parent is all such a prefix gets, so it
         * would be pruned). A new child is made, and its n-gram score or trie node looked up, only if its
         * upper bound reaches: a word's log-probability is at most 0, and a longer partial word's best
         * completion is no better than a shorter one's. Most new prefixes fall short (both lookups miss
         * the processor's caches).
         */
        Prefix extend(int c, int t, double arrival, double reach, NgramScoreCache scores) {
            Prefix child = children == null ? null : children[c];
            if (child != null) {
                return child.memberAt == t || rank(arrival, child.lmRank, child.words) >= reach ? child : null;
            }
            int childWords = c == Alphabet.SPACE ? words + 1 : words;
            if (rank(arrival, childLmBound(c), childWords) < reach) {
                return null;
            }
            // the child's exact rank on this arrival, and the child itself only if that reaches
            if (c == Alphabet.SPACE) {
                int id = wordId(partialNode);
                double childLm = lmLn + wordLn(history, id, scores);
                if (rank(arrival, lmRank(childLm, WordPrefixTrie.ROOT), childWords) < reach) {
                    return null;
                }
                child = new Prefix(this, c, t, push(history, id), childLm, childWords, WordPrefixTrie.ROOT);
            } else {
                int node = lm == null ? WordPrefixTrie.ROOT : wordPrefixes.child(partialNode, c);
                if (rank(arrival, lmRank(lmLn, node), words) < reach) {
                    return null;
                }
                child = new Prefix(this, c, t, history, lmLn, words, node);
            }
            if (children == null) {
                children = new Prefix[Alphabet.SIZE];
            }
            children[c] = child;
            return child;
        }

        /**
         * An upper bound of a new child's {@link #lmRank}, known without a lookup: a word's log-probability is
         * at most 0, and a longer partial word's best completion is no better than this one's (or, if no word
         * starts so, it is charged the unknown word's).
         */
        private double childLmBound(int c) {
            return c == Alphabet.SPACE ? lmRank(lmLn, WordPrefixTrie.ROOT) : Math.max(lmRank, lmLn + unkLn);
        }

        /** A word in progress: the last label is a character. */
        boolean inWord() {
            return label >= 0 && label != Alphabet.SPACE;
        }

        double acoustic() {
            return LogSpace.addFast(blank, nonBlank);
        }

        /** Ranking score during the search. */
        double score() {
            return rank(acoustic(), lmRank, words);
        }
    }

    /** The score that ranks prefixes in the beam: ln P_ctc + alpha * the LM's part + beta * words. */
    private double rank(double acoustic, double lmRank, int words) {
        return acoustic + config.alpha() * lmRank + config.beta() * words;
    }

    /** The LM's part of a prefix's rank, given its words' score and its partial word's trie node. */
    private double lmRank(double lmLn, int partialNode) {
        if (lm == null) {
            return lmLn;
        }
        if (partialNode == WordPrefixTrie.NONE) {
            return lmLn + unkLn; // no vocabulary word starts so: it can only end as an unknown word
        }
        return lookahead ? lmLn + wordPrefixes.best(partialNode) : lmLn;
    }

    /** The vocabulary id of the word spelled to a trie node (unknown if none ends there). */
    private int wordId(int node) {
        if (lm == null) {
            return Vocabulary.UNK_ID;
        }
        int index = wordPrefixes.word(node);
        return index < 0 ? Vocabulary.UNK_ID : index + Vocabulary.EOS_ID + 1; // the trie lists words from EOS_ID + 1 on
    }

    private double wordLn(int[] history, int id, NgramScoreCache scores) {
        if (lm == null) {
            return 0;
        }
        double log10 = scores.logProb10(id, history);
        if (id == Vocabulary.UNK_ID) {
            log10 += config.unknownWordOffset();
        }
        return log10 * LN10;
    }

    private int[] push(int[] history, int id) {
        if (lm == null) {
            return history;
        }
        int keep = Math.min(history.length, lm.order() - 2);
        int[] h = new int[Math.max(0, keep) + 1];
        System.arraycopy(history, history.length - Math.max(0, keep), h, 0, Math.max(0, keep));
        h[h.length - 1] = id;
        return h;
    }

    /**
     * The best hypotheses, scored on the posteriors divided by the label priors (if any); their words'
     * confidences are the posteriors themselves.
     */
    List<Hypothesis> search(CtcMatrix posteriors, int nBest) {
        CtcMatrix m = config.labelPriors().apply(posteriors);
        NgramScoreCache scores = lm == null ? null : new NgramScoreCache(lm); // one per search: nothing outlives it
        Prefix root = new Prefix(null, -1, -1, lm == null ? new int[0] : new int[] {Vocabulary.BOS_ID}, 0, 0,
                WordPrefixTrie.ROOT);
        root.blank = 0;
        root.memberAt = 0;
        List<Prefix> beam = new ArrayList<>(List.of(root));
        List<Prefix> spare = new ArrayList<>();
        int[] candidates = new int[m.classes()];
        double[] heldY = new double[m.classes()];
        List<Prefix> next = new ArrayList<>();
        double[] ranks = new double[config.beamWidth() * (m.classes() + 1)]; // room for every prefix a frame can touch
        for (int t = 0; t < m.frames(); t++) {
            int n = candidates(m, t, candidates);
            next.clear();
            // The frame's best rank is at least any prefix's score so far, so a prefix outside the beam that
            // cannot come within the prune margin of it (the reach) is neither touched nor made: it would be
            // pruned. The beam's prefixes staying (by a blank or the held character) set the reach first;
            // it rises as the frame goes on. Most new prefixes fall short of it.
            double blankY = m.at(t, Alphabet.BLANK) - blankPenalty;
            Arrays.fill(heldY, Double.NEGATIVE_INFINITY);
            for (int i = 1; i < n; i++) {
                heldY[candidates[i]] = m.at(t, candidates[i]);
            }
            double bestStay = Double.NEGATIVE_INFINITY;
            for (Prefix p : beam) {
                double held = p.label >= 0 ? p.nonBlank + heldY[p.label] : Double.NEGATIVE_INFINITY;
                double stay = LogSpace.addFast(p.acoustic() + blankY, held);
                bestStay = Math.max(bestStay, rank(stay, p.lmRank, p.words));
            }
            double prune = config.beamPruneLogProb();
            double reach = bestStay + prune;
            for (Prefix p : beam) {
                double total = p.acoustic();
                for (int i = 0; i < n; i++) {
                    int c = candidates[i];
                    float y = m.at(t, c);
                    if (c == Alphabet.BLANK) {
                        y -= blankPenalty;
                        touch(p, t, next);
                        p.nextBlank = LogSpace.addFast(p.nextBlank, total + y);
                    } else if (c == p.label) {
                        touch(p, t, next);
                        p.nextNonBlank = LogSpace.addFast(p.nextNonBlank, p.nonBlank + y); // the same character held
                        if (c == Alphabet.SPACE) {
                            continue; // no second space after a blank: it would separate no word
                        }
                        Prefix q = p.blank > Double.NEGATIVE_INFINITY ? p.extend(c, t, p.blank + y, reach, scores) : null;
                        if (q != null) { // the character again, after a blank
                            touch(q, t, next);
                            reach = Math.max(reach, arrive(q, p.blank + y, t) + prune);
                        }
                    } else {
                        if (c == Alphabet.SPACE && p.label == -1) {
                            continue; // no leading space
                        }
                        Prefix q = p.extend(c, t, total + y, reach, scores);
                        if (q != null) {
                            touch(q, t, next);
                            reach = Math.max(reach, arrive(q, total + y, t) + prune);
                        }
                    }
                }
            }
            for (Prefix p : next) {
                p.blank = p.nextBlank;
                p.nonBlank = p.nextNonBlank;
                p.nextBlank = Double.NEGATIVE_INFINITY;
                p.nextNonBlank = Double.NEGATIVE_INFINITY;
            }
            for (Prefix p : beam) {
                if (p.touched != t) {
                    p.blank = Double.NEGATIVE_INFINITY; // not extended this frame: it fell out
                    p.nonBlank = Double.NEGATIVE_INFINITY;
                }
            }
            double floor = floor(next, ranks);
            List<Prefix> kept = spare; // last frame's beam, done with
            spare = beam;
            beam = kept;
            beam.clear();
            int best = 0;
            for (Prefix p : next) {
                if (p.rank >= floor && beam.size() < config.beamWidth()) {
                    p.memberAt = t + 1;
                    if (!beam.isEmpty() && p.rank > beam.get(best).rank) {
                        best = beam.size();
                    }
                    beam.add(p);
                }
            }
            if (best > 0) {
                Collections.swap(beam, 0, best); // the best first: its extensions raise the reach early
            }
        }
        return finish(beam, posteriors, nBest, scores);
    }

    /**
     * The lowest rank that stays in the beam: within the prune margin of the best, and among the beam
     * width's best. Sets each prefix's rank.
     */
    private double floor(List<Prefix> next, double[] scratch) {
        double best = Double.NEGATIVE_INFINITY;
        for (Prefix p : next) {
            p.rank = p.score();
            best = Math.max(best, p.rank);
        }
        double floor = best + config.beamPruneLogProb();
        int k = config.beamWidth();
        if (next.size() <= k) {
            return floor;
        }
        // only ranks above the prune margin can be the k-th best (most are below it)
        int n = 0;
        for (Prefix p : next) {
            if (p.rank >= floor) {
                scratch[n++] = p.rank;
            }
        }
        return n <= k ? floor : kthLargest(scratch, n, k);
    }

    /**
     * The k-th largest of the first n values of {@code a}, which it reorders (Hoare's quickselect,
     * expected linear time: a full sort of the candidates was a tenth of the search at beam 128).
     */
    static double kthLargest(double[] a, int n, int k) {
        for (int i = 0; i < n; i++) {
            a[i] = -a[i]; // the k-th smallest of the negated values
        }
        int lo = 0;
        int hi = n - 1;
        int target = k - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = a[i];
                    a[i++] = a[j];
                    a[j--] = tmp;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return -a[target];
    }

    /**
     * A new character's probability arriving at frame t; keeps the frame of the likeliest arrival.
     * Returns a lower bound of the prefix's rank at the end of the frame.
     */
    private double arrive(Prefix q, double logProb, int t) {
        q.nextNonBlank = LogSpace.addFast(q.nextNonBlank, logProb);
        if (logProb > q.bestArrival) {
            q.bestArrival = logProb;
            q.frame = t;
        }
        return rank(LogSpace.addFast(q.nextBlank, q.nextNonBlank), q.lmRank, q.words);
    }

    private static void touch(Prefix p, int t, List<Prefix> next) {
        if (p.touched != t) {
            p.touched = t;
            p.nextBlank = Double.NEGATIVE_INFINITY;
            p.nextNonBlank = Double.NEGATIVE_INFINITY;
            next.add(p);
        }
    }

    /** The likeliest labels of frame t above the floor, blank always among them; returns how many. */
    private int candidates(CtcMatrix m, int t, int[] out) {
        int classes = m.classes();
        int limit = Math.min(config.candidatesPerFrame(), classes);
        int n = 0;
        out[n++] = Alphabet.BLANK;
        // selection of the top labels by repeated scans (classes is small)
        boolean[] taken = new boolean[classes];
        taken[Alphabet.BLANK] = true;
        while (n < limit) {
            int best = -1;
            for (int k = 0; k < classes; k++) {
                if (!taken[k] && (best < 0 || m.at(t, k) > m.at(t, best))) {
                    best = k;
                }
            }
            if (best < 0 || m.at(t, best) < config.candidateLogProbFloor()) {
                break;
            }
            taken[best] = true;
            out[n++] = best;
        }
        return n;
    }

    private List<Hypothesis> finish(List<Prefix> beam, CtcMatrix posteriors, int nBest, NgramScoreCache scores) {
        record Final(Prefix p, double lm, int words, double score) {
        }
        List<Final> finals = new ArrayList<>();
        for (Prefix p : beam) {
            double acoustic = p.acoustic();
            if (acoustic == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double lmLn = p.lmLn;
            int words = p.words;
            int[] history = p.history;
            if (p.inWord()) {
                int id = wordId(p.partialNode);
                lmLn += wordLn(history, id, scores);
                history = push(history, id);
                words++;
            }
            if (lm != null) {
                lmLn += lm.logProb10(Vocabulary.EOS_ID, history, 0, history.length) * LN10;
            }
            finals.add(new Final(p, lmLn, words, rank(acoustic, lmLn, words)));
        }
        finals.sort((a, b) -> Double.compare(b.score(), a.score()));
        List<Hypothesis> out = new ArrayList<>();
        for (Final f : finals.subList(0, Math.min(nBest, finals.size()))) {
            out.add(new Hypothesis(text(f.p()), words(f.p(), posteriors), f.p().acoustic(), f.lm(), f.score()));
        }
        if (out.isEmpty()) {
            out.add(new Hypothesis("", List.of(), Double.NEGATIVE_INFINITY, 0, Double.NEGATIVE_INFINITY));
        }
        return out;
    }

    private static List<Prefix> chain(Prefix p) {
        List<Prefix> nodes = new ArrayList<>();
        for (Prefix q = p; q != null && q.label >= 0; q = q.parent) {
            nodes.add(q);
        }
        Collections.reverse(nodes);
        return nodes;
    }

    private static String text(Prefix p) {
        StringBuilder sb = new StringBuilder();
        for (Prefix q : chain(p)) {
            sb.append(Alphabet.symbol(q.label));
        }
        return sb.toString().strip();
    }

    /** Words with the frames their characters first fire on; a word ends after its last character's frame. */
    private static List<Word> words(Prefix p, CtcMatrix m) {
        List<Word> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        int start = -1;
        int last = -1;
        double logSum = 0;
        for (Prefix q : chain(p)) {
            if (q.label == Alphabet.SPACE) {
                if (w.length() > 0) {
                    words.add(word(w, start, last, logSum, m));
                }
                w.setLength(0);
                logSum = 0;
                continue;
            }
            if (w.length() == 0) {
                start = q.frame;
            }
            w.append(Alphabet.symbol(q.label));
            last = q.frame;
            logSum += m.at(q.frame, q.label);
        }
        if (w.length() > 0) {
            words.add(word(w, start, last, logSum, m));
        }
        return words;
    }

    private static Word word(StringBuilder w, int start, int last, double logSum, CtcMatrix m) {
        return new Word(w.toString(), start * m.frameSeconds(), (last + 1) * m.frameSeconds(),
                Math.exp(logSum / w.length()));
    }
}
