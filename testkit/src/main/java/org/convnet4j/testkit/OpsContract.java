package org.convnet4j.testkit;

import java.util.stream.Stream;
import org.convnet4j.model.Ops;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Extend this to check your ops inside nets: every layer type of the net builder, and whole random nets, built
 * on {@link #ops()}, against the same on {@link Ops#naive()} and against numeric gradients.
 *
 * <pre>
 * class MyOpsTest extends OpsContract {
 *     &#64;Override
 *     protected Ops ops() {
 *         return new Ops(new MyConv(), new MaxPool2d(), new Affine());
 *     }
 * }
 * </pre>
 */
public abstract class OpsContract {
    /** A fresh set of the ops under test (called once per case). */
    protected abstract Ops ops();

    /** One test per layer case against the naive layers. */
    @TestFactory
    public Stream<DynamicTest> layersMatchTheReference() {
        return TestKit.layers(this::ops).referenceTests();
    }

    /** One test per layer case against centred differences. */
    @TestFactory
    public Stream<DynamicTest> layersMatchNumericGradients() {
        return TestKit.layers(this::ops).gradientTests();
    }

    /** One test per random net against the same net on the naive layers. */
    @TestFactory
    public Stream<DynamicTest> netsMatchTheReference() {
        return TestKit.nets(this::ops).referenceTests();
    }

    /** One test per random net: every parameter's gradient of the loss against centred differences. */
    @TestFactory
    public Stream<DynamicTest> netsMatchNumericGradients() {
        return TestKit.nets(this::ops).gradientTests();
    }
}
