package org.convnet4j.fast;

import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvPoolCache;
import org.convnet4j.layers.ConvPoolResult;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolShape;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.ConvShape;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Native convolution, the twin of {@link org.convnet4j.layers.Conv2d} (CS231n {@code conv_forward_fast} /
 * {@code conv_backward_fast}): same arguments, same results (to rounding), same exceptions.
 *
 * <pre>
 * x: (N, C, H, W), w: (F, C, HH, WW), b: (F)  ->  out: (N, F, Hout, Wout)
 * Hout = 1 + (H + 2*pad - HH) / stride,  Wout = 1 + (W + 2*pad - WW) / stride   (floored)
 * forward:  cols = im2col(x) (K = C*HH*WW rows, N*Hout*Wout columns);  out = w(F, K) * cols + b
 * backward: db = sum of dout;  dw = dout(F, L) * cols^T;  dx = col2im(w^T * dout(F, L))
 * </pre>
 *
 * Strategy: the batch is processed in chunks whose working set fits {@link Tuning#convChunkElements}, one
 * native call per chunk on the Java arrays themselves (no staging copies, see {@link NativeKernels}); inside
 * a chunk, {@code sgemm}/{@code dgemm} runs per image by default ({@link Tuning#convGemmImages}), writing
 * NCHW output directly; the im2col columns live in a per-thread native workspace reused across calls. With
 * more than one BLAS thread the batch is split over that many threads ({@link Tuning#convSplitBatch}).
 * It wins as soon as the GEMM is not tiny
 * ({@link Tuning#autoConvMinMacs}); below that the JNI round trip dominates. Float32 accumulates in
 * float (GEMM), so it differs from the naive path (which accumulates in double) by rounding.
 *
 * <p>Fused paths, each giving the bits of the layers one by one on this op: {@link #forwardRelu} applies the ReLU
 * to each image's output right after its GEMM; {@link #forwardReluPool} keeps each image's output in the native
 * scratch and pools it there (the whole output is never allocated), and {@link #backwardReluPool} scatters the
 * pooled gradient into the scratch for that image's GEMMs; {@code backward(dout, cache, false)} skips dx (its GEMM
 * and col2im). Measured alternatives that did not win on ThreeLayerConvNet's S3 (C++, one thread, thread CPU time,
 * loaded 2-core machine, Haswell kernel): the transposed orientation (an (Hout*Wout, F) result from patch-major
 * columns, then a blocked transpose) was 8% faster in float32 only and 5-25% slower for S1, S4 and float64;
 * several images per GEMM were slower (group 2-10: 9.5-10.4 vs 9.4 ms forward); keeping every image's columns from
 * the forward for the backward (30 MB for S3) made the dw GEMM read them from memory (8.8 ms against 7.1 ms to
 * redo im2col and the GEMM from cache).
 *
 * <p>Native memory: a call's im2col scratch stays within {@link Tuning#workspaceCapBytes} per thread and, with
 * all its threads, within half of JavaCPP's {@code maxBytes} (by default the {@code -Xmx} heap size). An image
 * whose columns would not fit is done in bands of output rows; only when one row does not fit is a
 * {@link NativeMemoryError} thrown (before any allocation), naming the setting to raise.
 *
 * <p>Stateless and thread-safe. Every size is validated in Java before the native call; sizes whose
 * products overflow, or whose GEMM dimensions do not fit in int, throw {@link IllegalArgumentException}.
 * Throws {@link IllegalStateException} (with {@link NativeStatus#describe()}) if the native library is
 * unavailable.
 */
public final class Conv2dFast implements ConvOp {
    private static final String OP = "conv2d_fast";

    @Override
    public ConvResult forward(Tensor x, Tensor w, Tensor b, ConvParam param) {
        return forward(x, w, b, param, false);
    }

    /** The ReLU is applied to each image's output right after its GEMM, while it is in cache. */
    @Override
    public ConvResult forwardRelu(Tensor x, Tensor w, Tensor b, ConvParam param) {
        return forward(x, w, b, param, true);
    }

    private ConvResult forward(Tensor x, Tensor w, Tensor b, ConvParam param, boolean relu) {
        ConvShape s = ConvShape.of(OP, x, w, b, param);
        ConvPlan plan = plan(s, x);
        NativeStatus.require(OP);
        Tensor out = Tensor.zeros(x.dtype(), s.outShape());
        NativeKernels.convForward(plan, x, w, b, out, relu);
        return new ConvResult(out, new ConvCache(x, w, b, param));
    }

    @Override
    public ConvGrads backward(Tensor dout, ConvCache cache) {
        return backward(dout, cache, true);
    }

    /** Without dx (null), neither the column-gradient GEMM nor col2im runs; dw and db are the same bits. */
    @Override
    public ConvGrads backward(Tensor dout, ConvCache cache, boolean needDx) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = cache.x(), w = cache.w(), b = cache.b();
        ConvShape s = ConvShape.of(OP, x, w, b, cache.param());
        s.checkDout(OP, dout, x);
        ConvPlan plan = plan(s, x);
        NativeStatus.require(OP);
        Tensor dx = needDx ? x.zerosLike() : null, dw = w.zerosLike(), db = b.zerosLike();
        NativeKernels.convBackward(plan, x, w, dout, dx, dw, db);
        return new ConvGrads(dx, dw, db);
    }

    /**
     * What a fused conv-relu-pool forward found, for this very x, w, b and parameters: each window's winner as a
     * flat offset into the convolution output it never made (as {@link MaxPool2dFast} records them), and the pooled
     * output, whose sign is the ReLU's mask.
     */
    private static final class Pooled implements ConvPoolCache.Pooled {
        private final Tensor x, w, b, out;
        private final ConvParam convParam;
        private final PoolParam poolParam;
        private final int[] argmax;

        Pooled(Tensor x, Tensor w, Tensor b, ConvParam convParam, PoolParam poolParam, int[] argmax, Tensor out) {
            this.x = x;
            this.w = w;
            this.b = b;
            this.convParam = convParam;
            this.poolParam = poolParam;
            this.argmax = argmax;
            this.out = out;
        }
    }

    /**
     * Fused: each image's convolution output stays in the native scratch, where the bias, the ReLU and the max pool
     * are applied while it is in cache; the (N, F, Hout, Wout) output is never made, so neither its allocation nor
     * the pool's pass over it happen. Any {@code pool} computes the same max pool, so this op pools itself. When the
     * fused scratch does not fit the native memory budget, it runs layer by layer ({@link ConvOp}'s default).
     */
    @Override
    public ConvPoolResult forwardReluPool(Tensor x, Tensor w, Tensor b, ConvParam convParam, PoolOp pool,
                                          PoolParam poolParam) {
        Checks.notNull(OP, "pool", pool);
        ConvShape s = ConvShape.of(OP, x, w, b, convParam);
        PoolShape q = PoolShape.of(OP, s.outShape(), poolParam);
        ConvPlan plan = plan(s, x);
        NativeStatus.require(OP);
        if (!plan.poolFits()) return ConvOp.super.forwardReluPool(x, w, b, convParam, pool, poolParam);
        Tensor out = Tensor.zeros(x.dtype(), q.outShape());
        int[] argmax = new int[out.size()];
        NativeKernels.convReluPoolForward(plan, q.PH(), q.PW(), q.stride(), x, w, b, out, argmax);
        return new ConvPoolResult(out, new ConvPoolCache(new ConvCache(x, w, b, convParam), poolParam, null,
                new Pooled(x, w, b, convParam, poolParam, argmax, out)));
    }

    /**
     * The fused backward: each image's convolution-output gradient is scattered from dout into the native scratch
     * (the pool's and the ReLU's backward) and the image's dw, db and dx are computed from it there. A cache of the
     * layer-by-layer forward runs layer by layer.
     *
     * @throws IllegalArgumentException as {@link ConvOp#backwardReluPool}, or for fused findings this class did not
     *     make or made for another x, w, b or parameters than the cache's
     */
    @Override
    public ConvGrads backwardReluPool(Tensor dout, ConvPoolCache cache, PoolOp pool, boolean needDx) {
        Checks.notNull(OP, "cache", cache);
        if (cache.pooled() == null) return ConvOp.super.backwardReluPool(dout, cache, pool, needDx);
        if (!(cache.pooled() instanceof Pooled f)) {
            throw new IllegalArgumentException(OP + ": fused conv-relu-pool findings must come from"
                    + " Conv2dFast.forwardReluPool, got " + cache.pooled().getClass().getName());
        }
        ConvCache c = Checks.notNull(OP, "cache.conv", cache.conv());
        if (f.x != c.x() || f.w != c.w() || f.b != c.b() || !f.convParam.equals(c.param())
                || !f.poolParam.equals(cache.poolParam())) {
            throw new IllegalArgumentException(OP + ": the fused findings were made for other inputs or parameters"
                    + " than the cache holds (x " + c.x() + ", " + c.param() + ", " + cache.poolParam() + ")");
        }
        ConvShape s = ConvShape.of(OP, c.x(), c.w(), c.b(), c.param());
        PoolShape q = PoolShape.of(OP, s.outShape(), cache.poolParam());
        Checks.shape(OP, "dout", dout, q.outShape(), "the pooled output (N, F, PHout, PWout)");
        Checks.dtype(OP, "dout", dout, c.x().dtype());
        ConvPlan plan = plan(s, c.x());
        NativeStatus.require(OP);
        if (!plan.poolFits()) return backward(unpool(dout, f, s), c, needDx); // the budget changed since the forward
        Tensor dx = needDx ? c.x().zerosLike() : null, dw = c.w().zerosLike(), db = c.b().zerosLike();
        NativeKernels.convReluPoolBackward(plan, q.PH(), q.PW(), q.stride(), c.x(), c.w(), dout, f.argmax, f.out, dx, dw,
                db);
        return new ConvGrads(dx, dw, db);
    }

    /** The convolution output's gradient the fused backward makes per image, as one tensor (same sums, same order). */
    private static Tensor unpool(Tensor dout, Pooled f, ConvShape s) {
        Tensor g = Tensor.zeros(dout.dtype(), s.outShape());
        for (int k = 0; k < f.argmax.length; k++) {
            if (f.out.getFlat(k) > 0) g.addFlat(f.argmax[k], dout.getFlat(k));
        }
        return g;
    }

    private static ConvPlan plan(ConvShape s, Tensor x) {
        return ConvPlan.of(OP, s.N(), s.C(), s.H(), s.W(), s.F(), s.HH(), s.WW(), s.stride(), s.pad(),
                x.dtype() == org.convnet4j.tensor.DType.FLOAT32 ? Float.BYTES : Double.BYTES, Tuning.convChunkElements,
                NativeStatus.isAvailable() ? ConvPlan.Budget.of(s.N()) : ConvPlan.Budget.UNLIMITED);
    }
}
