package org.convnet4j.testkit;

import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluOp;

/**
 * Extend this to check a {@link ReluOp} of yours: implement {@link #op()}, and JUnit runs one test per case of
 * the reference grid (against {@link Relu}) and of the gradient grid (against centred differences).
 *
 * <pre>
 * class MyReluTest extends ReluOpContract {
 *     &#64;Override
 *     protected ReluOp op() {
 *         return new MyRelu();
 *     }
 * }
 * </pre>
 */
public abstract class ReluOpContract extends OpContract<ReluOp, ReluCase> {
    /** A fresh instance of the implementation under test (called once per case). */
    protected abstract ReluOp op();

    /** The kit's tests of {@link #op()}; override to narrow the grids or add an {@link Around}. */
    @Override
    protected OpTests<ReluOp, ReluCase> kit() {
        return TestKit.relu(this::op);
    }
}
