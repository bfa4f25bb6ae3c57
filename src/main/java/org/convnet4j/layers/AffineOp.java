package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * A fully connected layer implementation: {@link Affine} (naive reference) or a faster twin with the
 * same contract, so {@code AffineRelu} and the models can take either. Implementations are stateless.
 */
public interface AffineOp {
    /**
     * @param x input {@code (N, d1, ..., dk)}, rank at least 2
     * @param w weights {@code (D, M)} with {@code D = d1 * ... * dk}, same dtype as x
     * @param b biases {@code (M)}, same dtype as x
     * @return {@code out (N, M)} and the cache for {@link #backward}
     * @throws IllegalArgumentException on a bad rank, shape or dtype
     */
    AffineResult forward(Tensor x, Tensor w, Tensor b);

    /**
     * @param dout upstream gradient {@code (N, M)}, dtype of x
     * @param cache from {@link #forward}
     * @return {@code dx} shaped like x, {@code dw (D, M)}, {@code db (M)}
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    AffineGrads backward(Tensor dout, AffineCache cache);

    /**
     * The backward pass with dx only when it is wanted (a network's first layer needs no gradient for its
     * input). dw and db are the same bits as {@link #backward(Tensor, AffineCache)} gives.
     *
     * @param dout upstream gradient {@code (N, M)}, dtype of x
     * @param cache from {@link #forward}
     * @param needDx false to skip dx
     * @return {@code dx} shaped like x (null when {@code needDx} is false), {@code dw (D, M)}, {@code db (M)}
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    default AffineGrads backward(Tensor dout, AffineCache cache, boolean needDx) {
        AffineGrads g = backward(dout, cache);
        return needDx ? g : new AffineGrads(null, g.dw(), g.db());
    }
}
