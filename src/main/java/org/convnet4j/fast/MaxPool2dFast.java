package org.convnet4j.fast;

import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.PoolShape;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Native max pooling, the twin of {@link org.convnet4j.layers.MaxPool2d} (CS231n
 * {@code max_pool_forward_fast} / {@code max_pool_backward_fast}).
 *
 * <pre>
 * out[n, c, i, j] = max_{p &lt; height, q &lt; width} x[n, c, i*stride + p, j*stride + q]
 * Hout = 1 + (H - height) / stride,  Wout = 1 + (W - width) / stride   (floored)
 * </pre>
 *
 * Forward records, for each output, the flat offset into x of the first maximum in row-major window
 * order (the naive tie rule) and stores it in {@link PoolCache#argmax()} with the strategy that ran:
 * {@code "tiled"} when the windows partition x (the seed's 2x2 stride-2 case, with an unrolled kernel)
 * or {@code "general"} (overlapping windows, gaps, or rows/columns dropped by the floor). Backward
 * scatters dout through the argmax; given a cache without argmax (e.g. from the naive forward) it
 * recomputes it. Stateless and thread-safe.
 */
public final class MaxPool2dFast implements PoolOp {
    private static final String OP = "max_pool_fast";

    @Override
    public PoolResult forward(Tensor x, PoolParam param) {
        PoolShape s = PoolShape.of(OP, x, param);
        NativeStatus.require(OP);
        Tensor out = Tensor.zeros(x.dtype(), s.outShape());
        int[] argmax = new int[out.size()];
        boolean tiled = s.tiles();
        NativeKernels.poolForward(s.N(), s.C(), s.H(), s.W(), s.PH(), s.PW(), s.stride(), s.Hout(), s.Wout(), tiled, x,
                out, argmax);
        return new PoolResult(out, new PoolCache(x, param, argmax, tiled ? "tiled" : "general"));
    }

    @Override
    public Tensor backward(Tensor dout, PoolCache cache) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = cache.x();
        PoolShape s = PoolShape.of(OP, x, cache.param());
        s.checkDout(OP, dout, x);
        int[] argmax = cache.argmax();
        if (argmax == null) {
            argmax = ((PoolResult) forward(x, cache.param())).cache().argmax();
        } else {
            String st = cache.strategy();
            if (!"tiled".equals(st) && !"general".equals(st)) {
                throw new IllegalArgumentException(OP + ": cache strategy must be \"tiled\" or \"general\", got \"" + st + "\"");
            }
            if ("tiled".equals(st) && !s.tiles()) {
                throw new IllegalArgumentException(OP + ": cache says \"tiled\" but windows " + s.PH() + "x" + s.PW()
                        + " stride " + s.stride() + " do not tile " + s.H() + "x" + s.W());
            }
            if (argmax.length != dout.size()) {
                throw new IllegalArgumentException(OP + ": cache argmax must have " + dout.size()
                        + " entries (one per output), got " + argmax.length);
            }
        }
        NativeStatus.require(OP);
        checkArgmax(s, argmax);
        Tensor dx = x.zerosLike();
        long img = (long) s.C() * s.H() * s.W(), oimg = (long) s.C() * s.Hout() * s.Wout();
        NativeKernels.poolBackward(s.N(), img, oimg, dout, argmax, dx);
        return dx;
    }

    /** Each output's argmax must point into its own image of x (a user-built cache could say anything). */
    private static void checkArgmax(PoolShape s, int[] argmax) {
        long img = (long) s.C() * s.H() * s.W();
        int oimg = s.C() * s.Hout() * s.Wout();
        // image by image, so there is no division per element (that division showed in a T1 profile)
        for (int n = 0, k0 = 0; k0 < argmax.length; n++, k0 += oimg) {
            long lo = n * img, hi = lo + img;
            int end = Math.min(argmax.length, k0 + oimg);
            for (int k = k0; k < end; k++) {
                if (argmax[k] < lo || argmax[k] >= hi) {
                    throw new IllegalArgumentException(OP + ": cache argmax[" + k + "] = " + argmax[k]
                            + " is outside its image's range [" + lo + ", " + hi + ")");
                }
            }
        }
    }
}
