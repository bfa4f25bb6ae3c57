package org.convnet4j.fast;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ReluFast refuses what the naive Relu refuses, with its own op name; the kernels re-check their ranges. */
class ReluSafetyTest {
    private final ReluFast relu = new ReluFast();

    @BeforeEach
    void needNative() {
        NativeAssume.nativeAvailable();
    }

    @Test
    void badInputsAreIllegalArguments() {
        rejects(() -> relu.forward(null), "relu_fast", "x must not be null");
        ReluCache c = relu.forward(Tensor.zeros(DType.FLOAT64, 2, 3)).cache();
        rejects(() -> relu.backward(Tensor.zeros(DType.FLOAT64, 3, 2), c), "relu_fast", "dout must have shape [2, 3]",
                "[3, 2]");
        rejects(() -> relu.backward(Tensor.zeros(DType.FLOAT32, 2, 3), c), "relu_fast", "dout must be FLOAT64",
                "FLOAT32");
        rejects(() -> relu.backward(null, c), "relu_fast", "dout must not be null");
        rejects(() -> relu.backward(Tensor.zeros(DType.FLOAT64, 2, 3), null), "relu_fast", "cache must not be null");
        rejects(() -> relu.backward(Tensor.zeros(DType.FLOAT64, 2, 3), new ReluCache(null)), "relu_fast",
                "cache.x must not be null");
    }

    @Test
    void kernelsRecheckTheirRange() {
        float[] x = new float[8], out = new float[8];
        IllegalStateException e = KernelRefusals.refused(
                () -> NativeKernels.cnn_relu_forward_range_f32(x, 8, out, 8, 4, 5));
        assertTrue(e.getMessage().contains("element range outside the buffers"), e.getMessage());
        KernelRefusals.refused(() -> NativeKernels.cnn_relu_forward_range_f32(x, 8, out, 4, 0, 4));
        KernelRefusals.refused(() -> NativeKernels.cnn_relu_forward_range_f32(x, 8, out, 8, -1, 2));
        double[] a = new double[8], g = new double[8], dx = new double[8];
        KernelRefusals.refused(() -> NativeKernels.cnn_relu_backward_range_f64(a, 8, g, 8, dx, 7, 0, 1));
        KernelRefusals.refused(() -> NativeKernels.cnn_relu_backward_range_f64(a, 8, g, 8, dx, 8, 0, 0));
    }

    @Test
    void backendsPickTheirRelu() {
        assertInstanceOf(Relu.class, Backend.NAIVE.relu(true));
        assertInstanceOf(ReluFast.class, Backend.NATIVE.relu(true));
        assertThrows(IllegalStateException.class, () -> Backend.NATIVE.relu(false));
        assertInstanceOf(Relu.class, Backend.AUTO.relu(false));
        assertInstanceOf(Backend.AutoRelu.class, Backend.AUTO.relu(true));
    }

    @Test
    void autoAgreesOnBothSidesOfItsThreshold() {
        long saved = Tuning.autoReluMinElements;
        ReluOp auto = Backend.AUTO.relu(true);
        Rng rng = new Rng(7);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 3, 40), dout = Tensor.randn(rng, DType.FLOAT32, 3, 40);
        Tensor expected = new Relu().backward(dout, new ReluCache(x));
        try {
            for (long threshold : new long[] {1, Long.MAX_VALUE}) {
                Tuning.autoReluMinElements = threshold;
                var r = auto.forward(x);
                assertTrue(r.out().contentEquals(new Relu().forward(x).out()), "forward, threshold " + threshold);
                assertTrue(auto.backward(dout, r.cache()).contentEquals(expected), "backward, threshold " + threshold);
            }
        } finally {
            Tuning.autoReluMinElements = saved;
        }
    }
}
