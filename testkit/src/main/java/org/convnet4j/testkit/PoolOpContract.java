package org.convnet4j.testkit;

import java.util.stream.Stream;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolOp;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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
public abstract class PoolOpContract {
    /** A fresh instance of the implementation under test (called once per case). */
    protected abstract PoolOp op();

    /** The tests; override to narrow the grids or add an {@link Around}. */
    protected OpTests<PoolOp, PoolCase> kit() {
        return TestKit.pool(this::op);
    }

    /** One test per reference case: forward, every gradient, inputs untouched, repeatable. */
    @TestFactory
    public Stream<DynamicTest> matchesTheReference() {
        return kit().referenceTests();
    }

    /** One test per gradient case: backward against centred differences in float64. */
    @TestFactory
    public Stream<DynamicTest> matchesNumericGradients() {
        return kit().gradientTests();
    }
}
