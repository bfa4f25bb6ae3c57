package org.convnet4j.model;

import org.convnet4j.layers.Affine;
import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluResult;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Affine layer followed by ReLU ({@code affine_relu_forward} / {@code affine_relu_backward} of CS231n
 * {@code layer_utils.py}):
 *
 * <pre>
 * out = max(0, x.reshape(N, D) . w + b)     x: (N, d1, ..., dk), w: (D, M), b: (M), out: (N, M)
 * </pre>
 *
 * The affine op and the ReLU are pluggable. Stateless when its op is.
 */
public final class AffineRelu {
    private static final String OP = "affine_relu";
    private final AffineOp affine;
    private final ReluOp relu;

    /** With the naive {@link Affine}. */
    public AffineRelu() {
        this(new Affine());
    }

    /** With the naive {@link Relu}. @throws IllegalArgumentException when affine is null */
    public AffineRelu(AffineOp affine) {
        this(affine, new Relu());
    }

    /** @throws IllegalArgumentException when an op is null */
    public AffineRelu(AffineOp affine, ReluOp relu) {
        this.affine = Checks.notNull(OP, "affine", affine);
        this.relu = Checks.notNull(OP, "relu", relu);
    }

    /** See {@link AffineOp#forward}; returns the ReLU output {@code (N, M)}. */
    public AffineReluResult forward(Tensor x, Tensor w, Tensor b) {
        AffineResult a = affine.forward(x, w, b);
        ReluResult r = relu.forward(a.out());
        return new AffineReluResult(r.out(), new AffineReluCache(a.cache(), r.cache()));
    }

    /**
     * @param dout {@code (N, M)}
     * @return {@code dx} shaped like x, {@code dw}, {@code db}
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    public AffineGrads backward(Tensor dout, AffineReluCache cache) {
        Checks.notNull(OP, "cache", cache);
        return affine.backward(relu.backward(dout, cache.relu()), cache.affine());
    }
}
