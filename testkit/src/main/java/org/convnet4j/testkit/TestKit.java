package org.convnet4j.testkit;

import java.util.function.Supplier;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.model.Ops;

/**
 * The entry point: your implementation, checked against convnet4j's naive twin and against numeric gradients
 * over the standard grids ({@link Cases}), as JUnit 5 dynamic tests. One short test class is enough:
 *
 * <pre>
 * class MyConvTest {
 *     &#64;TestFactory
 *     Stream&lt;DynamicNode&gt; myConv() {
 *         return TestKit.conv(MyConv::new).tests();    // one test per case, reference and gradient checks
 *     }
 * }
 * </pre>
 *
 * or extend {@link ConvOpContract} (and its siblings), or call {@link OpTests#assertAll()} from a plain test.
 * A failure is a {@link KitFailure}; its message is the {@link Report}.
 */
public final class TestKit {
    private TestKit() {}

    /**
     * A convolution: against {@link Conv2d} on {@link Cases#conv()}, gradients on {@link Cases#convGradient()}.
     *
     * @param op makes the implementation under test (called once per case)
     * @return the tests, to narrow or hand to JUnit
     */
    public static OpTests<ConvOp, ConvCase> conv(Supplier<? extends ConvOp> op) {
        return new OpTests<>("conv", op, Conv2d::new, Cases.conv(), Cases.convGradient(), ReferenceCheck::conv,
                GradientCheck::conv);
    }

    /**
     * A max pool: against {@link MaxPool2d} on {@link Cases#pool()}, gradients on {@link Cases#poolGradient()}.
     *
     * @param op makes the implementation under test (called once per case)
     * @return the tests
     */
    public static OpTests<PoolOp, PoolCase> pool(Supplier<? extends PoolOp> op) {
        return new OpTests<>("max pool", op, MaxPool2d::new, Cases.pool(), Cases.poolGradient(), ReferenceCheck::pool,
                GradientCheck::pool);
    }

    /**
     * An affine layer: against {@link Affine} on {@link Cases#affine()}, gradients on {@link Cases#affineGradient()}.
     *
     * @param op makes the implementation under test (called once per case)
     * @return the tests
     */
    public static OpTests<AffineOp, AffineCase> affine(Supplier<? extends AffineOp> op) {
        return new OpTests<>("affine", op, Affine::new, Cases.affine(), Cases.affineGradient(), ReferenceCheck::affine,
                GradientCheck::affine);
    }

    /**
     * A ReLU: against {@link Relu} on {@link Cases#relu()}, gradients on {@link Cases#reluGradient()}.
     *
     * @param op makes the implementation under test (called once per case)
     * @return the tests
     */
    public static OpTests<ReluOp, ReluCase> relu(Supplier<? extends ReluOp> op) {
        return new OpTests<>("relu", op, Relu::new, Cases.relu(), Cases.reluGradient(), ReferenceCheck::relu,
                GradientCheck::relu);
    }

    /**
     * Every layer type of the net builder, built on your ops: against the same layers on {@link Ops#naive()} on
     * {@link Cases#layers()}, gradients on {@link Cases#layersGradient()}.
     *
     * @param ops makes the ops under test, e.g. {@code () -> new Ops(new MyConv(), new MaxPool2d(), new Affine())}
     * @return the tests
     */
    public static OpTests<Ops, LayerCase> layers(Supplier<Ops> ops) {
        return new OpTests<>("layer", ops, Ops::naive, Cases.layers(), Cases.layersGradient(), ReferenceCheck::layer,
                GradientCheck::layer);
    }

    /**
     * Whole random nets on your ops: against the same nets on {@link Ops#naive()} on {@link Cases#nets()},
     * gradients of the loss on {@link Cases#netsGradient()}.
     *
     * @param ops makes the ops under test
     * @return the tests
     */
    public static OpTests<Ops, NetCase> nets(Supplier<Ops> ops) {
        return new OpTests<>("net", ops, Ops::naive, Cases.nets(), Cases.netsGradient(), ReferenceCheck::net,
                GradientCheck::net);
    }
}
