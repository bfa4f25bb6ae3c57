package org.convnet4j.model;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;

/**
 * CS231n's {@code FullyConnectedNet} ({@code classifiers/fc_net.py}) as a {@link Net}:
 *
 * <pre>
 * {affine - [batch norm] - relu - [dropout]} x (L - 1) - affine - softmax
 * </pre>
 *
 * with L - 1 hidden layers of {@code hiddenDims[i]} units. Parameters {@code W1, b1, gamma1, beta1, ...,
 * WL, bL} as CS231n names them; weights {@code weightScale * randn} (CS231n's default scale 1e-2), drawn
 * W1 to WL; dropout only when the keep ratio is below 1. CS231n's layer normalisation is not in this
 * library. Inputs {@code (N, D)} or {@code (N, d1, ..., dk)} with {@code d1 * ... * dk = D}, flattened.
 * For CS231n's {@code seed} (fixed dropout masks), call {@link Net#setDropoutSeed} on the net.
 */
public final class FullyConnectedNet {
    private FullyConnectedNet() {}

    /**
     * CS231n's constructor arguments.
     *
     * @param hiddenDims the size of each hidden layer, at least one
     * @param inputDim D
     * @param numClasses K, {@code >= 2}
     * @param dropoutKeepRatio the probability of keeping a unit in (0, 1]; 1 means no dropout layers
     * @param batchNorm batch norm after each hidden affine layer (CS231n's {@code normalization='batchnorm'})
     * @param reg L2 regularisation strength
     * @param weightScale the standard deviation of the initial weights
     * @param dtype of parameters and inputs
     */
    public record Config(int[] hiddenDims, int inputDim, int numClasses, double dropoutKeepRatio, boolean batchNorm,
                         double reg, double weightScale, DType dtype) {
        public Config {
            String op = "FullyConnectedNet";
            Checks.notNull(op, "hidden_dims", hiddenDims);
            if (hiddenDims.length == 0) throw new IllegalArgumentException(op + ": hidden_dims must not be empty");
            for (int h : hiddenDims) Checks.positive(op, "hidden_dims", h);
            hiddenDims = hiddenDims.clone();
            Checks.positive(op, "input_dim", inputDim);
            if (numClasses < 2) throw new IllegalArgumentException(op + ": num_classes must be >= 2, got " + numClasses);
            if (!(dropoutKeepRatio > 0 && dropoutKeepRatio <= 1)) {
                throw new IllegalArgumentException(op + ": dropout_keep_ratio must be in (0, 1], got " + dropoutKeepRatio);
            }
            Checks.finitePositive(op, "weight_scale", weightScale);
            if (!(reg >= 0) || Double.isInfinite(reg)) throw new IllegalArgumentException(op + ": reg must be >= 0, got " + reg);
            Checks.notNull(op, "dtype", dtype);
        }

        /** CS231n's defaults: input 3*32*32, 10 classes, no dropout, no batch norm, reg 0, scale 1e-2, float32. */
        public static Config defaults(int... hiddenDims) {
            return new Config(hiddenDims, 3 * 32 * 32, 10, 1.0, false, 0.0, 1e-2, DType.FLOAT32);
        }

        @Override
        public int[] hiddenDims() {
            return hiddenDims.clone();
        }

        public Config withInputDim(int d) {
            return new Config(hiddenDims, d, numClasses, dropoutKeepRatio, batchNorm, reg, weightScale, dtype);
        }

        public Config withNumClasses(int c) {
            return new Config(hiddenDims, inputDim, c, dropoutKeepRatio, batchNorm, reg, weightScale, dtype);
        }

        public Config withDropoutKeepRatio(double p) {
            return new Config(hiddenDims, inputDim, numClasses, p, batchNorm, reg, weightScale, dtype);
        }

        public Config withBatchNorm(boolean bn) {
            return new Config(hiddenDims, inputDim, numClasses, dropoutKeepRatio, bn, reg, weightScale, dtype);
        }

        public Config withReg(double r) {
            return new Config(hiddenDims, inputDim, numClasses, dropoutKeepRatio, batchNorm, r, weightScale, dtype);
        }

        public Config withWeightScale(double s) {
            return new Config(hiddenDims, inputDim, numClasses, dropoutKeepRatio, batchNorm, reg, s, dtype);
        }

        public Config withDtype(DType t) {
            return new Config(hiddenDims, inputDim, numClasses, dropoutKeepRatio, batchNorm, reg, weightScale, t);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && Arrays.equals(c.hiddenDims, hiddenDims) && c.inputDim == inputDim
                    && c.numClasses == numClasses && Double.compare(c.dropoutKeepRatio, dropoutKeepRatio) == 0
                    && c.batchNorm == batchNorm && Double.compare(c.reg, reg) == 0
                    && Double.compare(c.weightScale, weightScale) == 0 && c.dtype == dtype;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(hiddenDims) * 31
                    + java.util.Objects.hash(inputDim, numClasses, dropoutKeepRatio, batchNorm, reg, weightScale, dtype);
        }

        @Override
        public String toString() {
            return "Config[hiddenDims=" + Arrays.toString(hiddenDims) + ", inputDim=" + inputDim + ", numClasses="
                    + numClasses + ", dropoutKeepRatio=" + dropoutKeepRatio + ", batchNorm=" + batchNorm + ", reg=" + reg
                    + ", weightScale=" + weightScale + ", dtype=" + dtype + "]";
        }
    }

    /** The stack, e.g. {@code affine(100)-bn-relu-dropout(0.5)-affine(100)-bn-relu-dropout(0.5)-affine(10)}. */
    public static Sequential architecture(Config c) {
        Checks.notNull("FullyConnectedNet", "config", c);
        Sequential s = new Sequential();
        for (int h : c.hiddenDims) {
            s.affine(h);
            if (c.batchNorm) s.batchNorm();
            s.relu();
            if (c.dropoutKeepRatio < 1) s.dropout(c.dropoutKeepRatio);
        }
        return s.affine(c.numClasses);
    }

    /** The {@link Net} settings: input {@code (D)}, the dtype, reg and weight scale. */
    public static Net.Config netConfig(Config c) {
        Checks.notNull("FullyConnectedNet", "config", c);
        return new Net.Config(new int[] {c.inputDim}, c.dtype, Net.Init.WEIGHT_SCALE, c.weightScale, c.reg);
    }

    /** A new net with weights drawn from {@code rng} (which dropout then also draws from). */
    public static Net build(Config c, Ops ops, Rng rng) {
        return new Net(architecture(c), netConfig(c), ops, rng);
    }
}
