package org.convnet4j.testkit;

import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvOp;

/**
 * Extend this to check a {@link ConvOp} of yours: implement {@link #op()}, and JUnit runs one test per case of
 * the reference grid (against {@link Conv2d}) and of the gradient grid (against centred differences).
 *
 * <pre>
 * class MyConvTest extends ConvOpContract {
 *     &#64;Override
 *     protected ConvOp op() {
 *         return new MyConv();
 *     }
 * }
 * </pre>
 */
public abstract class ConvOpContract extends OpContract<ConvOp, ConvCase> {
    /** A fresh instance of the implementation under test (called once per case). */
    protected abstract ConvOp op();

    /** The kit's tests of {@link #op()}; override to narrow the grids or add an {@link Around}. */
    @Override
    protected OpTests<ConvOp, ConvCase> kit() {
        return TestKit.conv(this::op);
    }
}
