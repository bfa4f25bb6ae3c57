package org.convnet4j.model;

import static org.convnet4j.testkit.GradientCheck.assertGradient;

import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** Float64 gradient checks of the sandwich layers on shapes other than the notebook's. */
class SandwichGradCheckTest extends TestBase {

    @Test
    void convReluPoolStride2Overlapping() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 2, 7, 6);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 3, 2, 3, 2);
        Tensor b = Tensor.randn(rng, DType.FLOAT64, 3);
        ConvParam cp = new ConvParam(1, 1);
        PoolParam pp = new PoolParam(3, 3, 2);
        ConvReluPool layer = new ConvReluPool();
        ConvReluPoolResult r = layer.forward(x, w, b, cp, pp);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, r.out().shape());
        ConvGrads g = layer.backward(dout, r.cache());
        assertGradient("conv_relu_pool dx", t -> layer.forward(t, w, b, cp, pp).out(), x, dout, g.dx());
        assertGradient("conv_relu_pool dw", t -> layer.forward(x, t, b, cp, pp).out(), w, dout, g.dw());
        assertGradient("conv_relu_pool db", t -> layer.forward(x, w, t, cp, pp).out(), b, dout, g.db());
    }

    @Test
    void convReluStride2Pad2() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3, 5, 4);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 2, 3, 3, 3);
        Tensor b = Tensor.randn(rng, DType.FLOAT64, 2);
        ConvParam cp = new ConvParam(2, 2);
        ConvRelu layer = new ConvRelu();
        ConvReluResult r = layer.forward(x, w, b, cp);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, r.out().shape());
        ConvGrads g = layer.backward(dout, r.cache());
        assertGradient("conv_relu dx", t -> layer.forward(t, w, b, cp).out(), x, dout, g.dx());
        assertGradient("conv_relu dw", t -> layer.forward(x, t, b, cp).out(), w, dout, g.dw());
        assertGradient("conv_relu db", t -> layer.forward(x, w, t, cp).out(), b, dout, g.db());
    }

    @Test
    void affineRelu() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3, 4);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 12, 10);
        Tensor b = Tensor.randn(rng, DType.FLOAT64, 10);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 2, 10);
        AffineRelu layer = new AffineRelu();
        AffineGrads g = layer.backward(dout, layer.forward(x, w, b).cache());
        assertGradient("affine_relu dx", t -> layer.forward(t, w, b).out(), x, dout, g.dx());
        assertGradient("affine_relu dw", t -> layer.forward(x, t, b).out(), w, dout, g.dw());
        assertGradient("affine_relu db", t -> layer.forward(x, w, t).out(), b, dout, g.db());
    }
}
