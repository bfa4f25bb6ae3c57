package org.convnet4j.model;

import java.util.stream.Stream;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.Tuning;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.Around;
import org.convnet4j.testkit.NetCase;
import org.convnet4j.testkit.TestKit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every layer type of the net builder and random small whole nets (random depth, layer types, shapes and
 * dtypes) on the native layers, and the nets also on AUTO with every threshold at 1 (so AUTO runs them natively
 * too), against the same on the naive layers, through the test kit ({@code TestKit.layers}, {@code TestKit.nets}).
 */
class NetNaiveVsNativeTest extends TestBase {
    private static <K> Around<K> requireNative() {
        return (c, check) -> {
            NativeAssume.nativeAvailable();
            check.run();
        };
    }

    @TestFactory
    Stream<DynamicTest> nativeLayersMatchNaiveLayers() {
        return TestKit.layers(() -> Ops.of(Backend.NATIVE)).around(requireNative()).referenceTests();
    }

    @TestFactory
    Stream<DynamicTest> nativeNetMatchesNaiveNet() {
        return TestKit.nets(() -> Ops.of(Backend.NATIVE)).around(requireNative()).referenceTests();
    }

    @TestFactory
    Stream<DynamicTest> autoNetWithThresholdsOfOneMatchesNaiveNet() {
        return TestKit.nets(() -> Ops.of(Backend.AUTO)).around(NetNaiveVsNativeTest.<NetCase>requireNative()
                .enclosing((c, check) -> {
                    long conv = Tuning.autoConvMinMacs, affine = Tuning.autoAffineMinMacs, pool = Tuning.autoPoolMinElements,
                            relu = Tuning.autoReluMinElements;
                    try {
                        Tuning.autoConvMinMacs = 1;
                        Tuning.autoAffineMinMacs = 1;
                        Tuning.autoPoolMinElements = 1;
                        Tuning.autoReluMinElements = 1;
                        check.run();
                    } finally {
                        Tuning.autoConvMinMacs = conv;
                        Tuning.autoAffineMinMacs = affine;
                        Tuning.autoPoolMinElements = pool;
                        Tuning.autoReluMinElements = relu;
                    }
                })).referenceTests();
    }
}
