package org.convnet4j.model;

import static org.convnet4j.testing.Compare.assertAllClose;
import static org.convnet4j.testing.Rejects.rejects;

import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.Relu;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** The sandwiches compose their parts, use the ops they are given, and validate. */
class SandwichTest extends TestBase {

    @Test
    void convReluPoolIsTheComposition() {
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 2, 3, 6, 6);
        Tensor w = Tensor.randn(rng, DType.FLOAT32, 2, 3, 3, 3), b = Tensor.randn(rng, DType.FLOAT32, 2);
        ConvParam cp = new ConvParam(1, 1);
        PoolParam pp = PoolParam.twoByTwo();
        Tensor expected = new MaxPool2d().forward(new Relu().forward(new Conv2d().forward(x, w, b, cp).out()).out(), pp).out();
        assertAllClose("conv_relu_pool", expected, new ConvReluPool().forward(x, w, b, cp, pp).out(), 0, 0);
    }

    @Test
    void usesThePluggedConvOp() {
        int[] calls = {0};
        ConvOp counting = new ConvOp() {
            private final Conv2d inner = new Conv2d();
            @Override public org.convnet4j.layers.ConvResult forward(Tensor x, Tensor w, Tensor b, ConvParam p) {
                calls[0]++;
                return inner.forward(x, w, b, p);
            }
            @Override public ConvGrads backward(Tensor dout, org.convnet4j.layers.ConvCache cache) {
                calls[0]++;
                return inner.backward(dout, cache);
            }
        };
        ConvRelu layer = new ConvRelu(counting);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 1, 1, 3, 3);
        ConvReluResult r = layer.forward(x, Tensor.randn(rng, DType.FLOAT64, 1, 1, 3, 3), Tensor.zeros(DType.FLOAT64, 1),
                new ConvParam(1, 1));
        layer.backward(Tensor.full(1, DType.FLOAT64, 1, 1, 3, 3), r.cache());
        org.junit.jupiter.api.Assertions.assertEquals(2, calls[0]);
    }

    @Test
    void refusesNullOps() {
        rejects(() -> new ConvRelu(null), "conv_relu", "conv must not be null");
        rejects(() -> new ConvReluPool(new Conv2d(), null), "conv_relu_pool", "pool must not be null");
        rejects(() -> new AffineRelu(null), "affine_relu", "affine must not be null");
    }

    @Test
    void refusesNullCacheAndBadDout() {
        rejects(() -> new ConvReluPool().backward(Tensor.zeros(DType.FLOAT64, 1, 1, 1, 1), null), "conv_relu_pool",
                "cache must not be null");
        AffineRelu layer = new AffineRelu();
        AffineReluResult r = layer.forward(Tensor.zeros(DType.FLOAT64, 2, 3), Tensor.zeros(DType.FLOAT64, 3, 4),
                Tensor.zeros(DType.FLOAT64, 4));
        rejects(() -> layer.backward(Tensor.zeros(DType.FLOAT64, 2, 5), r.cache()), "dout must have shape [2, 4]", "[2, 5]");
    }
}
