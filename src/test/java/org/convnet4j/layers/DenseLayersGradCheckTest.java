package org.convnet4j.layers;

import static org.convnet4j.testkit.GradientCheck.assertGradient;

import java.util.stream.Stream;
import org.convnet4j.check.GradCheck;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.GradientCheck;
import org.convnet4j.testkit.TestKit;
import org.convnet4j.testkit.Tolerances;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Float64 gradient checks of Affine, Relu, the losses, BatchNorm and SpatialBatchNorm. */
class DenseLayersGradCheckTest extends TestBase {

    /** The kit's affine gradient grid (x (3, 2, 3, 2) with M = 5 first, then ranks 2 to 4, N = 1, M = 1, D = 1). */
    @TestFactory
    Stream<DynamicTest> affine() {
        return TestKit.affine(Affine::new).gradientTests();
    }

    /** The kit's ReLU gradient grid (inputs at least 0.01 away from the kink). */
    @TestFactory
    Stream<DynamicTest> relu() {
        return TestKit.relu(Relu::new).gradientTests();
    }

    @Test
    void softmaxLoss() {
        Tensor scores = Tensor.randn(rng, DType.FLOAT64, 7, 5);
        int[] y = rng.randint(5, 7);
        Tensor numeric = GradCheck.numericalGradient(t -> Losses.softmax(t, y).loss(), scores);
        GradientCheck.assertGradClose("softmax dscores", Losses.softmax(scores, y).dscores(), numeric,
                Tolerances.GRAD_MAX_REL);
    }

    @Test
    void svmLoss() {
        // hinge kinks: with this seed no margin lies within h of 0 (a kink hit would fail, never pass wrongly)
        Tensor scores = Tensor.randn(rng, DType.FLOAT64, 7, 5);
        int[] y = rng.randint(5, 7);
        Tensor numeric = GradCheck.numericalGradient(t -> Losses.svm(t, y).loss(), scores);
        GradientCheck.assertGradClose("svm dscores", Losses.svm(scores, y).dscores(), numeric, Tolerances.GRAD_MAX_REL);
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
        assertGradient("batchnorm dx", t -> bn.forward(t, gamma, beta, param).out(), x, dout, g.dx(),
                Tolerances.GRAD_BATCHNORM_DX_MAX_REL);
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
        assertGradient("spatial batchnorm dx", t -> bn.forward(t, gamma, beta, param).out(), x, dout, g.dx(),
                Tolerances.GRAD_BATCHNORM_DX_MAX_REL);
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
