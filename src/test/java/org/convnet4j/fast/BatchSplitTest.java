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

    /**
     * Max pooling splits big batches over the threads (image ranges on the helpers): the split changes no bit of
     * the output, the winners or either backward, tiled and general windows, both dtypes.
     */
    @Test
    void poolSplitOverThreadsChangesNoBit() {
        NativeAssume.nativeAvailable();
        int before = NativeConfig.getBlasThreads();
        long savedMin = Tuning.poolParallelMinElements;
        try {
            Tuning.poolParallelMinElements = 64;
            for (DType dt : DType.values()) {
                for (org.convnet4j.layers.PoolParam pp : new org.convnet4j.layers.PoolParam[] {
                    new org.convnet4j.layers.PoolParam(2, 2, 2), new org.convnet4j.layers.PoolParam(3, 3, 2)}) {
                    Rng rng = new Rng(11);
                    Tensor x = new org.convnet4j.layers.Relu().forward(
                            Tensor.randn(rng, dt, 7, 3, 9, 10)).out();
                    Tensor dout = null;
                    Tensor[][] got = new Tensor[2][];
                    for (int threads = 1; threads <= 2; threads++) {
                        NativeConfig.setBlasThreads(threads);
                        MaxPool2dFast pool = new MaxPool2dFast();
                        org.convnet4j.layers.PoolResult r = pool.forward(x, pp);
                        if (dout == null) dout = Tensor.randn(rng, dt, r.out().shape());
                        got[threads - 1] = new Tensor[] {r.out(), pool.backward(dout, r.cache()), pool.backwardRelu(dout, r.cache())};
                    }
                    for (int i = 0; i < 3; i++) {
                        assertTrue(got[0][i].contentEquals(got[1][i]), dt + " " + pp + " output " + i + ": 1 vs 2 threads");
                    }
                }
            }
        } finally {
            Tuning.poolParallelMinElements = savedMin;
            NativeConfig.setBlasThreads(before);
        }
    }

    /** Parallel.forRange covers [0, n) once, in at most the configured parts, inline below the threshold. */
    @Test
    void parallelRangesCoverEveryElementOnce() {
        int before = NativeConfig.getBlasThreads();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                NativeConfig.setBlasThreads(threads);
                AtomicLongArray seen = new AtomicLongArray(1000);
                Parallel.forRange(1000, 100, (from, to) -> {
                    for (int i = from; i < to; i++) seen.incrementAndGet(i);
                });
                for (int i = 0; i < 1000; i++) assertEquals(1, seen.get(i), "element " + i + ", threads " + threads);
                assertEquals(threads, Parallel.parts(1000, 100));
                assertEquals(1, Parallel.parts(150, 100), "below two parts' worth: one thread");
            }
            Parallel.forRange(0, 1, (from, to) -> {
                throw new AssertionError("no work for an empty range");
            });
            assertThrows(IllegalArgumentException.class, () -> Parallel.parts(10, 0));
            assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(10, 1, null));
        } finally {
            NativeConfig.setBlasThreads(before);
        }
    }
}
