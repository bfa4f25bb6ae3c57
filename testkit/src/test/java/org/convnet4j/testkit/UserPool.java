package org.convnet4j.testkit;

import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.tensor.Tensor;

/**
 * A max pool written independently of convnet4j's {@code MaxPool2d}, with NumPy's semantics ({@code np.argmax}
 * of each window: the first maximum, or the first NaN). Correct as it stands; {@link LastMax} breaks it.
 */
class UserPool implements PoolOp {
    /** Whether v replaces the window's best so far. */
    protected boolean better(double v, double best) {
        return v > best;
    }

    private int argmax(Tensor x, PoolParam p, int nc, int i, int j) {
        int H = x.dim(2), W = x.dim(3), best = -1;
        for (int a = 0; a < p.height(); a++) {
            for (int b = 0; b < p.width(); b++) {
                int off = (nc * H + i * p.stride() + a) * W + j * p.stride() + b;
                double v = x.getFlat(off);
                if (best < 0) {
                    best = off;
                } else {
                    double m = x.getFlat(best);
                    if (!Double.isNaN(m) && (Double.isNaN(v) || better(v, m))) best = off;
                }
            }
        }
        return best;
    }

    @Override
    public PoolResult forward(Tensor x, PoolParam p) {
        int N = x.dim(0), C = x.dim(1), Hout = 1 + (x.dim(2) - p.height()) / p.stride();
        int Wout = 1 + (x.dim(3) - p.width()) / p.stride();
        Tensor out = Tensor.zeros(x.dtype(), N, C, Hout, Wout);
        for (int nc = 0; nc < N * C; nc++) {
            for (int i = 0; i < Hout; i++) {
                for (int j = 0; j < Wout; j++) out.setFlat((nc * Hout + i) * Wout + j, x.getFlat(argmax(x, p, nc, i, j)));
            }
        }
        return new PoolResult(out, new PoolCache(x, p));
    }

    @Override
    public Tensor backward(Tensor dout, PoolCache cache) {
        Tensor x = cache.x();
        int Hout = dout.dim(2), Wout = dout.dim(3);
        double[] dx = new double[x.size()];
        for (int nc = 0; nc < x.dim(0) * x.dim(1); nc++) {
            for (int i = 0; i < Hout; i++) {
                for (int j = 0; j < Wout; j++) {
                    dx[argmax(x, cache.param(), nc, i, j)] += dout.getFlat((nc * Hout + i) * Wout + j);
                }
            }
        }
        return Tensor.of(x.dtype(), dx, x.shape());
    }

    /** On ties, picks the last maximum ({@code >=}): forward values are the same, the gradient goes elsewhere. */
    static final class LastMax extends UserPool {
        @Override
        protected boolean better(double v, double best) {
            return v >= best;
        }
    }
}
