package org.convnet4j.layers;

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
        AffineShape s = AffineShape.of(OP, x, w, b);
        int N = s.N(), D = s.D(), M = s.M();
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
        return backward(dout, cache, true);
    }

    @Override
    public AffineGrads backward(Tensor dout, AffineCache cache, boolean needDx) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = cache.x(), w = cache.w(), b = cache.b();
        AffineShape s = AffineShape.of(OP, x, w, b);
        int N = s.N(), D = s.D(), M = s.M();
        Checks.shape(OP, "dout", dout, new int[] {N, M}, "the forward output (N, M)");
        Checks.dtype(OP, "dout", dout, x.dtype());
        double[] xs = x.toDoubleArray(), ws = w.toDoubleArray(), g = dout.toDoubleArray();
        double[] dx = needDx ? new double[N * D] : null, dw = new double[D * M], db = new double[M];
        for (int n = 0; n < N; n++) {
            for (int m = 0; m < M; m++) {
                double gm = g[n * M + m];
                db[m] += gm;
                for (int d = 0; d < D; d++) {
                    if (needDx) dx[n * D + d] += gm * ws[d * M + m];
                    dw[d * M + m] += xs[n * D + d] * gm;
                }
            }
        }
        return new AffineGrads(needDx ? Tensor.of(x.dtype(), dx, x.shape()) : null, Tensor.of(x.dtype(), dw, D, M),
                Tensor.of(x.dtype(), db, M));
    }
}
