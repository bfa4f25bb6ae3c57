package org.convnet4j.fast;

import org.convnet4j.layers.AffineCache;
import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.AffineShape;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Native fully connected layer, the twin of {@link org.convnet4j.layers.Affine} (CS231n
 * {@code affine_forward} / {@code affine_backward}): same arguments, same results (to rounding), same
 * exceptions. Each example's trailing axes are flattened row-major into a vector of length D.
 *
 * <pre>
 * x: (N, d1, ..., dk), w: (D, M), b: (M),  D = d1 * ... * dk   ->  out: (N, M)
 * forward:  out = x(N, D) * w + b                       (one sgemm/dgemm, bias pre-loaded, beta = 1)
 * backward: dx = dout * w^T (reshaped like x);  dw = x(N, D)^T * dout;  db = sum over n of dout
 * </pre>
 *
 * Float32 accumulates in float (GEMM), so it differs from the naive path (which accumulates in double)
 * by rounding. Stateless and thread-safe. Every size is validated in Java before the native call: sizes are
 * computed in {@code long}, and N, D, M and every element count must fit in a 32-bit int (BLAS
 * {@code blasint} and Java arrays), else {@link IllegalArgumentException}. Throws
 * {@link IllegalStateException} (with {@link NativeStatus#describe()}) if the native library is unavailable.
 */
public final class AffineFast implements AffineOp {
    private static final String OP = "affine_fast";

    @Override
    public AffineResult forward(Tensor x, Tensor w, Tensor b) {
        long[] d = dims(x, w, b);
        NativeStatus.require(OP);
        Tensor out = Tensor.zeros(x.dtype(), (int) d[0], (int) d[2]);
        NativeKernels.affineForward(d[0], d[1], d[2], x, w, b, out);
        return new AffineResult(out, new AffineCache(x, w, b));
    }

    @Override
    public AffineGrads backward(Tensor dout, AffineCache cache) {
        return backward(dout, cache, true);
    }

    /** Without dx (null), its GEMM does not run; dw and db are the same bits. */
    @Override
    public AffineGrads backward(Tensor dout, AffineCache cache, boolean needDx) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = cache.x(), w = cache.w(), b = cache.b();
        long[] d = dims(x, w, b);
        Checks.notNull(OP, "dout", dout);
        Checks.shape(OP, "dout", dout, new int[] {(int) d[0], (int) d[2]}, "the forward output (N, M)");
        Checks.dtype(OP, "dout", dout, x.dtype());
        NativeStatus.require(OP);
        Tensor dx = needDx ? x.zerosLike() : null, dw = w.zerosLike(), db = b.zerosLike();
        NativeKernels.affineBackward(d[0], d[1], d[2], x, w, dout, dx, dw, db);
        return new AffineGrads(dx, dw, db);
    }

    /** Validates the inputs like the naive layer ({@link AffineShape}) and returns {@code {N, D, M}} as planned. */
    static long[] dims(Tensor x, Tensor w, Tensor b) {
        AffineShape s = AffineShape.of(OP, x, w, b);
        return plan(OP, s.N(), s.D(), s.M());
    }

    /**
     * Checks, in {@code long}, that an (N, D) x (D, M) affine fits GEMM's 32-bit sizes and Java arrays:
     * N, D, M and the element counts N*D, D*M, N*M must all be in [1, Integer.MAX_VALUE].
     */
    static long[] plan(String op, long N, long D, long M) {
        if (N <= 0 || D <= 0 || M <= 0) {
            throw new IllegalArgumentException(op + ": sizes must be > 0, got N=" + N + " D=" + D + " M=" + M);
        }
        try {
            fitsInt(op, "N", N);
            fitsInt(op, "D", D);
            fitsInt(op, "M", M);
            fitsInt(op, "N*D", Math.multiplyExact(N, D));
            fitsInt(op, "D*M", Math.multiplyExact(D, M));
            fitsInt(op, "N*M", Math.multiplyExact(N, M));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(op + ": size product overflows (N=" + N + " D=" + D + " M=" + M + ")", e);
        }
        return new long[] {N, D, M};
    }

    private static void fitsInt(String op, String what, long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + what + " = " + v + " does not fit in a 32-bit int");
        }
    }
}
