package org.convnet4j.fast;

import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
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

    private static ConvPlan plan(ConvShape s, Tensor x) {
        return ConvPlan.of(OP, s.N(), s.C(), s.H(), s.W(), s.F(), s.HH(), s.WW(), s.stride(), s.pad(),
                x.dtype() == org.convnet4j.tensor.DType.FLOAT32 ? Float.BYTES : Double.BYTES, Tuning.convChunkElements,
                NativeStatus.isAvailable() ? ConvPlan.Budget.of(s.N()) : ConvPlan.Budget.UNLIMITED);
    }
}
