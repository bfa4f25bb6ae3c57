package org.convnet4j.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * The seed's three-layer convolutional network (CS231n {@code classifiers/cnn.py}):
 *
 * <pre>
 * conv - relu - 2x2 max pool - affine - relu - affine - softmax
 * </pre>
 *
 * on inputs {@code (N, C, H, W)}. Parameters: {@code W1 (F, C, fs, fs)}, {@code b1 (F)},
 * {@code W2 (F*Hp*Wp, hidden)}, {@code b2 (hidden)}, {@code W3 (hidden, classes)}, {@code b3 (classes)}
 * with {@code Hp = H/2}, {@code Wp = W/2} (floored). The convolution has stride 1 and pad
 * {@code (fs - 1) / 2}, so it keeps H and W for odd {@code fs}. Weights are drawn from
 * {@code N(0, weightScale^2)} in the order W1, W2, W3 (as the seed draws them), biases start at zero.
 * The loss is the mean softmax loss plus {@code 0.5 * reg * (|W1|^2 + |W2|^2 + |W3|^2)}.
 *
 * <p>It runs as the {@link Net} of {@link #architecture}: the stack
 * {@code conv(F,fs)-relu-pool(2)-affine(hidden)-relu-affine(classes)}, with the same parameters, the same
 * draws and the same numbers as the wiring it had before. Not thread-safe.
 */
public final class ThreeLayerConvNet implements Model {
    /**
     * The model's hyper-parameters, with the seed's defaults from {@link #defaults()}.
     *
     * @param inputDim {C, H, W}
     */
    public record Config(int[] inputDim, int numFilters, int filterSize, int hiddenDim, int numClasses,
                         double weightScale, double reg, DType dtype) {
        public Config {
            String op = "ThreeLayerConvNet";
            Checks.notNull(op, "input_dim", inputDim);
            if (inputDim.length != 3) {
                throw new IllegalArgumentException(op + ": input_dim must be (C, H, W), got " + inputDim.length + " values");
            }
            for (int d : inputDim) Checks.positive(op, "input_dim", d);
            inputDim = inputDim.clone();
            Checks.positive(op, "num_filters", numFilters);
            Checks.positive(op, "filter_size", filterSize);
            Checks.positive(op, "hidden_dim", hiddenDim);
            Checks.positive(op, "num_classes", numClasses);
            if (numClasses < 2) throw new IllegalArgumentException(op + ": num_classes must be >= 2, got " + numClasses);
            Checks.finitePositive(op, "weight_scale", weightScale);
            if (!(reg >= 0) || Double.isInfinite(reg)) throw new IllegalArgumentException(op + ": reg must be >= 0, got " + reg);
            Checks.notNull(op, "dtype", dtype);
            if (filterSize % 2 == 0) {
                throw new IllegalArgumentException(op + ": filter_size must be odd (pad (fs-1)/2 keeps H, W), got " + filterSize);
            }
            if (inputDim[1] < 2 || inputDim[2] < 2) {
                throw new IllegalArgumentException(op + ": input H and W must be >= 2 for the 2x2 pool, got "
                        + inputDim[1] + "x" + inputDim[2]);
            }
            // Every parameter and one image's activations must fit a Java array. Checked here, so that the
            // constructor, ModelFile.load and checkpoints never meet an int overflow (input_dim {1, 65536, 65536}
            // with 32 filters used to pass here and fail there with an ArithmeticException).
            int C = inputDim[0], H = inputDim[1], W = inputDim[2];
            String args = "input_dim " + java.util.Arrays.toString(inputDim) + ", num_filters " + numFilters
                    + ", filter_size " + filterSize + ", hidden_dim " + hiddenDim + ", num_classes " + numClasses;
            fits(op, "one image (C*H*W)", args, C, H, W);
            fits(op, "W1 (num_filters*C*filter_size*filter_size)", args, numFilters, C, filterSize, filterSize);
            fits(op, "one image's conv output (num_filters*H*W)", args, numFilters, H, W);
            fits(op, "W2 (num_filters*(H/2)*(W/2)*hidden_dim)", args, numFilters, H / 2, W / 2, hiddenDim);
            fits(op, "W3 (hidden_dim*num_classes)", args, hiddenDim, numClasses);
        }

        /** The product of the positive {@code factors} must be a Java array length; else the message shows it. */
        private static void fits(String op, String what, String args, int... factors) {
            long p = 1;
            for (int f : factors) {
                p *= f; // no overflow: p <= 2^31 and f < 2^31
                if (p > Checks.MAX_ARRAY_LENGTH) {
                    java.math.BigInteger exact = java.math.BigInteger.ONE;
                    StringBuilder expr = new StringBuilder();
                    for (int g : factors) {
                        exact = exact.multiply(java.math.BigInteger.valueOf(g));
                        expr.append(expr.length() == 0 ? "" : "*").append(g);
                    }
                    throw new IllegalArgumentException(op + ": " + what + " must be at most " + Checks.MAX_ARRAY_LENGTH
                            + " elements (the Java array limit), got " + expr + " = " + exact + " for " + args);
                }
            }
        }

        /** The seed's defaults: (3, 32, 32), 32 filters of 7x7, hidden 100, 10 classes, scale 1e-3, reg 0, float32. */
        public static Config defaults() {
            return new Config(new int[] {3, 32, 32}, 32, 7, 100, 10, 1e-3, 0.0, DType.FLOAT32);
        }

        @Override
        public int[] inputDim() {
            return inputDim.clone();
        }

        public Config withInputDim(int... d) {
            return new Config(d, numFilters, filterSize, hiddenDim, numClasses, weightScale, reg, dtype);
        }

        public Config withFilters(int count, int size) {
            return new Config(inputDim, count, size, hiddenDim, numClasses, weightScale, reg, dtype);
        }

        public Config withHiddenDim(int h) {
            return new Config(inputDim, numFilters, filterSize, h, numClasses, weightScale, reg, dtype);
        }

        public Config withNumClasses(int c) {
            return new Config(inputDim, numFilters, filterSize, hiddenDim, c, weightScale, reg, dtype);
        }

        public Config withWeightScale(double s) {
            return new Config(inputDim, numFilters, filterSize, hiddenDim, numClasses, s, reg, dtype);
        }

        public Config withReg(double r) {
            return new Config(inputDim, numFilters, filterSize, hiddenDim, numClasses, weightScale, r, dtype);
        }

        public Config withDtype(DType t) {
            return new Config(inputDim, numFilters, filterSize, hiddenDim, numClasses, weightScale, reg, t);
        }

        /** Rows of W2: the pooled conv output size {@code F * (H/2) * (W/2)}. */
        public int pooledSize() {
            return Math.multiplyExact(numFilters, Math.multiplyExact(inputDim[1] / 2, inputDim[2] / 2));
        }
    }

    private final Config config;
    private final Net net;

    /** A new model with weights drawn from {@code rng}. */
    public ThreeLayerConvNet(Config config, Ops ops, Rng rng) {
        Checks.notNull("ThreeLayerConvNet", "config", config);
        Checks.notNull("ThreeLayerConvNet", "ops", ops);
        Checks.notNull("ThreeLayerConvNet", "rng", rng);
        this.config = config;
        this.net = new Net(architecture(config), netConfig(config), ops, rng);
    }

    /** A model with the given parameters (e.g. loaded from a file); shapes and dtypes are checked. */
    public ThreeLayerConvNet(Config config, Ops ops, Map<String, Tensor> initial) {
        Checks.notNull("ThreeLayerConvNet", "config", config);
        Checks.notNull("ThreeLayerConvNet", "ops", ops);
        Checks.notNull("ThreeLayerConvNet", "params", initial);
        for (Map.Entry<String, int[]> e : expectedShapes(config).entrySet()) {
            Tensor t = initial.get(e.getKey());
            if (t == null) throw new IllegalArgumentException("ThreeLayerConvNet: parameter " + e.getKey() + " is missing");
            Checks.shape("ThreeLayerConvNet", e.getKey(), t, e.getValue(), "from the config");
        }
        this.config = config;
        this.net = new Net(architecture(config), netConfig(config), ops, initial, null);
    }

    /**
     * The model as a stack: {@code conv(F,fs)-relu-pool(2)-affine(hidden)-relu-affine(classes)} (softmax),
     * whose parameters are W1, b1, W2, b2, W3, b3 of the shapes {@link #expectedShapes} gives.
     */
    public static Sequential architecture(Config c) {
        Checks.notNull("ThreeLayerConvNet", "config", c);
        return new Sequential().conv(c.numFilters, c.filterSize).relu().maxPool(2).affine(c.hiddenDim).relu()
                .affine(c.numClasses);
    }

    /** The {@link Net} settings of a config: its input shape, dtype and reg, weight-scale init. */
    public static Net.Config netConfig(Config c) {
        Checks.notNull("ThreeLayerConvNet", "config", c);
        return new Net.Config(c.inputDim(), c.dtype, Net.Init.WEIGHT_SCALE, c.weightScale, c.reg);
    }

    /** The parameter shapes a config implies, in the order W1, b1, W2, b2, W3, b3. */
    public static Map<String, int[]> expectedShapes(Config c) {
        Checks.notNull("ThreeLayerConvNet", "config", c);
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("W1", new int[] {c.numFilters, c.inputDim[0], c.filterSize, c.filterSize});
        m.put("b1", new int[] {c.numFilters});
        m.put("W2", new int[] {c.pooledSize(), c.hiddenDim});
        m.put("b2", new int[] {c.hiddenDim});
        m.put("W3", new int[] {c.hiddenDim, c.numClasses});
        m.put("b3", new int[] {c.numClasses});
        return m;
    }

    public Config config() {
        return config;
    }

    public Ops ops() {
        return net.ops();
    }

    /** The {@link Net} this model runs as; it shares the parameters. */
    public Net net() {
        return net;
    }

    /** The L2 regularisation strength (the seed sets {@code model.reg = 0.5} after construction). */
    public double reg() {
        return net.reg();
    }

    public void setReg(double reg) {
        if (!(reg >= 0) || Double.isInfinite(reg)) throw new IllegalArgumentException("ThreeLayerConvNet: reg must be >= 0, got " + reg);
        net.setReg(reg);
    }

    @Override
    public Map<String, Tensor> params() {
        return net.params();
    }

    @Override
    public DType dtype() {
        return config.dtype;
    }

    private void checkInput(Tensor X) {
        Checks.rank("ThreeLayerConvNet", "X", X, 4, "N, C, H, W");
        Checks.dtype("ThreeLayerConvNet", "X", X, config.dtype);
        int[] d = config.inputDim;
        if (X.dim(1) != d[0] || X.dim(2) != d[1] || X.dim(3) != d[2]) {
            throw new IllegalArgumentException("ThreeLayerConvNet: X must be (N, " + d[0] + ", " + d[1] + ", " + d[2]
                    + ") as in input_dim, got " + java.util.Arrays.toString(X.shape()));
        }
    }

    @Override
    public Tensor scores(Tensor X) {
        checkInput(X);
        return net.scores(X);
    }

    @Override
    public LossAndGrads loss(Tensor X, int[] y) {
        checkLossInput(X, y);
        return net.loss(X, y);
    }

    /** {@link #loss} with the L2 terms {@code reg * Wi} left to the update rule (see {@link Net#lossForUpdate}). */
    @Override
    public StepGrads lossForUpdate(Tensor X, int[] y) {
        checkLossInput(X, y);
        return net.lossForUpdate(X, y);
    }

    private void checkLossInput(Tensor X, int[] y) {
        Checks.notNull("ThreeLayerConvNet", "y", y);
        if (X != null && X.rank() >= 1 && y.length != X.dim(0)) {
            throw new IllegalArgumentException("ThreeLayerConvNet: y must have " + X.dim(0) + " labels (one per row of X), got "
                    + y.length);
        }
        checkInput(X);
    }
}
