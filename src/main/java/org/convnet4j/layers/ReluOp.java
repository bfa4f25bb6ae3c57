package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * A ReLU implementation: {@link Relu} (naive reference) or its native twin, with one contract. The kink
 * at 0, negative inputs and NaN inputs get gradient 0; NaN stays NaN in the forward output.
 * Implementations are stateless and thread-safe.
 */
public interface ReluOp {
    /**
     * @param x input of any shape and dtype
     * @return {@code out = max(0, x)} shaped like x and the cache holding x
     * @throws IllegalArgumentException when x is null
     */
    ReluResult forward(Tensor x);

    /**
     * @param dout upstream gradient shaped like x, dtype of x
     * @param cache from {@link #forward}
     * @return dx shaped like x: {@code np.where(x > 0, dout, 0)}, so +0 (never -0 or NaN) wherever x is not &gt; 0,
     *         whatever dout holds there
     * @throws IllegalArgumentException when dout's shape or dtype differs from x's
     */
    Tensor backward(Tensor dout, ReluCache cache);
}
