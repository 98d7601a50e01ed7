package dev.auris.lm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Linear interpolation of back-off models, p(w|h) = sum_k lambda_k p_k(w|h), written as one back-off
 * model (SRILM's static {@code ngram -mix-lm}; Stolcke 2002). Models estimated on separate texts and
 * mixed with weights fitted on held-out text beat one model of the pooled counts when the texts differ
 * in kind: the small in-domain text is not swamped by a large general one.
 *
 * <p>The mixture lists every n-gram any component lists, with the exact mixed probability (each
 * component's own back-off probability where it does not list it); back-off weights are recomputed so
 * that every context sums to one. Only n-grams listed by no component differ from the exact mixture.
 * The vocabulary is the union: a word a component does not know gets probability 0 from it, and
 * {@code <unk>} (words no component knows) gets each component's unknown-word mass.
 */
public final class LinearInterpolation {

    private static final int EM_ITERATIONS = 200;

    private final List<ArpaModel> models;
    private final Components components; // query tables built once, for fitting and mixing alike

    private LinearInterpolation(List<ArpaModel> models) {
        this.models = List.copyOf(models);
        this.components = new Components(this.models);
    }

    /**
     * The models to interpolate, made ready to query.
     *
     * @throws IllegalArgumentException for fewer than two models
     */
    public static LinearInterpolation of(List<ArpaModel> models) {
        if (models.size() < 2) {
            throw new IllegalArgumentException("interpolation needs at least two models, got " + models.size());
        }
        return new LinearInterpolation(models);
    }

    /**
     * The mixture with these weights (non-negative, summing to 1).
     *
     * @throws IllegalArgumentException for weights that do not fit the models
     */
    public ArpaModel mix(double[] weights) {
        checkWeights(models.size(), weights);
        Components c = components;
        int order = c.order;
        // mixed probabilities of every n-gram any component lists, in union ids, as linear (not log) values
        List<Map<Ngram, Double>> probs = new ArrayList<>();
        for (int n = 1; n <= order; n++) {
            Map<Ngram, Double> m = new HashMap<>();
            for (int k = 0; k < models.size(); k++) {
                if (n > models.get(k).order()) {
                    continue;
                }
                for (Ngram g : models.get(k).entries(n).keySet()) {
                    m.computeIfAbsent(c.toUnion(k, g), u -> u.ids().length == 1 && u.ids()[0] == Vocabulary.BOS_ID
                            ? 0.0 : c.mixed(weights, u.ids()));
                }
            }
            probs.add(m);
        }
        // back-off weights, shortest contexts first: bow(h) = (1 - sum p(w|h)) / (1 - sum p_mix(w|h')) over
        // the words listed after h, h' being h without its first word (the model's own lower order)
        List<Map<Ngram, Double>> backoffs = new ArrayList<>();
        for (int n = 1; n < order; n++) {
            Map<Ngram, double[]> sums = new HashMap<>(); // context -> {listed mass, its mass one order down}
            for (Map.Entry<Ngram, Double> e : probs.get(n).entrySet()) {
                Ngram g = e.getKey();
                double[] s = sums.computeIfAbsent(g.context(), k -> new double[2]);
                s[0] += e.getValue();
                s[1] += query(probs, backoffs, g.suffix().ids());
            }
            Map<Ngram, Double> b = new HashMap<>();
            sums.forEach((h, s) -> b.put(h, Math.max(1e-99, 1 - s[0]) / Math.max(1e-99, 1 - s[1])));
            backoffs.add(b);
        }
        List<Map<Ngram, ArpaModel.Entry>> out = ArpaModel.emptyOrders(order);
        for (int n = 1; n <= order; n++) {
            for (Map.Entry<Ngram, Double> e : probs.get(n - 1).entrySet()) {
                double p = e.getValue();
                double b = n < order ? backoffs.get(n - 1).getOrDefault(e.getKey(), 1.0) : 1.0;
                out.get(n - 1).put(e.getKey(), new ArpaModel.Entry(p == 0 ? -99f : (float) Math.log10(p), (float) Math.log10(b)));
            }
        }
        return new ArpaModel(c.union, out);
    }

    /** p(w | h) of the model under construction, ids = h then w; back-offs known for contexts shorter than h. */
    private static double query(List<Map<Ngram, Double>> probs, List<Map<Ngram, Double>> backoffs, int[] ids) {
        Double p = probs.get(ids.length - 1).get(new Ngram(ids));
        if (p != null || ids.length == 1) {
            return p == null ? 0 : p;
        }
        int[] h = java.util.Arrays.copyOf(ids, ids.length - 1);
        double b = backoffs.get(h.length - 1).getOrDefault(new Ngram(h), 1.0);
        return b * query(probs, backoffs, java.util.Arrays.copyOfRange(ids, 1, ids.length));
    }

    /**
     * The weights that maximise the likelihood of held-out sentences under the exact mixture, by EM
     * (the posterior share of each model, averaged over the tokens, {@code </s>} included; SRILM's
     * compute-best-mix). Starts from equal weights.
     */
    public double[] fitWeights(Iterable<String> sentences) {
        Components c = components;
        List<double[]> tokenProbs = new ArrayList<>(); // per token, each model's probability
        for (String s : sentences) {
            List<String> words = KneserNeyEstimator.split(s);
            int[] ids = new int[words.size() + 2];
            ids[0] = Vocabulary.BOS_ID;
            for (int i = 0; i < words.size(); i++) {
                ids[i + 1] = c.union.id(words.get(i));
            }
            ids[ids.length - 1] = Vocabulary.EOS_ID;
            for (int i = 1; i < ids.length; i++) {
                int from = Math.max(0, i + 1 - c.order);
                tokenProbs.add(c.each(java.util.Arrays.copyOfRange(ids, from, i + 1)));
            }
        }
        if (tokenProbs.isEmpty()) {
            throw new IllegalArgumentException("no held-out words to fit the interpolation weights on");
        }
        int k = models.size();
        double[] w = new double[k];
        java.util.Arrays.fill(w, 1.0 / k);
        for (int it = 0; it < EM_ITERATIONS; it++) {
            double[] next = new double[k];
            for (double[] p : tokenProbs) {
                double total = 0;
                for (int j = 0; j < k; j++) {
                    total += w[j] * p[j];
                }
                for (int j = 0; j < k && total > 0; j++) {
                    next[j] += w[j] * p[j] / total;
                }
            }
            double sum = 0;
            for (double x : next) {
                sum += x;
            }
            double change = 0;
            for (int j = 0; j < k; j++) {
                next[j] /= sum;
                change = Math.max(change, Math.abs(next[j] - w[j]));
            }
            w = next;
            if (change < 1e-7) {
                break;
            }
        }
        return w;
    }

    /**
     * Refuses weights that cannot interpolate this many models: fewer than two models, another count
     * of weights, a weight outside [0, 1], or a sum other than 1.
     */
    public static void checkWeights(int models, double[] weights) {
        if (models < 2) {
            throw new IllegalArgumentException("interpolation needs at least two models, got " + models);
        }
        if (weights.length != models) {
            throw new IllegalArgumentException(models + " models need " + models + " weights, got " + weights.length);
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0 && w <= 1)) {
                throw new IllegalArgumentException("interpolation weights must lie in [0, 1], got " + w);
            }
            sum += w;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("interpolation weights must sum to 1, got " + sum);
        }
    }

    /** The components, their union vocabulary and query forms, and the id maps between them. */
    private static final class Components {
        final List<NgramModel> queries = new ArrayList<>();
        final List<int[]> fromUnion = new ArrayList<>(); // union id -> component id, -1 where it does not know the word
        final List<int[]> toUnion = new ArrayList<>();
        final Vocabulary union;
        final int order;

        Components(List<ArpaModel> models) {
            LinkedHashSet<String> words = new LinkedHashSet<>();
            int maxOrder = 0;
            for (ArpaModel m : models) {
                List<String> w = m.vocabulary().words();
                words.addAll(w.subList(3, w.size()));
                maxOrder = Math.max(maxOrder, m.order());
            }
            union = new Vocabulary(words);
            order = maxOrder;
            for (ArpaModel m : models) {
                Vocabulary v = m.vocabulary();
                int[] from = new int[union.size()];
                for (int u = 0; u < union.size(); u++) {
                    from[u] = v.contains(union.word(u)) ? v.id(union.word(u)) : -1;
                }
                int[] to = new int[v.size()];
                for (int i = 0; i < v.size(); i++) {
                    to[i] = union.id(v.word(i));
                }
                fromUnion.add(from);
                toUnion.add(to);
                queries.add(NgramModel.of(m));
            }
        }

        Ngram toUnion(int k, Ngram g) {
            int[] map = toUnion.get(k);
            int[] ids = g.ids().clone();
            for (int i = 0; i < ids.length; i++) {
                ids[i] = map[ids[i]];
            }
            return new Ngram(ids);
        }

        /** Each component's p(w | h), ids = h then w in union ids; 0 from a component that does not know w. */
        double[] each(int[] ids) {
            double[] p = new double[queries.size()];
            int last = ids.length - 1;
            for (int k = 0; k < p.length; k++) {
                int[] map = fromUnion.get(k);
                int w = map[ids[last]];
                if (w < 0) {
                    continue;
                }
                int[] h = new int[last];
                for (int i = 0; i < last; i++) {
                    h[i] = Math.max(Vocabulary.UNK_ID, map[ids[i]]); // unknown context words are <unk> to it
                }
                p[k] = Math.pow(10, queries.get(k).logProb10(w, h, 0, last));
            }
            return p;
        }

        double mixed(double[] weights, int[] ids) {
            double[] p = each(ids);
            double sum = 0;
            for (int k = 0; k < p.length; k++) {
                sum += weights[k] * p[k];
            }
            return sum;
        }
    }
}
