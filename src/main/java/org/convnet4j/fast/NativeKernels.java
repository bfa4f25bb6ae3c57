package org.convnet4j.fast;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.CriticalRegion;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * The JavaCPP peer of the {@code cnn_} kernels in {@code native/include/cnn/} and the only class of the
 * library that touches {@code org.bytedeco.*}. It inherits the OpenBLAS preset, so loading it preloads
 * {@code libopenblas} from the {@code org.bytedeco:openblas} platform jar.
 *
 * <p><b>Boundary.</b> Callers ({@link Conv2dFast}, {@link MaxPool2dFast}, {@link AffineFast},
 * {@link ReluFast}) validate every shape first. Convolution and max pooling then run on the Java arrays themselves: their peers are
 * {@code @CriticalRegion} methods with array arguments, so HotSpot hands the kernel the array memory without
 * a copy, and only im2col scratch lives in a native workspace. Why: staging each chunk through the workspace
 * (copy x in, copy out back) cost about as much as the whole S1 kernel, and for the memory-bound pool it was
 * most of the time. The price is that the GC is held off while a call runs, so each call covers one batch
 * chunk ({@link Tuning#convChunkElements}, {@link Tuning#poolChunkElements}) and the GC can run between
 * calls. The affine layer (one GEMM per product, one call) and the ReLU (one call per
 * {@link Tuning#eltwiseChunkElements}) work the same way.
 * Element counts are always passed explicitly and re-checked by the kernels; inside a critical region a
 * refusal comes back as a status code, thrown as {@link IllegalStateException} after the region ends.
 *
 * <p><b>Workspaces.</b> Each thread has one native workspace (a float and a double buffer),
 * grown to the largest chunk it has seen and never beyond {@link Tuning#workspaceCapBytes}; a request
 * above the cap gets a one-off buffer freed before the call returns. {@link ConvPlan} sizes each call's
 * scratch to fit the cap and half of JavaCPP's {@code maxBytes}; if JavaCPP still refuses an allocation
 * (other threads hold the memory), the idle workspaces of other threads are freed and it is tried once more,
 * then a {@link NativeMemoryError} names the limits. {@link NativeConfig#releaseWorkspaces()}
 * frees every thread's workspace (a thread busy in a kernel is waited for); {@link NativeConfig#workspaceBytes()}
 * reports what is held. A thread's workspace is also freed after the thread ends, once the GC collects it. Kernel calls from different threads run in parallel on their own workspaces.
 *
 * <p><b>Threads.</b> With more than one BLAS thread requested ({@link NativeConfig#setBlasThreads}), a
 * convolution splits its batch over that many threads ({@link BatchSplit}), each running one-thread GEMMs
 * on its own workspace; the other kernels use OpenBLAS's thread pool. Splits and the other BLAS calls never
 * overlap ({@link NativeConfig}), so no call runs at the thread count another set. If you also parallelise
 * over the batch in Java, set BLAS threads to 1 — not both.
 */
@Properties(inherit = org.bytedeco.openblas.presets.openblas_nolapack.class,
        target = "org.convnet4j.fast.NativeKernels",
        value = @Platform(compiler = "cpp11",
                include = {"cnn/common.h", "cnn/im2col.h", "cnn/conv.h", "cnn/pool.h", "cnn/affine.h",
                        "cnn/relu.h", "cnn/blas_info.h"}))
public final class NativeKernels {
    static {
        Loader.load();
    }

    private NativeKernels() {}

    /** Forces the class (and so the native library) to load; throws what loading threw. */
    static void ensureLoaded() {
        // class initialisation above did the work
    }

    // ---- the native peers (package-private: the public API never exposes Pointers) ----

    static native void cnn_im2col_f32(@Cast("const float*") FloatPointer x, long xLen, FloatPointer cols, long colsLen,
            long N, long C, long H, long W, long HH, long WW, long stride, long pad);
    static native void cnn_im2col_f64(@Cast("const double*") DoublePointer x, long xLen, DoublePointer cols,
            long colsLen, long N, long C, long H, long W, long HH, long WW, long stride, long pad);
    static native void cnn_col2im_f32(@Cast("const float*") FloatPointer cols, long colsLen, FloatPointer dx, long dxLen,
            long N, long C, long H, long W, long HH, long WW, long stride, long pad);
    static native void cnn_col2im_f64(@Cast("const double*") DoublePointer cols, long colsLen, DoublePointer dx,
            long dxLen, long N, long C, long H, long W, long HH, long WW, long stride, long pad);

    static native long cnn_conv_scratch_len(long N, long C, long H, long W, long F, long HH, long WW, long stride,
            long pad, long rows);

    static native void cnn_conv_forward_f32(@Cast("const float*") FloatPointer x, long xLen,
            @Cast("const float*") FloatPointer w, long wLen, @Cast("const float*") FloatPointer b, long bLen,
            FloatPointer out, long outLen, FloatPointer scratch, long scratchLen,
            long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad);
    static native void cnn_conv_forward_f64(@Cast("const double*") DoublePointer x, long xLen,
            @Cast("const double*") DoublePointer w, long wLen, @Cast("const double*") DoublePointer b, long bLen,
            DoublePointer out, long outLen, DoublePointer scratch, long scratchLen,
            long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad);
    static native void cnn_conv_backward_f32(@Cast("const float*") FloatPointer x, long xLen,
            @Cast("const float*") FloatPointer w, long wLen, @Cast("const float*") FloatPointer dout, long doutLen,
            FloatPointer dx, long dxLen, FloatPointer dw, long dwLen, FloatPointer db, long dbLen,
            FloatPointer scratch, long scratchLen,
            long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad, int accumulate);
    static native void cnn_conv_backward_f64(@Cast("const double*") DoublePointer x, long xLen,
            @Cast("const double*") DoublePointer w, long wLen, @Cast("const double*") DoublePointer dout, long doutLen,
            DoublePointer dx, long dxLen, DoublePointer dw, long dwLen, DoublePointer db, long dbLen,
            DoublePointer scratch, long scratchLen,
            long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad, int accumulate);

    static native void cnn_maxpool_forward_f32(@Cast("const float*") FloatPointer x, long xLen, FloatPointer out,
            long outLen, IntPointer argmax, long argmaxLen, long base, long N, long C, long H, long W, long PH, long PW,
            long stride, int tiled);
    static native void cnn_maxpool_forward_f64(@Cast("const double*") DoublePointer x, long xLen, DoublePointer out,
            long outLen, IntPointer argmax, long argmaxLen, long base, long N, long C, long H, long W, long PH, long PW,
            long stride, int tiled);
    static native void cnn_maxpool_backward_f32(@Cast("const float*") FloatPointer dout, long doutLen,
            @Cast("const int32_t*") IntPointer argmax, long argmaxLen, long base, FloatPointer dx, long dxLen,
            long outCount);
    static native void cnn_maxpool_backward_f64(@Cast("const double*") DoublePointer dout, long doutLen,
            @Cast("const int32_t*") IntPointer argmax, long argmaxLen, long base, DoublePointer dx, long dxLen,
            long outCount);

    // Whole-batch entry points on Java arrays held in a JNI critical region (no copies); see the class doc.
    // They return 0, or non-zero with the message kept for cnn_last_error() (see check). The scratch goes
    // in as a raw address (see address): a Pointer argument makes JavaCPP read its fields through JNI
    // after taking the arrays, and JNI allows no other JNI call inside a critical region.
    @CriticalRegion
    static native int cnn_conv_forward_range_f32(@Cast("const float*") float[] x, long xLen,
            @Cast("const float*") float[] w, long wLen, @Cast("const float*") float[] b, long bLen, float[] out,
            long outLen, @Cast("float*") long scratch, long scratchLen, long N, long C, long H, long W, long F,
            long HH, long WW, long stride, long pad, long first, long count, long group, long rows, int relu,
            int pixelMajor);
    @CriticalRegion
    static native int cnn_conv_forward_range_f64(@Cast("const double*") double[] x, long xLen,
            @Cast("const double*") double[] w, long wLen, @Cast("const double*") double[] b, long bLen, double[] out,
            long outLen, @Cast("double*") long scratch, long scratchLen, long N, long C, long H, long W, long F, long HH,
            long WW, long stride, long pad, long first, long count, long group, long rows, int relu, int pixelMajor);
    @CriticalRegion
    static native int cnn_conv_backward_range_f32(@Cast("const float*") float[] x, long xLen,
            @Cast("const float*") float[] w, long wLen, @Cast("const float*") float[] dout, long doutLen, float[] dx,
            long dxLen, float[] dw, long dwLen, float[] db, long dbLen, @Cast("float*") long scratch, long scratchLen,
            long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad, long first, long count,
            long group, long rows, int accumulate, int dxZeroed, int needDx);
    @CriticalRegion
    static native int cnn_conv_backward_range_f64(@Cast("const double*") double[] x, long xLen,
            @Cast("const double*") double[] w, long wLen, @Cast("const double*") double[] dout, long doutLen,
            double[] dx, long dxLen, double[] dw, long dwLen, double[] db, long dbLen, @Cast("double*") long scratch,
            long scratchLen, long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad, long first,
            long count, long group, long rows, int accumulate, int dxZeroed, int needDx);
    @CriticalRegion
    static native int cnn_conv_relu_pool_forward_range_f32(@Cast("const float*") float[] x, long xLen,
            @Cast("const float*") float[] w, long wLen, @Cast("const float*") float[] b, long bLen, float[] pooled,
            long pooledLen, @Cast("int32_t*") int[] argmax, long argmaxLen, @Cast("float*") long scratch,
            long scratchLen, long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad, long PH,
            long PW, long pstride, long first, long count, int pixelMajor, int simd);
    @CriticalRegion
    static native int cnn_conv_relu_pool_forward_range_f64(@Cast("const double*") double[] x, long xLen,
            @Cast("const double*") double[] w, long wLen, @Cast("const double*") double[] b, long bLen, double[] pooled,
            long pooledLen, @Cast("int32_t*") int[] argmax, long argmaxLen, @Cast("double*") long scratch,
            long scratchLen, long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad, long PH,
            long PW, long pstride, long first, long count, int pixelMajor, int simd);
    @CriticalRegion
    static native int cnn_conv_relu_pool_backward_range_f32(@Cast("const float*") float[] x, long xLen,
            @Cast("const float*") float[] w, long wLen, @Cast("const float*") float[] dout, long doutLen,
            @Cast("const int32_t*") int[] argmax, long argmaxLen, @Cast("const float*") float[] pooled, long pooledLen,
            float[] dx, long dxLen, float[] dw, long dwLen, float[] db, long dbLen, @Cast("float*") long scratch,
            long scratchLen, long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad, long PH,
            long PW, long pstride, long first, long count, int accumulate, int dxZeroed, int needDx);
    @CriticalRegion
    static native int cnn_conv_relu_pool_backward_range_f64(@Cast("const double*") double[] x, long xLen,
            @Cast("const double*") double[] w, long wLen, @Cast("const double*") double[] dout, long doutLen,
            @Cast("const int32_t*") int[] argmax, long argmaxLen, @Cast("const double*") double[] pooled,
            long pooledLen, double[] dx, long dxLen, double[] dw, long dwLen, double[] db, long dbLen,
            @Cast("double*") long scratch, long scratchLen, long N, long C, long H, long W, long F, long HH, long WW,
            long stride, long pad, long PH, long PW, long pstride, long first, long count, int accumulate,
            int dxZeroed, int needDx);
    static native int cnn_pool_avx2_available();
    @CriticalRegion
    static native int cnn_maxpool_forward_range_f32(@Cast("const float*") float[] x, long xLen, float[] out,
            long outLen, @Cast("int32_t*") int[] argmax, long argmaxLen, long N, long C, long H, long W, long PH,
            long PW, long stride, int tiled, long first, long count, int simd);
    @CriticalRegion
    static native int cnn_maxpool_forward_range_f64(@Cast("const double*") double[] x, long xLen, double[] out,
            long outLen, @Cast("int32_t*") int[] argmax, long argmaxLen, long N, long C, long H, long W, long PH,
            long PW, long stride, int tiled, long first, long count, int simd);
    @CriticalRegion
    static native int cnn_maxpool_backward_range_f32(@Cast("const float*") float[] dout, long doutLen,
            @Cast("const int32_t*") int[] argmax, long argmaxLen, float[] dx, long dxLen,
            @Cast("const float*") float[] reluOut, long reluOutLen, long N, long img, long oimg, long first, long count,
            int dxZeroed, int relu);
    @CriticalRegion
    static native int cnn_maxpool_backward_range_f64(@Cast("const double*") double[] dout, long doutLen,
            @Cast("const int32_t*") int[] argmax, long argmaxLen, double[] dx, long dxLen,
            @Cast("const double*") double[] reluOut, long reluOutLen, long N, long img, long oimg, long first,
            long count, int dxZeroed, int relu);

    @CriticalRegion
    static native int cnn_affine_forward_f32(@Cast("const float*") float[] x, long xLen,
            @Cast("const float*") float[] w, long wLen, @Cast("const float*") float[] b, long bLen, float[] out,
            long outLen, long N, long D, long M);
    @CriticalRegion
    static native int cnn_affine_forward_f64(@Cast("const double*") double[] x, long xLen,
            @Cast("const double*") double[] w, long wLen, @Cast("const double*") double[] b, long bLen, double[] out,
            long outLen, long N, long D, long M);
    @CriticalRegion
    static native int cnn_affine_backward_f32(@Cast("const float*") float[] x, long xLen,
            @Cast("const float*") float[] w, long wLen, @Cast("const float*") float[] dout, long doutLen, float[] dx,
            long dxLen, float[] dw, long dwLen, float[] db, long dbLen, long N, long D, long M, int needDx);
    @CriticalRegion
    static native int cnn_affine_backward_f64(@Cast("const double*") double[] x, long xLen,
            @Cast("const double*") double[] w, long wLen, @Cast("const double*") double[] dout, long doutLen,
            double[] dx, long dxLen, double[] dw, long dwLen, double[] db, long dbLen, long N, long D, long M,
            int needDx);

    @CriticalRegion
    static native int cnn_relu_forward_range_f32(@Cast("const float*") float[] x, long xLen, float[] out, long outLen,
            long first, long count);
    @CriticalRegion
    static native int cnn_relu_forward_range_f64(@Cast("const double*") double[] x, long xLen, double[] out,
            long outLen, long first, long count);
    @CriticalRegion
    static native int cnn_relu_backward_range_f32(@Cast("const float*") float[] x, long xLen,
            @Cast("const float*") float[] dout, long doutLen, float[] dx, long dxLen, long first, long count);
    @CriticalRegion
    static native int cnn_relu_backward_range_f64(@Cast("const double*") double[] x, long xLen,
            @Cast("const double*") double[] dout, long doutLen, double[] dx, long dxLen, long first, long count);

    static native @Cast("const char*") String cnn_last_error();

    @CriticalRegion
    static native int cnn_critical_views_alias(@Cast("const int32_t*") int[] a, @Cast("const int32_t*") int[] b);

    /**
     * Whether this JVM hands native code the Java arrays themselves in critical regions (HotSpot does) rather
     * than copies (JNI allows copies; {@code -Xcheck:jni} makes them). A batch split has several threads
     * write disjoint parts of one output array at once; with copies, each thread's release would write its
     * whole, partly stale copy back over the others' parts, so {@link BatchSplit} does not split then.
     */
    static boolean criticalArraysAreDirect() {
        return Direct.VALUE;
    }

    private static final class Direct {
        static final boolean VALUE = probe();

        private static boolean probe() {
            int[] a = new int[1];
            return cnn_critical_views_alias(a, a) == 1;
        }
    }

    static native void cnn_blas_set_threads(int n);
    static native int cnn_blas_get_threads();
    static native @Cast("const char*") String cnn_blas_config();
    static native @Cast("const char*") String cnn_blas_corename();

    // ---- workspaces ----

    // Weak: a workspace goes with its thread. Once a thread ends, its ThreadLocal value is unreachable, the GC
    // clears it from here and JavaCPP frees the native memory of its unreachable Pointers, so a thread pool
    // that keeps replacing threads does not pile up workspaces (each up to Tuning.workspaceCapBytes).
    private static final Set<Workspace> LIVE =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** See {@link NativeConfig#releaseWorkspaces()} (the public entry, safe without the native library). */
    static void releaseWorkspaces() {
        for (Workspace ws : live()) ws.free();
    }

    /** See {@link NativeConfig#workspaceBytes()}. */
    static long workspaceBytes() {
        long sum = 0;
        for (Workspace ws : live()) sum += ws.bytes();
        return sum;
    }

    private static List<Workspace> live() {
        synchronized (LIVE) {
            return new ArrayList<>(LIVE);
        }
    }

    /** JavaCPP's count of native bytes it has allocated and not yet freed (all of JavaCPP, not just us). */
    static long javacppTotalBytes() {
        return Pointer.totalBytes();
    }

    /** JavaCPP's cap on {@link #javacppTotalBytes()} ({@code org.bytedeco.javacpp.maxbytes}; 0 or less: none). */
    static long javacppMaxBytes() {
        return Pointer.maxBytes();
    }

    /** Frees the cached workspaces no thread is using right now, except {@code keep}. */
    private static void releaseIdleWorkspaces(Workspace keep) {
        for (Workspace ws : live()) {
            if (ws != keep && ws.lock.tryLock()) {
                try {
                    ws.free();
                } finally {
                    ws.lock.unlock();
                }
            }
        }
    }

    /** One thread's grow-only buffers: the im2col scratch of the conv kernels, float and double. */
    private static final class Workspace {
        private final ReentrantLock lock = new ReentrantLock();
        private FloatPointer f;
        private DoublePointer d;

        Lease lease() {
            lock.lock();
            LIVE.add(this);
            return new Lease(this);
        }

        long bytes() {
            lock.lock();
            try {
                return held();
            } finally {
                lock.unlock();
            }
        }

        private long held() {
            return (f == null ? 0 : f.capacity() * 4) + (d == null ? 0 : d.capacity() * 8);
        }

        void free() {
            lock.lock();
            try {
                if (f != null) f.close();
                if (d != null) d.close();
                f = null;
                d = null;
                LIVE.remove(this);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Exclusive use of the calling thread's workspace for one kernel call; closes a one-off buffer. */
    private static final class Lease implements AutoCloseable {
        private static final int SLACK_BYTES = 64; // room to start the scratch on a cache line
        private final Workspace ws;
        private Pointer oneOff;

        Lease(Workspace ws) {
            this.ws = ws;
        }

        /** The 64-byte aligned address of a scratch of {@code n} floats. */
        long floats(long n) {
            return alignedAddress(grow(ws.f, n, 4, FloatPointer::new, p -> ws.f = p));
        }

        /** The 64-byte aligned address of a scratch of {@code n} doubles. */
        long doubles(long n) {
            return alignedAddress(grow(ws.d, n, 8, DoublePointer::new, p -> ws.d = p));
        }

        private static long alignedAddress(Pointer p) {
            return Math.addExact(p.address(), SLACK_BYTES - 1) & -SLACK_BYTES;
        }

        /**
         * The cached buffer when it holds {@code n} elements (plus alignment slack); else a bigger cached
         * one when that stays within the cap; else a one-off buffer freed with this lease.
         */
        private <P extends Pointer> P grow(P cached, long n, int elementBytes, java.util.function.LongFunction<P> alloc,
                java.util.function.Consumer<P> store) {
            long want = Math.addExact(n, SLACK_BYTES / elementBytes);
            if (cached != null && cached.capacity() >= want) return cached;
            long cur = cached == null ? 0 : cached.capacity() * elementBytes;
            if (ws.held() - cur + Math.multiplyExact(want, (long) elementBytes) <= Tuning.workspaceCapBytes) {
                if (cached != null) cached.close();
                store.accept(null); // no closed pointer left behind if the allocation below fails
                P p = allocate(alloc, want, elementBytes);
                store.accept(p);
                return p;
            }
            P t = allocate(alloc, want, elementBytes);
            oneOff = t;
            return t;
        }

        /**
         * JavaCPP refuses an allocation beyond its limits with OutOfMemoryError (after collecting garbage and
         * retrying). Then the idle workspaces of other threads are freed and it is tried once more; a second
         * refusal becomes a {@link NativeMemoryError} that names the limits.
         */
        private <P extends Pointer> P allocate(java.util.function.LongFunction<P> alloc, long want, int elementBytes) {
            try {
                return alloc.apply(want);
            } catch (OutOfMemoryError first) {
                releaseIdleWorkspaces(ws);
                try {
                    return alloc.apply(want);
                } catch (OutOfMemoryError e) {
                    // the workspaces' size without their locks (another thread may hold its lock and be here too)
                    long held = 0;
                    for (Workspace w : live()) held += w.held();
                    throw NativeMemoryError.allocation(want * elementBytes, Pointer.maxBytes(), Pointer.maxPhysicalBytes(),
                            Pointer.totalBytes(), held, e);
                }
            }
        }

        @Override
        public void close() {
            try {
                if (oneOff != null) oneOff.close();
            } finally {
                ws.lock.unlock();
            }
        }
    }

    /**
     * The critical-region entry points return a status instead of throwing (a Java exception must not be
     * built inside the region); a non-zero status becomes this exception once the arrays are released. Java
     * validated every size first, so this only fires on a bug in the glue.
     */
    static void check(int status) {
        if (status != 0) throw new IllegalStateException("native kernel refused the call: " + cnn_last_error());
    }

    // ---- convolution glue ----
    //
    // Measured on S1 (float64, 1 BLAS thread; ratios from one run, see the commit log): staging every
    // chunk through the workspace (put x, get out) cost about as much as the kernel itself, so conv and
    // pool now run on the Java arrays inside a JNI critical region (@CriticalRegion: HotSpot hands out the
    // array itself, no copy). Only the im2col scratch lives in the native workspace. The GC is held off
    // while a call runs, so each call covers at most ConvPlan.chunk images (bounded by
    // Tuning.convChunkElements), and the GC can run between calls.

    /**
     * out = conv(x, w, b), or max(0, conv(x, w, b)) with {@code relu}; all tensors validated by the caller,
     * {@code out} freshly allocated.
     */
    static void convForward(ConvPlan pl, Tensor x, Tensor w, Tensor b, Tensor out, boolean relu) {
        int parts = pl.parts();
        if (parts == 1) {
            NativeConfig.enterThreaded();
            try {
                convForwardRange(pl, x, w, b, out, 0, pl.N(), relu);
            } finally {
                NativeConfig.exitThreaded();
            }
        } else {
            BatchSplit.run(pl.N(), parts, (k, first, count) -> convForwardRange(pl, x, w, b, out, first, count, relu));
        }
    }

    /** Forward of images [first, first + count), one native call per chunk, on this thread's workspace. */
    private static void convForwardRange(ConvPlan pl, Tensor x, Tensor w, Tensor b, Tensor out, long first,
                                         long count, boolean relu) {
        int r = relu ? 1 : 0, pm = pl.pixelMajor() ? 1 : 0;
        int chunk = pl.chunk(), group = pl.group();
        long sLen = pl.scratch(), rows = pl.rows(), end = first + count;
        try (Lease lease = WORKSPACE.get().lease()) {
            if (x.dtype() == DType.FLOAT32) {
                long scratch = lease.floats(sLen);
                float[] xa = x.data32(), wa = w.data32(), ba = b.data32(), oa = out.data32();
                for (long n0 = first; n0 < end; n0 += chunk) {
                    long nb = Math.min(chunk, end - n0);
                    check(cnn_conv_forward_range_f32(xa, xa.length, wa, wa.length, ba, ba.length, oa, oa.length, scratch, sLen,
                            pl.N(), pl.C(), pl.H(), pl.W(), pl.F(), pl.HH(), pl.WW(), pl.stride(), pl.pad(), n0, nb,
                            group, rows, r, pm));
                }
            } else {
                long scratch = lease.doubles(sLen);
                double[] xa = x.data64(), wa = w.data64(), ba = b.data64(), oa = out.data64();
                for (long n0 = first; n0 < end; n0 += chunk) {
                    long nb = Math.min(chunk, end - n0);
                    check(cnn_conv_forward_range_f64(xa, xa.length, wa, wa.length, ba, ba.length, oa, oa.length, scratch, sLen,
                            pl.N(), pl.C(), pl.H(), pl.W(), pl.F(), pl.HH(), pl.WW(), pl.stride(), pl.pad(), n0, nb,
                            group, rows, r, pm));
                }
            }
        }
    }

    /**
     * dx, dw, db of a convolution; the gradient tensors are freshly allocated (so zero) by the caller, and dx is
     * null when it is not wanted (then neither its GEMM nor col2im runs). When the batch is split, part 0 writes dw/db and every other part its own small (F*K + F) partial, summed
     * here in part order afterwards (so the result does not depend on timing).
     */
    static void convBackward(ConvPlan pl, Tensor x, Tensor w, Tensor dout, Tensor dx, Tensor dw, Tensor db) {
        int parts = pl.parts();
        if (parts == 1) {
            NativeConfig.enterThreaded();
            try {
                convBackwardRange(pl, x, w, dout, dx, dw, db, 0, pl.N());
            } finally {
                NativeConfig.exitThreaded();
            }
            return;
        }
        Tensor[] pdw = new Tensor[parts], pdb = new Tensor[parts];
        pdw[0] = dw;
        pdb[0] = db;
        for (int k = 1; k < parts; k++) {
            pdw[k] = dw.zerosLike();
            pdb[k] = db.zerosLike();
        }
        BatchSplit.run(pl.N(), parts,
                (k, first, count) -> convBackwardRange(pl, x, w, dout, dx, pdw[k], pdb[k], first, count));
        for (int k = 1; k < parts; k++) {
            addInto(dw, pdw[k]);
            addInto(db, pdb[k]);
        }
    }

    private static void addInto(Tensor acc, Tensor t) {
        if (acc.dtype() == DType.FLOAT32) {
            float[] a = acc.data32(), v = t.data32();
            for (int i = 0; i < a.length; i++) a[i] += v[i];
        } else {
            double[] a = acc.data64(), v = t.data64();
            for (int i = 0; i < a.length; i++) a[i] += v[i];
        }
    }

    /** Backward of images [first, first + count): dx of those images, and their dw/db written (not added). */
    private static void convBackwardRange(ConvPlan pl, Tensor x, Tensor w, Tensor dout, Tensor dx, Tensor dw,
                                          Tensor db, long first, long count) {
        int chunk = pl.chunk(), group = pl.group(), needDx = dx == null ? 0 : 1;
        long sLen = pl.scratch(), rows = pl.rows(), end = first + count;
        try (Lease lease = WORKSPACE.get().lease()) {
            if (x.dtype() == DType.FLOAT32) {
                long scratch = lease.floats(sLen);
                float[] xa = x.data32(), wa = w.data32(), ga = dout.data32(), dxa = dx == null ? NO_FLOATS : dx.data32(),
                        dwa = dw.data32(), dba = db.data32();
                for (long n0 = first; n0 < end; n0 += chunk) {
                    long nb = Math.min(chunk, end - n0);
                    check(cnn_conv_backward_range_f32(xa, xa.length, wa, wa.length, ga, ga.length, dxa, dxa.length, dwa,
                            dwa.length, dba, dba.length, scratch, sLen, pl.N(), pl.C(), pl.H(), pl.W(), pl.F(), pl.HH(),
                            pl.WW(), pl.stride(), pl.pad(), n0, nb, group, rows, n0 == first ? 0 : 1, 1, needDx));
                }
            } else {
                long scratch = lease.doubles(sLen);
                double[] xa = x.data64(), wa = w.data64(), ga = dout.data64(),
                        dxa = dx == null ? NO_DOUBLES : dx.data64(), dwa = dw.data64(), dba = db.data64();
                for (long n0 = first; n0 < end; n0 += chunk) {
                    long nb = Math.min(chunk, end - n0);
                    check(cnn_conv_backward_range_f64(xa, xa.length, wa, wa.length, ga, ga.length, dxa, dxa.length, dwa,
                            dwa.length, dba, dba.length, scratch, sLen, pl.N(), pl.C(), pl.H(), pl.W(), pl.F(), pl.HH(),
                            pl.WW(), pl.stride(), pl.pad(), n0, nb, group, rows, n0 == first ? 0 : 1, 1, needDx));
                }
            }
        }
    }

    // ---- conv-relu-pool glue ----
    // As the conv glue, one image per native loop step; the image's conv output lives in the scratch only
    // (ConvPlan.pooledScratch). The pool's sizes are validated by Conv2dFast.

    /** pooled = maxpool(relu(conv(x))) and argmax (flat offsets into the conv output); tensors fresh from the caller. */
    static void convReluPoolForward(ConvPlan pl, int PH, int PW, int pstride, Tensor x, Tensor w, Tensor b,
                                    Tensor pooled, int[] argmax) {
        int simd = Tuning.poolAvx2 ? 1 : 0;
        BatchSplit.Part range = (k, first, count) -> {
            long sLen = pl.pooledScratch();
            try (Lease lease = WORKSPACE.get().lease()) {
                if (x.dtype() == DType.FLOAT32) {
                    long scratch = lease.floats(sLen);
                    float[] xa = x.data32(), wa = w.data32(), ba = b.data32(), oa = pooled.data32();
                    for (long n0 = first; n0 < first + count; n0 += pl.chunk()) {
                        check(cnn_conv_relu_pool_forward_range_f32(xa, xa.length, wa, wa.length, ba, ba.length, oa,
                                oa.length, argmax, argmax.length, scratch, sLen, pl.N(), pl.C(), pl.H(), pl.W(), pl.F(),
                                pl.HH(), pl.WW(), pl.stride(), pl.pad(), PH, PW, pstride, n0,
                                Math.min(pl.chunk(), first + count - n0), pl.pixelMajor() ? 1 : 0, simd));
                    }
                } else {
                    long scratch = lease.doubles(sLen);
                    double[] xa = x.data64(), wa = w.data64(), ba = b.data64(), oa = pooled.data64();
                    for (long n0 = first; n0 < first + count; n0 += pl.chunk()) {
                        check(cnn_conv_relu_pool_forward_range_f64(xa, xa.length, wa, wa.length, ba, ba.length, oa,
                                oa.length, argmax, argmax.length, scratch, sLen, pl.N(), pl.C(), pl.H(), pl.W(), pl.F(),
                                pl.HH(), pl.WW(), pl.stride(), pl.pad(), PH, PW, pstride, n0,
                                Math.min(pl.chunk(), first + count - n0), pl.pixelMajor() ? 1 : 0, simd));
                    }
                }
            }
        };
        runConv(pl, range);
    }

    /**
     * dx (null: not wanted), dw, db of conv-relu-pool from the pooled output's gradient, the forward's argmax and
     * pooled output (the ReLU's mask); gradient tensors fresh from the caller. Split batches sum dw and db per part
     * in part order, as {@link #convBackward}.
     */
    static void convReluPoolBackward(ConvPlan pl, int PH, int PW, int pstride, Tensor x, Tensor w, Tensor dout,
                                     int[] argmax, Tensor pooled, Tensor dx, Tensor dw, Tensor db) {
        int parts = pl.parts();
        Tensor[] pdw = new Tensor[parts], pdb = new Tensor[parts];
        pdw[0] = dw;
        pdb[0] = db;
        for (int k = 1; k < parts; k++) {
            pdw[k] = dw.zerosLike();
            pdb[k] = db.zerosLike();
        }
        int needDx = dx == null ? 0 : 1;
        BatchSplit.Part range = (k, first, count) -> {
            long sLen = pl.pooledScratch();
            try (Lease lease = WORKSPACE.get().lease()) {
                if (x.dtype() == DType.FLOAT32) {
                    long scratch = lease.floats(sLen);
                    float[] xa = x.data32(), wa = w.data32(), ga = dout.data32(), pa = pooled.data32(),
                            dxa = dx == null ? NO_FLOATS : dx.data32(), dwa = pdw[k].data32(), dba = pdb[k].data32();
                    for (long n0 = first; n0 < first + count; n0 += pl.chunk()) {
                        check(cnn_conv_relu_pool_backward_range_f32(xa, xa.length, wa, wa.length, ga, ga.length, argmax,
                                argmax.length, pa, pa.length, dxa, dxa.length, dwa, dwa.length, dba, dba.length, scratch,
                                sLen, pl.N(), pl.C(), pl.H(), pl.W(), pl.F(), pl.HH(), pl.WW(), pl.stride(), pl.pad(),
                                PH, PW, pstride, n0, Math.min(pl.chunk(), first + count - n0), n0 == first ? 0 : 1, 1,
                                needDx));
                    }
                } else {
                    long scratch = lease.doubles(sLen);
                    double[] xa = x.data64(), wa = w.data64(), ga = dout.data64(), pa = pooled.data64(),
                            dxa = dx == null ? NO_DOUBLES : dx.data64(), dwa = pdw[k].data64(), dba = pdb[k].data64();
                    for (long n0 = first; n0 < first + count; n0 += pl.chunk()) {
                        check(cnn_conv_relu_pool_backward_range_f64(xa, xa.length, wa, wa.length, ga, ga.length, argmax,
                                argmax.length, pa, pa.length, dxa, dxa.length, dwa, dwa.length, dba, dba.length, scratch,
                                sLen, pl.N(), pl.C(), pl.H(), pl.W(), pl.F(), pl.HH(), pl.WW(), pl.stride(), pl.pad(),
                                PH, PW, pstride, n0, Math.min(pl.chunk(), first + count - n0), n0 == first ? 0 : 1, 1,
                                needDx));
                    }
                }
            }
        };
        runConv(pl, range);
        for (int k = 1; k < parts; k++) {
            addInto(dw, pdw[k]);
            addInto(db, pdb[k]);
        }
    }

    /** Runs a conv range over the whole batch: on this thread at the requested BLAS count, or split ({@link BatchSplit}). */
    private static void runConv(ConvPlan pl, BatchSplit.Part range) {
        if (pl.parts() == 1) {
            NativeConfig.enterThreaded();
            try {
                range.run(0, 0, pl.N());
            } finally {
                NativeConfig.exitThreaded();
            }
        } else {
            BatchSplit.run(pl.N(), pl.parts(), range);
        }
    }

    /** Stand-ins for a gradient that is not computed: JNI gets a real (empty) array, never null. */
    private static final float[] NO_FLOATS = new float[0];
    private static final double[] NO_DOUBLES = new double[0];

    // ---- max-pool glue ----
    // No workspace at all: the kernels read and write the Java arrays in critical regions, one call per
    // Tuning.poolChunkElements of input. With more than one thread configured, a big batch is split into image
    // ranges on the helper threads (each image's outputs are its own, so the bits do not depend on the split).

    /** Threads a pool over {@code N} images of {@code img} elements is split over (1 below the threshold). */
    private static int poolParts(int N, long img) {
        if (!criticalArraysAreDirect()) return 1; // parts write one shared array: only safe on the array itself
        return Math.min(N, Parallel.parts((long) N * img, Tuning.poolParallelMinElements));
    }

    /** Runs {@code range} over images [0, N), split into {@code parts} contiguous ranges. */
    private static void poolSplit(int N, int parts, BatchSplit.Part range) {
        if (parts == 1) range.run(0, 0, N);
        else BatchSplit.runUnpinned(N, parts, range);
    }

    /** Forward over chunks of whole images; {@code argmax} gets flat offsets into x. */
    static void poolForward(int N, int C, int H, int W, int PH, int PW, int stride, int Hout, int Wout, boolean tiled,
                            Tensor x, Tensor out, int[] argmax) {
        long img = (long) C * H * W;
        int chunk = (int) Math.max(1, Math.min(N, Tuning.poolChunkElements / img));
        int simd = Tuning.poolAvx2 ? 1 : 0;
        poolSplit(N, poolParts(N, img), (k, first, count) -> {
            long end = first + count;
            if (x.dtype() == DType.FLOAT32) {
                float[] xa = x.data32(), oa = out.data32();
                for (long n0 = first; n0 < end; n0 += chunk) {
                    check(cnn_maxpool_forward_range_f32(xa, xa.length, oa, oa.length, argmax, argmax.length, N, C, H, W,
                            PH, PW, stride, tiled ? 1 : 0, n0, Math.min(chunk, end - n0), simd));
                }
            } else {
                double[] xa = x.data64(), oa = out.data64();
                for (long n0 = first; n0 < end; n0 += chunk) {
                    check(cnn_maxpool_forward_range_f64(xa, xa.length, oa, oa.length, argmax, argmax.length, N, C, H, W,
                            PH, PW, stride, tiled ? 1 : 0, n0, Math.min(chunk, end - n0), simd));
                }
            }
        });
    }

    /**
     * dx from dout and argmax (flat offsets into x, checked natively): {@code dxZeroed} when dx is freshly
     * allocated (already zero), else the kernel zeroes each image just before scattering into it. With
     * {@code reluOut} (the forward output, when x was a ReLU's output) it is also the ReLU's backward: windows
     * whose maximum is not &gt; 0 send 0.
     */
    static void poolBackward(int N, long img, long oimg, Tensor dout, int[] argmax, Tensor dx, Tensor reluOut,
                             boolean dxZeroed) {
        int chunk = (int) Math.max(1, Math.min(N, Tuning.poolChunkElements / img));
        int relu = reluOut == null ? 0 : 1, zeroed = dxZeroed ? 1 : 0;
        poolSplit(N, poolParts(N, img), (k, first, count) -> {
            long end = first + count;
            if (dout.dtype() == DType.FLOAT32) {
                float[] ga = dout.data32(), dxa = dx.data32(), ra = reluOut == null ? NO_FLOATS : reluOut.data32();
                for (long n0 = first; n0 < end; n0 += chunk) {
                    check(cnn_maxpool_backward_range_f32(ga, ga.length, argmax, argmax.length, dxa, dxa.length, ra,
                            ra.length, N, img, oimg, n0, Math.min(chunk, end - n0), zeroed, relu));
                }
            } else {
                double[] ga = dout.data64(), dxa = dx.data64(), ra = reluOut == null ? NO_DOUBLES : reluOut.data64();
                for (long n0 = first; n0 < end; n0 += chunk) {
                    check(cnn_maxpool_backward_range_f64(ga, ga.length, argmax, argmax.length, dxa, dxa.length, ra,
                            ra.length, N, img, oimg, n0, Math.min(chunk, end - n0), zeroed, relu));
                }
            }
        });
    }

    // ---- affine glue ----

    /**
     * out (N, M) = x (N, D) * w (D, M) + b on the Java arrays (critical region, no copies, no workspace);
     * sizes validated by {@link AffineFast}, {@code out} freshly allocated. One call: a fully connected
     * layer is a single GEMM, so the GC is held off for about that long. Measured on the ThreeLayerConvNet
     * hidden layer (x (50, 8192), w (8192, 100), 1 BLAS thread) against staging copies through the
     * workspace: float32 forward 1.29-1.39 vs 1.50-1.55 ms, backward 2.76-2.84 vs 2.98-3.58 ms; float64
     * backward 5.9 vs 7.1 ms.
     */
    static void affineForward(long N, long D, long M, Tensor x, Tensor w, Tensor b, Tensor out) {
        NativeConfig.enterThreaded();
        try {
            if (x.dtype() == DType.FLOAT32) {
                float[] xa = x.data32(), wa = w.data32(), ba = b.data32(), oa = out.data32();
                check(cnn_affine_forward_f32(xa, xa.length, wa, wa.length, ba, ba.length, oa, oa.length, N, D, M));
            } else {
                double[] xa = x.data64(), wa = w.data64(), ba = b.data64(), oa = out.data64();
                check(cnn_affine_forward_f64(xa, xa.length, wa, wa.length, ba, ba.length, oa, oa.length, N, D, M));
            }
        } finally {
            NativeConfig.exitThreaded();
        }
    }

    /**
     * dx (N, D), dw (D, M), db (M) of an affine layer, written into the caller's fresh tensors; dx null skips
     * its GEMM.
     */
    static void affineBackward(long N, long D, long M, Tensor x, Tensor w, Tensor dout, Tensor dx, Tensor dw,
                               Tensor db) {
        int needDx = dx == null ? 0 : 1;
        NativeConfig.enterThreaded();
        try {
            if (x.dtype() == DType.FLOAT32) {
                float[] xa = x.data32(), wa = w.data32(), ga = dout.data32();
                float[] dxa = dx == null ? NO_FLOATS : dx.data32(), dwa = dw.data32(), dba = db.data32();
                check(cnn_affine_backward_f32(xa, xa.length, wa, wa.length, ga, ga.length, dxa, dxa.length, dwa,
                        dwa.length, dba, dba.length, N, D, M, needDx));
            } else {
                double[] xa = x.data64(), wa = w.data64(), ga = dout.data64();
                double[] dxa = dx == null ? NO_DOUBLES : dx.data64(), dwa = dw.data64(), dba = db.data64();
                check(cnn_affine_backward_f64(xa, xa.length, wa, wa.length, ga, ga.length, dxa, dxa.length, dwa,
                        dwa.length, dba, dba.length, N, D, M, needDx));
            }
        } finally {
            NativeConfig.exitThreaded();
        }
    }

    // ---- ReLU glue ----
    // On the Java arrays in critical regions, Tuning.eltwiseChunkElements elements per call.

    /** out = max(0, x); same size and dtype checked by {@link ReluFast}, {@code out} freshly allocated. */
    static void reluForward(Tensor x, Tensor out) {
        long n = x.size(), chunk = Math.max(1, Tuning.eltwiseChunkElements);
        if (x.dtype() == DType.FLOAT32) {
            float[] xa = x.data32(), oa = out.data32();
            for (long i = 0; i < n; i += chunk) {
                check(cnn_relu_forward_range_f32(xa, xa.length, oa, oa.length, i, Math.min(chunk, n - i)));
            }
        } else {
            double[] xa = x.data64(), oa = out.data64();
            for (long i = 0; i < n; i += chunk) {
                check(cnn_relu_forward_range_f64(xa, xa.length, oa, oa.length, i, Math.min(chunk, n - i)));
            }
        }
    }

    /** dx = dout where x &gt; 0, else 0; sizes and dtypes checked by {@link ReluFast}. */
    static void reluBackward(Tensor x, Tensor dout, Tensor dx) {
        long n = x.size(), chunk = Math.max(1, Tuning.eltwiseChunkElements);
        if (x.dtype() == DType.FLOAT32) {
            float[] xa = x.data32(), ga = dout.data32(), dxa = dx.data32();
            for (long i = 0; i < n; i += chunk) {
                check(cnn_relu_backward_range_f32(xa, xa.length, ga, ga.length, dxa, dxa.length, i, Math.min(chunk, n - i)));
            }
        } else {
            double[] xa = x.data64(), ga = dout.data64(), dxa = dx.data64();
            for (long i = 0; i < n; i += chunk) {
                check(cnn_relu_backward_range_f64(xa, xa.length, ga, ga.length, dxa, dxa.length, i, Math.min(chunk, n - i)));
            }
        }
    }

    // ---- BLAS and versions ----

    static void setBlasThreads(int n) {
        cnn_blas_set_threads(n);
    }

    static int getBlasThreads() {
        return cnn_blas_get_threads();
    }

    static String blasConfig() {
        return cnn_blas_config();
    }

    static String blasCorename() {
        return cnn_blas_corename();
    }

    /**
     * Loader facts that must be available even when the native library failed to load: a nested class is
     * initialised separately, so using it does not trigger {@code Loader.load()} of the outer class.
     */
    static final class Env {
        private Env() {}

        static String platform() {
            return Loader.getPlatform();
        }

        static String javacppVersion() {
            return version(null, null);
        }

        static String openblasVersion() {
            return version("org.bytedeco", "openblas");
        }

        /** Our own version, or null if unknown. */
        static String ourVersion() {
            String v = org.convnet4j.Version.get();
            return "unknown".equals(v) ? null : v;
        }

        private static String version(String group, String artifact) {
            try {
                return group == null ? Loader.getVersion() : Loader.getVersion(group, artifact);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** Resource path of our JNI library for this platform. */
        static String expectedResource() {
            return "/org/convnet4j/fast/" + platform() + "/" + System.mapLibraryName("jniNativeKernels");
        }

        static boolean resourcePresent() {
            return NativeKernels.class.getResource(expectedResource()) != null;
        }

        /** Whether the OpenBLAS preset's JNI library for this platform is on the class path. */
        static boolean openblasPresent(String platform) {
            return NativeKernels.class.getResource("/org/bytedeco/openblas/" + platform + "/"
                    + System.mapLibraryName("jniopenblas_nolapack")) != null;
        }

        /** Whether JavaCPP's own JNI library for this platform is on the class path. */
        static boolean javacppPresent(String platform) {
            return NativeKernels.class.getResource("/org/bytedeco/javacpp/" + platform + "/"
                    + System.mapLibraryName("jnijavacpp")) != null;
        }
    }
}
