package org.convnet4j.layers;

import java.util.stream.Stream;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.TestKit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Float64 gradient checks of the naive conv backward over the kit's conv gradient grid (named and random shapes). */
class Conv2dGradCheckTest extends TestBase {
    @TestFactory
    Stream<DynamicTest> backwardMatchesNumericalGradient() {
        return TestKit.conv(Conv2d::new).gradientTests();
    }
}
