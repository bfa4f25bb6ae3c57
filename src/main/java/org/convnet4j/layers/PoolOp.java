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
}
