package org.convnet4j.testkit;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The tests every op contract runs ({@link ConvOpContract}, {@link PoolOpContract}, {@link AffineOpContract},
 * {@link ReluOpContract}): one per case of the reference grid and one per case of the gradient grid.
 *
 * @param <O> the op interface
 * @param <K> its case type
 */
public abstract class OpContract<O, K extends KitCase> {
    /** The tests; override to narrow the grids or add an {@link Around}. */
    protected abstract OpTests<O, K> kit();

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
