package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.layers.Conv2d;
import org.convnet4j.testing.NaiveVsNative;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConvNaiveVsNativeTest extends NaiveVsNative {
    ConvNaiveVsNativeTest() {
        super("conv2d");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#convCases")
    void agrees(ConvCase c) {
        checkConv(new Conv2d(), new Conv2dFast(), c);
    }

    /** The same grid with one GEMM per chunk (the multi-image kernel path with its NCHW re-layout). */
    @ParameterizedTest(name = "whole-chunk GEMM {0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#convCases")
    void agreesWithOneGemmPerChunk(ConvCase c) {
        long saved = Tuning.convGemmImages;
        Tuning.convGemmImages = 0;
        try {
            checkConv(new Conv2d(), new Conv2dFast(), c);
        } finally {
            Tuning.convGemmImages = saved;
        }
    }

    /** The same grid without the batch split (every image on the calling thread, OpenBLAS threading). */
    @ParameterizedTest(name = "no batch split {0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#convCases")
    void agreesWithoutBatchSplit(ConvCase c) {
        boolean saved = Tuning.convSplitBatch;
        Tuning.convSplitBatch = false;
        try {
            checkConv(new Conv2d(), new Conv2dFast(), c);
        } finally {
            Tuning.convSplitBatch = saved;
        }
    }

    /**
     * The same grid with a workspace cap of 3000 bytes: images whose columns do not fit are done in bands of a
     * few output rows (one-row bands above the cap get one-off buffers), as under a small -Xmx (issue 9).
     */
    @ParameterizedTest(name = "bands of rows {0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#convCases")
    void agreesInBandsOfRows(ConvCase c) {
        long saved = Tuning.workspaceCapBytes;
        Tuning.workspaceCapBytes = 3000;
        try {
            if (c.seed() == 4) { // x (2, 3, 31, 31), w (5, 3, 3, 3): 16 output rows do not fit 3000 bytes
                ConvPlan p = ConvPlan.of("t", 2, 3, 31, 31, 5, 3, 3, 2, 1, c.dtype() == org.convnet4j.tensor.DType.FLOAT32 ? 4 : 8, Tuning.convChunkElements,
                        ConvPlan.Budget.of(2));
                assertTrue(p.rows() < p.Hout(), "bands of " + p.rows() + " of " + p.Hout() + " rows");
            }
            checkConv(new Conv2d(), new Conv2dFast(), c);
        } finally {
            Tuning.workspaceCapBytes = saved;
        }
    }

    /** The same grid computed pixel-major (float32; float64 keeps its orientation) from the first output pixel on. */
    @ParameterizedTest(name = "pixel-major {0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#convCases")
    void agreesPixelMajor(ConvCase c) {
        int saved = Tuning.convPixelMajorMinPixels;
        Tuning.convPixelMajorMinPixels = 1;
        try {
            checkConv(new Conv2d(), new Conv2dFast(), c);
        } finally {
            Tuning.convPixelMajorMinPixels = saved;
        }
    }

    /** Conv-relu-pool, fused (the image's output stays in the native scratch) against the layers one by one. */
    @ParameterizedTest(name = "conv-relu-pool {0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#convReluPoolCases")
    void convReluPoolAgrees(ConvPoolCase c) {
        checkConvReluPool(new Conv2d(), new Conv2dFast(), c);
    }

    /** The same, split over no threads (one part), and through AUTO (fused when big enough, else naive). */
    @ParameterizedTest(name = "conv-relu-pool, no split and AUTO {0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#convReluPoolCases")
    void convReluPoolAgreesWithoutSplitAndOnAuto(ConvPoolCase c) {
        boolean saved = Tuning.convSplitBatch;
        Tuning.convSplitBatch = false;
        try {
            checkConvReluPool(new Conv2d(), new Conv2dFast(), c);
        } finally {
            Tuning.convSplitBatch = saved;
        }
        long min = Tuning.autoConvMinMacs;
        Tuning.autoConvMinMacs = 1;
        try {
            checkConvReluPool(new Conv2d(), Backend.AUTO.conv(), c);
        } finally {
            Tuning.autoConvMinMacs = min;
        }
    }

    /** Conv-relu-pool pixel-major (float32): the pool reads the (Hout*Wout, F) rows, with no NCHW output. */
    @ParameterizedTest(name = "conv-relu-pool pixel-major {0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#convReluPoolCases")
    void convReluPoolAgreesPixelMajor(ConvPoolCase c) {
        int saved = Tuning.convPixelMajorMinPixels;
        Tuning.convPixelMajorMinPixels = 1;
        try {
            checkConvReluPool(new Conv2d(), new Conv2dFast(), c);
        } finally {
            Tuning.convPixelMajorMinPixels = saved;
        }
    }

    /** Under a workspace cap too small for the fused scratch, it runs layer by layer, with the same numbers. */
    @ParameterizedTest(name = "conv-relu-pool in bands of rows {0}")
    @MethodSource("org.convnet4j.testing.NaiveVsNative#convReluPoolCases")
    void convReluPoolAgreesInBandsOfRows(ConvPoolCase c) {
        long saved = Tuning.workspaceCapBytes;
        Tuning.workspaceCapBytes = 3000;
        try {
            checkConvReluPool(new Conv2d(), new Conv2dFast(), c);
        } finally {
            Tuning.workspaceCapBytes = saved;
        }
    }

    @Override
    public void sample() {
        convCases().filter(c -> c.seed() == 1).forEach(this::agrees);
    }
}
