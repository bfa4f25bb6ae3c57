package org.convnet4j.fast;

import org.convnet4j.layers.Relu;
import org.convnet4j.testing.NaiveVsNative;
import org.convnet4j.testing.NativeAssume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReluNaiveVsNativeTest extends NaiveVsNative {
    private static final FastOps.Entry ENTRY = FastOps.ALL.get(3);

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#reluCases")
    void agrees(ReluCase c) {
        checkRelu(new Relu(), new ReluFast(), c);
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
        reluCases().filter(c -> c.seed() == 1).forEach(this::agrees);
    }
}
