package org.convnet4j.layers;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Naive convolution, the reference for every faster path ({@code conv_forward_naive} /
 * {@code conv_backward_naive} of CS231n {@code layers.py}).
 *
 * <pre>
 * x: (N, C, H, W), w: (F, C, HH, WW), b: (F)
 * out[n, f, i, j] = b[f] + sum_{c, p, q} xpad[n, c, i*stride + p, j*stride + q] * w[f, c, p, q]
 * Hout = 1 + (H + 2*pad - HH) / stride,  Wout = 1 + (W + 2*pad - WW) / stride   (floored)
 * </pre>
 *
 * where {@code xpad} is x with {@code pad} zeros on each side of H and W. Loops are written for clarity
 * and accumulate in double for both dtypes. The padding zeros are multiplied like any other value, so
 * non-finite values propagate as in NumPy's {@code np.pad} + {@code np.sum} (an infinite weight on a padded
 * position gives NaN). Stateless and thread-safe.
 */
public final class Conv2d implements ConvOp {
    private static final String OP = "conv";

    @Override
    public ConvResult forward(Tensor x, Tensor w, Tensor b, ConvParam param) {
        ConvShape s = ConvShape.of(OP, x, w, b, param);
        Tensor out = Tensor.zeros(x.dtype(), s.outShape());
        for (int n = 0; n < s.N(); n++) {
            for (int f = 0; f < s.F(); f++) {
                for (int i = 0; i < s.Hout(); i++) {
                    for (int j = 0; j < s.Wout(); j++) {
                        double sum = b.getFlat(f);
                        for (int c = 0; c < s.C(); c++) {
                            for (int p = 0; p < s.HH(); p++) {
                                int h = i * s.stride() + p - s.pad();
                                for (int q = 0; q < s.WW(); q++) {
                                    int v = j * s.stride() + q - s.pad();
                                    // a padding position is a zero that is multiplied like any other value,
                                    // as np.pad + np.sum do: 0 * Inf is NaN
                                    double xv = h >= 0 && h < s.H() && v >= 0 && v < s.W()
                                            ? x.getFlat(((n * s.C() + c) * s.H() + h) * s.W() + v) : 0.0;
                                    sum += xv * w.getFlat(((f * s.C() + c) * s.HH() + p) * s.WW() + q);
                                }
                            }
                        }
                        out.setFlat(((n * s.F() + f) * s.Hout() + i) * s.Wout() + j, sum);
                    }
                }
            }
        }
        return new ConvResult(out, new ConvCache(x, w, b, param));
    }

    /**
     * <pre>
     * db[f]          = sum_{n, i, j} dout[n, f, i, j]
     * dw[f, c, p, q] = sum_{n, i, j} dout[n, f, i, j] * xpad[n, c, i*stride + p, j*stride + q]
     * dx[n, c, h, v] = sum over every (f, i, j, p, q) with i*stride + p - pad = h, j*stride + q - pad = v
     *                  of dout[n, f, i, j] * w[f, c, p, q]
     * </pre>
     *
     * As in CS231n's {@code conv_backward_naive}: dw includes the padded positions of xpad (zeros, so an
     * infinite dout there makes dw NaN), and dx is the inner part of the gradient of xpad.
     */
    @Override
    public ConvGrads backward(Tensor dout, ConvCache cache) {
        return backward(dout, cache, true);
    }

    /** As {@link #backward(Tensor, ConvCache)}, without the dx sums when {@code needDx} is false (dx is then null). */
    @Override
    public ConvGrads backward(Tensor dout, ConvCache cache, boolean needDx) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = cache.x(), w = cache.w(), b = cache.b();
        ConvShape s = ConvShape.of(OP, x, w, b, cache.param());
        s.checkDout(OP, dout, x);
        double[] dx = needDx ? new double[x.size()] : null;
        double[] dw = new double[w.size()];
        double[] db = new double[b.size()];
        for (int n = 0; n < s.N(); n++) {
            for (int f = 0; f < s.F(); f++) {
                for (int i = 0; i < s.Hout(); i++) {
                    for (int j = 0; j < s.Wout(); j++) {
                        double g = dout.getFlat(((n * s.F() + f) * s.Hout() + i) * s.Wout() + j);
                        db[f] += g;
                        for (int c = 0; c < s.C(); c++) {
                            for (int p = 0; p < s.HH(); p++) {
                                int h = i * s.stride() + p - s.pad();
                                for (int q = 0; q < s.WW(); q++) {
                                    int v = j * s.stride() + q - s.pad();
                                    int wi = ((f * s.C() + c) * s.HH() + p) * s.WW() + q;
                                    if (h < 0 || h >= s.H() || v < 0 || v >= s.W()) {
                                        // padding: dw still gets 0 * g (NaN for an infinite g, as NumPy's
                                        // dw += x_pad window * dout); its dx is cut off with the padding
                                        dw[wi] += 0.0 * g;
                                        continue;
                                    }
                                    int xi = ((n * s.C() + c) * s.H() + h) * s.W() + v;
                                    dw[wi] += g * x.getFlat(xi);
                                    if (needDx) dx[xi] += g * w.getFlat(wi);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new ConvGrads(needDx ? Tensor.of(x.dtype(), dx, x.shape()) : null, Tensor.of(x.dtype(), dw, w.shape()),
                Tensor.of(x.dtype(), db, b.shape()));
    }
}
