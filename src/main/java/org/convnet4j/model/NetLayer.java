package org.convnet4j.model;

import java.util.List;
import java.util.Map;
import org.convnet4j.layers.Mode;
import org.convnet4j.tensor.Tensor;

/**
 * One built layer of a {@link Net}, with the contract of CS231n's {@code layers.py}:
 * {@code forward(x, mode) -> (out, cache)} and {@code backward(dout, cache) -> (dx, parameter gradients)}.
 * A layer knows the names of its parameters (e.g. {@code W2, b2}) and reads them from its net's parameter
 * map at each forward pass, so the {@link org.convnet4j.solver.Solver} updating that map is all a layer
 * needs. Shapes here are per example: {@code (C, H, W)} or {@code (D)}.
 *
 * @param <C> what forward keeps for backward
 */
public interface NetLayer<C> {
    /** The layer's description ({@link LayerSpec#text()} is its text form). */
    LayerSpec spec();

    /** The shape of one input example, {@code (C, H, W)} or {@code (D)}. */
    int[] inputShape();

    /** The shape of one output example. */
    int[] outputShape();

    /** The names of this layer's parameters in the net's map, e.g. {@code [W1, b1]}; empty for none. */
    List<String> paramNames();

    /**
     * @param x {@code (N, inputShape...)} in the net's dtype
     * @param mode train (batch statistics, dropout) or test (running statistics, no dropout)
     * @return {@code out (N, outputShape...)} and the cache for {@link #backward}
     * @throws IllegalArgumentException when x does not fit the layer
     */
    Forward<C> forward(Tensor x, Mode mode);

    /**
     * @param dout upstream gradient shaped like the forward output
     * @param cache from {@link #forward}
     * @return dx shaped like x, a new tensor the caller may keep (a net's own backward pass writes a pool layer's dx
     *         into one it keeps from step to step, but never hands that one out here), and each parameter's gradient
     *         by name (empty for layers without parameters)
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    Backward backward(Tensor dout, C cache);

    /**
     * The backward pass with dx only when it is wanted: the net asks its first layer with parameters for
     * none (nothing before it needs a gradient, as autograd skips the input's). Layers whose op can skip the
     * work (conv, affine) do; the others compute dx anyway. The parameter gradients are the same bits either way.
     *
     * @return dx shaped like x, or null when {@code needDx} is false; and each parameter's gradient by name
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    default Backward backward(Tensor dout, C cache, boolean needDx) {
        Backward b = backward(dout, cache);
        return needDx ? b : new Backward(null, b.grads());
    }

    /** A forward pass's {@code (out, cache)}. */
    record Forward<C>(Tensor out, C cache) {}

    /** A backward pass's {@code dx} (null when not asked for) and parameter gradients by name. */
    record Backward(Tensor dx, Map<String, Tensor> grads) {}
}
