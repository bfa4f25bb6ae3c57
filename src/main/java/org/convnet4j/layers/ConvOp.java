package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * A convolution implementation: {@link Conv2d} (naive reference) or its native twin. Both have the
 * same contract, so one replaces the other. Implementations are stateless and thread-safe.
 */
public interface ConvOp {
    /**
     * @param x input {@code (N, C, H, W)}
     * @param w filters {@code (F, C, HH, WW)}, same dtype as x
     * @param b biases {@code (F)}, same dtype as x
     * @param param stride and pad
     * @return {@code out (N, F, Hout, Wout)} and the cache for {@link #backward}
     * @throws IllegalArgumentException on a bad rank, shape, dtype or a window that does not fit
     */
    ConvResult forward(Tensor x, Tensor w, Tensor b, ConvParam param);

    /**
     * @param dout upstream gradient, the shape of the forward output
     * @param cache from {@link #forward}
     * @return {@code dx, dw, db}, shaped like x, w, b
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    ConvGrads backward(Tensor dout, ConvCache cache);
}
