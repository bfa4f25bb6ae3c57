package org.convnet4j.fast;

import org.convnet4j.layers.Relu;
import org.convnet4j.testing.NaiveVsNative;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReluNaiveVsNativeTest extends NaiveVsNative {
    ReluNaiveVsNativeTest() {
        super("relu");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#reluCases")
    void agrees(ReluCase c) {
        checkRelu(new Relu(), new ReluFast(), c);
    }

    @Override
    public void sample() {
        reluCases().filter(c -> c.seed() == 1).forEach(this::agrees);
    }
}
