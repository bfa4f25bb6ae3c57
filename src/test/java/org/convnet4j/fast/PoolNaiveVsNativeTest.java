package org.convnet4j.fast;

import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.testing.NaiveVsNative;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PoolNaiveVsNativeTest extends NaiveVsNative {
    PoolNaiveVsNativeTest() {
        super("max_pool");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#poolCases")
    void agrees(PoolCase c) {
        checkPool(new MaxPool2d(), new MaxPool2dFast(), c);
    }

    @Override
    public void sample() {
        poolCases().filter(c -> c.seed() == 1).forEach(this::agrees);
    }
}
