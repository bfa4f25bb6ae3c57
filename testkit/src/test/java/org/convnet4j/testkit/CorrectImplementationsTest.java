package org.convnet4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.model.Ops;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Correct implementations written independently of convnet4j's layers pass every case, NaN and infinities
 * included: the kit asks for the maths and NumPy's semantics, not for the naive classes' loop order. Runs
 * through the JUnit entry points a user writes.
 */
class CorrectImplementationsTest extends TestBase {
    @TestFactory
    Stream<DynamicNode> userConv() {
        return TestKit.conv(UserConv::new).tests();
    }

    @TestFactory
    Stream<DynamicNode> userPool() {
        return TestKit.pool(UserPool::new).tests();
    }

    /** The user's conv inside every layer type of the net builder and inside whole nets. */
    @TestFactory
    Stream<DynamicTest> userConvInNets() {
        Ops ops = new Ops(new UserConv(), new UserPool(), new org.convnet4j.layers.Affine());
        return Stream.concat(TestKit.layers(() -> ops).referenceTests(), TestKit.nets(() -> ops).referenceTests());
    }

    /** One dynamic test per grid case, named by the case, in the grid's order. */
    @Test
    void oneDynamicTestPerCase() {
        List<String> names = TestKit.conv(Conv2d::new).referenceTests().map(DynamicTest::getDisplayName).toList();
        assertEquals(Cases.conv().stream().map(ConvCase::toString).toList(), names);
        assertEquals(Cases.convGradient().size(), TestKit.conv(Conv2d::new).gradientTests().count());
        assertEquals(List.of("conv reference check", "conv gradient check"),
                TestKit.conv(Conv2d::new).tests().map(DynamicNode::getDisplayName).toList());
    }
}
