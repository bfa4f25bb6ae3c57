package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * A max-pool implementation: {@link MaxPool2d} (naive reference) or its native twin, with one contract.
 * On ties the gradient goes to the first maximum in row-major window order. Stateless, thread-safe.
 */
public interface PoolOp {
    /**
     * @param x input {@code (N, C, H, W)}
     * @param param window and stride; the window must fit in {@code H x W}
     * @return {@code out (N, C, Hout, Wout)} and the cache
     */
    PoolResult forward(Tensor x, PoolParam param);

    /**
     * @param dout upstream gradient shaped like the forward output
     * @param cache from {@link #forward}
     * @return dx shaped like x
     */
    Tensor backward(Tensor dout, PoolCache cache);

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
}
