package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLongArray;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

class BatchSplitTest extends TestBase {

    @Test
    void partsCoverTheBatchInOrderWithoutOverlap() {
        for (long n = 1; n <= 13; n++) {
            for (int parts = 1; parts <= Math.min(n, 4); parts++) {
                long next = 0;
                for (int k = 0; k < parts; k++) {
                    assertEquals(next, BatchSplit.first(n, parts, k), "n=" + n + " parts=" + parts + " k=" + k);
                    long c = BatchSplit.count(n, parts, k);
                    assertTrue(c == n / parts || c == n / parts + 1, "balanced: n=" + n + " parts=" + parts);
                    next += c;
                }
                assertEquals(n, next, "n=" + n + " parts=" + parts);
            }
        }
    }

    @Test
    void runsEveryPartOnceAndRethrowsAFailureAfterAllFinish() {
        NativeAssume.nativeAvailable();
        AtomicLongArray seen = new AtomicLongArray(10);
        BatchSplit.run(10, 2, (k, first, count) -> {
            for (long i = first; i < first + count; i++) seen.incrementAndGet((int) i);
        });
        for (int i = 0; i < 10; i++) assertEquals(1, seen.get(i), "image " + i);

        AtomicLongArray done = new AtomicLongArray(2);
        IllegalStateException boom = new IllegalStateException("part 1 failed");
        IllegalStateException got = assertThrows(IllegalStateException.class, () -> BatchSplit.run(4, 2, (k, f, c) -> {
            done.incrementAndGet(k);
            if (k == 1) throw boom;
        }));
        assertSame(boom, got);
        assertEquals(1, done.get(0));
        assertEquals(1, done.get(1));
        assertEquals(NativeConfig.requestedThreads(), NativeConfig.getBlasThreads(), "BLAS threads restored");
    }

    /** Under -Xcheck:jni (scripts/test.sh runs the harness so) the JVM copies critical arrays: no split then. */
    @Test
    void splitsOnlyWhenCriticalRegionsExposeTheArrayItself() {
        NativeAssume.nativeAvailable();
        int before = NativeConfig.getBlasThreads();
        boolean saved = Tuning.convSplitBatch;
        try {
            NativeConfig.setBlasThreads(2);
            Tuning.convSplitBatch = true;
            int expected = NativeKernels.criticalArraysAreDirect() ? 2 : 1; // 2 helpers+caller even on 1 core
            assertEquals(expected, BatchSplit.parts(10));
        } finally {
            Tuning.convSplitBatch = saved;
            NativeConfig.setBlasThreads(before);
        }
    }

    @Test
    void splitAndUnsplitAgreeToRoundingAndRestoreBlasThreads() {
        NativeAssume.nativeAvailable();
        int before = NativeConfig.getBlasThreads();
        boolean saved = Tuning.convSplitBatch;
        try {
            NativeConfig.setBlasThreads(2);
            Rng r = new Rng(7);
            Tensor x = Tensor.randn(r, DType.FLOAT64, 5, 3, 9, 9), w = Tensor.randn(r, DType.FLOAT64, 4, 3, 3, 3);
            Tensor b = Tensor.randn(r, DType.FLOAT64, 4), dout = Tensor.randn(r, DType.FLOAT64, 5, 4, 9, 9);
            Conv2dFast conv = new Conv2dFast();
            Tuning.convSplitBatch = true;
            ConvResult a = conv.forward(x, w, b, new ConvParam(1, 1));
            ConvGrads ga = conv.backward(dout, a.cache());
            assertEquals(2, NativeConfig.getBlasThreads(), "BLAS threads restored after a split");
            Tuning.convSplitBatch = false;
            ConvResult u = conv.forward(x, w, b, new ConvParam(1, 1));
            ConvGrads gu = conv.backward(dout, u.cache());
            // images are independent: out and dx match exactly; dw/db differ only by the partial-sum order
            assertTrue(a.out().contentEquals(u.out()), "out");
            assertTrue(ga.dx().contentEquals(gu.dx()), "dx");
            for (int i = 0; i < gu.dw().size(); i++) {
                assertEquals(gu.dw().getFlat(i), ga.dw().getFlat(i), 1e-12 * (1 + Math.abs(gu.dw().getFlat(i))), "dw " + i);
            }
            for (int i = 0; i < gu.db().size(); i++) {
                assertEquals(gu.db().getFlat(i), ga.db().getFlat(i), 1e-12 * (1 + Math.abs(gu.db().getFlat(i))), "db " + i);
            }
        } finally {
            Tuning.convSplitBatch = saved;
            NativeConfig.setBlasThreads(before);
        }
    }
}
