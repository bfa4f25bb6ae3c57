package org.convnet4j.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.LossResult;
import org.convnet4j.layers.Losses;
import org.convnet4j.layers.PoolParam;
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
 * Not thread-safe.
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
    private final Ops ops;
    private final ConvReluPool convReluPool;
    private final AffineRelu affineRelu;
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private double reg;

    /** A new model with weights drawn from {@code rng}. */
    public ThreeLayerConvNet(Config config, Ops ops, Rng rng) {
        this(config, ops);
        Checks.notNull("ThreeLayerConvNet", "rng", rng);
        int C = config.inputDim[0];
        int F = config.numFilters, fs = config.filterSize;
        params.put("W1", scaled(Tensor.randn(rng, DType.FLOAT64, F, C, fs, fs), config.weightScale));
        params.put("b1", Tensor.zeros(config.dtype, F));
        params.put("W2", scaled(Tensor.randn(rng, DType.FLOAT64, config.pooledSize(), config.hiddenDim), config.weightScale));
        params.put("b2", Tensor.zeros(config.dtype, config.hiddenDim));
        params.put("W3", scaled(Tensor.randn(rng, DType.FLOAT64, config.hiddenDim, config.numClasses), config.weightScale));
        params.put("b3", Tensor.zeros(config.dtype, config.numClasses));
    }

    /** A model with the given parameters (e.g. loaded from a file); shapes and dtypes are checked. */
    public ThreeLayerConvNet(Config config, Ops ops, Map<String, Tensor> initial) {
        this(config, ops);
        Checks.notNull("ThreeLayerConvNet", "params", initial);
        Map<String, int[]> shapes = expectedShapes(config);
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            Tensor t = initial.get(e.getKey());
            if (t == null) throw new IllegalArgumentException("ThreeLayerConvNet: parameter " + e.getKey() + " is missing");
            Checks.shape("ThreeLayerConvNet", e.getKey(), t, e.getValue(), "from the config");
            params.put(e.getKey(), t.as(config.dtype).copy());
        }
    }

    private ThreeLayerConvNet(Config config, Ops ops) {
        this.config = Checks.notNull("ThreeLayerConvNet", "config", config);
        this.ops = Checks.notNull("ThreeLayerConvNet", "ops", ops);
        this.convReluPool = new ConvReluPool(ops.conv(), ops.relu(), ops.pool());
        this.affineRelu = new AffineRelu(ops.affine(), ops.relu());
        this.reg = config.reg;
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

    private Tensor scaled(Tensor t, double s) {
        Tensor out = Tensor.zeros(config.dtype, t.shape());
        for (int i = 0; i < t.size(); i++) out.setFlat(i, s * t.getFlat(i));
        return out;
    }

    public Config config() {
        return config;
    }

    public Ops ops() {
        return ops;
    }

    /** The L2 regularisation strength (the seed sets {@code model.reg = 0.5} after construction). */
    public double reg() {
        return reg;
    }

    public void setReg(double reg) {
        if (!(reg >= 0) || Double.isInfinite(reg)) throw new IllegalArgumentException("ThreeLayerConvNet: reg must be >= 0, got " + reg);
        this.reg = reg;
    }

    @Override
    public Map<String, Tensor> params() {
        return params;
    }

    @Override
    public DType dtype() {
        return config.dtype;
    }

    private ConvParam convParam() {
        return new ConvParam(1, (config.filterSize - 1) / 2);
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

    /** Everything forward keeps for backward. */
    private record Forward(Tensor scores, ConvReluPoolCache c1, AffineReluCache c2, org.convnet4j.layers.AffineCache c3) {}

    private Forward forward(Tensor X) {
        checkInput(X);
        ConvReluPoolResult r1 = convReluPool.forward(X, params.get("W1"), params.get("b1"), convParam(), PoolParam.twoByTwo());
        Tensor h1 = r1.out().reshape(X.dim(0), config.pooledSize());
        AffineReluResult r2 = affineRelu.forward(h1, params.get("W2"), params.get("b2"));
        AffineResult r3 = ops.affine().forward(r2.out(), params.get("W3"), params.get("b3"));
        return new Forward(r3.out(), r1.cache(), r2.cache(), r3.cache());
    }

    @Override
    public Tensor scores(Tensor X) {
        return forward(X).scores();
    }

    @Override
    public LossAndGrads loss(Tensor X, int[] y) {
        Checks.notNull("ThreeLayerConvNet", "y", y);
        if (X != null && X.rank() >= 1 && y.length != X.dim(0)) {
            throw new IllegalArgumentException("ThreeLayerConvNet: y must have " + X.dim(0) + " labels (one per row of X), got "
                    + y.length);
        }
        Forward f = forward(X);
        LossResult data = Losses.softmax(f.scores(), y);
        double loss = data.loss();
        for (String w : new String[] {"W1", "W2", "W3"}) loss += 0.5 * reg * params.get(w).sumOfSquares();
        AffineGrads g3 = ops.affine().backward(data.dscores(), f.c3());
        AffineGrads g2 = affineRelu.backward(g3.dx(), f.c2());
        Tensor dPooled = g2.dx().reshape(X.dim(0), config.numFilters, config.inputDim[1] / 2, config.inputDim[2] / 2);
        ConvGrads g1 = convReluPool.backward(dPooled, f.c1());
        Map<String, Tensor> grads = new LinkedHashMap<>();
        grads.put("W1", g1.dw());
        grads.put("b1", g1.db());
        grads.put("W2", g2.dw());
        grads.put("b2", g2.db());
        grads.put("W3", g3.dw());
        grads.put("b3", g3.db());
        for (String w : new String[] {"W1", "W2", "W3"}) grads.get(w).addScaled(reg, params.get(w));
        return new LossAndGrads(loss, grads);
    }
}
