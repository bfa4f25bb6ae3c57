package org.convnet4j.model;

import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluResult;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Convolution followed by ReLU ({@code conv_relu_forward} / {@code conv_relu_backward} of CS231n
 * {@code layer_utils.py}):
 *
 * <pre>
 * out = max(0, conv(x, w, b, conv_param))     x: (N, C, H, W), w: (F, C, HH, WW), b: (F)
 * </pre>
 *
 * The convolution and the ReLU are pluggable (naive or native twins). Stateless when its op is.
 */
public final class ConvRelu {
    private static final String OP = "conv_relu";
    private final ConvOp conv;
    private final ReluOp relu;

    /** With the naive {@link Conv2d}. */
    public ConvRelu() {
        this(new Conv2d());
    }

    /** With the naive {@link Relu}. @throws IllegalArgumentException when conv is null */
    public ConvRelu(ConvOp conv) {
        this(conv, new Relu());
    }

    /** @throws IllegalArgumentException when an op is null */
    public ConvRelu(ConvOp conv, ReluOp relu) {
        this.conv = Checks.notNull(OP, "conv", conv);
        this.relu = Checks.notNull(OP, "relu", relu);
    }

    /** See {@link ConvOp#forward}; returns the ReLU output {@code (N, F, Hout, Wout)}. */
    public ConvReluResult forward(Tensor x, Tensor w, Tensor b, ConvParam param) {
        ConvResult c = conv.forward(x, w, b, param);
        ReluResult r = relu.forward(c.out());
        return new ConvReluResult(r.out(), new ConvReluCache(c.cache(), r.cache()));
    }

    /**
     * @param dout {@code (N, F, Hout, Wout)}
     * @return {@code dx, dw, db}
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    public ConvGrads backward(Tensor dout, ConvReluCache cache) {
        Checks.notNull(OP, "cache", cache);
        return conv.backward(relu.backward(dout, cache.relu()), cache.conv());
    }
}
