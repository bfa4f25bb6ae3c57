package org.convnet4j.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.convnet4j.check.GradCheck;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.MeanImage;
import org.convnet4j.data.Synthetic;
import org.convnet4j.fast.AffineFast;
import org.convnet4j.fast.Conv2dFast;
import org.convnet4j.fast.MaxPool2dFast;
import org.convnet4j.fast.ReluFast;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.AffineCache;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.BatchNorm;
import org.convnet4j.layers.BatchNormCache;
import org.convnet4j.layers.BatchNormParam;
import org.convnet4j.layers.BatchNormResult;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.Dropout;
import org.convnet4j.layers.DropoutCache;
import org.convnet4j.layers.DropoutParam;
import org.convnet4j.layers.Losses;
import org.convnet4j.layers.Mode;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.SpatialBatchNorm;
import org.convnet4j.model.AffineRelu;
import org.convnet4j.model.ConvRelu;
import org.convnet4j.model.ConvReluPool;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.UpdateRule;
import org.convnet4j.solver.UpdateRules;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * The fuzzed ops: every layer (naive and native), the losses, batch norm, the sandwiches, the model's config,
 * the update rules, the tensor factories and views, {@link Rng}, and the gradient-check helpers. Each may
 * throw only {@link IllegalArgumentException}.
 *
 * <p>To fuzz a new op, add one line to {@link #all()}, as for the dropout layer:
 * <pre>
 * op(t, "dropout.forward", false, g -&gt; new Dropout().forward(g.tensor("x", 0.2, 2, 3), dropoutParam(g), new Rng(1)));
 * </pre>
 * (the third argument says whether it needs the native library). Build a valid input first and let
 * {@link Gen} spoil it: {@code g.tensor(name, p, validShape...)}, {@code g.intArg}, {@code g.doubleArg},
 * {@code g.labels}. For a backward, run the forward on a valid input and then forge the cache the way
 * {@link #forgeConv} does, so the backward's own checks are reached.
 */
final class OpTargets {
    private OpTargets() {}

    /** Every op target. */
    static List<FuzzTarget> all() {
        List<FuzzTarget> t = new ArrayList<>();
        // ---- layers, each on the naive and the native path
        for (boolean fast : new boolean[] {false, true}) {
            String sfx = fast ? "[fast]" : "[naive]";
            ConvOp conv = fast ? new Conv2dFast() : new Conv2d();
            PoolOp pool = fast ? new MaxPool2dFast() : new MaxPool2d();
            AffineOp affine = fast ? new AffineFast() : new Affine();
            ReluOp relu = fast ? new ReluFast() : new Relu();
            op(t, "conv.forward" + sfx, fast, g -> convForward(g, conv));
            op(t, "conv.backward" + sfx, fast, g -> convBackward(g, conv));
            op(t, "max_pool.forward" + sfx, fast, g -> poolForward(g, pool));
            op(t, "max_pool.backward" + sfx, fast, g -> poolBackward(g, pool));
            op(t, "affine.forward" + sfx, fast, g -> affineForward(g, affine));
            op(t, "affine.backward" + sfx, fast, g -> affineBackward(g, affine));
            op(t, "relu.forward" + sfx, fast, g -> relu.forward(g.tensor("x", 0.2, g.between(1, 3), g.between(1, 5))));
            op(t, "relu.backward" + sfx, fast, g -> reluBackward(g, relu));
            Ops ops = fast ? new Ops(conv, pool, affine, relu) : Ops.naive();
            op(t, "sandwiches" + sfx, fast, g -> sandwiches(g, ops));
        }
        op(t, "batchnorm.forward", false, g -> batchNormForward(g, false));
        op(t, "batchnorm.backward", false, g -> batchNormBackward(g, false));
        op(t, "spatial_batchnorm.forward", false, g -> batchNormForward(g, true));
        op(t, "spatial_batchnorm.backward", false, g -> batchNormBackward(g, true));
        op(t, "losses", false, OpTargets::losses);
        op(t, "dropout.forward", false, g -> new Dropout().forward(g.tensor("x", 0.2, g.between(1, 3), g.between(1, 4)),
                dropoutParam(g), g.chance(0.05) ? g.note("rng", null) : new Rng(1)));
        op(t, "dropout.backward", false, OpTargets::dropoutBackward);
        op(t, "net[naive]", false, g -> net(g, Ops.naive()));
        op(t, "net[fast]", true, g -> net(g, new Ops(new Conv2dFast(), new MaxPool2dFast(), new AffineFast(), new ReluFast())));
        // ---- model, solver, checks, data helpers
        op(t, "ThreeLayerConvNet", false, OpTargets::threeLayerConvNet);
        op(t, "update_rules", false, OpTargets::updateRules);
        op(t, "grad_check", false, OpTargets::gradCheck);
        op(t, "data_helpers", false, OpTargets::dataHelpers);
        op(t, "solver", false, OpTargets::solver);
        op(t, "TensorFile.api", false, OpTargets::tensorFileApi);
        op(t, "notebook_helpers", false, OpTargets::notebookHelpers);
        // ---- tensors and random numbers
        op(t, "Tensor.factories", false, OpTargets::tensorFactories);
        op(t, "Tensor.views", false, OpTargets::tensorViews);
        op(t, "Tensor.elements", false, OpTargets::tensorElements);
        op(t, "Rng", false, OpTargets::rng);
        return t;
    }

    /** An op case: body gets a generator; only IllegalArgumentException may come out. */
    interface OpBody {
        void run(Gen g) throws Exception;
    }

    static void op(List<FuzzTarget> list, String name, boolean needsNative, OpBody body) {
        list.add(new FuzzTarget(name, FuzzTarget.Expect.ARGUMENT, needsNative, (g, dir) -> body.run(g)));
    }

    // ------------------------------------------------------------------ conv

    private static ConvParam convParam(Gen g) {
        return new ConvParam(g.intArg("stride", g.between(1, 3), 0.08), g.intArg("pad", g.between(0, 2), 0.08, Gen.BAD_INTS));
    }

    private static void convForward(Gen g, ConvOp conv) {
        int N = g.between(1, 3), C = g.between(1, 3), H = g.between(1, 7), W = g.between(1, 7), F = g.between(1, 3);
        int HH = g.between(1, Math.min(H + 2, 4)), WW = g.between(1, Math.min(W + 2, 4));
        double p = 0.12;
        Tensor x = g.tensor("x", p, N, C, H, W), w = g.tensor("w", p, F, C, HH, WW), b = g.tensor("b", p, F);
        conv.forward(x, w, b, convParam(g));
    }

    private static void convBackward(Gen g, ConvOp conv) {
        int N = g.between(1, 2), C = g.between(1, 3), H = g.between(2, 6), W = g.between(2, 6), F = g.between(1, 3);
        int HH = g.between(1, 3), WW = g.between(1, 3);
        ConvParam param = new ConvParam(g.between(1, 2), g.between(0, 1));
        Tensor x = g.filled(g.dtype, N, C, H, W), w = g.filled(g.dtype, F, C, HH, WW), b = g.filled(g.dtype, F);
        ConvCache cache = conv.forward(x, w, b, param).cache();
        int[] outShape = conv.forward(x, w, b, param).out().shape();
        conv.backward(g.tensor("dout", 0.12, outShape), forgeConv(g, cache));
    }

    /** The forward's cache, or (with some probability) one whose parts were replaced by spoiled ones or null. */
    static ConvCache forgeConv(Gen g, ConvCache c) {
        if (g.chance(0.03)) return g.note("cache", null);
        if (!g.chance(0.3)) return c;
        Tensor x = g.chance(0.3) ? g.tensor("cache.x", 0.5, c.x().shape()) : c.x();
        Tensor w = g.chance(0.3) ? g.tensor("cache.w", 0.5, c.w().shape()) : c.w();
        Tensor b = g.chance(0.3) ? g.tensor("cache.b", 0.5, c.b().shape()) : c.b();
        ConvParam p = g.chance(0.2) ? g.note("cache.param", null) : g.chance(0.3) ? convParam(g) : c.param();
        return new ConvCache(x, w, b, p);
    }

    // ------------------------------------------------------------------ pool

    private static PoolParam poolParam(Gen g) {
        return new PoolParam(g.intArg("pool_height", g.between(1, 3), 0.08), g.intArg("pool_width", g.between(1, 3), 0.08),
                g.intArg("stride", g.between(1, 3), 0.08));
    }

    private static void poolForward(Gen g, PoolOp pool) {
        pool.forward(g.tensor("x", 0.12, g.between(1, 3), g.between(1, 3), g.between(1, 7), g.between(1, 7)), poolParam(g));
    }

    private static void poolBackward(Gen g, PoolOp pool) {
        Tensor x = g.filled(g.dtype, g.between(1, 2), g.between(1, 3), g.between(3, 6), g.between(3, 6));
        PoolParam param = new PoolParam(g.between(1, 3), g.between(1, 3), g.between(1, 3));
        var r = (g.chance(0.5) ? pool : g.pick(new MaxPool2d(), pool)).forward(x, param);
        PoolCache c = r.cache();
        if (g.chance(0.03)) {
            c = g.note("cache", null);
        } else if (g.chance(0.35)) {
            Tensor cx = g.chance(0.3) ? g.tensor("cache.x", 0.5, x.shape()) : c.x();
            PoolParam cp = g.chance(0.15) ? g.note("cache.param", null) : g.chance(0.3) ? poolParam(g) : c.param();
            // winners: the forward's own (perhaps for another x or param now), none, or a foreign implementation
            PoolCache.Winners winners = c.winners();
            if (g.chance(0.3)) {
                String st = g.note("cache.winners", g.pick("null", "tiled", "general", "naive", ""));
                winners = st.equals("null") ? null : () -> st;
            }
            c = new PoolCache(cx, cp, winners);
        }
        Tensor dout = g.tensor("dout", 0.12, r.out().shape());
        if (g.chance(0.6)) {
            pool.backward(dout, c);
            return;
        }
        // into a caller's dx: a good one, a bad one, or one sharing storage with dout or x
        Tensor dx = g.chance(0.08) ? g.note("dx (dout itself)", dout) : g.chance(0.08) ? g.note("dx (x itself)", x)
                : g.tensor("dx", 0.3, x.shape());
        if (g.chance(0.5)) pool.backward(dout, c, dx);
        else pool.backwardRelu(dout, c, dx);
    }

    // ------------------------------------------------------------------ affine, relu

    private static void affineForward(Gen g, AffineOp affine) {
        if (g.chance(0.01)) { // two small inputs whose output (N, M) overflows int: 65536 x 65536
            affine.forward(g.note("x", Tensor.zeros(g.dtype, 65536, 1)), g.note("w", Tensor.zeros(g.dtype, 1, 65536)),
                    g.note("b", Tensor.zeros(g.dtype, 65536)));
            return;
        }
        int N = g.between(1, 4), d1 = g.between(1, 4), d2 = g.between(1, 3), M = g.between(1, 5);
        Tensor x = g.chance(0.5) ? g.tensor("x", 0.12, N, d1, d2) : g.tensor("x", 0.12, N, d1 * d2);
        affine.forward(x, g.tensor("w", 0.12, d1 * d2, M), g.tensor("b", 0.12, M));
    }

    private static void affineBackward(Gen g, AffineOp affine) {
        int N = g.between(1, 4), D = g.between(1, 6), M = g.between(1, 5);
        var r = affine.forward(g.filled(g.dtype, N, D), g.filled(g.dtype, D, M), g.filled(g.dtype, M));
        AffineCache c = r.cache();
        if (g.chance(0.03)) {
            c = g.note("cache", null);
        } else if (g.chance(0.3)) {
            c = new AffineCache(g.chance(0.4) ? g.tensor("cache.x", 0.5, N, D) : c.x(),
                    g.chance(0.4) ? g.tensor("cache.w", 0.5, D, M) : c.w(), g.chance(0.4) ? g.tensor("cache.b", 0.5, M) : c.b());
        }
        affine.backward(g.tensor("dout", 0.12, N, M), c);
    }

    private static void reluBackward(Gen g, ReluOp relu) {
        int[] shape = {g.between(1, 3), g.between(1, 5)};
        ReluCache c = relu.forward(g.filled(g.dtype, shape)).cache();
        if (g.chance(0.05)) c = g.note("cache", null);
        else if (g.chance(0.2)) c = new ReluCache(g.tensor("cache.x", 0.5, shape));
        relu.backward(g.tensor("dout", 0.12, shape), c);
    }

    // ------------------------------------------------------------------ batch norm

    private static BatchNormParam bnParam(Gen g, int channels) {
        if (g.chance(0.03)) return g.note("bn_param", null);
        BatchNormParam p = new BatchNormParam(g.chance(0.03) ? g.note("mode", null)
                : g.note("mode", g.pick(BatchNormParam.Mode.TRAIN, BatchNormParam.Mode.TEST)));
        if (g.chance(0.2)) p.setEps(g.doubleArg("eps", 1e-5, 0.5));
        if (g.chance(0.2)) p.setMomentum(g.doubleArg("momentum", 0.9, 0.5));
        if (g.chance(0.2)) {
            p.setRunning(g.tensor("running_mean", 0.3, channels), g.tensor("running_var", 0.3, channels));
        }
        return p;
    }

    private static int[] bnShape(Gen g, boolean spatial) {
        return spatial ? new int[] {g.between(1, 3), g.between(1, 3), g.between(1, 3), g.between(1, 3)}
                : new int[] {g.between(1, 4), g.between(1, 4)};
    }

    private static BatchNormResult bnForward(boolean spatial, Tensor x, Tensor gamma, Tensor beta, BatchNormParam p) {
        return spatial ? new SpatialBatchNorm().forward(x, gamma, beta, p) : new BatchNorm().forward(x, gamma, beta, p);
    }

    private static void batchNormForward(Gen g, boolean spatial) {
        int[] s = bnShape(g, spatial);
        bnForward(spatial, g.tensor("x", 0.12, s), g.tensor("gamma", 0.12, s[1]), g.tensor("beta", 0.12, s[1]),
                bnParam(g, s[1]));
    }

    private static void batchNormBackward(Gen g, boolean spatial) {
        int[] s = bnShape(g, spatial);
        int C = s[1];
        BatchNormParam p = new BatchNormParam(g.pick(BatchNormParam.Mode.TRAIN, BatchNormParam.Mode.TEST));
        BatchNormCache c = bnForward(spatial, g.filled(g.dtype, s), g.filled(g.dtype, C), g.filled(g.dtype, C), p).cache();
        if (g.chance(0.03)) {
            c = g.note("cache", null);
        } else if (g.chance(0.5)) {
            // the example: gamma null, shorter or longer
            Tensor gamma = g.chance(0.5) ? g.tensor("cache.gamma", 0.6, C) : c.gamma();
            c = new BatchNormCache(g.chance(0.3) ? g.tensor("cache.x", 0.5, s) : c.x(), gamma,
                    g.chance(0.1) ? g.note("cache.mode", null) : c.mode(),
                    g.chance(0.3) ? g.tensor("cache.mean", 0.5, C) : c.mean(),
                    g.chance(0.3) ? g.tensor("cache.std", 0.5, C) : c.std());
        }
        if (spatial) new SpatialBatchNorm().backward(g.tensor("dout", 0.12, s), c);
        else new BatchNorm().backward(g.tensor("dout", 0.12, s), c);
    }

    // ------------------------------------------------------------------ dropout, nets

    private static DropoutParam dropoutParam(Gen g) {
        return new DropoutParam(g.doubleArg("p", 0.5, 0.2), g.chance(0.03) ? g.note("mode", null)
                : g.note("mode", g.pick(Mode.TRAIN, Mode.TEST)));
    }

    private static void dropoutBackward(Gen g) {
        int[] shape = {g.between(1, 3), g.between(1, 4)};
        DropoutCache c = new Dropout().forward(g.filled(g.dtype, shape), new DropoutParam(0.5, g.pick(Mode.TRAIN, Mode.TEST)),
                new Rng(2)).cache();
        if (g.chance(0.03)) {
            c = g.note("cache", null);
        } else if (g.chance(0.4)) {
            c = new DropoutCache(g.chance(0.2) ? g.note("cache.mode", g.pick(Mode.TRAIN, Mode.TEST, null)) : c.mode(),
                    g.chance(0.4) ? g.tensor("cache.mask", 0.6, shape) : c.mask(),
                    g.chance(0.3) ? g.note("cache.xShape", g.chance(0.2) ? null : g.shape(shape, 1)) : c.xShape());
        }
        new Dropout().backward(g.tensor("dout", 0.15, shape), c);
    }

    /** Architectures to start from; {@link #net} spoils their text or their numbers. */
    private static final String[] ARCHS = {
        "affine(3)", "relu-affine(4)-svm", "conv(2,3)-relu-pool(2)-affine(3)", "conv(2,3,stride=2,pad=0)-sbn-relu-affine(2)",
        "[conv(2,3)-relu]x2-pool(2,stride=1)-affine(3)-bn-dropout(0.5)-affine(2)", "affine(5)-bn-relu-dropout(0.7)-affine(3)-softmax",
        "sbn-pool(1)-affine(2)", "dropout(1)-affine(2)"};

    /** Numbers that break an architecture: zero, negative, too large for int, or products that overflow. */
    private static final String[] ARCH_NUMBERS = {"0", "-1", "2147483647", "2147483648", "99999999999", "46341", "NaN",
        "1e309", "0.0", "1.5", ""};

    private static void net(Gen g, Ops ops) {
        double p = 0.15;
        String text = ARCHS[g.between(0, ARCHS.length - 1)];
        if (g.chance(0.3)) { // one number replaced
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+(\\.\\d+)?").matcher(text);
            List<int[]> spans = new ArrayList<>();
            while (m.find()) spans.add(new int[] {m.start(), m.end()});
            if (!spans.isEmpty()) {
                int[] sp = spans.get(g.between(0, spans.size() - 1));
                text = text.substring(0, sp[0]) + ARCH_NUMBERS[g.between(0, ARCH_NUMBERS.length - 1)] + text.substring(sp[1]);
            }
        }
        if (g.chance(0.2)) { // one character inserted, deleted or replaced
            int at = g.between(0, text.length());
            String c = g.pick("(", ")", "[", "]", "-", ",", "x", "=", "0", "9", "a", " ", "]x0", "[[", "\u00e9");
            text = switch (g.between(0, 2)) {
                case 0 -> text.substring(0, at) + c + text.substring(at);
                case 1 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text;
                default -> at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : text + c;
            };
        }
        if (g.chance(0.02)) text = "[".repeat(g.pick(30, 5000)) + "relu" + "]x2".repeat(30);
        Sequential arch = Sequential.parse(g.chance(0.02) ? g.note("arch", null) : g.note("arch", text));
        int[] dims = g.chance(0.5) ? new int[] {g.between(1, 2), g.between(2, 6), g.between(2, 6)} : new int[] {g.between(1, 6)};
        if (g.chance(p)) {
            dims = g.pick(new int[] {1, 65536, 65536}, new int[] {Integer.MAX_VALUE}, new int[] {0, 2, 2}, new int[] {1, 2},
                    new int[] {2, -1, 3}, new int[] {1, 46341, 46341});
        }
        Net.Config cfg = new Net.Config(g.note("input_dim", dims), g.chance(0.03) ? null : g.dtype,
                g.chance(0.03) ? null : g.pick(Net.Init.WEIGHT_SCALE, Net.Init.HE), g.doubleArg("weight_scale", 1e-2, p),
                g.doubleArg("reg", 0.0, p));
        Net net = arch.build(cfg, ops, g.chance(0.03) ? g.note("rng", null) : new Rng(3));
        int N = g.between(1, 2);
        int[] x = new int[dims.length + 1];
        x[0] = N;
        System.arraycopy(dims, 0, x, 1, dims.length);
        Mode mode = g.chance(0.03) ? g.note("mode", null) : g.pick(Mode.TRAIN, Mode.TEST);
        if (g.chance(0.3)) net.scores(g.tensor("X", p, x), mode);
        else net.loss(g.tensor("X", p, x), g.labels("y", N, net.numClasses(), p), mode);
    }

    // ------------------------------------------------------------------ losses, sandwiches, model

    private static void losses(Gen g) {
        int N = g.between(1, 4), C = g.between(1, 5);
        Tensor scores = g.tensor("scores", 0.12, N, C);
        int[] y = g.labels("y", N, C, 0.15);
        if (g.chance(0.5)) Losses.softmax(scores, y);
        else Losses.svm(scores, y);
    }

    private static void sandwiches(Gen g, Ops ops) {
        int N = g.between(1, 2), C = g.between(1, 2), H = g.between(2, 6), W = g.between(2, 6), F = g.between(1, 3);
        double p = 0.1;
        switch (g.between(0, 2)) {
            case 0: {
                ConvRelu s = new ConvRelu(ops.conv(), ops.relu());
                var r = s.forward(g.tensor("x", p, N, C, H, W), g.tensor("w", p, F, C, 3, 3), g.tensor("b", p, F),
                        new ConvParam(1, 1));
                s.backward(g.tensor("dout", p, r.out().shape()), g.chance(0.05) ? null : r.cache());
                break;
            }
            case 1: {
                ConvReluPool s = new ConvReluPool(ops.conv(), ops.relu(), ops.pool());
                var r = s.forward(g.tensor("x", p, N, C, H, W), g.tensor("w", p, F, C, 3, 3), g.tensor("b", p, F),
                        new ConvParam(1, 1), g.chance(0.05) ? null : PoolParam.twoByTwo());
                s.backward(g.tensor("dout", p, r.out().shape()), g.chance(0.05) ? null : r.cache());
                break;
            }
            default: {
                AffineRelu s = new AffineRelu(ops.affine(), ops.relu());
                var r = s.forward(g.tensor("x", p, N, C * H), g.tensor("w", p, C * H, F), g.tensor("b", p, F));
                s.backward(g.tensor("dout", p, r.out().shape()), g.chance(0.05) ? null : r.cache());
            }
        }
    }

    /** Config edges: invalid, or so large that any product overflows (never valid but huge). */
    private static final int[] CONFIG_EDGES = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};

    private static void threeLayerConvNet(Gen g) {
        double p = 0.15;
        int[] e = CONFIG_EDGES;
        int C = g.intArg("C", g.between(1, 2), p, e), H = g.intArg("H", g.between(2, 6), p, e);
        int W = g.intArg("W", g.between(2, 6), p, e);
        // the example: dims whose products overflow int (with hidden_dim >= 2, W2 cannot fit a Java array)
        boolean huge = g.chance(0.05);
        if (huge) {
            C = 1;
            H = g.note("H", 65536);
            W = g.note("W", 65536);
        }
        int[] dims = g.chance(0.03) ? g.note("input_dim", null) : g.chance(0.03) ? g.note("input_dim", new int[] {C, H})
                : new int[] {C, H, W};
        int F = g.intArg("num_filters", g.between(1, 3), p, e), fs = g.intArg("filter_size", g.pick(1, 3), p, e);
        int hidden = g.intArg("hidden_dim", g.between(1, 5), p, e);
        if (huge && hidden == 1) hidden = g.note("hidden_dim", 2);
        if (C > 0 && H > 0 && W > 0 && F > 0 && hidden > 0) {
            // a legal but huge W2 (say H = 2^31 - 1, W = 2, one filter) would only measure the heap: overflow it instead
            long w2 = (long) F * (H / 2) * (W / 2) * hidden;
            if (w2 > 1 << 22 && w2 <= Integer.MAX_VALUE - 8) hidden = g.note("hidden_dim", 65536);
        }
        ThreeLayerConvNet.Config cfg = new ThreeLayerConvNet.Config(dims, F, fs, hidden,
                g.intArg("num_classes", g.between(2, 4), p, e), g.doubleArg("weight_scale", 1e-2, p), g.doubleArg("reg", 0.0, p),
                g.chance(0.03) ? null : g.dtype);
        ThreeLayerConvNet net = new ThreeLayerConvNet(cfg, Ops.naive(), new Rng(1));
        if (g.chance(0.2)) net.setReg(g.doubleArg("setReg", 0.1, 0.7));
        int N = g.between(1, 3);
        int[] x = {N, cfg.inputDim()[0], cfg.inputDim()[1], cfg.inputDim()[2]};
        if (g.chance(0.5)) net.scores(g.tensor("X", p, x));
        else net.loss(g.tensor("X", p, x), g.labels("y", N, cfg.numClasses(), p));
        if (g.chance(0.1)) {
            Map<String, Tensor> params = new java.util.LinkedHashMap<>(net.params());
            String k = g.note("replaced", g.pick("W1", "b1", "W2", "b2", "W3", "b3"));
            params.put(k, g.tensor(k, 0.8, params.get(k).shape()));
            new ThreeLayerConvNet(cfg, Ops.naive(), params);
        }
    }

    private static void updateRules(Gen g) {
        double p = 0.15;
        double lr = g.doubleArg("learning_rate", 1e-2, p);
        UpdateRule rule = switch (g.between(0, 3)) {
            case 0 -> new UpdateRules.Sgd(lr);
            case 1 -> new UpdateRules.SgdMomentum(lr, g.doubleArg("momentum", 0.9, p));
            case 2 -> new UpdateRules.RmsProp(lr, g.doubleArg("decay_rate", 0.99, p), g.doubleArg("epsilon", 1e-8, p));
            default -> new UpdateRules.Adam(lr, g.doubleArg("beta1", 0.9, p), g.doubleArg("beta2", 0.999, p),
                    g.doubleArg("epsilon", 1e-8, p));
        };
        int[] shape = {g.between(1, 3), g.between(1, 4)};
        Tensor w = g.tensor("w", p, shape);
        UpdateRule.State s = w == null ? null : rule.init(g.chance(0.1) ? g.tensor("init_w", 0.8, shape) : w);
        if (g.chance(0.05)) s = g.note("state", null);
        rule.update(w, g.tensor("dw", p, shape), s);
        if (g.chance(0.1)) UpdateRule.of(g.note("name", g.pick("sgd", "adam", "rmsprop", "sgd_momentum", "ada", null)), lr);
    }

    private static void gradCheck(Gen g) {
        int[] shape = {g.between(1, 2), g.between(1, 3)};
        Tensor x = g.tensor("x", 0.15, shape);
        switch (g.between(0, 3)) {
            case 0:
                GradCheck.numericalGradient(t -> t.sumOfSquares(), x, g.doubleArg("h", 1e-5, 0.2));
                break;
            case 1:
                GradCheck.numericalGradientArray(t -> t.copy(), x, g.tensor("dout", 0.15, shape), g.doubleArg("h", 1e-5, 0.2));
                break;
            case 2:
                GradCheck.relError(x, g.tensor("b", 0.15, shape));
                GradCheck.worstIndex(x, g.tensor("b", 0.15, shape));
                break;
            default:
                GradCheck.sampled(t -> t.sumOfSquares(), x, g.tensor("analytic", 0.15, shape), g.intArg("k", 3, 0.2, 0, -1, Integer.MIN_VALUE),
                        g.chance(0.05) ? null : new Rng(1), g.doubleArg("h", 1e-5, 0.1));
        }
    }

    private static void dataHelpers(Gen g) {
        double p = 0.15;
        int N = g.between(1, 3), C = g.between(1, 2), H = g.between(1, 3), W = g.between(1, 3);
        switch (g.between(0, 3)) {
            case 0: {
                Tensor images = g.tensor("images", p, N, C, H, W);
                Dataset d = new Dataset(images, g.labels("labels", N, 3, p),
                        g.chance(0.05) ? null : List.of("a", "b", "c"));
                d.take(g.labels("indices", 2, N, p));
                d.slice(g.intArg("from", 0, p), g.intArg("to", N, p));
                d.first(g.intArg("k", 1, p));
                break;
            }
            case 1: {
                Tensor images = g.tensor("images", p, N, C, H, W);
                MeanImage.subtractInPlace(images, MeanImage.compute(images));
                MeanImage.subtractInPlace(g.filled(g.dtype, N, C, H, W), g.tensor("mean", p, C, H, W));
                break;
            }
            default:
                Synthetic.generate(g.intArg("n", 2, p, Gen.BAD_INTS), g.intArg("channels", 1, p, Gen.BAD_INTS),
                        g.intArg("size", 4, p, 0, -1, 3, Integer.MAX_VALUE, 46341, 65536),
                        g.chance(p) ? g.note("seed", (long) g.edgeInt()) : 7L, g.doubleArg("noise", 60, p),
                        g.chance(0.05) ? null : g.dtype);
        }
    }

    private static void solver(Gen g) {
        double p = 0.12;
        Solver.Options o = new Solver.Options(g.chance(0.03) ? null : new UpdateRules.Sgd(1e-2),
                g.doubleArg("lr_decay", 0.95, p), g.intArg("batch_size", 2, p, Gen.BAD_INTS),
                g.intArg("num_epochs", 1, p, Gen.BAD_INTS), g.intArg("num_train_samples", 0, p, 0, -1, Integer.MIN_VALUE),
                g.intArg("num_val_samples", 0, p, 0, -1, Integer.MIN_VALUE),
                g.chance(p) ? g.note("seed", g.pick(-1L, 1L << 32, Long.MAX_VALUE, 0xFFFFFFFFL)) : 3L);
        ThreeLayerConvNet net = new ThreeLayerConvNet(new ThreeLayerConvNet.Config(new int[] {1, 2, 2}, 1, 1, 2, 2, 1e-2, 0,
                g.dtype), Ops.naive(), new Rng(1));
        int N = g.between(1, 3);
        Tensor x = g.tensor("X", p, N, 1, 2, 2);
        Solver s = new Solver(net, x, g.labels("y", N, 2, p), g.tensor("X_val", p, N, 1, 2, 2), g.labels("y_val", N, 2, p), o);
        switch (g.between(0, 2)) {
            case 0:
                s.checkAccuracy(g.tensor("x", p, N, 1, 2, 2), g.labels("y", N, 2, p), g.intArg("num_samples", 1, p, -1));
                break;
            case 1:
                s.restore(g.intArg("epoch", 0, p), g.chance(0.05) ? null : List.of(), List.of(), List.of(), 0.5, null,
                        g.chance(0.05) ? null : s.states());
                break;
            default:
                s.addListener(g.chance(0.2) ? null : new org.convnet4j.solver.TrainingListener() { });
        }
    }

    private static void tensorFileApi(Gen g) throws Exception {
        Map<String, String> meta = new java.util.HashMap<>();
        Map<String, Tensor> tensors = new java.util.HashMap<>();
        if (g.chance(0.1)) meta.put(g.chance(0.5) ? null : "k", g.chance(0.5) ? null : "v");
        if (g.chance(0.05)) meta.put("long", "\u00e9".repeat(g.pick(30_000, 40_000)));
        if (g.chance(0.1)) tensors.put(g.chance(0.5) ? null : "t", g.chance(0.5) ? null : Tensor.zeros(g.dtype));
        tensors.put("a", g.filled(g.dtype, 2));
        var f = new org.convnet4j.io.TensorFile(g.chance(0.03) ? g.note("meta", null) : meta,
                g.chance(0.03) ? g.note("tensors", null) : tensors);
        g.note("meta", meta.keySet());
        g.note("tensors", tensors.keySet());
        if (g.chance(0.5)) {
            f.requireTensor(java.nio.file.Path.of("x"), "a", g.chance(0.1) ? null : new int[] {2}); // another shape: IOException
        } else {
            f.writeTo(g.chance(0.1) ? null : java.io.OutputStream.nullOutputStream());
        }
    }

    private static void notebookHelpers(Gen g) {
        double p = 0.15;
        switch (g.between(0, 2)) {
            case 0:
                org.convnet4j.check.NotebookChecks.channelStds(g.tensor("x", p, g.between(1, 2), g.between(1, 3), 2, 2));
                break;
            case 1:
                org.convnet4j.check.NotebookChecks.maxDistanceToPrinted(g.note("printed", g.pick("[1. 2.5]", "1 2", "[a b]",
                        "", null, "[1e3 -4]")), g.chance(0.1) ? null : new double[] {g.value(), g.value()});
                break;
            default:
                org.convnet4j.check.NotebookChecks.format(g.chance(0.1) ? null : new double[] {g.value(), g.value()});
        }
    }

    // ------------------------------------------------------------------ tensors, rng

    /** A shape argument: a small valid one, null, one with a negative dim, or one whose product overflows. */
    private static int[] shapeArg(Gen g, String name) {
        switch (g.between(0, 9)) {
            case 0: return g.note(name, null);
            case 1: return g.note(name, new int[] {g.between(1, 3), g.pick(-1, Integer.MIN_VALUE, -7)});
            case 2: return g.note(name, new int[] {g.pick(46341, 65536, 1 << 30, Integer.MAX_VALUE),
                g.pick(46341, 65536, 1 << 30, Integer.MAX_VALUE), g.between(1, 3)});
            case 3: return g.note(name, new int[] {0, g.edgeInt(), g.edgeInt()});
            case 4: return g.note(name, new int[0]);
            default: {
                int[] s = new int[g.between(1, 4)];
                for (int i = 0; i < s.length; i++) s[i] = g.between(0, 4);
                return g.note(name, s);
            }
        }
    }

    private static void tensorFactories(Gen g) {
        DType dt = g.dtypeArg("dtype", 0.1);
        int[] shape = shapeArg(g, "shape");
        switch (g.between(0, 6)) {
            case 0: Tensor.zeros(dt, shape); break;
            case 1: Tensor.full(g.doubleArg("value", 1.5, 0.3), dt, shape); break;
            case 2: Tensor.linspace(g.doubleArg("lo", -1, 0.2), g.doubleArg("hi", 1, 0.2), dt, shape); break;
            case 3: Tensor.randn(g.chance(0.1) ? g.note("rng", null) : new Rng(3), dt, shape); break;
            case 4: Tensor.of(dt, g.chance(0.1) ? null : g.note("data", new double[g.between(0, 8)]), shape); break;
            case 5: Tensor.wrap(g.chance(0.1) ? null : g.note("data", new float[g.between(0, 8)]), shape); break;
            default: Tensor.wrap(g.chance(0.1) ? null : g.note("data", new double[g.between(0, 8)]), shape);
        }
        if (g.chance(0.1)) DType.parse(g.note("dtype string", g.pick("float32", "F64", "double", "int8", "", " ", null)));
    }

    private static void tensorViews(Gen g) {
        int[] shape = {g.between(1, 3), g.between(1, 3), g.between(1, 2)};
        Tensor t = g.filled(g.dtype, shape);
        g.note("t", t);
        switch (g.between(0, 6)) {
            case 0: t.reshape(shapeArg(g, "newShape")); break;
            case 1: t.takeRows(g.labels("idx", 3, shape[0], 0.3)); break;
            case 2: t.sliceRows(g.intArg("from", 0, 0.3), g.intArg("to", shape[0], 0.3)); break;
            case 3: t.as(g.dtypeArg("target", 0.3)); break;
            case 4: t.addScaled(g.doubleArg("alpha", 0.5, 0.2), g.tensor("x", 0.3, shape)); break;
            case 5: {
                Tensor o = g.tensor("other", 0.3, shape);
                t.sameShape(o);
                t.contentEquals(o);
                t.sharesStorageWith(o);
                break;
            }
            default: Tensor.zeros(g.dtype).takeRows(new int[0]);
        }
    }

    private static void tensorElements(Gen g) {
        int[] shape = {g.between(1, 3), g.between(1, 3)};
        Tensor t = g.filled(g.dtype, shape);
        g.note("t", t);
        int flat = g.intArg("i", g.between(0, t.size() - 1), 0.3);
        switch (g.between(0, 6)) {
            case 0: t.getFlat(flat); break;
            case 1: t.setFlat(flat, g.value()); break;
            case 2: t.addFlat(flat, g.value()); break;
            case 3: t.dim(g.intArg("axis", g.between(0, 1), 0.3)); break;
            case 4: t.get(g.chance(0.1) ? g.note("idx", null)
                    : g.note("idx", new int[] {g.intArg("i0", 0, 0.3), g.intArg("i1", 0, 0.3)})); break;
            case 5: t.set(g.value(), g.note("idx", new int[] {g.intArg("i0", 0, 0.3), g.intArg("i1", 0, 0.3)})); break;
            default: t.offset(g.note("idx", new int[] {g.intArg("i0", 0, 0.3)}));
        }
    }

    private static void rng(Gen g) {
        Rng r = new Rng(g.chance(0.2) ? g.note("seed", g.pick(-1L, 1L << 32, Long.MIN_VALUE, Long.MAX_VALUE, 0L, 0xFFFFFFFFL))
                : 5L);
        int n = g.intArg("n", g.between(0, 5), 0.3);
        if (n > 1 << 20 && n <= Integer.MAX_VALUE - 8) n = g.note("n", Integer.MAX_VALUE); // no valid-but-huge arrays
        switch (g.between(0, 5)) {
            case 0: r.randint(g.intArg("high", 5, 0.3)); break;
            case 1: r.randint(g.intArg("high", 5, 0.3), n); break;
            case 2: r.permutation(n); break;
            case 3: r.choice(g.intArg("high", 5, 0.3), n); break;
            case 4: r.normal(g.doubleArg("loc", 0, 0.3), g.doubleArg("scale", 1, 0.3)); break;
            default: r.seed(g.note("seed", g.pick(-1L, 1L << 32, 7L)));
        }
    }
}
