package org.convnet4j.model;

import java.util.stream.Stream;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.Tuning;
import org.convnet4j.testing.NaiveVsNative;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random small whole nets (random depth, layer types, shapes and dtypes) on the native layers, and on
 * AUTO with every threshold at 1 (so AUTO runs them natively too), against the same nets on the naive
 * layers, through the shared harness ({@link NaiveVsNative#checkNet}).
 */
class NetNaiveVsNativeTest extends TestBase {
    static Stream<NaiveVsNative.NetCase> cases() {
        return NaiveVsNative.netCases();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void nativeNetMatchesNaiveNet(NaiveVsNative.NetCase c) {
        NaiveVsNative.checkNet(Ops.of(Backend.NATIVE), c);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void autoNetWithThresholdsOfOneMatchesNaiveNet(NaiveVsNative.NetCase c) {
        long conv = Tuning.autoConvMinMacs, affine = Tuning.autoAffineMinMacs, pool = Tuning.autoPoolMinElements,
                relu = Tuning.autoReluMinElements;
        try {
            Tuning.autoConvMinMacs = 1;
            Tuning.autoAffineMinMacs = 1;
            Tuning.autoPoolMinElements = 1;
            Tuning.autoReluMinElements = 1;
            NaiveVsNative.checkNet(Ops.of(Backend.AUTO), c);
        } finally {
            Tuning.autoConvMinMacs = conv;
            Tuning.autoAffineMinMacs = affine;
            Tuning.autoPoolMinElements = pool;
            Tuning.autoReluMinElements = relu;
        }
    }
}
