package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad sizes, huge sizes and corrupted caches end in exceptions, never in a JVM crash; memory is bounded. */
class NativeSafetyTest extends TestBase {
    private final Conv2dFast conv = new Conv2dFast();
    private final MaxPool2dFast pool = new MaxPool2dFast();

    @BeforeEach
    void needNative() {
        NativeAssume.nativeAvailable();
    }

    @Test
    void badShapesAreIllegalArguments() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 2, 3, 5, 5);
        Tensor w = Tensor.zeros(DType.FLOAT32, 4, 3, 3, 3);
        Tensor b = Tensor.zeros(DType.FLOAT32, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(x.reshape(2, 75), w, b, new ConvParam(1, 1)));
        assertTrue(e.getMessage().contains("conv2d_fast: x must be rank 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> conv.forward(x, Tensor.zeros(DType.FLOAT32, 4, 2, 3, 3), b, new ConvParam(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> conv.forward(x, w, Tensor.zeros(DType.FLOAT64, 4), new ConvParam(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> conv.forward(x, Tensor.zeros(DType.FLOAT32, 4, 3, 9, 9), b, new ConvParam(1, 1)));
        ConvResult r = conv.forward(x, w, b, new ConvParam(1, 1));
        assertThrows(IllegalArgumentException.class, () -> conv.backward(Tensor.zeros(DType.FLOAT32, 2, 4, 5, 4), r.cache()));
        assertThrows(IllegalArgumentException.class, () -> conv.backward(r.out(), null));
        assertThrows(IllegalArgumentException.class, () -> pool.forward(x, new PoolParam(6, 2, 2)));
    }

    @Test
    void hugeAndOverflowingSizesAreIllegalArguments() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 1, 1, 1, 1);
        Tensor w = Tensor.zeros(DType.FLOAT32, 1, 1, 1, 1);
        Tensor b = Tensor.zeros(DType.FLOAT32, 1);
        // Hout*Wout > 2^31: refused before any allocation
        assertThrows(IllegalArgumentException.class, () -> conv.forward(x, w, b, new ConvParam(1, 1 << 29)));
        assertThrows(IllegalArgumentException.class, () -> conv.forward(x, w, b, new ConvParam(1, Integer.MAX_VALUE)));
        // products that overflow long, or GEMM sizes beyond int, straight at the planner
        assertThrows(IllegalArgumentException.class,
                () -> ConvPlan.of("t", 1L << 40, 1L << 40, 1L << 40, 1, 1, 1, 1, 1, 0, 4, 1 << 20, ConvPlan.Budget.UNLIMITED));
        assertThrows(IllegalArgumentException.class,
                () -> ConvPlan.of("t", 1, 1L << 20, 4, 4, 1, 1L << 12, 1, 1, 1L << 11, 4, 1 << 20, ConvPlan.Budget.UNLIMITED));
        assertThrows(IllegalArgumentException.class,
                () -> ConvPlan.of("t", 1, 1, 1, 1, 1, 1, 1, 0, 0, 4, 1, ConvPlan.Budget.UNLIMITED));
    }

    /**
     * Issue 9, kind 6: scratch follows the memory a call may use. One image whose columns do not fit is done in
     * bands of output rows; several images per GEMM shrink to fewer; when even one row does not fit, a
     * NativeMemoryError names the setting before anything is allocated.
     */
    @Test
    void scratchIsPlannedWithinTheBudget() {
        // the conv: x (1, 512, 64, 64), w (32, 512, 3, 3), pad 1, float32: K = 4608, one row 4608 x 64
        long row = 4608L * 64 * 4, dwt = 4608L * 32 * 4, whole = 64 * row + dwt;
        ConvPlan.Budget roomy = new ConvPlan.Budget(1, whole, whole);
        ConvPlan full = ConvPlan.of("t", 1, 512, 64, 64, 32, 3, 3, 1, 1, 4, 1 << 19, roomy);
        assertEquals(64, full.rows());
        assertEquals(whole, full.scratch() * 4);
        // the zero-padded image is kept only when it is no larger than the columns: x (1, 1, 1, 1), 1x1 filter,
        // pad 700, stride 100 has 225 outputs, and a 1401x1401 padded copy would be zeroed every call
        ConvPlan.Budget big = new ConvPlan.Budget(1, 1L << 30, 1L << 30);
        ConvPlan hugePad = ConvPlan.of("t", 1, 1, 1, 1, 1, 1, 1, 100, 700, 4, 1 << 19, big);
        assertTrue(!hugePad.paddedFits() && hugePad.scratch() < 1000, hugePad.toString());
        assertTrue(ConvPlan.of("t", 50, 3, 32, 32, 32, 7, 7, 1, 3, 8, 1 << 19, big).paddedFits(), "S3 float64 keeps it");
        // -Xmx48m: maxBytes 48 MiB, half of it for the call's one thread
        ConvPlan.Budget xmx48 = new ConvPlan.Budget(1, 24L << 20, 24L << 20);
        ConvPlan banded = ConvPlan.of("t", 1, 512, 64, 64, 32, 3, 3, 1, 1, 4, 1 << 19, xmx48);
        assertEquals(((24L << 20) - dwt) / row, banded.rows());
        assertTrue(banded.scratch() * 4 <= 24L << 20 && banded.scratch() * 4 + row > 24L << 20, "as many rows as fit");
        // above the cached cap but within the limit: one row, in a one-off buffer
        ConvPlan oneRow = ConvPlan.of("t", 1, 512, 64, 64, 32, 3, 3, 1, 1, 4, 1 << 19, new ConvPlan.Budget(1, 1000, row + dwt));
        assertEquals(1, oneRow.rows());
        NativeMemoryError e = assertThrows(NativeMemoryError.class, () -> ConvPlan.of("t", 1, 512, 64, 64, 32, 3, 3, 1, 1,
                4, 1 << 19, new ConvPlan.Budget(2, 1000, row + dwt - 1)));
        assertTrue(e.getMessage().contains("-Dorg.bytedeco.javacpp.maxbytes") && e.getMessage().contains("-Xmx")
                && e.getMessage().contains(String.valueOf(row + dwt)), e.getMessage());
        // whole-chunk GEMMs shrink to fewer images when the columns of all of them do not fit
        long saved = Tuning.convGemmImages;
        try {
            Tuning.convGemmImages = 0;
            ConvPlan.Budget small = new ConvPlan.Budget(1, 4L * ((27 + 25) * 256 * 10 + 27 * 25), Long.MAX_VALUE);
            ConvPlan s1 = ConvPlan.of("t", 100, 3, 31, 31, 25, 3, 3, 2, 1, 4, 1 << 19, small);
            assertEquals(10, s1.group());
            assertTrue(s1.chunk() > 10);
        } finally {
            Tuning.convGemmImages = saved;
        }
    }

    @Test
    void kernelsRecheckAndThrowInsteadOfCrashing() {
        try (FloatPointer a = new FloatPointer(16); FloatPointer c = new FloatPointer(16)) {
            // cols needs 1*4*4*1*... elements more than given: the C++ check throws, JavaCPP rethrows
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> NativeKernels.cnn_im2col_f32(a, 16, c, 16, 1, 1, 4, 4, 2, 2, 1, 1));
            assertTrue(e.getMessage().contains("cols buffer too short"), e.getMessage());
            assertThrows(RuntimeException.class, () -> NativeKernels.cnn_im2col_f32(a, 16, c, 1L << 40, 1, 1, 4, 4, 9, 9, 1, 0));
            try (IntPointer am = new IntPointer(4)) {
                am.put(0, 1_000_000);
                assertThrows(RuntimeException.class, () -> NativeKernels.cnn_maxpool_backward_f32(a, 4, am, 4, 0, c, 16, 1));
            }
        }
    }

    @Test
    void gemmGroupFollowsTuning() {
        long saved = Tuning.convGemmImages;
        try {
            Tuning.convGemmImages = 1;
            ConvPlan one = ConvPlan.of("t", 100, 3, 31, 31, 25, 3, 3, 2, 1, 4, 1 << 19, ConvPlan.Budget.UNLIMITED);
            assertEquals(1, one.group());
            assertTrue(one.chunk() > 1, "S1 chunks hold several images");
            Tuning.convGemmImages = 0;
            ConvPlan whole = ConvPlan.of("t", 100, 3, 31, 31, 25, 3, 3, 2, 1, 4, 1 << 19, ConvPlan.Budget.UNLIMITED);
            assertEquals(whole.chunk(), whole.group());
            Tuning.convGemmImages = 1000;
            assertEquals(whole.chunk(), ConvPlan.of("t", 100, 3, 31, 31, 25, 3, 3, 2, 1, 4, 1 << 19, ConvPlan.Budget.UNLIMITED).group());
        } finally {
            Tuning.convGemmImages = saved;
        }
    }

    /**
     * The fused conv-relu-pool entries re-check what Java checked: image range, buffer lengths, scratch, the pool
     * window, and every argmax of the backward against its own image (a corrupted cache throws, never writes).
     */
    @Test
    void convReluPoolEntriesRecheckEverything() {
        // x (2, 1, 4, 4), w (1, 1, 1, 1): conv output (2, 1, 4, 4), 2x2 pool -> (2, 1, 2, 2); scratch K*P + K*F + F*P = 33
        float[] x = new float[32], w = {1}, b = {0}, pooled = new float[8], dout = new float[8], dx = new float[32];
        float[] dw = new float[1], db = new float[1];
        int[] argmax = new int[8];
        try (FloatPointer s = new FloatPointer(64)) {
            IllegalStateException e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_relu_pool_forward_range_f32(x,
                    32, w, 1, b, 1, pooled, 8, argmax, 8, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 2, 2, 2, 1, 2, 0, 1));
            assertTrue(e.getMessage().contains("image range outside the batch"), e.getMessage());
            e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_relu_pool_forward_range_f32(x, 32, w, 1, b, 1, pooled,
                    4, argmax, 8, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 2, 2, 2, 0, 2, 0, 1));
            assertTrue(e.getMessage().contains("pooled or argmax buffer too short"), e.getMessage());
            e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_relu_pool_forward_range_f32(x, 32, w, 1, b, 1, pooled,
                    8, argmax, 8, s.address(), 32, 2, 1, 4, 4, 1, 1, 1, 1, 0, 2, 2, 2, 0, 2, 0, 1));
            assertTrue(e.getMessage().contains("scratch buffer too short"), e.getMessage());
            e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_relu_pool_forward_range_f32(x, 32, w, 1, b, 1, pooled,
                    8, argmax, 8, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 5, 2, 2, 0, 2, 0, 1));
            assertTrue(e.getMessage().contains("pool window must fit"), e.getMessage());
            assertEquals(0, NativeKernels.cnn_conv_relu_pool_forward_range_f32(x, 32, w, 1, b, 1, pooled, 8, argmax, 8,
                    s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 2, 2, 2, 0, 2, 0, 1));
            // image 1's first winner pointing into image 0
            argmax[4] = 3;
            e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_relu_pool_backward_range_f32(x, 32, w, 1, dout, 8,
                    argmax, 8, pooled, 8, dx, 32, dw, 1, db, 1, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 2, 2, 2, 0, 2, 0,
                    1, 1));
            assertTrue(e.getMessage().contains("argmax outside its image"), e.getMessage());
            e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_relu_pool_backward_range_f32(x, 32, w, 1, dout, 8,
                    argmax, 8, pooled, 8, dx, 16, dw, 1, db, 1, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 2, 2, 2, 0, 2, 0,
                    1, 1));
            assertTrue(e.getMessage().contains("dx buffer too short"), e.getMessage());
        }
    }

    @Test
    void wholeBatchEntriesRecheckTheirRange() {
        float[] x = new float[2 * 16], out = new float[2 * 16], w = new float[1], b = new float[1];
        try (FloatPointer s = new FloatPointer(64)) {
            // images [1, 3) of a batch of 2
            IllegalStateException e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_forward_range_f32(
                    x, x.length, w, 1, b, 1, out, out.length, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 1, 2, 1, 4, 0, 0));
            assertTrue(e.getMessage().contains("image range outside the batch"), e.getMessage());
            // x shorter than the batch it claims
            KernelRefusals.refused(() -> NativeKernels.cnn_conv_forward_range_f32(
                    x, 16, w, 1, b, 1, out, out.length, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 0, 2, 1, 4, 0, 0));
            // bands of output rows: within [1, Hout], and only with one image per GEMM
            e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_forward_range_f32(
                    x, x.length, w, 1, b, 1, out, out.length, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 0, 2, 1, 5, 0, 0));
            assertTrue(e.getMessage().contains("band rows must be in [1, Hout]"), e.getMessage());
            // the pixel-major forward takes whole images only, with its own scratch
            e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_forward_range_f32(
                    x, x.length, w, 1, b, 1, out, out.length, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 0, 2, 1, 2, 0, 1));
            assertTrue(e.getMessage().contains("pixel-major path takes whole images"), e.getMessage());
            e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_forward_range_f32(
                    x, x.length, w, 1, b, 1, out, out.length, s.address(), 33, 2, 1, 4, 4, 1, 1, 1, 1, 0, 0, 2, 1, 4, 0, 1));
            assertTrue(e.getMessage().contains("pixel-major path takes whole images"), e.getMessage());
            e = KernelRefusals.refused(() -> NativeKernels.cnn_conv_backward_range_f32(x, x.length, w, 1, out, out.length,
                    new float[32], 32, new float[1], 1, new float[1], 1, s.address(), 64, 2, 1, 4, 4, 1, 1, 1, 1, 0, 0, 2, 2,
                    2, 0, 1, 1));
            assertTrue(e.getMessage().contains("only a single image is done in bands"), e.getMessage());
        }
        int[] argmax = new int[8];
        argmax[5] = 1000;
        KernelRefusals.refused(() -> NativeKernels.cnn_maxpool_backward_range_f32(
                new float[8], 8, argmax, 8, new float[32], 32, new float[0], 0, 2, 16, 4, 0, 2, 1, 0));
        // the relu mask needs the whole batch's forward output
        KernelRefusals.refused(() -> NativeKernels.cnn_maxpool_backward_range_f32(
                new float[8], 8, new int[8], 8, new float[32], 32, new float[4], 4, 2, 16, 4, 0, 2, 1, 1));
        KernelRefusals.refused(() -> NativeKernels.cnn_maxpool_forward_range_f32(
                x, x.length, new float[8], 8, new int[8], 8, 2, 1, 4, 4, 2, 2, 2, 1, 1, 2, 1));
    }

    /**
     * Issue 9: a caller-built cache with a forged argmax (x = [1, 2, 3, 4], 1x1 pool, stride 1) made the fast
     * backward give dx = [0, 1, 1, 2] where the naive one gives [1, 1, 1, 1]. Winners can now only come from
     * MaxPool2dFast.forward, for the cache's own x and param; anything else is refused.
     */
    @Test
    void forgedPoolCachesAreRefused() {
        Tensor x = Tensor.wrap(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        PoolParam p = new PoolParam(1, 1, 1);
        Tensor dout = Tensor.wrap(new double[] {1, 1, 1, 1}, 1, 1, 2, 2);
        Tensor naive = new org.convnet4j.layers.MaxPool2d().backward(dout, new PoolCache(x, p));
        assertArrayEquals(new double[] {1, 1, 1, 1}, naive.toDoubleArray());
        // a cache built by hand carries no winners: the fast backward finds them itself and agrees
        assertArrayEquals(naive.toDoubleArray(), pool.backward(dout, new PoolCache(x, p)).toDoubleArray());
        PoolCache.Winners forged = () -> "general";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.backward(dout, new PoolCache(x, p, forged)));
        assertTrue(e.getMessage().contains("max_pool_fast: cache winners must come from MaxPool2dFast.forward"),
                e.getMessage());
        // genuine winners, but of another x (same shape and values) or another param
        PoolResult r = pool.forward(x, p);
        assertArrayEquals(naive.toDoubleArray(), pool.backward(dout, r.cache()).toDoubleArray());
        e = assertThrows(IllegalArgumentException.class,
                () -> pool.backward(dout, new PoolCache(x.copy(), p, r.cache().winners())));
        assertTrue(e.getMessage().contains("another x"), e.getMessage());
        Tensor x4 = Tensor.randn(new Rng(1), DType.FLOAT64, 1, 1, 4, 4);
        PoolResult r4 = pool.forward(x4, new PoolParam(2, 2, 1));
        e = assertThrows(IllegalArgumentException.class, () -> pool.backward(Tensor.zeros(DType.FLOAT64, 1, 1, 2, 2),
                new PoolCache(x4, PoolParam.twoByTwo(), r4.cache().winners())));
        assertTrue(e.getMessage().contains("PoolParam[height=2, width=2, stride=1]"), e.getMessage());
        // the strategy is the winners' own: a cache cannot claim "tiled" for windows that do not tile
        assertEquals("general", r4.cache().strategy());
        assertEquals("naive", new PoolCache(x4, PoolParam.twoByTwo()).strategy());
    }

    /** Backward into a caller's dx: a dx of the wrong shape, dtype or storage is refused, naming what was expected. */
    @Test
    void backwardIntoABadDxIsRefused() {
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT32, 2, 3, 4, 4);
        PoolResult r = pool.forward(x, PoolParam.twoByTwo());
        Tensor dout = Tensor.randn(new Rng(2), DType.FLOAT32, 2, 3, 2, 2);
        for (org.convnet4j.layers.PoolOp op : new org.convnet4j.layers.PoolOp[] {pool, new org.convnet4j.layers.MaxPool2d()}) {
            String name = op.getClass().getSimpleName();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> op.backward(dout, r.cache(), Tensor.zeros(DType.FLOAT32, 2, 3, 4, 5)), name);
            assertTrue(e.getMessage().contains("dx must have shape [2, 3, 4, 4]") && e.getMessage().contains("got [2, 3, 4, 5]"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> op.backwardRelu(dout, r.cache(), Tensor.zeros(DType.FLOAT64, 2, 3, 4, 4)), name);
            assertTrue(e.getMessage().contains("dx must be FLOAT32") && e.getMessage().contains("got FLOAT64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> op.backward(dout, r.cache(), null), name);
            assertTrue(e.getMessage().contains("dx"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> op.backward(dout, r.cache(), x.reshape(2, 3, 4, 4)), name);
            assertTrue(e.getMessage().contains("dx and x must not share storage"), e.getMessage());
            PoolResult r1 = pool.forward(x, new PoolParam(1, 1, 1)); // dout shaped like x
            Tensor dout1 = Tensor.randn(new Rng(3), DType.FLOAT32, 2, 3, 4, 4);
            e = assertThrows(IllegalArgumentException.class, () -> op.backward(dout1, r1.cache(), dout1.reshape(2, 3, 4, 4)),
                    name);
            assertTrue(e.getMessage().contains("dx and dout must not share storage"), e.getMessage());
            if (op == pool) { // the native twin reads the relu mask from the forward output as it writes dx
                e = assertThrows(IllegalArgumentException.class,
                        () -> op.backwardRelu(dout1, r1.cache(), r1.out().reshape(2, 3, 4, 4)), name);
                assertTrue(e.getMessage().contains("dx and the forward output must not share storage"), e.getMessage());
            }
            // a good dx, holding junk, comes back overwritten with the values of a new dx
            Tensor dx = Tensor.full(Double.NaN, DType.FLOAT32, 2, 3, 4, 4);
            assertSame(dx, op.backward(dout, r.cache(), dx));
            assertTrue(dx.contentEquals(op.backward(dout, r.cache())), name);
        }
    }

    @Test
    void workspacesAreReusedAndReleased() {
        NativeKernels.releaseWorkspaces();
        long baseline = NativeKernels.javacppTotalBytes();
        assertEquals(0, NativeKernels.workspaceBytes());
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 4, 3, 16, 16), w = Tensor.randn(rng, DType.FLOAT32, 8, 3, 3, 3);
        Tensor b = Tensor.randn(rng, DType.FLOAT32, 8);
        Tensor xd = x.as(DType.FLOAT64);
        long afterFirst = -1;
        for (int it = 0; it < 5; it++) {
            ConvResult r = conv.forward(x, w, b, new ConvParam(1, 1));
            conv.backward(r.out(), r.cache());
            ConvResult rd = conv.forward(xd, w.as(DType.FLOAT64), b.as(DType.FLOAT64), new ConvParam(1, 1));
            conv.backward(rd.out(), rd.cache());
            PoolResult p = pool.forward(x, PoolParam.twoByTwo());
            pool.backward(p.out(), p.cache());
            long now = NativeKernels.javacppTotalBytes();
            if (it == 0) afterFirst = now;
            else assertEquals(afterFirst, now, "native bytes grew on iteration " + it);
        }
        assertTrue(NativeConfig.workspaceBytes() > 0);
        assertTrue(NativeConfig.workspaceBytes() <= Tuning.workspaceCapBytes);
        NativeConfig.releaseWorkspaces();
        assertEquals(0, NativeConfig.workspaceBytes());
        assertEquals(baseline, NativeKernels.javacppTotalBytes());
    }

    @Test
    void workspacesOfEndedThreadsAreFreed() throws InterruptedException {
        NativeConfig.releaseWorkspaces();
        System.gc();
        long baseline = NativeKernels.javacppTotalBytes();
        Rng rng = new Rng(4);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 8, 3, 32, 32), w = Tensor.randn(rng, DType.FLOAT32, 32, 3, 7, 7);
        Tensor b = Tensor.randn(rng, DType.FLOAT32, 32);
        boolean saved = Tuning.convSplitBatch;
        Tuning.convSplitBatch = false; // no BatchSplit helpers: their long-lived workspaces would stay, rightly
        try {
            for (int k = 0; k < 8; k++) { // like a pool that keeps replacing its threads
                Thread t = new Thread(() -> conv.forward(x, w, b, new ConvParam(1, 3)));
                t.start();
                t.join();
            }
        } finally {
            Tuning.convSplitBatch = saved;
        }
        assertTrue(NativeKernels.javacppTotalBytes() > baseline, "the threads' workspaces were allocated");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (NativeKernels.javacppTotalBytes() > baseline && System.nanoTime() < deadline) {
            System.gc(); // the dead threads' workspaces are unreachable: JavaCPP frees their memory once collected
            Thread.sleep(50);
        }
        assertEquals(baseline, NativeKernels.javacppTotalBytes(), "native bytes after the threads ended");
        assertEquals(0, NativeConfig.workspaceBytes());
    }

    @Test
    void requestsAboveTheCapUseOneOffBuffers() {
        NativeKernels.releaseWorkspaces();
        long baseline = NativeKernels.javacppTotalBytes();
        long saved = Tuning.workspaceCapBytes;
        Tuning.workspaceCapBytes = 1024;
        try {
            Rng rng = new Rng(4);
            Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3, 8, 8), w = Tensor.randn(rng, DType.FLOAT64, 2, 3, 3, 3);
            ConvResult r = conv.forward(x, w, Tensor.zeros(DType.FLOAT64, 2), new ConvParam(1, 1));
            conv.backward(r.out(), r.cache());
            assertEquals(0, NativeKernels.workspaceBytes());
            assertEquals(baseline, NativeKernels.javacppTotalBytes());
        } finally {
            Tuning.workspaceCapBytes = saved;
        }
    }
}
