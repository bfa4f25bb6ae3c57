package org.convnet4j.model;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convnet4j.fast.AffineFast;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.Conv2dFast;
import org.convnet4j.fast.MaxPool2dFast;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.testing.NativeAssume;
import org.junit.jupiter.api.Test;

class OpsTest {
    @Test
    void ofBackendPicksTheThreeLayers() {
        Ops naive = Ops.of(Backend.NAIVE);
        assertInstanceOf(Conv2d.class, naive.conv());
        assertInstanceOf(MaxPool2d.class, naive.pool());
        assertInstanceOf(Affine.class, naive.affine());
        assertThrows(IllegalArgumentException.class, () -> Ops.of(null));
        NativeAssume.nativeAvailable();
        Ops fast = Ops.of(Backend.NATIVE);
        assertInstanceOf(Conv2dFast.class, fast.conv());
        assertInstanceOf(MaxPool2dFast.class, fast.pool());
        assertInstanceOf(AffineFast.class, fast.affine());
    }
}
