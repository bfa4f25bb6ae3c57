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
     * The forward pass followed by a ReLU, {@code out = max(0, conv(x, w, b))} (CS231n's
     * {@code conv_relu_forward}; the ReLU of {@link ReluOp}'s contract: NaN stays NaN). The same bits as
     * {@link #forward} then {@link Relu#forward}; a native twin applies the ReLU as it writes each image's output
     * instead of in a second pass over the whole output. The cache is the convolution's; the ReLU's backward
     * can use {@code new ReluCache(out)} (see {@link ReluCache}).
     *
     * @return {@code out (N, F, Hout, Wout)}, rectified, and the convolution's cache
     * @throws IllegalArgumentException as {@link #forward}
     */
    default ConvResult forwardRelu(Tensor x, Tensor w, Tensor b, ConvParam param) {
        ConvResult r = forward(x, w, b, param);
        Relu.apply(r.out(), r.out());
        return r;
    }

    /**
     * @param dout upstream gradient, the shape of the forward output
     * @param cache from {@link #forward}
     * @return {@code dx, dw, db}, shaped like x, w, b
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    ConvGrads backward(Tensor dout, ConvCache cache);

    /**
     * Convolution, ReLU and max pool, {@code out = maxpool(max(0, conv(x, w, b)))} (CS231n's
     * {@code conv_relu_pool_forward}): by default {@link #forwardRelu} then {@code pool.forward}. A native twin may
     * pool each image's output while it is in cache and never make the whole convolution output; any {@link PoolOp}
     * computes the same max pool (its contract), so the result is the composition's either way.
     *
     * @param pool the max pool to run after the ReLU (by default; a fused op pools itself)
     * @return the pooled output {@code (N, F, PHout, PWout)} and the cache for {@link #backwardReluPool}
     * @throws IllegalArgumentException as {@link #forward}, for a null pool, or a pool window larger than the
     *     convolution's output
     */
    default ConvPoolResult forwardReluPool(Tensor x, Tensor w, Tensor b, ConvParam convParam, PoolOp pool,
                                           PoolParam poolParam) {
        org.convnet4j.tensor.Checks.notNull("conv_relu_pool", "pool", pool);
        ConvResult c = forwardRelu(x, w, b, convParam);
        PoolResult p = pool.forward(c.out(), poolParam);
        return new ConvPoolResult(p.out(), new ConvPoolCache(c.cache(), poolParam, p.cache(), null));
    }

    /**
     * The backward pass of {@link #forwardReluPool} (CS231n's {@code conv_relu_pool_backward}): by default
     * {@code pool.backwardRelu} then {@link #backward(Tensor, ConvCache, boolean)}.
     *
     * @param dout upstream gradient shaped like the pooled output
     * @param cache from {@link #forwardReluPool} of this op
     * @param pool the pool the forward was given
     * @param needDx false to skip dx
     * @return {@code dx} (null when not wanted), {@code dw}, {@code db}
     * @throws IllegalArgumentException when dout does not match the pooled output, or for a cache this op cannot
     *     read (a fused forward's, given to another op)
     */
    default ConvGrads backwardReluPool(Tensor dout, ConvPoolCache cache, PoolOp pool, boolean needDx) {
        org.convnet4j.tensor.Checks.notNull("conv_relu_pool", "cache", cache);
        org.convnet4j.tensor.Checks.notNull("conv_relu_pool", "pool", pool);
        if (cache.pool() == null) {
            throw new IllegalArgumentException("conv_relu_pool: the cache comes from a fused forward ("
                    + (cache.pooled() == null ? "no findings" : cache.pooled().getClass().getName())
                    + "); only the op that made it can run its backward");
        }
        return backward(pool.backwardRelu(dout, cache.pool()), cache.conv(), needDx);
    }

    /**
     * The backward pass with dx only when it is wanted: a network's first layer needs no gradient for its
     * input, and dx is about half of the work (autograd skips it the same way, PyTorch's
     * {@code output_mask}). dw and db are the same bits as {@link #backward(Tensor, ConvCache)} gives.
     *
     * @param dout upstream gradient, the shape of the forward output
     * @param cache from {@link #forward}
     * @param needDx false to skip dx
     * @return {@code dx, dw, db}, shaped like x, w, b; dx is null when {@code needDx} is false
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    default ConvGrads backward(Tensor dout, ConvCache cache, boolean needDx) {
        ConvGrads g = backward(dout, cache);
        return needDx ? g : new ConvGrads(null, g.dw(), g.db());
    }
}
