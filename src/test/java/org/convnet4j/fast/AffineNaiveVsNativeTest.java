package org.convnet4j.fast;

import org.convnet4j.layers.Affine;
import org.convnet4j.testing.NaiveVsNative;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AffineNaiveVsNativeTest extends NaiveVsNative {
    AffineNaiveVsNativeTest() {
        super("affine");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#affineCases")
    void agrees(AffineCase c) {
        checkAffine(new Affine(), new AffineFast(), c);
    }

    @Override
    public void sample() {
        affineCases().filter(c -> c.seed() == 1).forEach(this::agrees);
    }
}
