package org.convnet4j.model;

import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluCache;
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
 * The convolution and the ReLU are pluggable (naive or native twins). The ReLU's forward runs inside the
 * convolution's ({@link ConvOp#forwardRelu}: a native convolution applies it as it writes each image's output,
 * instead of a second pass over the whole output), and its backward reads its mask from that output
 * ({@code max(0, v) > 0} exactly where {@code v > 0}); the numbers are the composition's. Stateless when its ops
 * are.
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
        ConvResult c = conv.forwardRelu(x, w, b, param);
        return new ConvReluResult(c.out(), new ConvReluCache(c.cache(), new ReluCache(c.out())));
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
