package org.convnet4j.tensor;

import static org.convnet4j.testing.Rejects.rejects;

import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** Null arrays handed to the factories are refused with the factory and argument named, not a NullPointerException. */
class TensorValidationTest extends TestBase {
    @Test
    void wrapNullData() {
        rejects(() -> Tensor.wrap((float[]) null, 1), "wrap", "data");
        rejects(() -> Tensor.wrap((double[]) null, 1), "wrap", "data");
    }

    @Test
    void wrapNullShape() {
        rejects(() -> Tensor.wrap(new float[1], (int[]) null), "wrap", "shape");
        rejects(() -> Tensor.wrap(new double[1], (int[]) null), "wrap", "shape");
    }

    @Test
    void ofNullData() {
        rejects(() -> Tensor.of(DType.FLOAT32, null, 1), "of", "data");
    }
}
