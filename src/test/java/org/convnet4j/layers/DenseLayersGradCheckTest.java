package org.convnet4j.layers;

import static org.convnet4j.testing.GradChecks.assertGradient;

import org.convnet4j.check.GradCheck;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.Compare;
import org.convnet4j.testing.GradChecks;
import org.convnet4j.testing.Inputs;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Float64 gradient checks of Affine, Relu, the losses, BatchNorm and SpatialBatchNorm. */
class DenseLayersGradCheckTest extends TestBase {

    @Test
    void affineWithRank4Input() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 3, 2, 3, 2);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 12, 5);
        Tensor b = Tensor.randn(rng, DType.FLOAT64, 5);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 3, 5);
        Affine affine = new Affine();
        AffineGrads g = affine.backward(dout, affine.forward(x, w, b).cache());
        assertGradient("affine dx", t -> affine.forward(t, w, b).out(), x, dout, g.dx());
        assertGradient("affine dw", t -> affine.forward(x, t, b).out(), w, dout, g.dw());
        assertGradient("affine db", t -> affine.forward(x, w, t).out(), b, dout, g.db());
    }

    @Test
    void relu() {
        Tensor x = Inputs.awayFromZero(rng, 1e-2, 4, 3, 5);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 4, 3, 5);
        Relu relu = new Relu();
        assertGradient("relu dx", t -> relu.forward(t).out(), x, dout, relu.backward(dout, relu.forward(x).cache()));
    }

    @Test
    void softmaxLoss() {
        Tensor scores = Tensor.randn(rng, DType.FLOAT64, 7, 5);
        int[] y = rng.randint(5, 7);
        Tensor numeric = GradCheck.numericalGradient(t -> Losses.softmax(t, y).loss(), scores);
        Compare.assertGradClose("softmax dscores", Losses.softmax(scores, y).dscores(), numeric, GradChecks.MAX_REL,
                GradChecks.ABS_FLOOR);
    }

    @Test
    void svmLoss() {
        // hinge kinks: with this seed no margin lies within h of 0 (a kink hit would fail, never pass wrongly)
        Tensor scores = Tensor.randn(rng, DType.FLOAT64, 7, 5);
        int[] y = rng.randint(5, 7);
        Tensor numeric = GradCheck.numericalGradient(t -> Losses.svm(t, y).loss(), scores);
        Compare.assertGradClose("svm dscores", Losses.svm(scores, y).dscores(), numeric, GradChecks.MAX_REL,
                GradChecks.ABS_FLOOR);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TRAIN", "TEST"})
    void batchNorm(String mode) {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 6, 4);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, 3 * x.getFlat(i) + 2);
        Tensor gamma = Tensor.randn(rng, DType.FLOAT64, 4), beta = Tensor.randn(rng, DType.FLOAT64, 4);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 6, 4);
        BatchNormParam param = warmedUp(BatchNormParam.Mode.valueOf(mode), 4);
        BatchNorm bn = new BatchNorm();
        BatchNormGrads g = bn.backward(dout, bn.forward(x, gamma, beta, param).cache());
        assertGradient("batchnorm dx", t -> bn.forward(t, gamma, beta, param).out(), x, dout, g.dx(), 1e-6);
        assertGradient("batchnorm dgamma", t -> bn.forward(x, t, beta, param).out(), gamma, dout, g.dgamma());
        assertGradient("batchnorm dbeta", t -> bn.forward(x, gamma, t, param).out(), beta, dout, g.dbeta());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TRAIN", "TEST"})
    void spatialBatchNorm(String mode) {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3, 3, 4);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, 5 * x.getFlat(i) + 12);
        Tensor gamma = Tensor.randn(rng, DType.FLOAT64, 3), beta = Tensor.randn(rng, DType.FLOAT64, 3);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 2, 3, 3, 4);
        BatchNormParam param = warmedUp(BatchNormParam.Mode.valueOf(mode), 3);
        SpatialBatchNorm bn = new SpatialBatchNorm();
        BatchNormGrads g = bn.backward(dout, bn.forward(x, gamma, beta, param).cache());
        // dx: the seed itself printed 2.8e-7 for this layer (see NotebookChecks.BN_DX)
        assertGradient("spatial batchnorm dx", t -> bn.forward(t, gamma, beta, param).out(), x, dout, g.dx(), 1e-6);
        assertGradient("spatial batchnorm dgamma", t -> bn.forward(x, t, beta, param).out(), gamma, dout, g.dgamma());
        assertGradient("spatial batchnorm dbeta", t -> bn.forward(x, gamma, t, param).out(), beta, dout, g.dbeta());
    }

    /** In test mode, running statistics that are not trivial (mean 1.5, var 2.5). */
    private static BatchNormParam warmedUp(BatchNormParam.Mode mode, int channels) {
        BatchNormParam p = new BatchNormParam(mode);
        if (mode == BatchNormParam.Mode.TEST) {
            p.setRunning(Tensor.full(1.5, DType.FLOAT64, channels), Tensor.full(2.5, DType.FLOAT64, channels));
        }
        return p;
    }
}
