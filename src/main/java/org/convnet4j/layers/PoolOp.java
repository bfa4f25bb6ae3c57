package org.convnet4j.layers;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * A max-pool implementation: {@link MaxPool2d} (naive reference) or its native twin, with one contract.
 * On ties the gradient goes to the first maximum in row-major window order. A window holding NaN gives NaN, and its
 * gradient goes to its first NaN ({@code np.max} / {@code np.argmax}). Stateless, thread-safe.
 */
public interface PoolOp {
    /**
     * @param x input {@code (N, C, H, W)}
     * @param param window and stride; the window must fit in {@code H x W}
     * @return {@code out (N, C, Hout, Wout)} and the cache
     * @throws IllegalArgumentException when x or param is null, x is not 4-D, or the window does not fit in
     *         {@code H x W}
     */
    PoolResult forward(Tensor x, PoolParam param);

    /**
     * @param dout upstream gradient shaped like the forward output
     * @param cache from {@link #forward}
     * @return dx shaped like x
     * @throws IllegalArgumentException when cache or dout is null, dout's shape or dtype does not match the forward
     *         output, or the cache is not one this implementation can use (e.g. winners made by another op)
     */
    Tensor backward(Tensor dout, PoolCache cache);

    /**
     * {@link #backward(Tensor, PoolCache)} written into a caller's dx (PyTorch's {@code out=}): a training loop
     * that keeps one dx per layer saves allocating and zeroing a new one every step (about half the time of a
     * native pool backward on the S2 and S5 cases of the README's benchmarks: the JVM zeroes a new array on one thread,
     * then the scatter runs). Every
     * element of dx is overwritten; the values are exactly those {@link #backward(Tensor, PoolCache)} returns.
     * This default computes a new dx and copies it; the native twin writes dx directly.
     *
     * @param dout upstream gradient shaped like the forward output
     * @param cache from {@link #forward}
     * @param dx {@code (N, C, H, W)} shaped and typed like the cache's x; its old contents are ignored
     * @return dx
     * @throws IllegalArgumentException as {@link #backward(Tensor, PoolCache)}, or when dx is null, has another
     *         shape or dtype than x, or shares storage with x or dout
     */
    default Tensor backward(Tensor dout, PoolCache cache, Tensor dx) {
        checkDxOut(dout, cache, dx);
        return copyInto(backward(dout, cache), dx);
    }

    /**
     * The backward pass of a ReLU followed by this pool, for a cache whose x is the ReLU's output:
     * {@code relu_backward(pool_backward(dout))} (CS231n's {@code conv_relu_pool_backward} without the conv).
     * Each window's gradient goes to its maximum unless that maximum is not {@code > 0} (0 or NaN), where the
     * ReLU's gradient is 0. A native twin does both in one pass over dout.
     *
     * @param dout upstream gradient shaped like the forward output
     * @param cache from {@link #forward} on a ReLU's output
     * @return the gradient of the ReLU's input, shaped like x
     * @throws IllegalArgumentException as {@link #backward}
     */
    default Tensor backwardRelu(Tensor dout, PoolCache cache) {
        Tensor dx = backward(dout, cache);
        Tensor x = cache.x();
        for (int i = 0, n = dx.size(); i < n; i++) {
            if (!(x.getFlat(i) > 0)) dx.setFlat(i, 0.0);
        }
        return dx;
    }

    /**
     * {@link #backwardRelu(Tensor, PoolCache)} written into a caller's dx, as
     * {@link #backward(Tensor, PoolCache, Tensor)}.
     *
     * @param dout upstream gradient shaped like the forward output
     * @param cache from {@link #forward} on a ReLU's output
     * @param dx {@code (N, C, H, W)} shaped and typed like the cache's x; its old contents are ignored
     * @return dx
     * @throws IllegalArgumentException as {@link #backward(Tensor, PoolCache, Tensor)}; a native twin that reads the
     *         ReLU's mask from the forward output may also refuse a dx sharing storage with that output
     */
    default Tensor backwardRelu(Tensor dout, PoolCache cache, Tensor dx) {
        checkDxOut(dout, cache, dx);
        return copyInto(backwardRelu(dout, cache), dx);
    }

    private static void checkDxOut(Tensor dout, PoolCache cache, Tensor dx) {
        Checks.notNull("max_pool", "cache", cache);
        PoolShape.of("max_pool", cache.x(), cache.param()).checkDxOut("max_pool", dx, dout, cache.x());
    }

    private static Tensor copyInto(Tensor r, Tensor dx) {
        if (r.dtype() == DType.FLOAT32) System.arraycopy(r.data32(), 0, dx.data32(), 0, r.size());
        else System.arraycopy(r.data64(), 0, dx.data64(), 0, r.size());
        return dx;
    }
}
