package org.convnet4j.testkit;

import java.util.stream.Stream;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvOp;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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
public abstract class ConvOpContract {
    /** A fresh instance of the implementation under test (called once per case). */
    protected abstract ConvOp op();

    /** The tests; override to narrow the grids or add an {@link Around}. */
    protected OpTests<ConvOp, ConvCase> kit() {
        return TestKit.conv(this::op);
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
