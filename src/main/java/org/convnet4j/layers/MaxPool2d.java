package org.convnet4j.layers;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Naive max pooling, the reference ({@code max_pool_forward_naive} / {@code max_pool_backward_naive}).
 *
 * <pre>
 * out[n, c, i, j] = max_{p &lt; height, q &lt; width} x[n, c, i*stride + p, j*stride + q]
 * Hout = 1 + (H - height) / stride,  Wout = 1 + (W - width) / stride   (floored)
 * </pre>
 *
 * Backward routes each {@code dout[n, c, i, j]} to the window's maximum; on ties, to the first one in
 * row-major window order. Windows may overlap; then gradients add up. Non-finite values follow NumPy
 * ({@code np.max} / {@code np.argmax} on the window): a window holding a NaN gives NaN and sends its
 * gradient to its first NaN; {@code +Inf} is a maximum like any other. Stateless and thread-safe.
 */
public final class MaxPool2d implements PoolOp {
    private static final String OP = "max_pool";

    @Override
    public PoolResult forward(Tensor x, PoolParam param) {
        PoolShape s = PoolShape.of(OP, x, param);
        Tensor out = Tensor.zeros(x.dtype(), s.outShape());
        for (int nc = 0; nc < s.N() * s.C(); nc++) {
            for (int i = 0; i < s.Hout(); i++) {
                for (int j = 0; j < s.Wout(); j++) {
                    out.setFlat((nc * s.Hout() + i) * s.Wout() + j, x.getFlat(argmax(x, s, nc, i, j)));
                }
            }
        }
        return new PoolResult(out, new PoolCache(x, param));
    }

    @Override
    public Tensor backward(Tensor dout, PoolCache cache) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = cache.x();
        PoolShape s = PoolShape.of(OP, x, cache.param());
        s.checkDout(OP, dout, x);
        double[] dx = new double[x.size()];
        for (int nc = 0; nc < s.N() * s.C(); nc++) {
            for (int i = 0; i < s.Hout(); i++) {
                for (int j = 0; j < s.Wout(); j++) {
                    dx[argmax(x, s, nc, i, j)] += dout.getFlat((nc * s.Hout() + i) * s.Wout() + j);
                }
            }
        }
        return Tensor.of(x.dtype(), dx, x.shape());
    }

    /**
     * Flat offset into x of window (i, j) of plane nc = n*C + c: its first NaN if it holds one, else its first
     * maximum (np.argmax of the window).
     */
    private static int argmax(Tensor x, PoolShape s, int nc, int i, int j) {
        int best = -1;
        double bestValue = 0;
        for (int p = 0; p < s.PH(); p++) {
            for (int q = 0; q < s.PW(); q++) {
                int off = (nc * s.H() + i * s.stride() + p) * s.W() + j * s.stride() + q;
                double v = x.getFlat(off);
                // a later element wins when it is larger or NaN ('!(v <= best)'), unless best is already NaN;
                // a tie keeps the first maximum
                if (best < 0 || (bestValue == bestValue && !(v <= bestValue))) {
                    best = off;
                    bestValue = v;
                }
            }
        }
        return best;
    }
}
