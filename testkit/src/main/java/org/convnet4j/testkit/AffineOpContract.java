package org.convnet4j.testkit;

import java.util.stream.Stream;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.AffineOp;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Extend this to check a {@link AffineOp} of yours: implement {@link #op()}, and JUnit runs one test per case of
 * the reference grid (against {@link Affine}) and of the gradient grid (against centred differences).
 *
 * <pre>
 * class MyAffineTest extends AffineOpContract {
 *     &#64;Override
 *     protected AffineOp op() {
 *         return new MyAffine();
 *     }
 * }
 * </pre>
 */
public abstract class AffineOpContract {
    /** A fresh instance of the implementation under test (called once per case). */
    protected abstract AffineOp op();

    /** The tests; override to narrow the grids or add an {@link Around}. */
    protected OpTests<AffineOp, AffineCase> kit() {
        return TestKit.affine(this::op);
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
