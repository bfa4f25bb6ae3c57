package org.convnet4j.testkit;

import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolOp;

/**
 * Extend this to check a {@link PoolOp} of yours: implement {@link #op()}, and JUnit runs one test per case of
 * the reference grid (against {@link MaxPool2d}) and of the gradient grid (against centred differences).
 *
 * <pre>
 * class MyPoolTest extends PoolOpContract {
 *     &#64;Override
 *     protected PoolOp op() {
 *         return new MyPool();
 *     }
 * }
 * </pre>
 */
public abstract class PoolOpContract extends OpContract<PoolOp, PoolCase> {
    /** A fresh instance of the implementation under test (called once per case). */
    protected abstract PoolOp op();

    /** The kit's tests of {@link #op()}; override to narrow the grids or add an {@link Around}. */
    @Override
    protected OpTests<PoolOp, PoolCase> kit() {
        return TestKit.pool(this::op);
    }
}
