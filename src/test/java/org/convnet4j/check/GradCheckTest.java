package org.convnet4j.check;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

class GradCheckTest extends TestBase {

    private static double sumCubes(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) s += Math.pow(t.getFlat(i), 3);
        return s;
    }

    @Test
    void numericalGradientOfSumOfCubesIsThreeXSquaredAndRestoresX() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 3, 4);
        Tensor x0 = x.copy();
        Tensor g = GradCheck.numericalGradient(GradCheckTest::sumCubes, x);
        for (int i = 0; i < x.size(); i++) {
            double v = x.getFlat(i);
            // centred difference of x^3: 3x^2 + h^2 exactly, plus rounding
            assertEquals(3 * v * v + 1e-10, g.getFlat(i), 1e-9);
        }
        assertTrue(x.contentEquals(x0), "x not restored");
    }

    @Test
    void numericalGradientArrayIsGradientOfSumOfOutTimesDout() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 5);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 5);
        Tensor g = GradCheck.numericalGradientArray(t -> {
            Tensor o = t.zerosLike();
            for (int i = 0; i < t.size(); i++) o.setFlat(i, t.getFlat(i) * t.getFlat(i));
            return o;
        }, x, dout);
        for (int i = 0; i < x.size(); i++) assertEquals(2 * x.getFlat(i) * dout.getFlat(i), g.getFlat(i), 1e-9);
    }

    @Test
    void restoresXWhenFThrows() {
        Tensor x = Tensor.wrap(new double[] {1, 2}, 2);
        assertThrows(IllegalStateException.class, () -> GradCheck.numericalGradient(t -> {
            throw new IllegalStateException("boom");
        }, x));
        assertEquals(1.0, x.getFlat(0));
    }

    @Test
    void relErrorIsTheSeedsDefinition() {
        assertEquals(0.0, GradCheck.relError(0, 0));
        assertEquals(0.5, GradCheck.relError(1, 3));
        assertEquals(0.1, GradCheck.relError(1e-9, 0), 1e-15); // the 1e-8 floor of the denominator
        Tensor a = Tensor.wrap(new double[] {1, 2, 0}, 3), b = Tensor.wrap(new double[] {1, 2.2, 0}, 3);
        assertEquals(0.2 / 4.2, GradCheck.relError(a, b), 1e-15);
        assertEquals(1, GradCheck.worstIndex(a, b));
        assertTrue(Double.isNaN(GradCheck.relError(Tensor.wrap(new double[] {1, Double.NaN}, 2), Tensor.wrap(new double[] {1, 1}, 2))));
    }

    @Test
    void sampledCheckFindsAWrongEntry() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 4);
        Tensor analytic = x.zerosLike();
        for (int i = 0; i < 4; i++) analytic.setFlat(i, 3 * x.getFlat(i) * x.getFlat(i));
        GradCheck.SampledResult ok = GradCheck.sampled(GradCheckTest::sumCubes, x, analytic, 10, new Rng(1), 1e-5);
        assertTrue(ok.maxRelError() < 1e-7, ok.toString());
        analytic.setFlat(2, analytic.getFlat(2) + 1);
        GradCheck.SampledResult bad = GradCheck.sampled(GradCheckTest::sumCubes, x, analytic, 40, new Rng(1), 1e-5);
        assertEquals(2, bad.worstIndex(), bad.toString());
        assertTrue(bad.maxRelError() > 1e-3);
    }

    @Test
    void refusesFloat32X() {
        rejects(() -> GradCheck.numericalGradient(t -> 0, Tensor.zeros(DType.FLOAT32, 2)), "eval_numerical_gradient",
                "x must be FLOAT64", "FLOAT32");
    }

    @Test
    void refusesFloat32Dout() {
        rejects(() -> GradCheck.numericalGradientArray(t -> t, Tensor.zeros(DType.FLOAT64, 2),
                Tensor.zeros(DType.FLOAT32, 2)), "eval_numerical_gradient_array", "dout must be FLOAT64", "FLOAT32");
    }

    @Test
    void refusesFloat32Output() {
        rejects(() -> GradCheck.numericalGradientArray(t -> t.as(DType.FLOAT32), Tensor.zeros(DType.FLOAT64, 2),
                Tensor.zeros(DType.FLOAT64, 2)), "eval_numerical_gradient_array", "f(x) must be FLOAT64", "FLOAT32");
    }

    @Test
    void refusesOutputShapedUnlikeDout() {
        rejects(() -> GradCheck.numericalGradientArray(t -> t, Tensor.zeros(DType.FLOAT64, 2),
                Tensor.zeros(DType.FLOAT64, 3)), "eval_numerical_gradient_array", "f(x) must have shape [3]", "[2]");
    }

    @Test
    void refusesBadStep() {
        rejects(() -> GradCheck.numericalGradient(t -> 0, Tensor.zeros(DType.FLOAT64, 2), 0), "eval_numerical_gradient",
                "h must be a finite number > 0", "0.0");
    }

    @Test
    void relErrorRefusesShapeMismatch() {
        rejects(() -> GradCheck.relError(Tensor.zeros(DType.FLOAT64, 2, 3), Tensor.zeros(DType.FLOAT64, 3, 2)),
                "rel_error", "b must have shape [2, 3]", "[3, 2]");
    }

    @Test
    void sampledRefusesNonPositiveK() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2);
        rejects(() -> GradCheck.sampled(t -> 0, x, x, 0, new Rng(1), 1e-5), "grad_check_sparse", "k must be > 0", "0");
    }
}
