package org.convnet4j.layers;

import java.util.stream.Stream;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.TestKit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Float64 gradient checks of the naive max-pool backward over the kit's pool gradient grid, with inputs at
 * least 0.01 apart so that a step of h = 1e-5 never changes which element wins a window (max pooling has kinks
 * at ties).
 */
class MaxPool2dGradCheckTest extends TestBase {
    @TestFactory
    Stream<DynamicTest> backwardMatchesNumericalGradient() {
        return TestKit.pool(MaxPool2d::new).gradientTests();
    }
}
