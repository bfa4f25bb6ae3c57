package org.convnet4j.fast;

import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.testing.NaiveVsNative;
import org.convnet4j.testing.NativeAssume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PoolNaiveVsNativeTest extends NaiveVsNative {
    private static final FastOps.Entry ENTRY = FastOps.ALL.get(1);

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#poolCases")
    void agrees(PoolCase c) {
        checkPool(new MaxPool2d(), new MaxPool2dFast(), c);
    }

    @AfterAll
    static void exercised() {
        NativeAssume.nativeAvailable();
        assertExercised(ENTRY, 1);
    }

    @Override
    public FastOps.Entry entry() {
        return ENTRY;
    }

    @Override
    public void sample() {
        poolCases().filter(c -> c.seed() == 1).forEach(this::agrees);
    }
}
