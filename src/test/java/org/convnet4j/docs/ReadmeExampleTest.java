package org.convnet4j.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.convnet4j.fast.Conv2dFast;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** The README's Java example, verbatim, so the documentation cannot drift from the API. */
class ReadmeExampleTest extends TestBase {
    @Test
    void readmeConvExampleRuns() {
        NativeAssume.nativeAvailable();
        // --- from README.md, "Using it as a Maven dependency" ---
        Rng rng = new Rng(231);                                   // np.random.seed(231)
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 100, 3, 31, 31);
        Tensor w = Tensor.randn(rng, DType.FLOAT32, 25, 3, 3, 3);
        Tensor b = Tensor.randn(rng, DType.FLOAT32, 25);
        ConvOp conv = new Conv2dFast();                            // or new Conv2d(): same API
        ConvResult r = conv.forward(x, w, b, new ConvParam(2, 1));
        ConvGrads g = conv.backward(Tensor.randn(rng, DType.FLOAT32, r.out().shape()), r.cache());
        // ---
        assertArrayEquals(new int[] {100, 25, 16, 16}, r.out().shape());
        assertArrayEquals(x.shape(), g.dx().shape());
    }
}
