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
 * Forward finds, for each output, the flat offset into x of the window's first maximum in row-major order
 * (the naive tie rule), or of its first NaN when it holds one (np.argmax; the output is then NaN), and keeps
 * them as the cache's {@link PoolCache#winners() winners}, with the strategy that ran: {@code "tiled"} when
 * the windows partition x (the seed's 2x2 stride-2 case, with an unrolled kernel) or {@code "general"}
 * (overlapping windows, gaps, or rows/columns dropped by the floor). Backward scatters dout through them.
 * Only this class can make such winners, and backward checks they were made for the cache's own x and
 * param ({@link IllegalArgumentException} otherwise), so a caller-built cache cannot route gradients
 * elsewhere; given a cache without winners (e.g. from the naive forward) backward finds them again.
 * With stride 2 the forward runs AVX2 kernels where the CPU has them ({@link Tuning#poolAvx2}); every kernel gives
 * the naive forward's bits. Backward adds the gradients of overlapping windows in the dtype, where the naive
 * backward adds in double: float32 dx may then differ in the last bit, within the float32 bound.
 * Stateless and thread-safe.
 */
public final class MaxPool2dFast implements PoolOp {
    private static final String OP = "max_pool_fast";

    /**
     * What forward found: the flat offset into x of each output's winner, for this very x and param, and the
     * output itself ({@code out[k] = x[offsets[k]]}), which {@link #backwardRelu} reads its mask from.
     */
    private static final class Argmax implements PoolCache.Winners {
        private final Tensor x;
        private final PoolParam param;
        private final int[] offsets;
        private final String strategy;
        private final Tensor out;

        Argmax(Tensor x, PoolParam param, int[] offsets, String strategy, Tensor out) {
            this.x = x;
            this.param = param;
            this.offsets = offsets;
            this.strategy = strategy;
            this.out = out;
        }

        @Override
        public String strategy() {
            return strategy;
        }
    }

    @Override
    public PoolResult forward(Tensor x, PoolParam param) {
        PoolShape s = PoolShape.of(OP, x, param);
        NativeStatus.require(OP);
        Tensor out = Tensor.zeros(x.dtype(), s.outShape());
        int[] argmax = new int[out.size()];
        boolean tiled = s.tiles();
        NativeKernels.poolForward(s.N(), s.C(), s.H(), s.W(), s.PH(), s.PW(), s.stride(), s.Hout(), s.Wout(), tiled, x,
                out, argmax);
        return new PoolResult(out, new PoolCache(x, param, new Argmax(x, param, argmax, tiled ? "tiled" : "general", out)));
    }

    /**
     * @throws IllegalArgumentException on a bad dout or cache, including winners that this class did not make
     *         or made for another x or param
     */
    @Override
    public Tensor backward(Tensor dout, PoolCache cache) {
        return backward(dout, cache, false);
    }

    /**
     * The ReLU's mask is read from the forward output ({@code out[k] > 0}, the value at the window's winner), in
     * the same pass that scatters dout: no second pass over the (four times larger) gradient.
     *
     * @throws IllegalArgumentException as {@link #backward}
     */
    @Override
    public Tensor backwardRelu(Tensor dout, PoolCache cache) {
        return backward(dout, cache, true);
    }

    /**
     * Writes dx in one pass, image by image (zero, then scatter while the image is in cache), on the configured
     * threads for large inputs ({@link Tuning#poolParallelMinElements}).
     *
     * @throws IllegalArgumentException as {@link PoolOp#backward(Tensor, PoolCache, Tensor)}
     */
    @Override
    public Tensor backward(Tensor dout, PoolCache cache, Tensor dx) {
        return backward(dout, cache, false, Checks.notNull(OP, "dx", dx));
    }

    /**
     * As {@link #backwardRelu(Tensor, PoolCache)}, written into dx as {@link #backward(Tensor, PoolCache, Tensor)}.
     *
     * @throws IllegalArgumentException as {@link PoolOp#backward(Tensor, PoolCache, Tensor)}, or when dx shares
     *         storage with the forward's output (the ReLU's mask is read from it while dx is written)
     */
    @Override
    public Tensor backwardRelu(Tensor dout, PoolCache cache, Tensor dx) {
        return backward(dout, cache, true, Checks.notNull(OP, "dx", dx));
    }

    private Tensor backward(Tensor dout, PoolCache cache, boolean relu) {
        return backward(dout, cache, relu, null);
    }

    /** dx null: a new one (zeroed by the JVM); else the caller's, checked, which the kernel zeroes itself. */
    private Tensor backward(Tensor dout, PoolCache cache, boolean relu, Tensor dxOut) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = cache.x();
        PoolShape s = PoolShape.of(OP, x, cache.param());
        s.checkDout(OP, dout, x);
        if (dxOut != null) s.checkDxOut(OP, dxOut, dout, x);
        Argmax found = winners(cache);
        // the relu mask is read from the forward output while dx is written (a 1x1 stride-1 pool's output has x's shape)
        if (relu && found != null && dxOut != null) Checks.distinct(OP, "dx", dxOut, "the forward output", found.out);
        NativeStatus.require(OP);
        if (found == null) found = (Argmax) forward(x, cache.param()).cache().winners();
        Tensor dx = dxOut == null ? x.zerosLike() : dxOut;
        long img = (long) s.C() * s.H() * s.W(), oimg = (long) s.C() * s.Hout() * s.Wout();
        NativeKernels.poolBackward(s.N(), img, oimg, dout, found.offsets, dx, relu ? found.out : null, dxOut == null);
        return dx;
    }

    /** The cache's winners if this class made them for the cache's x and param; null if it has none. */
    private static Argmax winners(PoolCache cache) {
        PoolCache.Winners w = cache.winners();
        if (w == null) return null;
        if (!(w instanceof Argmax a)) {
            throw new IllegalArgumentException(OP + ": cache winners must come from MaxPool2dFast.forward, got "
                    + w.getClass().getName());
        }
        if (a.x != cache.x()) {
            throw new IllegalArgumentException(OP + ": cache winners were found in another x (" + a.x + ") than"
                    + " the cache's x (" + cache.x() + ")");
        }
        if (!a.param.equals(cache.param())) {
            throw new IllegalArgumentException(OP + ": cache winners were found with " + a.param + ", the cache says "
                    + cache.param());
        }
        return a;
    }
}
