package dev.auris.acoustic;

/**
 * The DeepSpeech network's architecture (Hannun et al. 2014, section 2): a context window of
 * {@code context} frames each side (every {@code stride}-th frame), three clipped-ReLU dense layers
 * of {@code width}, one bidirectional recurrent layer whose directions are summed, one more
 * clipped-ReLU dense layer, softmax over {@code classes}.
 *
 * @param featureDim values per input frame
 * @param context frames of context on each side
 * @param stride output one frame in this many (2 halves the work; characters still fit at 20 ms)
 * @param width units in every dense hidden layer
 * @param classes blank + alphabet
 * @param dropout dropout rate on the dense layers while training
 * @param cell recurrent cell; SIMPLE is the paper's clipped-ReLU RNN, LSTM the long short-term memory cell
 * @param recurrentWidth units in each direction of the recurrent layer; the paper's is {@code width}, but an LSTM
 *                       unit has four times a simple unit's weights, so an LSTM of the same size is narrower
 */
public record NetworkShape(int featureDim, int context, int stride, int width, int classes, double dropout,
                           Cell cell, int recurrentWidth) {

    /** The paper's shape: the recurrent layer as wide as the dense ones. */
    public NetworkShape(int featureDim, int context, int stride, int width, int classes, double dropout, Cell cell) {
        this(featureDim, context, stride, width, classes, dropout, cell, width);
    }

    /** The recurrent cell of the bidirectional layer. */
    public enum Cell {
        /** h_t = g(W x_t + U h_t' + b), the paper's cell. */
        SIMPLE,
        /** Input, forget, cell and output gates (Hochreiter and Schmidhuber 1997, with forget gate). */
        LSTM
    }

    /** Pre-activation blocks per recurrent unit: 1, or 4 for the LSTM's gates. */
    int gates() {
        return cell == Cell.LSTM ? 4 : 1;
    }

    /** g(x) = min(max(0, x), 20), the paper's clipped ReLU. */
    static final float CLIP = 20f;

    public NetworkShape {
        if (featureDim < 1 || context < 0 || context > 32 || stride < 1 || stride > 4 || width < 1 || classes < 2) {
            throw new IllegalArgumentException("invalid network shape: features " + featureDim + ", context " + context
                    + ", stride " + stride + ", width " + width + ", classes " + classes);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (cell == null) {
            throw new IllegalArgumentException("cell must not be null");
        }
        if (recurrentWidth < 1) {
            throw new IllegalArgumentException("invalid network shape: recurrent width " + recurrentWidth);
        }
    }

    /** The same shape with dropout rate {@code p}. */
    NetworkShape withDropout(double p) {
        return new NetworkShape(featureDim, context, stride, width, classes, p, cell, recurrentWidth);
    }

    /** The same shape with another recurrent layer. */
    NetworkShape withRecurrent(Cell newCell, int newRecurrentWidth) {
        return new NetworkShape(featureDim, context, stride, width, classes, dropout, newCell, newRecurrentWidth);
    }

    int inputDim() {
        return featureDim * (2 * context + 1);
    }

    /** Frames out for n frames in. */
    int outputFrames(int inputFrames) {
        return (inputFrames + stride - 1) / stride;
    }

    long parameterCount() {
        long h = width;
        long r = recurrentWidth;
        return inputDim() * h + h + 2 * (h * h + h) // h1, h2, h3
                + 2 * gates() * (h * r + r) + 2 * gates() * r * r // recurrent input projections and recurrences
                + r * h + h + h * classes + classes; // h5, output
    }
}
