package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvPoolCache;
import org.convnet4j.layers.ConvPoolResult;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.FastOpHarness;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testkit.Around;
import org.convnet4j.testkit.Cases;
import org.convnet4j.testkit.ConvCase;
import org.convnet4j.testkit.ConvPoolCase;
import org.convnet4j.testkit.OpTests;
import org.convnet4j.testkit.ReferenceCheck;
import org.convnet4j.testkit.TestKit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Conv2dFast beside Conv2d over the kit's conv grid, with each of the kernel's paths. */
class ConvNaiveVsNativeTest extends FastOpHarness {
    ConvNaiveVsNativeTest() {
        super("conv2d");
    }

    private OpTests<ConvOp, ConvCase> kit(Around<ConvCase> variant) {
        return TestKit.conv(Conv2dFast::new).around(harness(ConvCase::chunkElements, () -> Tuning.convChunkElements,
                v -> Tuning.convChunkElements = v).enclosing(variant));
    }

    @TestFactory
    Stream<DynamicTest> agrees() {
        return kit(Around.nothing()).referenceTests();
    }

    /** The same grid with one GEMM per chunk (the multi-image kernel path with its NCHW re-layout). */
    @TestFactory
    Stream<DynamicTest> agreesWithOneGemmPerChunk() {
        return kit(setting(() -> Tuning.convGemmImages, v -> Tuning.convGemmImages = v, 0L)).referenceTests();
    }

    /** The same grid without the batch split (every image on the calling thread, OpenBLAS threading). */
    @TestFactory
    Stream<DynamicTest> agreesWithoutBatchSplit() {
        return kit(noSplit()).referenceTests();
    }

    /**
     * The same grid with a workspace cap of 3000 bytes: images whose columns do not fit are done in bands of a
     * few output rows (one-row bands above the cap get one-off buffers), as under a small -Xmx (issue 9).
     */
    @TestFactory
    Stream<DynamicTest> agreesInBandsOfRows() {
        return kit((c, check) -> withKnob(3000, () -> Tuning.workspaceCapBytes, v -> Tuning.workspaceCapBytes = v, () -> {
            if (c.seed() == 4) { // x (2, 3, 31, 31), w (5, 3, 3, 3): 16 output rows do not fit 3000 bytes
                ConvPlan p = ConvPlan.of("t", 2, 3, 31, 31, 5, 3, 3, 2, 1, c.dtype() == DType.FLOAT32 ? 4 : 8,
                        Tuning.convChunkElements, ConvPlan.Budget.of(2));
                assertTrue(p.rows() < p.Hout(), "bands of " + p.rows() + " of " + p.Hout() + " rows");
            }
            check.run();
        })).referenceTests();
    }

    /** The same grid computed pixel-major (float32; float64 keeps its orientation) from the first output pixel on. */
    @TestFactory
    Stream<DynamicTest> agreesPixelMajor() {
        return kit(pixelMajor()).referenceTests();
    }

    /** Conv-relu-pool, fused (the image's output stays in the native scratch), against the layers one by one. */
    @TestFactory
    Stream<DynamicTest> convReluPoolAgrees() {
        return convReluPool("", Around.nothing(), new Conv2dFast());
    }

    /** The same with the pool's scalar kernels ({@link Tuning#poolAvx2} off). */
    @TestFactory
    Stream<DynamicTest> convReluPoolAgreesWithScalarPool() {
        return convReluPool("scalar pool ", setting(() -> Tuning.poolAvx2, v -> Tuning.poolAvx2 = v, false),
                new Conv2dFast());
    }

    /** The same, split over no threads (one part). */
    @TestFactory
    Stream<DynamicTest> convReluPoolAgreesWithoutSplit() {
        return convReluPool("no split ", noSplit(), new Conv2dFast());
    }

    /** The same through AUTO, made to choose the fused native path for every size. */
    @TestFactory
    Stream<DynamicTest> convReluPoolAgreesOnAuto() {
        return convReluPool("AUTO ", setting(() -> Tuning.autoConvMinMacs, v -> Tuning.autoConvMinMacs = v, 1L),
                Backend.AUTO.conv());
    }

    /** Conv-relu-pool pixel-major (float32): the pool reads the (Hout*Wout, F) rows, with no NCHW output. */
    @TestFactory
    Stream<DynamicTest> convReluPoolAgreesPixelMajor() {
        return convReluPool("pixel-major ", pixelMajor(), new Conv2dFast());
    }

    /** Under a workspace cap too small for the fused scratch, it runs layer by layer, with the same numbers. */
    @TestFactory
    Stream<DynamicTest> convReluPoolAgreesInBandsOfRows() {
        return convReluPool("bands ", setting(() -> Tuning.workspaceCapBytes, v -> Tuning.workspaceCapBytes = v, 3000L),
                new Conv2dFast());
    }

    /** A fused cache is read by its own op only, and only for the x it was made for. */
    @Test
    void fusedCacheIsNotForgeable() {
        NativeAssume.nativeAvailable();
        int fused = 0;
        for (ConvPoolCase c : Cases.convReluPool()) {
            Rng rng = new Rng(c.seed());
            Tensor x = Tensor.randn(rng, c.dtype(), c.xShape()), w = Tensor.randn(rng, c.dtype(), c.wShape());
            Tensor b = Tensor.randn(rng, c.dtype(), c.wShape()[0]);
            ConvPoolResult r = new Conv2dFast().forwardReluPool(x, w, b, c.conv(), new MaxPool2dFast(), c.pool());
            if (r.cache().pooled() == null) continue;
            fused++;
            Tensor dout = Tensor.randn(rng, c.dtype(), r.out().shape());
            assertThrows(IllegalArgumentException.class,
                    () -> new Conv2d().backwardReluPool(dout, r.cache(), new MaxPool2d(), true), () -> "naive op, " + c);
            ConvPoolCache forged = new ConvPoolCache(new ConvCache(x.copy(), w, b, c.conv()), c.pool(), null,
                    r.cache().pooled());
            assertThrows(IllegalArgumentException.class,
                    () -> new Conv2dFast().backwardReluPool(dout, forged, new MaxPool2dFast(), true), () -> "another x, " + c);
        }
        assertTrue(fused > 0, "no case took the fused path");
    }

    /** Every float32 case pixel-major, whatever its size and window width (the grids' windows are mostly 3x3). */
    private static <K> Around<K> pixelMajor() {
        return FastOpHarness.<K, Integer>setting(() -> Tuning.convPixelMajorMinPixels, v -> Tuning.convPixelMajorMinPixels = v, 1)
                .enclosing(setting(() -> Tuning.convPixelMajorMinWidth, v -> Tuning.convPixelMajorMinWidth = v, 1));
    }

    private static <K> Around<K> noSplit() {
        return setting(() -> Tuning.convSplitBatch, v -> Tuning.convSplitBatch = v, false);
    }

    private Stream<DynamicTest> convReluPool(String label, Around<ConvPoolCase> variant, ConvOp candidate) {
        Around<ConvPoolCase> around = harness(ConvPoolCase::chunkElements, () -> Tuning.convChunkElements,
                v -> Tuning.convChunkElements = v).enclosing(variant);
        return Cases.convReluPool().stream().map(c -> DynamicTest.dynamicTest("conv-relu-pool " + label + c,
                () -> around.run(c, () -> ReferenceCheck.convReluPool(new Conv2d(), new MaxPool2d(), candidate,
                        new MaxPool2dFast(), c))));
    }

    @Override
    public void sample() {
        OpTests<ConvOp, ConvCase> kit = kit(Around.nothing());
        Cases.conv().stream().filter(c -> c.seed() == 1).forEach(kit::runReference);
    }
}
