package org.convnet4j.model;

import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Convolution, ReLU, max pool ({@code conv_relu_pool_forward} / {@code conv_relu_pool_backward} of
 * CS231n {@code layer_utils.py}), the first block of {@code ThreeLayerConvNet}:
 *
 * <pre>
 * out = maxpool(max(0, conv(x, w, b, conv_param)), pool_param)
 * </pre>
 *
 * Convolution, ReLU and pooling are pluggable (naive or native). The ReLU runs inside its neighbours: in the
 * convolution's forward ({@link ConvOp#forwardRelu}) and in the pool's backward ({@link PoolOp#backwardRelu}:
 * a window whose maximum is not {@code > 0} sends no gradient), so native ops make one pass fewer over the
 * convolution's output each way; the numbers are the composition's, and the {@link ReluOp} given is not called.
 * Stateless when its ops are.
 */
public final class ConvReluPool {
    private static final String OP = "conv_relu_pool";
    private final ConvOp conv;
    private final PoolOp pool;

    /** With the naive {@link Conv2d} and {@link MaxPool2d}. */
    public ConvReluPool() {
        this(new Conv2d(), new MaxPool2d());
    }

    /** With the naive {@link Relu}. @throws IllegalArgumentException when an op is null */
    public ConvReluPool(ConvOp conv, PoolOp pool) {
        this(conv, new Relu(), pool);
    }

    /** The ops in the order they run. @throws IllegalArgumentException when an op is null */
    public ConvReluPool(ConvOp conv, ReluOp relu, PoolOp pool) {
        this.conv = Checks.notNull(OP, "conv", conv);
        Checks.notNull(OP, "relu", relu); // the ReLU runs fused into conv and pool (see the class doc)
        this.pool = Checks.notNull(OP, "pool", pool);
    }

    /** Returns the pooled output {@code (N, F, Hp, Wp)}; see {@link ConvOp#forward} and {@link PoolOp#forward}. */
    public ConvReluPoolResult forward(Tensor x, Tensor w, Tensor b, ConvParam convParam, PoolParam poolParam) {
        ConvResult c = conv.forwardRelu(x, w, b, convParam);
        PoolResult p = pool.forward(c.out(), poolParam);
        return new ConvReluPoolResult(p.out(), new ConvReluPoolCache(c.cache(), new ReluCache(c.out()), p.cache()));
    }

    /**
     * @param dout shaped like the pooled output
     * @return {@code dx, dw, db}
     * @throws IllegalArgumentException when dout does not match the forward output
     */
    public ConvGrads backward(Tensor dout, ConvReluPoolCache cache) {
        Checks.notNull(OP, "cache", cache);
        return conv.backward(pool.backwardRelu(dout, cache.pool()), cache.conv());
    }
}
