package org.convnet4j.layers;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Naive fully connected layer ({@code affine_forward} / {@code affine_backward} of CS231n
 * {@code layers.py}). Each example's trailing axes are flattened row-major into a vector of length D.
 *
 * <pre>
 * x: (N, d1, ..., dk), w: (D, M), b: (M),  D = d1 * ... * dk
 * out[n, m] = b[m] + sum_d x[n, d] * w[d, m]                 out: (N, M)
 * dx[n, d]  = sum_m dout[n, m] * w[d, m]    (then reshaped like x)
 * dw[d, m]  = sum_n x[n, d] * dout[n, m]
 * db[m]     = sum_n dout[n, m]
 * </pre>
 *
 * Accumulates in double for both dtypes. Stateless and thread-safe.
 */
public final class Affine implements AffineOp {
    private static final String OP = "affine";

    @Override
    public AffineResult forward(Tensor x, Tensor w, Tensor b) {
        int[] nd = dims(x, w, b);
        int N = nd[0], D = nd[1], M = nd[2];
        double[] xs = x.toDoubleArray(), ws = w.toDoubleArray();
        double[] out = new double[N * M];
        for (int n = 0; n < N; n++) {
            for (int m = 0; m < M; m++) {
                double sum = b.getFlat(m);
                for (int d = 0; d < D; d++) sum += xs[n * D + d] * ws[d * M + m];
                out[n * M + m] = sum;
            }
        }
        return new AffineResult(Tensor.of(x.dtype(), out, N, M), new AffineCache(x, w, b));
    }

    @Override
    public AffineGrads backward(Tensor dout, AffineCache cache) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = cache.x(), w = cache.w(), b = cache.b();
        int[] nd = dims(x, w, b);
        int N = nd[0], D = nd[1], M = nd[2];
        Checks.shape(OP, "dout", dout, new int[] {N, M}, "the forward output (N, M)");
        Checks.dtype(OP, "dout", dout, x.dtype());
        double[] xs = x.toDoubleArray(), ws = w.toDoubleArray(), g = dout.toDoubleArray();
        double[] dx = new double[N * D], dw = new double[D * M], db = new double[M];
        for (int n = 0; n < N; n++) {
            for (int m = 0; m < M; m++) {
                double gm = g[n * M + m];
                db[m] += gm;
                for (int d = 0; d < D; d++) {
                    dx[n * D + d] += gm * ws[d * M + m];
                    dw[d * M + m] += xs[n * D + d] * gm;
                }
            }
        }
        return new AffineGrads(Tensor.of(x.dtype(), dx, x.shape()), Tensor.of(x.dtype(), dw, D, M),
                Tensor.of(x.dtype(), db, M));
    }

    /** Validates the inputs and returns {@code {N, D, M}}. */
    static int[] dims(Tensor x, Tensor w, Tensor b) {
        Checks.notNull(OP, "x", x);
        if (x.rank() < 2) {
            throw new IllegalArgumentException(OP + ": x must be rank >= 2 (N, d1, ..., dk), got "
                    + Arrays.toString(x.shape()));
        }
        Checks.rank(OP, "w", w, 2, "D, M");
        Checks.rank(OP, "b", b, 1, "M");
        Checks.dtype(OP, "w", w, x.dtype());
        Checks.dtype(OP, "b", b, x.dtype());
        if (x.size() == 0 || w.size() == 0) {
            throw new IllegalArgumentException(OP + ": x and w dims must be > 0, got x " + Arrays.toString(x.shape())
                    + ", w " + Arrays.toString(w.shape()));
        }
        int N = x.dim(0);
        int D = x.size() / N;
        if (w.dim(0) != D) {
            throw new IllegalArgumentException(OP + ": w must have D=" + D + " rows (d1*...*dk of x "
                    + Arrays.toString(x.shape()) + "), got w " + Arrays.toString(w.shape()));
        }
        int M = w.dim(1);
        if (b.dim(0) != M) {
            throw new IllegalArgumentException(OP + ": b must have shape [" + M + "] (one bias per output, M of w "
                    + Arrays.toString(w.shape()) + "), got " + Arrays.toString(b.shape()));
        }
        return new int[] {N, D, M};
    }
}
