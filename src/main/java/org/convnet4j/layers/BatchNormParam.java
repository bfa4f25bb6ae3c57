package org.convnet4j.layers;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * The per-layer batch-normalisation state, the seed's {@code bn_param} dict: {@code mode}
 * ({@code 'train'}/{@code 'test'}), {@code eps} (default 1e-5), {@code momentum} (default 0.9) and the
 * running statistics {@code running_mean}/{@code running_var}.
 *
 * <p>As in CS231n, the running statistics are created on the first forward pass as zeros of length D
 * (or C for the spatial layer) in x's dtype, and every train-mode forward updates them in place:
 *
 * <pre>
 * running_mean = momentum * running_mean + (1 - momentum) * batch_mean
 * running_var  = momentum * running_var  + (1 - momentum) * batch_var      (biased batch variance)
 * </pre>
 *
 * A test-mode forward normalises with the running statistics (zeros if no train-mode pass ran yet, as
 * in the seed). Mutable and not thread-safe: one instance belongs to one layer of one model.
 */
public final class BatchNormParam {
    /** Which statistics a forward pass normalises with. */
    public enum Mode {
        /** Batch statistics; updates the running statistics. */
        TRAIN,
        /** Running statistics; leaves them unchanged. */
        TEST
    }

    private static final String OP = "batchnorm";
    private Mode mode;
    private double eps = 1e-5;
    private double momentum = 0.9;
    private Tensor runningMean;
    private Tensor runningVar;

    /** A state in the given mode with eps 1e-5, momentum 0.9 and no running statistics yet. */
    public BatchNormParam(Mode mode) {
        setMode(mode);
    }

    /** The seed's {@code {'mode': 'train'}}. */
    public static BatchNormParam train() {
        return new BatchNormParam(Mode.TRAIN);
    }

    public Mode mode() {
        return mode;
    }

    public BatchNormParam setMode(Mode mode) {
        this.mode = Checks.notNull(OP, "mode", mode);
        return this;
    }

    public double eps() {
        return eps;
    }

    /** @throws IllegalArgumentException unless eps is finite and {@code > 0} */
    public BatchNormParam setEps(double eps) {
        Checks.finitePositive(OP, "eps", eps);
        this.eps = eps;
        return this;
    }

    public double momentum() {
        return momentum;
    }

    /** @throws IllegalArgumentException unless momentum is in [0, 1] */
    public BatchNormParam setMomentum(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(OP + ": momentum must be in [0, 1], got " + momentum);
        }
        this.momentum = momentum;
        return this;
    }

    /** The live running mean (updated in place by train-mode passes), or null before the first pass. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The live running variance (updated in place by train-mode passes), or null before the first pass. */
    public Tensor runningVar() {
        return runningVar;
    }

    /**
     * Sets both running statistics (e.g. when loading a model); they are used by reference.
     *
     * @throws IllegalArgumentException unless both are rank 1 with the same length
     */
    public BatchNormParam setRunning(Tensor mean, Tensor var) {
        Checks.rank(OP, "running_mean", mean, 1, "D");
        Checks.rank(OP, "running_var", var, 1, "D");
        Checks.shape(OP, "running_var", var, mean.shape(), "the running_mean shape");
        this.runningMean = mean;
        this.runningVar = var;
        return this;
    }

    /** Creates zero running statistics on first use and checks their length against the layer's. */
    void ensureRunning(String op, Tensor x, int channels, String letter) {
        if (runningMean == null) {
            runningMean = Tensor.zeros(x.dtype(), channels);
            runningVar = Tensor.zeros(x.dtype(), channels);
            return;
        }
        if (runningMean.size() != channels) {
            throw new IllegalArgumentException(op + ": bn_param running_mean must have shape [" + channels + "] ("
                    + letter + " of x " + Arrays.toString(x.shape()) + "), got " + Arrays.toString(runningMean.shape()));
        }
    }
}
