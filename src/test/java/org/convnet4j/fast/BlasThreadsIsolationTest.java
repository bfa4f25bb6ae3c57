package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, kind 8: with BLAS threads > 1, a batch-splitting convolution ran OpenBLAS at one thread
 * process-wide, so an affine call running beside it got different bits (62 of 1,536 calls). The same call
 * with the same inputs and settings must give the same bits whatever runs beside it.
 */
class BlasThreadsIsolationTest extends TestBase {

    private static Tensor[] affine(Tensor x, Tensor w, Tensor b, Tensor dout) {
        AffineFast op = new AffineFast();
        AffineResult r = op.forward(x, w, b);
        AffineGrads g = op.backward(dout, r.cache());
        return new Tensor[] {r.out(), g.dx(), g.dw()};
    }

    private static Tensor[] conv(Tensor x, Tensor w, Tensor b, Tensor dout) {
        Conv2dFast op = new Conv2dFast();
        ConvResult r = op.forward(x, w, b, new ConvParam(1, 1));
        ConvGrads g = op.backward(dout, r.cache());
        return new Tensor[] {r.out(), g.dx(), g.dw(), g.db()};
    }

    private static boolean same(Tensor[] a, Tensor[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!a[i].contentEquals(b[i])) return false;
        }
        return true;
    }

    @Test
    void anAffineCallGivesTheSameBitsBesideASplittingConvolution() throws InterruptedException {
        NativeAssume.nativeAvailable();
        int before = NativeConfig.getBlasThreads();
        boolean savedSplit = Tuning.convSplitBatch;
        Rng r = new Rng(9);
        // a hidden layer: (50, 1000) x (1000, 100), float32
        Tensor x = Tensor.randn(r, DType.FLOAT32, 50, 1000), w = Tensor.randn(r, DType.FLOAT32, 1000, 100);
        Tensor b = Tensor.randn(r, DType.FLOAT32, 100), dout = Tensor.randn(r, DType.FLOAT32, 50, 100);
        // a single-image conv does not split: its GEMMs run at the requested count too
        Tensor x1 = Tensor.randn(r, DType.FLOAT32, 1, 16, 32, 32), w1 = Tensor.randn(r, DType.FLOAT32, 32, 16, 3, 3);
        Tensor b1 = Tensor.randn(r, DType.FLOAT32, 32), dout1 = Tensor.randn(r, DType.FLOAT32, 1, 32, 32, 32);
        // the neighbour: a batch of 8 that splits over 2 threads
        Tensor xs = Tensor.randn(r, DType.FLOAT32, 8, 16, 24, 24), ws = Tensor.randn(r, DType.FLOAT32, 16, 16, 3, 3);
        Tensor bs = Tensor.randn(r, DType.FLOAT32, 16), douts = Tensor.randn(r, DType.FLOAT32, 8, 16, 24, 24);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger neighbourCalls = new AtomicInteger();
        Thread neighbour = new Thread(() -> {
            while (!stop.get()) {
                conv(xs, ws, bs, douts);
                neighbourCalls.incrementAndGet();
            }
        }, "split-conv-neighbour");
        try {
            Tuning.convSplitBatch = true;
            NativeConfig.setBlasThreads(1);
            Tensor[] affine1 = affine(x, w, b, dout);
            NativeConfig.setBlasThreads(2);
            Tensor[] affineAlone = affine(x, w, b, dout), convAlone = conv(x1, w1, b1, dout1);
            // precondition: at this size the bits depend on the thread count, so a call that ran at the wrong
            // count shows up (OpenBLAS 0.3.31 here: about two thirds of the outputs differ between 1 and 2 threads)
            assertFalse(same(affine1, affineAlone), "1 and 2 BLAS threads gave the same affine bits");
            assertTrue(BatchSplit.parts(xs.dim(0)) == 2 || !NativeKernels.criticalArraysAreDirect(),
                    "the neighbour conv splits its batch");
            neighbour.start();
            int differ = 0, calls = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((calls < 100 || neighbourCalls.get() < 10) && System.nanoTime() < deadline) {
                if (!same(affine(x, w, b, dout), affineAlone)) differ++;
                if (!same(conv(x1, w1, b1, dout1), convAlone)) differ++;
                calls += 2;
            }
            assertTrue(neighbourCalls.get() > 0, "the neighbour ran");
            assertEquals(0, differ, differ + " of " + calls + " calls beside a splitting conv got other bits than alone");
        } finally {
            stop.set(true);
            neighbour.join();
            Tuning.convSplitBatch = savedSplit;
            NativeConfig.setBlasThreads(before);
        }
    }
}
