package org.convnet4j.testkit;

import java.util.stream.Stream;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluOp;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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
public abstract class ReluOpContract {
    /** A fresh instance of the implementation under test (called once per case). */
    protected abstract ReluOp op();

    /** The tests; override to narrow the grids or add an {@link Around}. */
    protected OpTests<ReluOp, ReluCase> kit() {
        return TestKit.relu(this::op);
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
