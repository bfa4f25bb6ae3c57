package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.tensor.DType;
import org.convnet4j.testing.FastOpHarness;
import org.convnet4j.testkit.Around;
import org.convnet4j.testkit.Cases;
import org.convnet4j.testkit.ConvCase;
import org.convnet4j.testkit.OpTests;
import org.convnet4j.testkit.TestKit;
import org.junit.jupiter.api.DynamicTest;
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
        return kit((c, check) -> {
            long saved = Tuning.convGemmImages;
            Tuning.convGemmImages = 0;
            try {
                check.run();
            } finally {
                Tuning.convGemmImages = saved;
            }
        }).referenceTests();
    }

    /** The same grid without the batch split (every image on the calling thread, OpenBLAS threading). */
    @TestFactory
    Stream<DynamicTest> agreesWithoutBatchSplit() {
        return kit((c, check) -> {
            boolean saved = Tuning.convSplitBatch;
            Tuning.convSplitBatch = false;
            try {
                check.run();
            } finally {
                Tuning.convSplitBatch = saved;
            }
        }).referenceTests();
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

    @Override
    public void sample() {
        OpTests<ConvOp, ConvCase> kit = kit(Around.nothing());
        Cases.conv().stream().filter(c -> c.seed() == 1).forEach(kit::runReference);
    }
}
