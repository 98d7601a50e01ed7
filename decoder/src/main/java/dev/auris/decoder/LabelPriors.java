package dev.auris.decoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Label priors for maximum a posteriori CTC decoding (Kanda et al. 2016, "Maximum a posteriori based
 * decoding for CTC acoustic models"): every frame's label posteriors are divided by the labels' priors
 * raised to {@code scale}, ln p(k|x) - scale * ln P(k), turning the network's posteriors into scaled
 * likelihoods before the LM is added. Blank, the likeliest label by far, loses the most, which is
 * what a blank penalty does; rare letters gain on frequent ones, which a blank penalty cannot do.
 * The priors are the network's mean posteriors over held-out speech ({@link #estimate}).
 *
 * @param probabilities one prior per label (blank first), each in (0, 1]; empty for none
 * @param scale the exponent (0 turns the correction off)
 */
public record LabelPriors(List<Double> probabilities, double scale) {

    /** No correction. */
    public static final LabelPriors NONE = new LabelPriors(List.of(), 0);

    public LabelPriors {
        probabilities = List.copyOf(probabilities);
        if (probabilities.size() == 1 || probabilities.stream().anyMatch(p -> !(p > 0 && p <= 1))) {
            throw new IllegalArgumentException("label priors must be one probability in (0, 1] per label, got " + probabilities);
        }
        checkScale(scale);
        if (scale > 0 && probabilities.isEmpty()) {
            throw new IllegalArgumentException("a prior scale of " + scale + " needs label priors");
        }
    }

    /** Throws for a scale that is negative, infinite or NaN (before any priors exist, e.g. a grid's). */
    public static void checkScale(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("prior scale must be finite and >= 0, got " + scale);
        }
    }

    /** Each label's mean posterior over every frame of {@code matrices}, with scale 0. */
    public static LabelPriors estimate(List<CtcMatrix> matrices) {
        if (matrices.isEmpty() || matrices.stream().allMatch(m -> m.frames() == 0)) {
            throw new IllegalArgumentException("label priors need at least one frame");
        }
        int classes = matrices.get(0).classes();
        double[] sum = new double[classes];
        long frames = 0;
        for (CtcMatrix m : matrices) {
            if (m.classes() != classes) {
                throw new IllegalArgumentException("matrices disagree on labels: " + classes + " and " + m.classes());
            }
            float[] x = m.logProbs();
            for (int row = 0; row < x.length; row += classes) {
                for (int k = 0; k < classes; k++) {
                    sum[k] += Math.exp(x[row + k]);
                }
            }
            frames += m.frames();
        }
        List<Double> p = new ArrayList<>();
        for (double s : sum) {
            p.add(Math.max(s / frames, Double.MIN_NORMAL)); // a label never seen still gets a (huge) finite boost
        }
        return new LabelPriors(p, 0);
    }

    public LabelPriors withScale(double newScale) {
        return new LabelPriors(probabilities, newScale);
    }

    boolean active() {
        return scale > 0;
    }

    /** The matrix with every label's ln-probability lowered by scale * ln prior (the same matrix when off). */
    CtcMatrix apply(CtcMatrix m) {
        if (!active()) {
            return m;
        }
        int classes = m.classes();
        if (classes != probabilities.size()) {
            throw new IllegalArgumentException("label priors are for " + probabilities.size() + " labels, the matrix has " + classes);
        }
        float[] shift = new float[classes];
        for (int k = 0; k < classes; k++) {
            shift[k] = (float) (scale * Math.log(probabilities.get(k)));
        }
        float[] x = m.logProbs().clone();
        for (int row = 0; row < x.length; row += classes) {
            for (int k = 0; k < classes; k++) {
                x[row + k] -= shift[k];
            }
        }
        return new CtcMatrix(m.frames(), classes, x, m.frameSeconds());
    }
}
