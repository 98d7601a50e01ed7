package dev.auris.acoustic;

/**
 * Frame-wise knowledge distillation for CTC (Takashima et al. 2018, "An investigation of a knowledge distillation
 * method for CTC acoustic models"): at every output frame the student's label distribution p is pulled toward the
 * teacher's q by KL(q || p), whose gradient in the student's logits is p - q. A teacher with the student's frame rate
 * hands over its alignment too, which CTC alone leaves a new recurrent layer to find again.
 */
final class FrameDistillation {

    private FrameDistillation() {
    }

    /**
     * Adds {@code weight * (p - q)} to {@code grad} on every frame t < lengths[b] of every utterance (rows
     * t * batch + b of {@code classes} logits each, as the network lays them out; other rows are left alone) and
     * returns the sum over those frames of KL(q || p) per utterance, in nats.
     */
    static double[] accumulate(float[] student, float[] teacher, int batch, int[] lengths, int classes, double weight,
                               float[] grad) {
        float[] logP = AcousticModel.logSoftmax(student.clone(), classes);
        float[] logQ = AcousticModel.logSoftmax(teacher.clone(), classes);
        double[] kl = new double[batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                int row = (t * batch + b) * classes;
                for (int k = row; k < row + classes; k++) {
                    double q = Math.exp(logQ[k]);
                    kl[b] += q == 0 ? 0 : q * ((double) logQ[k] - logP[k]);
                    grad[k] += (float) (weight * (Math.exp(logP[k]) - q));
                }
            }
        }
        return kl;
    }
}
