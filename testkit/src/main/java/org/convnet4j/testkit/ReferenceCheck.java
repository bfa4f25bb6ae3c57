package org.convnet4j.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvPoolResult;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluResult;
import org.convnet4j.model.LayerSpec;
import org.convnet4j.model.Model;
import org.convnet4j.model.Net;
import org.convnet4j.model.NetLayer;
import org.convnet4j.model.Ops;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * The reference check (EJML's {@code CheckMultiThreadAgainstSingleThread} idea): an implementation runs beside
 * a reference on identical copies of the same inputs, and must give (a) the reference's forward output, (b)
 * every gradient of its backward, (c) leave every input as it was, (d) give bit for bit the same results when
 * called a second time. The reference is normally convnet4j's naive twin ({@code Conv2d}, {@code MaxPool2d},
 * {@code Affine}, {@code Relu}, {@link Ops#naive()}); the bounds are {@link Tolerances}'.
 *
 * <p>Each method runs one case and returns normally, or throws {@link KitFailure} (an {@code
 * AssertionFailedError}) whose {@link Report} names the case, the output, the worst element and, where the
 * pattern is clear, the likely mistake. An exception from the implementation under test fails the check
 * with the call and the case named.
 */
public final class ReferenceCheck {
    private ReferenceCheck() {}

    /**
     * One convolution case: x, w, b from {@code randn} (NaN and infinities planted as the case says), then
     * dout; out, dx, dw and db compared.
     *
     * @param reference the op trusted to be right (e.g. {@code new Conv2d()})
     * @param candidate the op under test
     * @param c the case
     * @throws KitFailure when the candidate disagrees, writes its inputs or is not repeatable
     */
    public static void conv(ConvOp reference, ConvOp candidate, ConvCase c) {
        Checker k = Checker.reference(candidate, reference, c);
        Rng rng = new Rng(c.seed());
        Tensor x = Tensor.randn(rng, c.dtype(), c.xShape());
        Tensor w = Tensor.randn(rng, c.dtype(), c.wShape());
        Tensor b = Tensor.randn(rng, c.dtype(), c.wShape()[0]);
        if (c.special().in(Special.X)) Inputs.plant(x, (int) (c.seed() % 5), 7);
        // every filter's tap (0, 0) (on the padding at the top-left outputs when pad > 0), and a few more
        int taps = c.wShape()[1] * c.wShape()[2] * c.wShape()[3];
        if (c.special().in(Special.W)) Inputs.plant(w, 0, Math.max(1, taps - 1));
        Rule rule = Rule.of(c.dtype());
        ConvResult rn = reference.forward(x.copy(), w.copy(), b.copy(), c.param());
        Tensor xf = x.copy(), wf = w.copy(), bf = b.copy();
        ConvResult rf = k.call("forward", () -> candidate.forward(xf, wf, bf, c.param()));
        Hints plain = Hints.none().pad(c.param().pad()).batch(c.xShape()[0]);
        k.referenceFinite("out", Checker.NCHW, rn.out());
        k.compare("out", Checker.NCHW, rf.out(), rn.out(), rule, plain);
        Tensor dout = Tensor.randn(rng, c.dtype(), rn.out().shape());
        if (c.special().in(Special.DOUT)) Inputs.plant(dout, 0, 5);
        Tensor doutF = dout.copy();
        ConvGrads gn = reference.backward(dout.copy(), rn.cache());
        ConvGrads gf = k.call("backward", () -> candidate.backward(doutF, rf.cache()));
        k.referenceFinite("dx", Checker.NCHW, gn.dx());
        k.compare("dx", Checker.NCHW, gf.dx(), gn.dx(), rule, Hints.convDx(x, w, dout, c.param()));
        k.compare("dw", "(f, c, i, j)", gf.dw(), gn.dw(), rule, plain);
        k.compare("db", "(f)", gf.db(), gn.db(), rule, plain);
        // a net's conv-relu pair: the ReLU of the reference's out, and the bits of the candidate's own forward then ReLU
        Tensor reluOut = k.call("forwardRelu", () -> candidate.forwardRelu(xf, wf, bf, c.param())).out();
        k.compare("relu(out)", Checker.NCHW, reluOut, relu(rn.out()), rule, plain);
        k.identical("relu(out)", Checker.NCHW, reluOut, relu(rf.out()), "its forward then a ReLU");
        // a net's first layer asks for no dx: dw and db must be the full backward's bits
        ConvGrads gw = k.call("backward without dx", () -> candidate.backward(doutF, rf.cache(), false));
        k.absent("dx of backward(dout, cache, false)", gw.dx());
        k.identical("dw", "(f, c, i, j)", gw.dw(), gf.dw(), "the backward with dx");
        k.identical("db", "(f)", gw.db(), gf.db(), "the backward with dx");
        k.unchanged("x", Checker.NCHW, x, xf);
        k.unchanged("w", "(f, c, i, j)", w, wf);
        k.unchanged("b", "(f)", b, bf);
        k.unchanged("dout", Checker.NCHW, dout, doutF);
        ConvResult rf2 = k.call("second forward", () -> candidate.forward(xf, wf, bf, c.param()));
        ConvGrads gf2 = k.call("second backward", () -> candidate.backward(doutF, rf2.cache()));
        k.distinct("out", rf.out(), rf2.out());
        k.distinct("dx", gf.dx(), gf2.dx());
        k.distinct("dw", gf.dw(), gf2.dw());
        k.distinct("db", gf.db(), gf2.db());
        k.same("out", Checker.NCHW, rf.out(), rf2.out());
        k.same("dx", Checker.NCHW, gf.dx(), gf2.dx());
        k.same("dw", "(f, c, i, j)", gf.dw(), gf2.dw());
        k.same("db", "(f)", gf.db(), gf2.db());
    }

    /**
     * One max-pool case: out must equal the reference's bit for bit (a maximum is a copy of an input), dx to
     * the dtype's bound, also when backward is handed the reference's cache (x and param, no winners: a
     * cache built by hand must work, see {@link org.convnet4j.layers.PoolCache}); backward written into a given
     * dx ({@link PoolOp#backward(Tensor, org.convnet4j.layers.PoolCache, Tensor)}, filled with NaN first) must
     * return it holding the bits of the candidate's backward with a new dx.
     *
     * @param reference the op trusted to be right (e.g. {@code new MaxPool2d()})
     * @param candidate the op under test
     * @param c the case
     * @throws KitFailure when the candidate disagrees, writes its inputs or is not repeatable
     */
    public static void pool(PoolOp reference, PoolOp candidate, PoolCase c) {
        Checker k = Checker.reference(candidate, reference, c);
        Rng rng = new Rng(c.seed());
        Tensor x = c.ties() ? Inputs.ties(rng, c.dtype(), c.xShape()) : Tensor.randn(rng, c.dtype(), c.xShape());
        if (c.special().in(Special.X)) Inputs.plantWindows(x, c.param().height(), c.param().width(), c.param().stride());
        PoolResult rn = reference.forward(x.copy(), c.param());
        Tensor xf = x.copy();
        PoolResult rf = k.call("forward", () -> candidate.forward(xf, c.param()));
        k.compare("out", Checker.NCHW, rf.out(), rn.out(), Rule.exact(), Hints.none().batch(c.xShape()[0]));
        Tensor dout = Tensor.randn(rng, c.dtype(), rn.out().shape());
        if (c.special().in(Special.DOUT)) Inputs.plant(dout, 1, 4);
        Tensor doutF = dout.copy();
        Tensor dxn = reference.backward(dout.copy(), rn.cache());
        Tensor dxf = k.call("backward", () -> candidate.backward(doutF, rf.cache()));
        Rule rule = Rule.of(c.dtype());
        Hints dxHints = Hints.poolDx(x, dout, c.param());
        k.compare("dx", Checker.NCHW, dxf, dxn, rule, dxHints);
        k.unchanged("x", Checker.NCHW, x, xf);
        k.unchanged("dout", Checker.NCHW, dout, doutF);
        Tensor fromReferenceCache = k.call("backward with the reference's cache", () -> candidate.backward(doutF, rn.cache()));
        k.compare("dx from the reference's cache", Checker.NCHW, fromReferenceCache, dxn, rule, dxHints);
        PoolResult rf2 = k.call("second forward", () -> candidate.forward(xf, c.param()));
        k.distinct("out", rf.out(), rf2.out());
        k.same("out", Checker.NCHW, rf.out(), rf2.out());
        if (!rf.cache().strategy().equals(rf2.cache().strategy())) {
            throw new org.opentest4j.AssertionFailedError("reference check of " + Checker.name(candidate)
                    + ": two forwards on the same input took different paths (" + rf.cache().strategy() + ", "
                    + rf2.cache().strategy() + ")\n  case:  " + c);
        }
        Tensor dxf2 = k.call("second backward", () -> candidate.backward(doutF, rf2.cache()));
        k.distinct("dx", dxf, dxf2);
        k.same("dx", Checker.NCHW, dxf, dxf2);
        Tensor given = stale(x);
        k.returnsGiven("backward into a dx", k.call("backward into a dx", () -> candidate.backward(doutF, rf.cache(), given)),
                given);
        k.identical("dx written into a given dx", Checker.NCHW, given, dxf, "its backward with a new dx");
        poolAfterRelu(reference, candidate, c, x, dout);
    }

    /** A dx to write into whose old contents (NaN) must all be overwritten. */
    private static Tensor stale(Tensor like) {
        Tensor t = like.zerosLike();
        t.fill(Double.NaN);
        return t;
    }

    /**
     * A net's relu-pool pair ({@link PoolOp#backwardRelu}): the pool runs on {@code relu(pre)}, and the fused
     * backward must agree with the reference's pool backward followed by the ReLU backward with the ReLU's own
     * input, and give the bits of the candidate's own backward followed by the ReLU's, from its cache and from
     * the reference's.
     */
    private static void poolAfterRelu(PoolOp reference, PoolOp candidate, PoolCase c, Tensor pre, Tensor dout) {
        Checker k = Checker.reference(candidate, reference, c);
        Tensor x = relu(pre), xf = x.copy(), doutF = dout.copy();
        PoolResult rn = reference.forward(x.copy(), c.param());
        PoolResult rf = k.call("forward of a ReLU's output", () -> candidate.forward(xf, c.param()));
        Tensor expected = new Relu().backward(reference.backward(dout.copy(), rn.cache()), new ReluCache(pre.copy()));
        Tensor fused = k.call("backwardRelu", () -> candidate.backwardRelu(doutF, rf.cache()));
        k.compare("dx through the ReLU", Checker.NCHW, fused, expected, Rule.of(c.dtype()), Hints.poolDx(x, dout, c.param()));
        Tensor layered = new Relu().backward(k.call("backward", () -> candidate.backward(doutF, rf.cache())), new ReluCache(xf));
        k.identical("dx through the ReLU", Checker.NCHW, fused, layered, "its backward then the ReLU's");
        k.identical("dx through the ReLU from the reference's cache", Checker.NCHW,
                k.call("backwardRelu with the reference's cache", () -> candidate.backwardRelu(doutF, rn.cache())), fused,
                "its backwardRelu with its own cache");
        Tensor given = stale(x);
        k.returnsGiven("backwardRelu into a dx",
                k.call("backwardRelu into a dx", () -> candidate.backwardRelu(doutF, rf.cache(), given)), given);
        k.identical("dx through the ReLU written into a given dx", Checker.NCHW, given, fused, "its backwardRelu with a new dx");
        k.unchanged("relu(x)", Checker.NCHW, x, xf);
        k.unchanged("dout", Checker.NCHW, dout, doutF);
    }

    /**
     * One conv-relu-pool case ({@link ConvOp#forwardReluPool}, {@link ConvOp#backwardReluPool}), which a fast op
     * may fuse: the pooled output, dx, dw and db against the reference ops one layer after the other, within the
     * dtype's bound; bit for bit against the candidate's own ops one layer after the other (a fused path must not
     * change a result); backward with and without dx; inputs unchanged; a second call bit-identical.
     *
     * @param reference the conv trusted to be right (e.g. {@code new Conv2d()})
     * @param referencePool the max pool trusted to be right (e.g. {@code new MaxPool2d()})
     * @param candidate the conv under test
     * @param candidatePool the max pool the candidate is paired with
     * @param c the case
     * @throws KitFailure when the candidate disagrees, writes its inputs or is not repeatable
     */
    public static void convReluPool(ConvOp reference, PoolOp referencePool, ConvOp candidate, PoolOp candidatePool,
            ConvPoolCase c) {
        Checker k = Checker.reference(candidate, reference, c);
        Rng rng = new Rng(c.seed());
        Tensor x = Tensor.randn(rng, c.dtype(), c.xShape());
        Tensor w = Tensor.randn(rng, c.dtype(), c.wShape());
        Tensor b = Tensor.randn(rng, c.dtype(), c.wShape()[0]);
        if (c.special().in(Special.X)) Inputs.plant(x, (int) (c.seed() % 5), 7);
        if (c.special().in(Special.W)) Inputs.plant(w, 0, Math.max(1, c.wShape()[1] * c.wShape()[2] * c.wShape()[3] - 1));
        Rule rule = Rule.of(c.dtype());
        Hints plain = Hints.none().pad(c.conv().pad()).batch(c.xShape()[0]);
        ConvPoolResult rn = reference.forwardReluPool(x.copy(), w.copy(), b.copy(), c.conv(), referencePool, c.pool());
        Tensor xf = x.copy(), wf = w.copy(), bf = b.copy();
        ConvPoolResult rf = k.call("forwardReluPool",
                () -> candidate.forwardReluPool(xf, wf, bf, c.conv(), candidatePool, c.pool()));
        k.compare("pooled out", Checker.NCHW, rf.out(), rn.out(), rule, plain);
        ConvResult layered = k.call("forwardRelu", () -> candidate.forwardRelu(xf, wf, bf, c.conv()));
        PoolResult layeredPool = k.call("pool forward", () -> candidatePool.forward(layered.out(), c.pool()));
        k.identical("pooled out", Checker.NCHW, rf.out(), layeredPool.out(), "its layers one after the other");
        Tensor dout = Tensor.randn(rng, c.dtype(), rn.out().shape());
        if (c.special().in(Special.DOUT)) Inputs.plant(dout, 0, 5);
        Tensor doutF = dout.copy();
        for (boolean needDx : new boolean[] {true, false}) {
            String with = needDx ? "" : " without dx";
            ConvGrads gn = reference.backwardReluPool(dout.copy(), rn.cache(), referencePool, needDx);
            ConvGrads gf = k.call("backwardReluPool" + with,
                    () -> candidate.backwardReluPool(doutF, rf.cache(), candidatePool, needDx));
            ConvGrads gl = k.call("its layers' backward" + with, () -> candidate.backward(
                    candidatePool.backwardRelu(doutF, layeredPool.cache()), layered.cache(), needDx));
            if (needDx) {
                k.compare("dx", Checker.NCHW, gf.dx(), gn.dx(), rule, plain);
                k.identical("dx", Checker.NCHW, gf.dx(), gl.dx(), "its layers one after the other");
            } else {
                k.absent("dx of backwardReluPool(..., false)", gf.dx());
            }
            k.compare("dw" + with, "(f, c, i, j)", gf.dw(), gn.dw(), rule, plain);
            k.compare("db" + with, "(f)", gf.db(), gn.db(), rule, plain);
            k.identical("dw" + with, "(f, c, i, j)", gf.dw(), gl.dw(), "its layers one after the other");
            k.identical("db" + with, "(f)", gf.db(), gl.db(), "its layers one after the other");
        }
        k.unchanged("x", Checker.NCHW, x, xf);
        k.unchanged("w", "(f, c, i, j)", w, wf);
        k.unchanged("b", "(f)", b, bf);
        k.unchanged("dout", Checker.NCHW, dout, doutF);
        ConvPoolResult rf2 = k.call("second forwardReluPool",
                () -> candidate.forwardReluPool(xf, wf, bf, c.conv(), candidatePool, c.pool()));
        k.distinct("pooled out", rf.out(), rf2.out());
        k.same("pooled out", Checker.NCHW, rf.out(), rf2.out());
        k.same("dw", "(f, c, i, j)",
                k.call("backwardReluPool", () -> candidate.backwardReluPool(doutF, rf.cache(), candidatePool, true)).dw(),
                k.call("second backwardReluPool", () -> candidate.backwardReluPool(doutF, rf2.cache(), candidatePool, true)).dw());
    }

    /**
     * One affine case: x, w, b from {@code randn} (non-finite values planted sparsely as the case says), then
     * dout; out, dx, dw and db compared.
     *
     * @param reference the op trusted to be right (e.g. {@code new Affine()})
     * @param candidate the op under test
     * @param c the case
     * @throws KitFailure when the candidate disagrees, writes its inputs or is not repeatable
     */
    public static void affine(AffineOp reference, AffineOp candidate, AffineCase c) {
        Checker k = Checker.reference(candidate, reference, c);
        Rng rng = new Rng(c.seed());
        Tensor x = Tensor.randn(rng, c.dtype(), c.xShape());
        Tensor w = Tensor.randn(rng, c.dtype(), c.D(), c.M());
        Tensor b = Tensor.randn(rng, c.dtype(), c.M());
        // sparse, so that most outputs stay finite and the tolerance check keeps meaning something
        if (c.special().in(Special.X)) Inputs.plant(x, 1, Math.max(1, x.size() / 3 + 1));
        if (c.special().in(Special.W)) Inputs.plant(w, 2, Math.max(1, w.size() / 3 + 1));
        Rule rule = Rule.of(c.dtype());
        Hints plain = Hints.none().batch(c.xShape()[0]);
        String xAxes = c.xShape().length == 4 ? Checker.NCHW : c.xShape().length == 2 ? "(n, d)" : "(n, ...)";
        AffineResult rn = reference.forward(x.copy(), w.copy(), b.copy());
        Tensor xf = x.copy(), wf = w.copy(), bf = b.copy();
        AffineResult rf = k.call("forward", () -> candidate.forward(xf, wf, bf));
        k.referenceFinite("out", "(n, m)", rn.out());
        k.compare("out", "(n, m)", rf.out(), rn.out(), rule, plain);
        Tensor dout = Tensor.randn(rng, c.dtype(), rn.out().shape());
        if (c.special().in(Special.DOUT)) Inputs.plant(dout, 0, Math.max(1, dout.size() / 3 + 1));
        Tensor doutF = dout.copy();
        AffineGrads gn = reference.backward(dout.copy(), rn.cache());
        AffineGrads gf = k.call("backward", () -> candidate.backward(doutF, rf.cache()));
        k.compare("dx", xAxes, gf.dx(), gn.dx(), rule, plain);
        k.compare("dw", "(d, m)", gf.dw(), gn.dw(), rule, plain);
        k.compare("db", "(m)", gf.db(), gn.db(), rule, plain);
        // a net's first layer asks for no dx: dw and db must be the full backward's bits
        AffineGrads gw = k.call("backward without dx", () -> candidate.backward(doutF, rf.cache(), false));
        k.absent("dx of backward(dout, cache, false)", gw.dx());
        k.identical("dw", "(d, m)", gw.dw(), gf.dw(), "the backward with dx");
        k.identical("db", "(m)", gw.db(), gf.db(), "the backward with dx");
        k.unchanged("x", xAxes, x, xf);
        k.unchanged("w", "(d, m)", w, wf);
        k.unchanged("b", "(m)", b, bf);
        k.unchanged("dout", "(n, m)", dout, doutF);
        AffineResult rf2 = k.call("second forward", () -> candidate.forward(xf, wf, bf));
        AffineGrads gf2 = k.call("second backward", () -> candidate.backward(doutF, rf2.cache()));
        k.distinct("out", rf.out(), rf2.out());
        k.distinct("dx", gf.dx(), gf2.dx());
        k.distinct("dw", gf.dw(), gf2.dw());
        k.distinct("db", gf.db(), gf2.db());
        k.same("out", "(n, m)", rf.out(), rf2.out());
        k.same("dx", xAxes, gf.dx(), gf2.dx());
        k.same("dw", "(d, m)", gf.dw(), gf2.dw());
        k.same("db", "(m)", gf.db(), gf2.db());
    }

    /**
     * One ReLU case: a ReLU only selects values, so out and dx must equal the reference's bit for bit (0, -0,
     * NaN and infinities included).
     *
     * @param reference the op trusted to be right (e.g. {@code new Relu()})
     * @param candidate the op under test
     * @param c the case
     * @throws KitFailure when the candidate disagrees, writes its inputs or is not repeatable
     */
    public static void relu(ReluOp reference, ReluOp candidate, ReluCase c) {
        Checker k = Checker.reference(candidate, reference, c);
        Rng rng = new Rng(c.seed());
        Tensor x = Tensor.randn(rng, c.dtype(), c.xShape());
        Tensor dout = Tensor.randn(rng, c.dtype(), c.xShape());
        if (c.specials()) {
            double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < x.size(); i += 2) {
                x.setFlat(i, special[(i / 2) % special.length]);
                dout.setFlat(x.size() - 1 - i, special[(i / 2 + 1) % special.length]);
            }
        }
        String axes = c.xShape().length == 4 ? Checker.NCHW : c.xShape().length == 2 ? "(n, d)" : "(i, ...)";
        Hints hints = Hints.relu(x);
        ReluResult rn = reference.forward(x.copy());
        Tensor xf = x.copy();
        ReluResult rf = k.call("forward", () -> candidate.forward(xf));
        k.compare("out", axes, rf.out(), rn.out(), Rule.exact(), hints);
        Tensor doutF = dout.copy();
        Tensor dxn = reference.backward(dout.copy(), rn.cache());
        Tensor dxf = k.call("backward", () -> candidate.backward(doutF, rf.cache()));
        k.compare("dx", axes, dxf, dxn, Rule.exact(), hints);
        k.unchanged("x", axes, x, xf);
        k.unchanged("dout", axes, dout, doutF);
        Tensor out2 = k.call("second forward", () -> candidate.forward(xf)).out();
        Tensor dxf2 = k.call("second backward", () -> candidate.backward(doutF, rf.cache()));
        k.distinct("out", rf.out(), out2);
        k.distinct("dx", dxf, dxf2);
        k.same("out", axes, rf.out(), out2);
        k.same("dx", axes, dxf, dxf2);
    }

    /**
     * One layer of the net builder: the same net (same draws) on the reference ops and on the candidate ops,
     * and the case's layer forward and backward on both: out, dx, every parameter's gradient, the running
     * statistics; inputs and parameters unchanged; a second call bit-identical. A max-pool layer's output and a
     * ReLU layer's output and dx must match bit for bit.
     *
     * @param reference the ops trusted to be right (e.g. {@link Ops#naive()})
     * @param candidate the ops under test
     * @param c the case
     * @throws KitFailure when the candidate disagrees, writes its inputs or is not repeatable
     */
    public static void layer(Ops reference, Ops candidate, LayerCase c) {
        Net netR = Layers.net(c, reference), netC = Layers.net(c, candidate);
        NetLayer<?> layerR = netR.layers().get(c.index()), layerC = netC.layers().get(c.index());
        Checker k = Checker.reference(Layers.opOf(candidate, layerC.spec()), Layers.opOf(reference, layerR.spec()), c);
        Rng rng = new Rng(c.seed() + 2);
        Tensor x = Tensor.randn(rng, c.dtype(), Layers.batchShape(c.N(), layerR.inputShape()));
        if (c.special().in(Special.X)) Inputs.plant(x, 1, 5);
        // a max pool's output and everything a ReLU computes are selected values: bit for bit, as for the ops
        boolean relu = layerR.spec() instanceof LayerSpec.Relu;
        Rule rule = relu || layerR.spec() instanceof LayerSpec.Pool ? Rule.exact() : Rule.of(c.dtype());
        Rule gradRule = relu ? Rule.exact() : Rule.of(c.dtype());
        String axes = x.rank() == 4 ? Checker.NCHW : "(n, d)";
        String outAxes = layerR.outputShape().length == 3 ? Checker.NCHW : "(n, d)";
        Map<String, Tensor> paramsBefore = copies(netC.params());
        NetLayer.Forward<?> fr = layerR.forward(x.copy(), c.mode());
        Tensor xf = x.copy();
        NetLayer.Forward<?> fc = k.call("forward", () -> layerC.forward(xf, c.mode()));
        Hints plain = Hints.none().batch(c.N()).pad(layerR.spec() instanceof LayerSpec.Conv conv ? conv.pad() : -1);
        k.compare("out", outAxes, fc.out(), fr.out(), rule, plain);
        Tensor dout = Tensor.randn(rng, c.dtype(), fr.out().shape());
        Tensor doutF = dout.copy();
        NetLayer.Backward br = Layers.backward(layerR, dout.copy(), fr);
        NetLayer.Backward bc = k.call("backward", () -> Layers.backward(layerC, doutF, fc));
        k.compare("dx", axes, bc.dx(), br.dx(), gradRule, plain);
        for (String name : layerR.paramNames()) {
            k.compare("d" + name, "(" + name + " index)", bc.grads().get(name), br.grads().get(name), gradRule, plain);
        }
        for (String name : netR.state().keySet()) {
            k.compare(name, "(i)", netC.state().get(name), netR.state().get(name), Rule.of(c.dtype()), plain);
        }
        k.unchanged("x", axes, x, xf);
        k.unchanged("dout", outAxes, dout, doutF);
        for (String name : paramsBefore.keySet()) k.unchanged(name, "(" + name + " index)", paramsBefore.get(name), netC.params().get(name));
        // copies of the first call's results: a layer that hands out a buffer it reuses would otherwise be compared
        // with itself below
        Tensor out1 = fc.out().copy(), dx1 = bc.dx().copy();
        Map<String, Tensor> grads1 = copies(bc.grads());
        NetLayer.Forward<?> fc2 = k.call("second forward", () -> layerC.forward(xf, c.mode()));
        NetLayer.Backward bc2 = k.call("second backward", () -> Layers.backward(layerC, doutF, fc2));
        k.same("out", outAxes, out1, fc2.out());
        k.same("dx", axes, dx1, bc2.dx());
        for (String name : layerC.paramNames()) k.same("d" + name, "(" + name + " index)", grads1.get(name), bc2.grads().get(name));
    }

    /**
     * One whole net: the same random net (same draws) on the reference ops and on the candidate ops: the loss
     * and every gradient in train mode (dropout masks fixed, batch-norm shifts moved off zero), the scores in
     * test mode, the running statistics; the input and the parameters unchanged; a second pass bit-identical.
     *
     * <p>Parameter gradients are judged on their layer's scale: {@code db_i} (and {@code dbeta_i}) is a sum
     * over the batch whose terms cancel, exactly so when a batch norm follows (it removes any shift, so the
     * true gradient is 0), and then both paths return rounding residue of different sizes. So an entry passes
     * if its rel_error is within the dtype's bound, or if {@code |a - b| <= bound * S} with S the largest
     * reference gradient entry of the layer's pair ({@code W_i, b_i} or {@code gamma_i, beta_i}): the
     * scale-aware float32 criterion, taken over the layer rather than the one tensor.
     *
     * @param reference the ops trusted to be right (e.g. {@link Ops#naive()})
     * @param candidate the ops under test
     * @param c the case
     * @throws KitFailure when the candidate disagrees, writes its inputs or is not repeatable
     */
    public static void net(Ops reference, Ops candidate, NetCase c) {
        Checker k = Checker.reference("net on " + Checker.name(candidate), Checker.name(reference), c);
        Net netR = Layers.net(c, reference), netC = Layers.net(c, candidate);
        int[] in = c.net().inputDim();
        Rng rng = new Rng(c.seed() + 7);
        Tensor x = Tensor.randn(rng, c.dtype(), c.N(), in[0], in[1], in[2]);
        int[] y = rng.randint(netR.numClasses(), c.N());
        Tensor xf = x.copy();
        Model.LossAndGrads ln = netR.loss(x.copy(), y);
        Model.LossAndGrads lf = k.call("loss", () -> netC.loss(xf, y));
        k.compare("loss", "(0)", scalar(lf.loss()), scalar(ln.loss()),
                new Rule(Rule.Kind.REL_ERROR, c.dtype() == DType.FLOAT64 ? Tolerances.F64_REL_ERROR : Tolerances.F32_REL_TO_MAX, 0, 0),
                Hints.none());
        if (!ln.grads().keySet().equals(lf.grads().keySet())) {
            throw new org.opentest4j.AssertionFailedError("reference check of " + Checker.name(candidate)
                    + ": gradient names " + lf.grads().keySet() + ", the reference's " + ln.grads().keySet() + "\n  case:  " + c);
        }
        for (String name : ln.grads().keySet()) {
            k.compare("d" + name, axesOf(ln.grads().get(name)), lf.grads().get(name), ln.grads().get(name),
                    Rule.onScale(c.dtype(), layerScale(ln.grads(), name)), Hints.none().batch(c.N()));
        }
        // the train pass updated both nets' running statistics alike; test mode uses them
        k.compare("scores", "(n, k)", k.call("scores", () -> netC.scores(xf)), netR.scores(x.copy()), Rule.of(c.dtype()),
                Hints.none().batch(c.N()));
        for (String name : netR.state().keySet()) {
            k.compare(name, "(i)", netC.state().get(name), netR.state().get(name), Rule.of(c.dtype()), Hints.none());
        }
        k.unchanged("x", Checker.NCHW, x, xf);
        for (String name : netR.params().keySet()) {
            k.unchanged(name, axesOf(netR.params().get(name)), netR.params().get(name), netC.params().get(name));
        }
        Model.LossAndGrads again = k.call("second loss", () -> netC.loss(xf, y));
        k.same("loss", "(0)", scalar(lf.loss()), scalar(again.loss()));
        for (String name : lf.grads().keySet()) {
            k.same("d" + name, axesOf(lf.grads().get(name)), lf.grads().get(name), again.grads().get(name));
        }
        k.same("scores", "(n, k)", netC.scores(xf), netC.scores(xf));
    }

    private static Tensor relu(Tensor t) {
        return new Relu().forward(t).out();
    }

    static String axesOf(Tensor t) {
        return switch (t.rank()) {
            case 4 -> "(f, c, i, j)";
            case 2 -> "(d, m)";
            case 1 -> "(i)";
            default -> "(index)";
        };
    }

    /** A loss as a one-element float64 tensor (it is a double whatever the net's dtype). */
    private static Tensor scalar(double v) {
        Tensor s = Tensor.zeros(DType.FLOAT64, 1);
        s.setFlat(0, v);
        return s;
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : m.entrySet()) out.put(e.getKey(), e.getValue().copy());
        return out;
    }

    /** The largest |entry| of the gradients of name's pair: W_i and b_i, or gamma_i and beta_i. */
    private static double layerScale(Map<String, Tensor> grads, String name) {
        String i = name.replaceAll("^[a-zA-Z]+", "");
        List<String> pair = name.startsWith("W") || name.startsWith("b") && !name.startsWith("beta")
                ? List.of("W" + i, "b" + i) : List.of("gamma" + i, "beta" + i);
        double s = 0;
        for (String p : pair) {
            Tensor t = grads.get(p);
            for (int k = 0; k < t.size(); k++) s = Math.max(s, Math.abs(t.getFlat(k)));
        }
        return s;
    }
}
