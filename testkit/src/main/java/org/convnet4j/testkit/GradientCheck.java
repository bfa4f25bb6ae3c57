package org.convnet4j.testkit;

import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.convnet4j.check.GradCheck;
import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.model.LayerSpec;
import org.convnet4j.model.Net;
import org.convnet4j.model.NetLayer;
import org.convnet4j.model.Ops;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * Numeric gradient checks, CS231n's {@code eval_numerical_gradient_array}: for an op with output
 * {@code out = f(x, w, ...)} and a random upstream gradient {@code dout}, the gradient of
 * {@code L = sum(out * dout)} with respect to each input by centred differences,
 *
 * <pre>
 * dL/dx[i] = sum((f(x + h e_i) - f(x - h e_i)) * dout) / (2h),   h = 1e-5
 * </pre>
 *
 * ({@link GradCheck#numericalGradientArray}), in float64, compared with the op's backward elementwise:
 * {@code |analytic - numeric| <= 1e-9} or {@code rel_error <= 1e-7} ({@link Tolerances}). Inputs of max
 * pools are drawn at least 0.01 apart and inputs of ReLUs at least 0.01 away from 0, so no step of h crosses
 * a kink. Each case method throws {@link KitFailure} with a {@link Report} when an entry is off.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /**
     * One conv case (float64): dx, dw and db against centred differences.
     *
     * @param op the op under test
     * @param c a float64 case ({@link Cases#convGradient()})
     * @throws IllegalArgumentException when the case is not float64
     * @throws KitFailure when a gradient is off
     */
    public static void conv(ConvOp op, ConvCase c) {
        requireFloat64(c);
        Checker k = Checker.gradient(op, c);
        Rng rng = new Rng(c.seed());
        Tensor x = Tensor.randn(rng, DType.FLOAT64, c.xShape());
        Tensor w = Tensor.randn(rng, DType.FLOAT64, c.wShape());
        Tensor b = Tensor.randn(rng, DType.FLOAT64, c.wShape()[0]);
        ConvResult r = k.call("forward", () -> op.forward(x, w, b, c.param()));
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, r.out().shape());
        ConvGrads g = k.call("backward", () -> op.backward(dout, r.cache()));
        Rule rule = Rule.gradient(Tolerances.GRAD_MAX_REL);
        Hints plain = Hints.none().pad(c.param().pad()).batch(c.xShape()[0]);
        k.compare("dx", Checker.NCHW, g.dx(), numeric(k, t -> op.forward(t, w, b, c.param()).out(), x, dout), rule,
                Hints.convDx(x, w, dout, c.param()));
        k.compare("dw", "(f, c, i, j)", g.dw(), numeric(k, t -> op.forward(x, t, b, c.param()).out(), w, dout), rule, plain);
        k.compare("db", "(f)", g.db(), numeric(k, t -> op.forward(x, w, t, c.param()).out(), b, dout), rule, plain);
    }

    /**
     * One max-pool case (float64, inputs at least 0.01 apart): dx against centred differences, to
     * {@link Tolerances#GRAD_PIECEWISE_LINEAR_MAX_REL}.
     *
     * @param op the op under test
     * @param c a float64 case ({@link Cases#poolGradient()}); its {@code ties} flag is ignored
     * @throws IllegalArgumentException when the case is not float64
     * @throws KitFailure when dx is off
     */
    public static void pool(PoolOp op, PoolCase c) {
        requireFloat64(c);
        Checker k = Checker.gradient(op, c);
        Rng rng = new Rng(c.seed());
        Tensor x = Inputs.distinct(rng, 0.01, c.xShape());
        PoolResult r = k.call("forward", () -> op.forward(x, c.param()));
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, r.out().shape());
        Tensor dx = k.call("backward", () -> op.backward(dout, r.cache()));
        // piecewise linear away from ties: centred differences are exact up to rounding (~1e-11)
        k.compare("dx", Checker.NCHW, dx, numeric(k, t -> op.forward(t, c.param()).out(), x, dout),
                Rule.gradient(Tolerances.GRAD_PIECEWISE_LINEAR_MAX_REL), Hints.poolDx(x, dout, c.param()));
    }

    /**
     * One affine case (float64): dx, dw and db against centred differences.
     *
     * @param op the op under test
     * @param c a float64 case ({@link Cases#affineGradient()})
     * @throws IllegalArgumentException when the case is not float64
     * @throws KitFailure when a gradient is off
     */
    public static void affine(AffineOp op, AffineCase c) {
        requireFloat64(c);
        Checker k = Checker.gradient(op, c);
        Rng rng = new Rng(c.seed());
        Tensor x = Tensor.randn(rng, DType.FLOAT64, c.xShape());
        Tensor w = Tensor.randn(rng, DType.FLOAT64, c.D(), c.M());
        Tensor b = Tensor.randn(rng, DType.FLOAT64, c.M());
        AffineResult r = k.call("forward", () -> op.forward(x, w, b));
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, r.out().shape());
        AffineGrads g = k.call("backward", () -> op.backward(dout, r.cache()));
        Rule rule = Rule.gradient(Tolerances.GRAD_MAX_REL);
        Hints plain = Hints.none().batch(c.xShape()[0]);
        String xAxes = c.xShape().length == 4 ? Checker.NCHW : c.xShape().length == 2 ? "(n, d)" : "(n, ...)";
        k.compare("dx", xAxes, g.dx(), numeric(k, t -> op.forward(t, w, b).out(), x, dout), rule, plain);
        k.compare("dw", "(d, m)", g.dw(), numeric(k, t -> op.forward(x, t, b).out(), w, dout), rule, plain);
        k.compare("db", "(m)", g.db(), numeric(k, t -> op.forward(x, w, t).out(), b, dout), rule, plain);
    }

    /**
     * One ReLU case (float64, inputs at least 0.01 away from 0; special values ignored): dx against centred
     * differences.
     *
     * @param op the op under test
     * @param c a float64 case ({@link Cases#reluGradient()})
     * @throws IllegalArgumentException when the case is not float64
     * @throws KitFailure when dx is off
     */
    public static void relu(ReluOp op, ReluCase c) {
        requireFloat64(c);
        Checker k = Checker.gradient(op, c);
        Rng rng = new Rng(c.seed());
        Tensor x = Inputs.awayFromZero(rng, 1e-2, c.xShape());
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, c.xShape());
        Tensor dx = k.call("backward", () -> op.backward(dout, op.forward(x).cache()));
        String axes = c.xShape().length == 4 ? Checker.NCHW : c.xShape().length == 2 ? "(n, d)" : "(i, ...)";
        k.compare("dx", axes, dx, numeric(k, t -> op.forward(t).out(), x, dout), Rule.gradient(Tolerances.GRAD_MAX_REL),
                Hints.relu(x));
    }

    /**
     * One layer of the net builder on {@code ops} (float64): dx and every parameter's gradient against centred
     * differences of {@code sum(layer.forward(x, mode) * dout)}. Max-pool layers get inputs at least 0.01 apart,
     * ReLU layers inputs at least 0.01 away from 0.
     *
     * @param ops the ops the layer runs on
     * @param c a float64 case ({@link Cases#layersGradient()})
     * @throws IllegalArgumentException when the case is not float64
     * @throws KitFailure when a gradient is off
     */
    public static void layer(Ops ops, LayerCase c) {
        requireFloat64(c);
        Net net = Layers.net(c, ops);
        NetLayer<?> layer = net.layers().get(c.index());
        Checker k = Checker.gradient(Layers.opOf(ops, layer.spec()), c);
        Rng rng = new Rng(c.seed() + 2);
        int[] shape = Layers.batchShape(c.N(), layer.inputShape());
        Tensor x = layer.spec() instanceof LayerSpec.Pool ? Inputs.distinct(rng, 1e-2, shape)
                : layer.spec() instanceof LayerSpec.Relu ? Inputs.awayFromZero(rng, 1e-2, shape)
                : Tensor.randn(rng, DType.FLOAT64, shape);
        NetLayer.Forward<?> f = k.call("forward", () -> layer.forward(x, c.mode()));
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, f.out().shape());
        NetLayer.Backward b = k.call("backward", () -> Layers.backward(layer, dout, f));
        Rule rule = Rule.gradient(Tolerances.GRAD_MAX_REL);
        String axes = x.rank() == 4 ? Checker.NCHW : "(n, d)";
        Hints plain = Hints.none().batch(c.N()).pad(layer.spec() instanceof LayerSpec.Conv conv ? conv.pad() : -1);
        k.compare("dx", axes, b.dx(), numeric(k, t -> layer.forward(t, c.mode()).out(), x, dout), rule, plain);
        for (String name : layer.paramNames()) {
            Tensor analytic = b.grads().get(name);
            if (analytic == null) {
                throw new org.opentest4j.AssertionFailedError("gradient check of " + layer.spec().text()
                        + ": backward gave no gradient for " + name + "\n  case:  " + c);
            }
            k.compare("d" + name, ReferenceCheck.axesOf(analytic), analytic,
                    numeric(k, t -> layer.forward(x, c.mode()).out(), net.params().get(name), dout), rule, plain);
        }
    }

    /**
     * One whole random net on {@code ops} (float64): every parameter's gradient of the loss against centred
     * differences with one Richardson step ({@link #extrapolatedGradient}).
     *
     * @param ops the ops the net runs on
     * @param c a float64 case ({@link Cases#netsGradient()})
     * @throws IllegalArgumentException when the case is not float64
     * @throws KitFailure when a gradient is off
     */
    public static void net(Ops ops, NetCase c) {
        requireFloat64(c);
        Checker k = Checker.gradient("net on " + Checker.name(ops), c);
        Rng r = new Rng(c.seed());
        Net net = Layers.net(c, ops, r);
        int[] in = c.net().inputDim();
        Tensor x = Tensor.randn(r, DType.FLOAT64, c.N(), in[0], in[1], in[2]);
        int[] y = r.randint(net.numClasses(), c.N());
        Map<String, Tensor> grads = k.call("loss", () -> net.loss(x, y)).grads();
        if (!net.params().keySet().equals(grads.keySet())) {
            throw new org.opentest4j.AssertionFailedError("gradient check: gradients " + grads.keySet() + " for parameters "
                    + net.params().keySet() + "\n  case:  " + c);
        }
        for (Map.Entry<String, Tensor> e : net.params().entrySet()) {
            Tensor num = extrapolatedGradient(t -> net.loss(x, y).loss(), e.getValue(), GradCheck.DEFAULT_H);
            k.compare("d" + e.getKey(), ReferenceCheck.axesOf(num), grads.get(e.getKey()), num,
                    Rule.gradient(Tolerances.GRAD_MAX_REL), Hints.none().batch(c.N()));
        }
    }

    // ---------------------------------------------------------------- any function

    /**
     * Asserts that {@code analytic} is the gradient of {@code sum(f(x) * dout)} at x: elementwise
     * {@code |a - n| <= GRAD_ABS_FLOOR} or {@code rel_error(a, n) <= maxRel}, n by centred differences. For
     * layers the grids do not cover (batch norm on its own, dropout, a loss, your own).
     *
     * @param what names the gradient in the failure, e.g. {@code "batchnorm dx"}
     * @param f the function of x (may read x through other objects: x is perturbed in place and restored)
     * @param x float64 point
     * @param dout float64 upstream gradient shaped like f's result
     * @param analytic the gradient to check, shaped like x
     * @param maxRel the rel_error bound, e.g. {@link Tolerances#GRAD_MAX_REL}
     * @throws IllegalArgumentException when x, dout or f's result is not float64
     * @throws KitFailure when an entry is off
     */
    public static void assertGradient(String what, UnaryOperator<Tensor> f, Tensor x, Tensor dout, Tensor analytic,
            double maxRel) {
        assertGradClose(what, analytic, GradCheck.numericalGradientArray(f, x, dout), maxRel);
    }

    /** {@link #assertGradient(String, UnaryOperator, Tensor, Tensor, Tensor, double)} with {@link Tolerances#GRAD_MAX_REL}. */
    public static void assertGradient(String what, UnaryOperator<Tensor> f, Tensor x, Tensor dout, Tensor analytic) {
        assertGradient(what, f, x, dout, analytic, Tolerances.GRAD_MAX_REL);
    }

    /**
     * Asserts elementwise {@code |a - n| <= GRAD_ABS_FLOOR} or {@code rel_error(a, n) <= maxRel} for a numeric
     * gradient computed elsewhere (e.g. {@link GradCheck#numericalGradient} of a loss).
     *
     * @param what names the gradient (and its case) in the failure
     * @param analytic the gradient to check
     * @param numeric the numerical gradient, shaped like analytic
     * @param maxRel the rel_error bound
     * @throws KitFailure when an entry is off or the shapes differ
     */
    public static void assertGradClose(String what, Tensor analytic, Tensor numeric, double maxRel) {
        Checker k = Checker.gradient("the gradient", what);
        k.compare(what, ReferenceCheck.axesOf(numeric), analytic, numeric, Rule.gradient(maxRel), Hints.none());
    }

    /**
     * The gradient of a scalar f at x by centred differences with one Richardson step,
     * {@code (4 D(h/2) - D(h)) / 3} with D the centred difference ({@link GradCheck#numericalGradient}): the
     * {@code h^2} term of D's error cancels, leaving O(h^4). Whole nets with batch norm have directions of high
     * curvature (a channel whose batch variance is small), where D(1e-5) alone is off by 1e-7 relative through
     * its h^2 term while the analytic gradient is right; the extrapolated value is not. Rounding noise stays
     * about {@code eps * |f| / h}, as for D.
     *
     * @param f the scalar function (may read x through other objects)
     * @param x float64 point, perturbed in place and restored
     * @param h the coarse step
     * @return the gradient, float64, shaped like x
     * @throws IllegalArgumentException when x is not float64 or h is not a finite positive number
     */
    public static Tensor extrapolatedGradient(ToDoubleFunction<Tensor> f, Tensor x, double h) {
        Tensor coarse = GradCheck.numericalGradient(f, x, h);
        Tensor fine = GradCheck.numericalGradient(f, x, h / 2);
        Tensor out = fine.zerosLike();
        for (int i = 0; i < out.size(); i++) out.setFlat(i, (4 * fine.getFlat(i) - coarse.getFlat(i)) / 3);
        return out;
    }

    private static Tensor numeric(Checker k, UnaryOperator<Tensor> f, Tensor x, Tensor dout) {
        return k.call("forward (numeric gradient)", () -> GradCheck.numericalGradientArray(f, x, dout));
    }

    private static void requireFloat64(KitCase c) {
        if (c.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("gradient check: the case must be float64 (centred differences drown in"
                    + " float32 rounding), got " + c);
        }
    }
}
