package org.convnet4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.convnet4j.layers.ConvPoolCache;
import org.convnet4j.layers.LossResult;
import org.convnet4j.layers.Losses;
import org.convnet4j.layers.Mode;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * A network built from a {@link Sequential} architecture: an ordered list of {@link NetLayer}s and a loss,
 * as CS231n's {@code FullyConnectedNet} (a loop over layers with a {@code params} dict) generalised to
 * every layer of the library. On inputs {@code X (N, inputDim...)} it computes class scores
 * {@code (N, K)} with the last layer's K outputs, and
 *
 * <pre>
 * loss = data loss (softmax or SVM, mean over N) + 0.5 * reg * sum_i |Wi|^2     (weights only: no b, gamma, beta)
 * </pre>
 *
 * <p><b>Parameters</b> live in one map in layer order ({@link #params()}): {@code Wi, bi} of the i-th conv
 * or affine layer, {@code gammai, betai} of the batch norm after it. Weights are drawn in that order from
 * the Rng: {@link Init#WEIGHT_SCALE} {@code N(0, weightScale^2)} (CS231n's {@code weight_scale * randn}, the
 * default) or {@link Init#HE} {@code N(0, 2 / fan_in)} with {@code fan_in = C*k*k} (conv) or D (affine)
 * (He et al., "Delving Deep into Rectifiers", ICCV 2015). Biases and betas start at 0, gammas at 1.
 *
 * <p><b>Mode</b> is an argument of the forward pass: {@link #loss(Tensor, int[])} runs in train mode and
 * {@link #scores(Tensor)} in test mode (CS231n: {@code mode = 'test' if y is None else 'train'}); both have
 * an overload taking the mode. <b>Batch-norm running statistics</b> belong to the net ({@link #state()}:
 * {@code running_meani, running_vari}, zeros at first); a train-mode pass updates them, and model files
 * and checkpoints save them. <b>Dropout</b> draws its masks from the net's Rng (the one it was built with;
 * {@link #setRng}); {@link #setDropoutSeed} makes every train-mode pass use the same masks, CS231n's
 * {@code dropout_param['seed']}, for gradient checks.
 *
 * <p>Convolution, pooling, affine and ReLU run on the {@link Ops} given (naive or native); batch norm
 * and dropout have no native twin and run the naive layers on every backend. A training pass does no work
 * nobody needs: the backward pass stops at the first layer with parameters and asks it for no dx (as autograd
 * skips the input's gradient), and at reg = 0 no regularisation work is done. A ReLU right after a conv runs
 * inside the conv's forward ({@link org.convnet4j.layers.ConvOp#forwardRelu}), and a ReLU right before a pool
 * inside the pool's backward ({@link org.convnet4j.layers.PoolOp#backwardRelu}); the numbers are those of the
 * layers one by one. Shapes are checked when the
 * net is built: an impossible one (a pool larger than its input, a convolution whose output would be
 * empty, batch norm on the wrong rank, a net that does not end in class scores) is an
 * {@link IllegalArgumentException} naming the layer, its input shape and the reason. Not thread-safe.
 */
public final class Net implements Model {
    /** How weights are initialised. */
    public enum Init {
        /** {@code weight_scale * randn}, CS231n's (the default). */
        WEIGHT_SCALE,
        /** {@code sqrt(2 / fan_in) * randn}, He et al. 2015. */
        HE;

        /** {@code weight_scale} or {@code he}, as model files record it. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@link #text()}. @throws IllegalArgumentException otherwise */
        public static Init parse(String s) {
            for (Init i : values()) if (i.text().equals(s)) return i;
            throw new IllegalArgumentException("net: init must be weight_scale or he, got '" + s + "'");
        }
    }

    /**
     * What a net needs besides its architecture.
     *
     * @param inputDim one example's shape: {@code (C, H, W)} for images, {@code (D)} for vectors
     * @param dtype of parameters and inputs
     * @param init weight initialisation
     * @param weightScale the standard deviation of {@link Init#WEIGHT_SCALE} (unused by {@link Init#HE})
     * @param reg L2 regularisation strength, {@code >= 0}
     */
    public record Config(int[] inputDim, DType dtype, Init init, double weightScale, double reg) {
        public Config {
            String op = "net";
            Checks.notNull(op, "input_dim", inputDim);
            if (inputDim.length != 1 && inputDim.length != 3) {
                throw new IllegalArgumentException(op + ": input_dim must be (C, H, W) or (D), got " + inputDim.length
                        + " values " + Arrays.toString(inputDim));
            }
            for (int d : inputDim) Checks.positive(op, "input_dim", d);
            // no image of more elements can exist as a tensor; refused here, not later as an out-of-memory error
            Checks.elementCount(op, "input_dim (one image)", inputDim);
            inputDim = inputDim.clone();
            Checks.notNull(op, "dtype", dtype);
            Checks.notNull(op, "init", init);
            Checks.finitePositive(op, "weight_scale", weightScale);
            checkReg(reg);
        }

        /** float32, {@code weight_scale} 1e-3 (the notebook's), no regularisation. */
        public static Config defaults(int... inputDim) {
            return new Config(inputDim, DType.FLOAT32, Init.WEIGHT_SCALE, 1e-3, 0.0);
        }

        @Override
        public int[] inputDim() {
            return inputDim.clone();
        }

        public Config withInputDim(int... d) {
            return new Config(d, dtype, init, weightScale, reg);
        }

        public Config withDtype(DType t) {
            return new Config(inputDim, t, init, weightScale, reg);
        }

        public Config withInit(Init i) {
            return new Config(inputDim, dtype, i, weightScale, reg);
        }

        public Config withWeightScale(double s) {
            return new Config(inputDim, dtype, init, s, reg);
        }

        public Config withReg(double r) {
            return new Config(inputDim, dtype, init, weightScale, r);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && Arrays.equals(c.inputDim, inputDim) && c.dtype == dtype && c.init == init
                    && Double.compare(c.weightScale, weightScale) == 0 && Double.compare(c.reg, reg) == 0;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(inputDim) * 31 + java.util.Objects.hash(dtype, init, weightScale, reg);
        }

        @Override
        public String toString() {
            return "Config[inputDim=" + Arrays.toString(inputDim) + ", dtype=" + dtype + ", init=" + init.text()
                    + ", weightScale=" + weightScale + ", reg=" + reg + "]";
        }
    }

    private static void checkReg(double reg) {
        if (!(reg >= 0) || Double.isInfinite(reg)) throw new IllegalArgumentException("net: reg must be >= 0, got " + reg);
    }

    private final Sequential arch;
    private final Config config;
    private final Ops ops;
    private final List<NetLayer<?>> layers = new ArrayList<>();
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    private final Map<String, int[]> paramShapes = new LinkedHashMap<>();
    /** The weights the regularisation applies to, W1, W2, ... */
    private final List<String> weights = new ArrayList<>();
    private final int numClasses;
    /** The first layer with parameters: the backward pass stops there, and skips its dx. */
    private final int firstTrainable;
    /** Conv layers followed by a ReLU and a pool: the three run as one (ConvOp.forwardReluPool). */
    private final boolean[] convReluPool;
    /** ReLU layers that directly follow a conv: the conv applies them as it writes its output. */
    private final boolean[] reluInForward;
    /** ReLU layers directly followed by a pool: the pool's backward applies their mask. */
    private final boolean[] reluInBackward;
    private double reg;
    private Rng rng;
    private Long dropoutSeed;

    /**
     * A net with fresh weights drawn from {@code rng} (W1, W2, ... in layer order); dropout then draws its
     * masks from the same {@code rng}.
     *
     * @throws IllegalArgumentException when an argument is null, or on an impossible shape (layer, input shape, reason)
     */
    public Net(Sequential arch, Config config, Ops ops, Rng rng) {
        this(arch, config, ops);
        this.rng = Checks.notNull("net", "rng", rng);
        for (Map.Entry<String, int[]> e : paramShapes.entrySet()) {
            String name = e.getKey();
            int[] shape = e.getValue();
            if (name.startsWith("W")) {
                double std = config.init() == Init.HE ? Math.sqrt(2.0 / fanIn(shape)) : config.weightScale();
                // drawn in float64 and scaled before the cast, as ThreeLayerConvNet always has
                Tensor z = Tensor.randn(rng, DType.FLOAT64, shape);
                Tensor w = Tensor.zeros(config.dtype(), shape);
                for (int i = 0; i < z.size(); i++) w.setFlat(i, std * z.getFlat(i));
                params.put(name, w);
            } else {
                params.put(name, name.startsWith("gamma") ? Tensor.full(1.0, config.dtype(), shape)
                        : Tensor.zeros(config.dtype(), shape));
            }
        }
    }

    /**
     * A net with the given parameters and batch-norm running statistics (e.g. loaded from a file); both
     * are copied and must have every name and shape the architecture implies. Dropout draws from
     * {@code new Rng(0)} until {@link #setRng} says otherwise.
     *
     * @param state the running statistics; may be null (or lack entries) only for a net without batch norm
     * @throws IllegalArgumentException on a missing or misshapen tensor, or an impossible shape
     */
    public Net(Sequential arch, Config config, Ops ops, Map<String, Tensor> params, Map<String, Tensor> state) {
        this(arch, config, ops);
        this.rng = new Rng(0);
        Checks.notNull("net", "params", params);
        for (Map.Entry<String, int[]> e : paramShapes.entrySet()) {
            Tensor t = params.get(e.getKey());
            if (t == null) throw new IllegalArgumentException("net: parameter " + e.getKey() + " is missing");
            Checks.shape("net", e.getKey(), t, e.getValue(), "from the architecture");
            this.params.put(e.getKey(), t.as(config.dtype()).copy());
        }
        for (Map.Entry<String, Tensor> e : this.state.entrySet()) {
            Tensor t = state == null ? null : state.get(e.getKey());
            if (t == null) throw new IllegalArgumentException("net: batch-norm state " + e.getKey() + " is missing");
            Checks.shape("net", e.getKey(), t, e.getValue().shape(), "from the architecture");
            for (int i = 0; i < t.size(); i++) e.getValue().setFlat(i, t.getFlat(i)); // in place: the layer holds it
        }
    }

    /** Builds the layers, names the parameters and checks every shape. */
    private Net(Sequential arch, Config config, Ops ops) {
        Checks.notNull("net", "architecture", arch);
        this.arch = new Sequential(arch);
        this.config = Checks.notNull("net", "config", config);
        this.ops = Checks.notNull("net", "ops", ops);
        this.reg = config.reg();
        if (arch.layers().isEmpty()) throw new IllegalArgumentException("net: the architecture has no layers");
        int[] shape = config.inputDim();
        int index = 0; // CS231n's layer number i: the count of conv and affine layers so far
        boolean normed = false;
        for (int k = 0; k < arch.layers().size(); k++) {
            LayerSpec spec = arch.layers().get(k);
            NetLayers.Where where = new NetLayers.Where(k + 1, spec, shape);
            NetLayer<?> layer;
            if (spec instanceof LayerSpec.Conv c) {
                index++;
                normed = false;
                NetLayers.Conv l = new NetLayers.Conv(where, c, ops.conv(), params, "W" + index, "b" + index);
                paramShapes.put("W" + index, l.weightShape());
                paramShapes.put("b" + index, new int[] {c.filters()});
                layer = l;
            } else if (spec instanceof LayerSpec.Affine a) {
                index++;
                normed = false;
                NetLayers.Affine l = new NetLayers.Affine(where, a, ops.affine(), params, "W" + index, "b" + index);
                paramShapes.put("W" + index, l.weightShape());
                paramShapes.put("b" + index, new int[] {a.units()});
                layer = l;
            } else if (spec instanceof LayerSpec.BatchNorm || spec instanceof LayerSpec.SpatialBatchNorm) {
                if (index == 0) {
                    throw where.refuse("batch norm must follow a conv or affine layer i, whose gamma_i and beta_i it"
                            + " owns (CS231n's numbering); there is none before it");
                }
                if (normed) throw where.refuse("layer " + index + " (the last conv or affine) already has a batch norm");
                normed = true;
                NetLayers.Norm l = new NetLayers.Norm(where, params, "gamma" + index, "beta" + index);
                paramShapes.put("gamma" + index, new int[] {l.channels()});
                paramShapes.put("beta" + index, new int[] {l.channels()});
                Tensor mean = Tensor.zeros(config.dtype(), l.channels()), var = Tensor.zeros(config.dtype(), l.channels());
                l.setRunning(mean, var);
                state.put("running_mean" + index, mean);
                state.put("running_var" + index, var);
                layer = l;
            } else if (spec instanceof LayerSpec.Pool p) {
                layer = new NetLayers.Pool(where, p, ops.pool());
            } else if (spec instanceof LayerSpec.Relu) {
                layer = new NetLayers.Relu(where, ops.relu());
            } else {
                long position = k;
                layer = new NetLayers.Drop(where, (LayerSpec.Dropout) spec, () -> dropoutRng(position));
            }
            layers.add(layer);
            shape = layer.outputShape();
        }
        if (shape.length != 1 || shape[0] < 2) {
            throw new IllegalArgumentException("net: the last layer, " + layers.get(layers.size() - 1).spec().text()
                    + ", outputs " + NetLayers.shape(shape) + " per example, but the loss needs class scores (K) with"
                    + " K >= 2; end the net with an affine(K) layer");
        }
        this.numClasses = shape[0];
        for (String name : paramShapes.keySet()) if (name.startsWith("W")) weights.add(name);
        int first = 0;
        while (layers.get(first).paramNames().isEmpty()) first++; // the net ends in an affine layer, so one exists
        this.firstTrainable = first;
        this.convReluPool = new boolean[layers.size()];
        this.reluInForward = new boolean[layers.size()];
        this.reluInBackward = new boolean[layers.size()];
        for (int k = 0; k + 2 < layers.size(); k++) {
            convReluPool[k] = layers.get(k) instanceof NetLayers.Conv && layers.get(k + 1) instanceof NetLayers.Relu
                    && layers.get(k + 2) instanceof NetLayers.Pool;
        }
        for (int k = 0; k < layers.size(); k++) {
            if (!(layers.get(k) instanceof NetLayers.Relu)) continue;
            reluInForward[k] = k > 0 && layers.get(k - 1) instanceof NetLayers.Conv;
            reluInBackward[k] = k + 1 < layers.size() && layers.get(k + 1) instanceof NetLayers.Pool;
        }
    }

    /** A fixed seed gives each dropout layer its own fixed stream; without one, all share the net's Rng. */
    private Rng dropoutRng(long position) {
        return dropoutSeed == null ? rng : new Rng((dropoutSeed + position) & 0xFFFFFFFFL);
    }

    private static double fanIn(int[] wShape) {
        // conv W (F, C, k, k): C*k*k inputs per output; affine W (D, M): D
        return wShape.length == 4 ? (double) wShape[1] * wShape[2] * wShape[3] : wShape[0];
    }

    /** A copy of the architecture. */
    public Sequential architecture() {
        return new Sequential(arch);
    }

    public Config config() {
        return config;
    }

    public Ops ops() {
        return ops;
    }

    /** The built layers in order. */
    public List<NetLayer<?>> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** K, the number of class scores. */
    public int numClasses() {
        return numClasses;
    }

    /** The parameters in layer order (W1, b1, gamma1, beta1, W2, ...); the tensors are live. */
    @Override
    public Map<String, Tensor> params() {
        return Collections.unmodifiableMap(params);
    }

    /** The batch-norm running statistics (running_mean1, running_var1, ...); the tensors are live. */
    @Override
    public Map<String, Tensor> state() {
        return Collections.unmodifiableMap(state);
    }

    @Override
    public DType dtype() {
        return config.dtype();
    }

    /** The L2 regularisation strength. */
    public double reg() {
        return reg;
    }

    /** @throws IllegalArgumentException unless reg is finite and {@code >= 0} */
    public void setReg(double reg) {
        checkReg(reg);
        this.reg = reg;
    }

    /** The Rng dropout draws its masks from. @throws IllegalArgumentException if null */
    public void setRng(Rng rng) {
        this.rng = Checks.notNull("net", "rng", rng);
    }

    /**
     * With a seed, the dropout layer at position k (from 0) draws its mask from {@code new Rng(seed + k)} on
     * every train-mode pass, so the masks are the same on every pass (CS231n's {@code dropout_param['seed']},
     * for gradient checks); null goes back to drawing every mask from the net's Rng.
     *
     * @throws IllegalArgumentException when the seed is outside [0, 2^32)
     */
    public void setDropoutSeed(Long seed) {
        if (seed != null) new Rng(seed); // refuses a seed out of range now, not at the next forward pass
        this.dropoutSeed = seed;
    }

    public Long dropoutSeed() {
        return dropoutSeed;
    }

    /** The number of trainable parameters (entries of every tensor in {@link #params()}). */
    public long paramCount() {
        long n = 0;
        for (Tensor t : params.values()) n += t.size();
        return n;
    }

    /** Checks X against the input shape and dtype; a vector net also takes {@code (N, d1, ..., dk)}, flattened. */
    private Tensor checkInput(Tensor X) {
        Checks.notNull("net", "X", X);
        Checks.dtype("net", "X", X, config.dtype());
        int[] d = config.inputDim();
        int[] s = X.shape();
        boolean exact = s.length == d.length + 1 && Arrays.equals(Arrays.copyOfRange(s, 1, s.length), d);
        if (exact && s[0] > 0) return X;
        if (d.length == 1 && s.length >= 2 && s[0] > 0) {
            long rest = 1;
            for (int k = 1; k < s.length; k++) rest *= s[k];
            if (rest == d[0]) return X.reshape(s[0], d[0]);
        }
        throw new IllegalArgumentException("net: X must be (N, " + NetLayers.shape(d).substring(1) + " with N >= 1"
                + (d.length == 1 ? " (or (N, d1, ..., dk) with d1*...*dk = " + d[0] + ")" : "") + ", got " + Arrays.toString(s));
    }

    /** One forward pass: the scores and each layer's cache. */
    private record Pass(Tensor scores, List<NetLayer.Forward<?>> steps) {}

    /**
     * Runs the layers in order. A conv followed by a ReLU and a pool runs the three as one
     * ({@link org.convnet4j.layers.ConvOp#forwardReluPool}: a native conv pools each image's output while it is in
     * cache and never makes the whole output); the pool's step then holds the pooled output and the fused cache, the
     * conv's and the ReLU's steps hold it too (not read). Otherwise a conv followed by a ReLU applies the ReLU as it
     * writes its output ({@link org.convnet4j.layers.ConvOp#forwardRelu}), and the ReLU layer only keeps that output
     * as its cache ({@code max(0, v) > 0} exactly where {@code v > 0}).
     */
    private Pass forward(Tensor X, Mode mode) {
        Checks.notNull("net", "mode", mode);
        Tensor x = checkInput(X);
        List<NetLayer.Forward<?>> steps = new ArrayList<>(layers.size());
        for (int k = 0; k < layers.size(); k++) {
            NetLayer<?> layer = layers.get(k);
            NetLayer.Forward<?> f;
            if (convReluPool[k]) {
                f = ((NetLayers.Conv) layer).forwardReluPool(x, (NetLayers.Pool) layers.get(k + 2));
                steps.add(f);
                steps.add(f);
                k += 2;
            } else if (reluInForward[k]) {
                f = new NetLayer.Forward<>(x, new ReluCache(x));
            } else if (k + 1 < layers.size() && reluInForward[k + 1]) {
                f = ((NetLayers.Conv) layer).forwardRelu(x);
            } else {
                f = layer.forward(x, mode);
            }
            steps.add(f);
            x = f.out();
        }
        return new Pass(x, steps);
    }

    /** Class scores {@code (N, K)} in test mode (CS231n's {@code loss(X)}). */
    @Override
    public Tensor scores(Tensor X) {
        return scores(X, Mode.TEST);
    }

    /**
     * Class scores {@code (N, K)}; a train-mode pass also updates the batch-norm running statistics.
     *
     * @throws IllegalArgumentException when X is not {@code (N, inputDim...)} in the net's dtype
     */
    public Tensor scores(Tensor X, Mode mode) {
        return forward(X, mode).scores();
    }

    /** Loss and gradients in train mode (CS231n's {@code loss(X, y)}). */
    @Override
    public LossAndGrads loss(Tensor X, int[] y) {
        return loss(X, y, Mode.TRAIN);
    }

    /**
     * Data loss plus {@code 0.5 * reg * sum |Wi|^2}, and the gradient of every parameter (in {@link #params()}
     * order), with the forward pass in {@code mode}. At reg = 0 the term is not computed (so an infinite weight
     * does not add {@code 0 * Inf = NaN} to the loss and its gradient; the data loss and gradients carry it).
     *
     * @param X {@code (N, inputDim...)} in the net's dtype
     * @param y N labels in {@code [0, K)}
     * @throws IllegalArgumentException on a bad X, a label count other than N or a label out of range
     */
    public LossAndGrads loss(Tensor X, int[] y, Mode mode) {
        StepGrads s = lossForUpdate(X, y, mode);
        if (reg > 0) for (String w : weights) s.grads().get(w).addScaled(reg, params.get(w));
        return new LossAndGrads(s.loss(), s.grads());
    }

    /**
     * {@link #loss(Tensor, int[])} with each weight's L2 term {@code reg * Wi} left to the update rule
     * ({@link Model#lossForUpdate}); biases, gammas and betas have none.
     */
    @Override
    public StepGrads lossForUpdate(Tensor X, int[] y) {
        return lossForUpdate(X, y, Mode.TRAIN);
    }

    /**
     * The train step's work: forward in {@code mode}, the data loss, and the backward pass. At reg = 0 no
     * regularisation work is done at all (no sum of squares, nothing added to any gradient).
     */
    private StepGrads lossForUpdate(Tensor X, int[] y, Mode mode) {
        Checks.notNull("net", "y", y);
        if (X != null && X.rank() >= 1 && y.length != X.dim(0)) {
            throw new IllegalArgumentException("net: y must have " + X.dim(0) + " labels (one per row of X), got " + y.length);
        }
        Pass pass = forward(X, mode);
        LossResult data = arch.loss() == Sequential.Loss.SVM ? Losses.svm(pass.scores(), y) : Losses.softmax(pass.scores(), y);
        double loss = data.loss();
        if (reg > 0) for (String w : weights) loss += 0.5 * reg * params.get(w).sumOfSquares();
        Map<String, Tensor> found = new LinkedHashMap<>();
        Tensor dout = data.dscores();
        // Down to the first layer with parameters, and that one without dx: no gradient is needed below it
        // (autograd skips the input's gradient the same way; a first conv's dx was about half its backward).
        // A pool after a ReLU does the ReLU's backward too, in its own pass (PoolOp.backwardRelu).
        for (int k = layers.size() - 1; k >= firstTrainable; k--) {
            if (k >= 2 && convReluPool[k - 2]) { // the pool of a conv-relu-pool: the three in one backward
                NetLayer.Backward b = ((NetLayers.Conv) layers.get(k - 2)).backwardReluPool(dout,
                        (ConvPoolCache) pass.steps().get(k).cache(), (NetLayers.Pool) layers.get(k), k - 2 > firstTrainable);
                found.putAll(b.grads());
                dout = b.dx();
                k -= 2;
                continue;
            }
            if (reluInBackward[k]) continue; // the pool above applied this ReLU's mask
            NetLayer.Backward b = k > 0 && reluInBackward[k - 1]
                    ? ((NetLayers.Pool) layers.get(k)).backwardRelu(dout, (PoolCache) pass.steps().get(k).cache())
                    : layers.get(k) instanceof NetLayers.Pool pool
                    ? pool.backwardKept(dout, (PoolCache) pass.steps().get(k).cache())
                    : backward(layers.get(k), dout, pass.steps().get(k), k > firstTrainable);
            found.putAll(b.grads());
            dout = b.dx();
        }
        Map<String, Tensor> grads = new LinkedHashMap<>();
        for (String name : params.keySet()) grads.put(name, found.get(name));
        Map<String, Double> decay = new LinkedHashMap<>();
        if (reg > 0) for (String w : weights) decay.put(w, reg);
        return new StepGrads(loss, grads, decay);
    }

    @SuppressWarnings("unchecked") // the cache came from this layer's own forward
    private static <C> NetLayer.Backward backward(NetLayer<C> layer, Tensor dout, NetLayer.Forward<?> f, boolean needDx) {
        return layer.backward(dout, (C) f.cache(), needDx);
    }

    /**
     * A table of the net like Keras' {@code model.summary()}: each layer with its output shape, parameter
     * count and parameter names, then the loss and the totals.
     */
    public String summary() {
        StringBuilder s = new StringBuilder();
        row(s, "layer", "output shape", "params", "names");
        row(s, "input", "(N, " + NetLayers.shape(config.inputDim()).substring(1), "0", "");
        for (NetLayer<?> l : layers) {
            long n = 0;
            for (String p : l.paramNames()) n += params.get(p).size();
            row(s, l.spec().text(), "(N, " + NetLayers.shape(l.outputShape()).substring(1),
                    String.format(Locale.ROOT, "%,d", n), String.join(", ", l.paramNames()));
        }
        row(s, arch.loss().text() + " loss", "", "", "");
        long total = paramCount();
        s.append(String.format(Locale.ROOT, "total: %,d parameters (%s, %,d bytes)", total,
                config.dtype().name().toLowerCase(Locale.ROOT), total * (config.dtype() == DType.FLOAT32 ? 4 : 8)));
        long running = 0;
        for (Tensor t : state.values()) running += t.size();
        if (running > 0) s.append(String.format(Locale.ROOT, "; %,d batch-norm running statistics", running));
        s.append(String.format(Locale.ROOT, "%ninit %s%s, reg %s%n", config.init().text(),
                config.init() == Init.WEIGHT_SCALE ? " " + config.weightScale() : "", reg));
        return s.toString();
    }

    private static void row(StringBuilder s, String layer, String shape, String count, String names) {
        s.append(String.format(Locale.ROOT, "%-24s %-20s %12s  %s", layer, shape, count, names).stripTrailing()).append('\n');
    }

    @Override
    public String toString() {
        return "Net(" + arch + ", input " + NetLayers.shape(config.inputDim()) + ", " + config.dtype() + ")";
    }
}
