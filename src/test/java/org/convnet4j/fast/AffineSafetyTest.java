package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.layers.Affine;
import org.convnet4j.layers.AffineCache;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AffineFast refuses bad shapes and oversized problems in Java; the kernels re-check; no native memory is kept. */
class AffineSafetyTest {
    private final AffineFast affine = new AffineFast();

    @BeforeEach
    void needNative() {
        NativeAssume.nativeAvailable();
    }

    private static IllegalArgumentException refused(Runnable r, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith("affine_fast: ") && e.getMessage().contains(fragment), e.getMessage());
        return e;
    }

    @Test
    void badShapesAndDtypesAreIllegalArguments() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 2, 3, 4), w = Tensor.zeros(DType.FLOAT32, 12, 5);
        Tensor b = Tensor.zeros(DType.FLOAT32, 5);
        refused(() -> affine.forward(Tensor.zeros(DType.FLOAT32, 12), w, b), "x must be rank >= 2");
        refused(() -> affine.forward(x, Tensor.zeros(DType.FLOAT32, 11, 5), b), "w must have D=12 rows");
        refused(() -> affine.forward(x, w, Tensor.zeros(DType.FLOAT32, 4)), "b must have shape [5]");
        refused(() -> affine.forward(x, w.reshape(12, 5, 1), b), "w");
        refused(() -> affine.forward(x, w, Tensor.zeros(DType.FLOAT64, 5)), "b");
        refused(() -> affine.forward(x.as(DType.FLOAT64), w, b), "w");
        refused(() -> affine.forward(null, w, b), "x");
        refused(() -> affine.forward(Tensor.zeros(DType.FLOAT32, 0, 12), w, b), "must be > 0");
        AffineResult r = affine.forward(x, w, b);
        refused(() -> affine.backward(Tensor.zeros(DType.FLOAT32, 2, 4), r.cache()), "dout");
        refused(() -> affine.backward(Tensor.zeros(DType.FLOAT64, 2, 5), r.cache()), "dout");
        refused(() -> affine.backward(null, r.cache()), "dout");
        refused(() -> affine.backward(r.out(), null), "cache");
        refused(() -> affine.backward(r.out(), new AffineCache(x, Tensor.zeros(DType.FLOAT32, 12, 4), b)), "b must");
    }

    @Test
    void oversizedProblemsAreRefusedBeforeNativeCalls() {
        refused(() -> AffineFast.plan("affine_fast", 1L << 31, 1, 1), "N = 2147483648 does not fit");
        refused(() -> AffineFast.plan("affine_fast", 1 << 16, 1 << 16, 1), "N*D");
        refused(() -> AffineFast.plan("affine_fast", 1, 1 << 16, 1 << 16), "D*M");
        refused(() -> AffineFast.plan("affine_fast", 1 << 16, 1, 1 << 16), "N*M");
        refused(() -> AffineFast.plan("affine_fast", Long.MAX_VALUE / 2, 4, 1), "does not fit");
        refused(() -> AffineFast.plan("affine_fast", 1L << 40, 1L << 40, 1), "does not fit");
        refused(() -> AffineFast.plan("affine_fast", 0, 3, 3), "sizes must be > 0");
        refused(() -> AffineFast.plan("affine_fast", 3, 3, -1), "sizes must be > 0");
        assertEquals(3, AffineFast.plan("affine_fast", 1, 2, 3)[2]);
    }

    @Test
    void kernelsRecheckAndThrowInsteadOfCrashing() {
        float[] a = new float[16], c = new float[16];
        IllegalStateException e = KernelRefusals.refused(
                () -> NativeKernels.cnn_affine_forward_f32(a, 16, a, 16, a, 4, c, 16, 4, 5, 4));
        assertTrue(e.getMessage().contains("x buffer too short"), e.getMessage());
        KernelRefusals.refused(
                () -> NativeKernels.cnn_affine_forward_f32(a, 16, a, 16, a, 4, c, 16, 1L << 32, 1, 1));
        KernelRefusals.refused(
                () -> NativeKernels.cnn_affine_backward_f32(a, 16, a, 16, a, 16, c, 16, c, 16, c, 2, 4, 4, 4, 1));
    }

    @Test
    void noNativeMemoryIsHeld() {
        NativeKernels.releaseWorkspaces();
        long baseline = NativeKernels.javacppTotalBytes();
        Rng rng = new Rng(5);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 8, 3, 4, 4), w = Tensor.randn(rng, DType.FLOAT64, 48, 10);
        Tensor b = Tensor.randn(rng, DType.FLOAT64, 10);
        for (int it = 0; it < 3; it++) {
            AffineResult r = affine.forward(x, w, b);
            affine.backward(r.out(), r.cache());
            assertEquals(baseline, NativeKernels.javacppTotalBytes(), "native bytes after iteration " + it);
            assertEquals(0, NativeKernels.workspaceBytes());
        }
    }

    @Test
    void autoPicksByCostAndBackwardFollowsForward() {
        long saved = Tuning.autoAffineMinMacs;
        try {
            AffineOp auto = Backend.AUTO.affine();
            assertInstanceOf(Backend.AutoAffine.class, auto);
            Rng rng = new Rng(6);
            // float32 with D = 40: GEMM (float sums) and the naive layer (double sums) round differently
            Tensor x = Tensor.randn(rng, DType.FLOAT32, 4, 40), w = Tensor.randn(rng, DType.FLOAT32, 40, 3);
            Tensor b = Tensor.randn(rng, DType.FLOAT32, 3), dout = Tensor.randn(rng, DType.FLOAT32, 4, 3);
            AffineResult naive = new Affine().forward(x, w, b), fast = affine.forward(x, w, b);
            assertTrue(!naive.out().contentEquals(fast.out()), "test data must tell the two paths apart");
            Tuning.autoAffineMinMacs = Long.MAX_VALUE;
            AffineResult small = auto.forward(x, w, b);
            assertTrue(small.out().contentEquals(naive.out()), "below the threshold AUTO must run the naive layer");
            Tuning.autoAffineMinMacs = 1;
            AffineResult big = auto.forward(x, w, b);
            assertTrue(big.out().contentEquals(fast.out()), "above the threshold AUTO must run the native layer");
            assertTrue(auto.backward(dout, big.cache()).dx().contentEquals(affine.backward(dout, fast.cache()).dx()));
        } finally {
            Tuning.autoAffineMinMacs = saved;
        }
    }
}
