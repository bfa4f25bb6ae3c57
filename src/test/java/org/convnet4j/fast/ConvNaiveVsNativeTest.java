package org.convnet4j.fast;

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

    @Override
    public void sample() {
        convCases().filter(c -> c.seed() == 1).forEach(this::agrees);
    }
}
