package dev.auris.corpora.scoring;

import java.util.List;
import java.util.Locale;

/**
 * Two systems' word errors on the same utterances, compared utterance by utterance: the matched-pairs
 * test of Gillick and Cox (1989, "Some statistical issues in the comparison of speech recognition
 * algorithms"), with utterances as the segments. Utterances are independent where words are not, so the
 * spread of the summed per-utterance differences says whether a difference in total errors is more than
 * the luck of which sentences each system happened to get right.
 *
 * @param utterances utterances compared
 * @param baseErrors word errors of the first system
 * @param otherErrors word errors of the second
 * @param better utterances with fewer word errors in the second
 * @param worse utterances with more
 * @param standardDeviation of the summed difference, sqrt(n) times the sample standard deviation of the
 *        per-utterance differences (0 when they are all equal)
 */
public record PairedComparison(int utterances, int baseErrors, int otherErrors, int better, int worse,
                               double standardDeviation) {

    /**
     * @param base the first system's scores
     * @param other the second's, the same utterance ids in the same order
     */
    public static PairedComparison of(List<UtteranceScore> base, List<UtteranceScore> other) {
        if (base.size() != other.size()) {
            throw new IllegalArgumentException("paired scores need the same utterances, got " + base.size() + " and " + other.size());
        }
        int n = base.size();
        long baseErrors = 0;
        long otherErrors = 0;
        int better = 0;
        int worse = 0;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            if (!base.get(i).id().equals(other.get(i).id())) {
                throw new IllegalArgumentException("paired scores need the same utterances in the same order: "
                        + base.get(i).id() + " against " + other.get(i).id());
            }
            int a = base.get(i).words().counts().errors();
            int b = other.get(i).words().counts().errors();
            baseErrors += a;
            otherErrors += b;
            better += b < a ? 1 : 0;
            worse += b > a ? 1 : 0;
            d[i] = b - a;
        }
        double mean = n == 0 ? 0 : (otherErrors - baseErrors) / (double) n;
        double squares = 0;
        for (double x : d) {
            squares += (x - mean) * (x - mean);
        }
        double sd = n < 2 ? 0 : Math.sqrt(squares / (n - 1) * n);
        return new PairedComparison(n, Math.toIntExact(baseErrors), Math.toIntExact(otherErrors), better, worse, sd);
    }

    /** Word errors of the second system minus the first's: negative when the second is better. */
    public int difference() {
        return otherErrors - baseErrors;
    }

    /** The difference in standard deviations (0 when there is none, infinite when it is certain). */
    public double z() {
        if (difference() == 0) {
            return 0;
        }
        return standardDeviation == 0 ? Math.copySign(Double.POSITIVE_INFINITY, difference()) : difference() / standardDeviation;
    }

    /** Two-sided p-value of the difference under the normal approximation (fair for a few dozen utterances and up). */
    public double pValue() {
        return 2 * upperTail(Math.abs(z()));
    }

    /** One line for people: who is better by how much, and how sure that is. */
    public String summary(String otherName) {
        return String.format(Locale.ROOT, "paired with %s over %d utterances: %d word errors against %d, difference %+d"
                        + " (standard deviation %.1f, z %.2f, p %.3f); %d utterances better, %d worse",
                otherName, utterances, otherErrors, baseErrors, difference(), standardDeviation, z(), pValue(), better, worse);
    }

    /**
     * P(Z > z) for a standard normal Z, from the complementary error function by Numerical Recipes' Chebyshev fit
     * (erfcc, relative error under 1.2e-7 everywhere).
     */
    static double upperTail(double z) {
        if (Double.isInfinite(z)) {
            return z > 0 ? 0 : 1;
        }
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return z >= 0 ? erfc / 2 : 1 - erfc / 2;
    }
}
