package org.convnet4j.model;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.convnet4j.check.GradCheck;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.GradientCheck;
import org.convnet4j.testkit.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CS231n's FullyConnectedNet checks (FullyConnectedNets, BatchNormalization and Dropout notebooks). */
class FullyConnectedNetTest extends TestBase {
    private static final int N = 2, D = 15, H1 = 20, H2 = 30, C = 10;

    /**
     * The notebook's first check: seed 231, X (2, 15), y randint(10), then for reg 0 and 3.14 a net [20, 30]
     * with weight scale 5e-2 drawn from the same stream. Initial losses from src/test/resources/gen/fc_net.py
     * (NumPy): 2.3004790897684924 and 7.0521147765330161, near log(10) = 2.3026 without reg.
     */
    @Test
    void initialLossesOfTheNotebook() {
        Rng r = new Rng(231);
        Tensor x = Tensor.randn(r, DType.FLOAT64, N, D);
        int[] y = r.randint(C, N);
        assertArrayEquals(new int[] {7, 0}, y, "np.random.randint(10, size=(2,)) after seed 231 and randn(2, 15)");
        double[] expected = {2.3004790897684924, 7.0521147765330161};
        double[] regs = {0, 3.14};
        for (int k = 0; k < 2; k++) {
            Net net = FullyConnectedNet.build(FullyConnectedNet.Config.defaults(H1, H2).withInputDim(D).withNumClasses(C)
                    .withReg(regs[k]).withWeightScale(5e-2).withDtype(DType.FLOAT64), Ops.naive(), r);
            assertEquals(expected[k], net.loss(x, y).loss(), 1e-14, "initial loss, reg " + regs[k]);
        }
        assertEquals(Math.log(C), expected[0], 3e-3);
    }

    /**
     * Every parameter against centred differences of the loss (Richardson-extrapolated, see GradChecks), with
     * and without reg, batch norm and dropout (masks fixed by the seed, CS231n's {@code seed=123}). Batch-norm
     * cases use 4 examples: batch norm of CS231n's 2 outputs +-1 whatever its input, so every gradient before
     * it would be zero up to rounding and the check would compare noise.
     */
    @ParameterizedTest(name = "reg {0}, batch norm {1}, keep {2}")
    @CsvSource({"0, false, 1", "3.14, false, 1", "3.14, true, 1", "0, false, 0.5", "0.7, true, 0.6"})
    void gradientCheck(double reg, boolean batchNorm, double keep) {
        Rng r = new Rng(231);
        int n = batchNorm ? 4 : N;
        Tensor x = Tensor.randn(r, DType.FLOAT64, n, D);
        int[] y = r.randint(C, n);
        Net net = FullyConnectedNet.build(FullyConnectedNet.Config.defaults(H1, H2).withInputDim(D).withNumClasses(C)
                .withReg(reg).withWeightScale(5e-2).withBatchNorm(batchNorm).withDropoutKeepRatio(keep)
                .withDtype(DType.FLOAT64), Ops.naive(), r);
        net.setDropoutSeed(123L);
        Map<String, Tensor> grads = net.loss(x, y).grads();
        for (Map.Entry<String, Tensor> e : net.params().entrySet()) {
            Tensor num = GradientCheck.extrapolatedGradient(t -> net.loss(x, y).loss(), e.getValue(), GradCheck.DEFAULT_H);
            GradientCheck.assertGradClose(e.getKey(), grads.get(e.getKey()), num, Tolerances.GRAD_MAX_REL);
        }
    }

    @Test
    void architectureAndNames() {
        FullyConnectedNet.Config c = FullyConnectedNet.Config.defaults(100, 50).withBatchNorm(true).withDropoutKeepRatio(0.5);
        assertEquals("affine(100)-bn-relu-dropout(0.5)-affine(50)-bn-relu-dropout(0.5)-affine(10)",
                FullyConnectedNet.architecture(c).toString());
        Net net = FullyConnectedNet.build(c, Ops.naive(), rng);
        assertEquals(List.of("W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"),
                List.copyOf(net.params().keySet()));
        assertArrayEquals(new int[] {3 * 32 * 32, 100}, net.params().get("W1").shape());
        assertEquals("affine(7)-relu-affine(3)", FullyConnectedNet.architecture(FullyConnectedNet.Config.defaults(7)
                .withNumClasses(3)).toString(), "keep ratio 1: no dropout layers, as CS231n");
        rejects(() -> FullyConnectedNet.Config.defaults(), "hidden_dims must not be empty");
        rejects(() -> FullyConnectedNet.Config.defaults(5).withDropoutKeepRatio(0), "dropout_keep_ratio", "(0, 1]");
        rejects(() -> FullyConnectedNet.Config.defaults(5).withNumClasses(1), "num_classes", ">= 2");
    }
}
