package org.convnet4j.fast;

import java.util.List;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.Relu;

/**
 * Every native-backed op with its naive twin. The naive-vs-native test harness fails when an entry was
 * not exercised, so adding a fast op here is what puts it under test (EJML's {@code expectedFunctions}).
 */
public final class FastOps {
    private FastOps() {}

    /** A fast op class and the naive reference it must agree with. */
    public record Entry(String name, Class<?> fast, Class<?> naive) {}

    /** All fast ops. */
    public static final List<Entry> ALL = List.of(
            new Entry("conv2d", Conv2dFast.class, Conv2d.class),
            new Entry("max_pool", MaxPool2dFast.class, MaxPool2d.class),
            new Entry("affine", AffineFast.class, Affine.class),
            new Entry("relu", ReluFast.class, Relu.class));
}
