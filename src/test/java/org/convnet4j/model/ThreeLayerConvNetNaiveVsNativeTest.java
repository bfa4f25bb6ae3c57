package org.convnet4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.convnet4j.check.GradCheck;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.Tuning;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * The whole model, not just each layer: ThreeLayerConvNet in float64 on the native layers gives the
 * loss, every gradient and the scores of the same model on the naive layers, to rel_error 1e-10
 * (float64 GEMM only reorders sums). Weight scale 1e-1 and reg > 0 keep gradients well above rounding.
 */
class ThreeLayerConvNetNaiveVsNativeTest extends TestBase {
    private static final double TOL = Tolerances.F64_REL_ERROR;
    private static final ThreeLayerConvNet.Config CFG = ThreeLayerConvNet.Config.defaults().withInputDim(3, 16, 16)
            .withFilters(4, 3).withHiddenDim(7).withWeightScale(1e-1).withReg(0.05).withDtype(DType.FLOAT64);

    private record Run(Model.LossAndGrads lossAndGrads, Tensor scores) {}

    /** A model on {@code ops} with the weights of seed 231, and its loss, gradients and scores on a fixed batch. */
    private static Run run(Ops ops) {
        Rng r = new Rng(231);
        ThreeLayerConvNet model = new ThreeLayerConvNet(CFG, ops, r);
        Tensor x = Tensor.randn(r, DType.FLOAT64, 3, 3, 16, 16);
        int[] y = r.randint(10, 3);
        return new Run(model.loss(x, y), model.scores(x));
    }

    private static void assertSame(String what, Run expected, Run actual) {
        double lossErr = GradCheck.relError(expected.lossAndGrads().loss(), actual.lossAndGrads().loss());
        assertTrue(lossErr <= TOL, what + ": loss rel_error " + lossErr);
        Map<String, Tensor> g = expected.lossAndGrads().grads(), h = actual.lossAndGrads().grads();
        assertEquals(g.keySet(), h.keySet(), what + ": gradient names");
        for (String name : g.keySet()) {
            double e = GradCheck.relError(g.get(name), h.get(name));
            assertTrue(e <= TOL, what + ": d" + name + " rel_error " + e);
        }
        double s = GradCheck.relError(expected.scores(), actual.scores());
        assertTrue(s <= TOL, what + ": scores rel_error " + s);
    }

    @Test
    void nativeModelMatchesNaiveModel() {
        NativeAssume.nativeAvailable();
        Run naive = run(Ops.naive());
        Run fast = run(Ops.of(Backend.NATIVE));
        assertTrue(naive.lossAndGrads().loss() > 2.0, "a real loss, not a degenerate model: " + naive.lossAndGrads().loss());
        assertSame("native", naive, fast);
    }

    /**
     * AUTO with every threshold at 1 runs each layer natively: the naive results to 1e-10, and NATIVE's bit
     * for bit (a naive conv or affine would differ from NATIVE in the last bits; pool and ReLU are exact
     * on both paths, so for those the bit check cannot tell, and the thresholds are simply set).
     */
    @Test
    void autoWithThresholdsOfOneMatchesNaiveAndNative() {
        NativeAssume.nativeAvailable();
        long conv = Tuning.autoConvMinMacs, affine = Tuning.autoAffineMinMacs, pool = Tuning.autoPoolMinElements,
                relu = Tuning.autoReluMinElements;
        try {
            Tuning.autoConvMinMacs = 1;
            Tuning.autoAffineMinMacs = 1;
            Tuning.autoPoolMinElements = 1;
            Tuning.autoReluMinElements = 1;
            Run auto = run(Ops.of(Backend.AUTO));
            assertSame("auto", run(Ops.naive()), auto);
            Run fast = run(Ops.of(Backend.NATIVE));
            assertEquals(fast.lossAndGrads().loss(), auto.lossAndGrads().loss(), "auto ran the native layers");
            for (String name : fast.lossAndGrads().grads().keySet()) {
                assertTrue(fast.lossAndGrads().grads().get(name).contentEquals(auto.lossAndGrads().grads().get(name)),
                        "auto ran the native layers: d" + name);
            }
            assertTrue(fast.scores().contentEquals(auto.scores()), "auto ran the native layers: scores");
        } finally {
            Tuning.autoConvMinMacs = conv;
            Tuning.autoAffineMinMacs = affine;
            Tuning.autoPoolMinElements = pool;
            Tuning.autoReluMinElements = relu;
        }
    }
}
