package org.convnet4j.model;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convnet4j.fast.AffineFast;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.Conv2dFast;
import org.convnet4j.fast.MaxPool2dFast;
import org.convnet4j.fast.ReluFast;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.Relu;
import org.convnet4j.testing.NativeAssume;
import org.junit.jupiter.api.Test;

class OpsTest {
    @Test
    void ofBackendPicksTheThreeLayers() {
        Ops naive = Ops.of(Backend.NAIVE);
        assertInstanceOf(Conv2d.class, naive.conv());
        assertInstanceOf(MaxPool2d.class, naive.pool());
        assertInstanceOf(Affine.class, naive.affine());
        assertInstanceOf(Relu.class, naive.relu());
        assertInstanceOf(Relu.class, Ops.naive().relu());
        assertInstanceOf(Relu.class, new Ops(new Conv2d(), new MaxPool2d(), new Affine()).relu());
        assertThrows(IllegalArgumentException.class, () -> new Ops(new Conv2d(), new MaxPool2d(), new Affine(), null));
        assertThrows(IllegalArgumentException.class, () -> Ops.of(null));
        NativeAssume.nativeAvailable();
        Ops fast = Ops.of(Backend.NATIVE);
        assertInstanceOf(Conv2dFast.class, fast.conv());
        assertInstanceOf(MaxPool2dFast.class, fast.pool());
        assertInstanceOf(AffineFast.class, fast.affine());
        assertInstanceOf(ReluFast.class, fast.relu());
    }
}
