package dev.auris.acoustic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDistillationTest {

    private static final int BATCH = 2;
    private static final int FRAMES = 3;
    private static final int CLASSES = 5;
    private static final int[] LENGTHS = {3, 2};

    /** KL(q || softmax(z)) summed over one utterance's frames, in double, straight from the definition. */
    private static double kl(double[] z, float[] teacher, int b) {
        double sum = 0;
        for (int t = 0; t < LENGTHS[b]; t++) {
            int row = (t * BATCH + b) * CLASSES;
            double zs = 0;
            double ts = 0;
            for (int k = 0; k < CLASSES; k++) {
                zs += Math.exp(z[row + k]);
                ts += Math.exp(teacher[row + k]);
            }
            for (int k = 0; k < CLASSES; k++) {
                double q = Math.exp(teacher[row + k]) / ts;
                double p = Math.exp(z[row + k]) / zs;
                sum += q * Math.log(q / p);
            }
        }
        return sum;
    }

    private static float[] random(Random r, double scale) {
        float[] v = new float[FRAMES * BATCH * CLASSES];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    /** The loss against the definition, the gradient against central differences; padded rows keep what they had. */
    @Test
    void gradientIsTheWeightedFiniteDifferenceOfTheFramesKl() {
        Random r = new Random(3);
        float[] student = random(r, 2);
        float[] teacher = random(r, 3);
        float[] grad = new float[student.length];
        java.util.Arrays.fill(grad, 0.25f);
        double weight = 0.7;
        double[] kl = FrameDistillation.accumulate(student, teacher, BATCH, LENGTHS, CLASSES, weight, grad);
        double[] z = new double[student.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = student[i];
        }
        for (int b = 0; b < BATCH; b++) {
            assertEquals(kl(z, teacher, b), kl[b], 1e-5, "utterance " + b);
        }
        double h = 1e-4;
        for (int i = 0; i < z.length; i++) {
            int b = (i / CLASSES) % BATCH;
            double keep = z[i];
            z[i] = keep + h;
            double up = kl(z, teacher, b);
            z[i] = keep - h;
            double down = kl(z, teacher, b);
            z[i] = keep;
            boolean padded = i / CLASSES / BATCH >= LENGTHS[b];
            double expected = 0.25 + (padded ? 0 : weight * (up - down) / (2 * h));
            assertEquals(expected, grad[i], 1e-5, "logit " + i + (padded ? " (padding)" : ""));
        }
    }

    /** Softmax ignores a constant added to a row: a student that differs only so from its teacher has nothing to learn. */
    @Test
    void aStudentEqualToItsTeacherUpToEachRowsConstantHasZeroLossAndGradient() {
        Random r = new Random(4);
        float[] teacher = random(r, 3);
        float[] student = teacher.clone();
        for (int row = 0; row < FRAMES * BATCH; row++) {
            float shift = (float) (r.nextGaussian() * 5);
            for (int k = 0; k < CLASSES; k++) {
                student[row * CLASSES + k] += shift;
            }
        }
        float[] grad = new float[student.length];
        double[] kl = FrameDistillation.accumulate(student, teacher, BATCH, LENGTHS, CLASSES, 1.0, grad);
        for (double d : kl) {
            assertEquals(0, d, 1e-5);
        }
        for (float g : grad) {
            assertEquals(0, g, 1e-6);
        }
    }
}
