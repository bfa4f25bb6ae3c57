package org.convnet4j.testing;

import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.convnet4j.check.GradCheck;
import org.convnet4j.tensor.Tensor;

/** Gradient-check assertions on top of {@link GradCheck}, for the layer tests. */
public final class GradChecks {
    private GradChecks() {}

    /**
     * Default bound on rel_error: CS231n is happy below 1e-7 and expects about 1e-8 for conv.
     */
    public static final double MAX_REL = 1e-7;

    /**
     * Entries whose analytic and numerical values differ by at most this much pass whatever their relative
     * error: the numerical gradient of {@code sum(out * dout)} carries rounding noise of about
     * {@code eps * |out| * |dout| / h ~ 2e-16 * 10 / 1e-5 = 2e-10} per entry, so a true zero comes out as
     * ~1e-10 and its rel_error is 1. 1e-9 is five times that noise.
     */
    public static final double ABS_FLOOR = 1e-9;

    /**
     * Asserts that {@code analytic} is the gradient of {@code sum(f(x) * dout)} at x: elementwise
     * {@code |a - n| <= ABS_FLOOR} or {@code rel_error(a, n) <= maxRel}. x must be float64.
     */
    public static void assertGradient(String what, UnaryOperator<Tensor> f, Tensor x, Tensor dout, Tensor analytic,
            double maxRel) {
        Tensor numeric = GradCheck.numericalGradientArray(f, x, dout);
        Compare.assertGradClose(what, analytic, numeric, maxRel, ABS_FLOOR);
    }

    public static void assertGradient(String what, UnaryOperator<Tensor> f, Tensor x, Tensor dout, Tensor analytic) {
        assertGradient(what, f, x, dout, analytic, MAX_REL);
    }

    /**
     * The gradient of a scalar f at x by centred differences with one Richardson step,
     * {@code (4 D(h/2) - D(h)) / 3} with D the centred difference ({@link GradCheck#numericalGradient}):
     * the {@code h^2} term of D's error cancels, leaving O(h^4). Whole nets with batch norm have directions
     * of high curvature (a channel whose batch variance is small), where D(1e-5) alone is off by 1e-7
     * relative through its h^2 term while the analytic gradient is right; the extrapolated value is not.
     * Rounding noise stays about {@code eps * |f| / h}, as for D. x must be float64.
     */
    public static Tensor extrapolatedGradient(ToDoubleFunction<Tensor> f, Tensor x, double h) {
        Tensor coarse = GradCheck.numericalGradient(f, x, h);
        Tensor fine = GradCheck.numericalGradient(f, x, h / 2);
        Tensor out = fine.zerosLike();
        for (int i = 0; i < out.size(); i++) out.setFlat(i, (4 * fine.getFlat(i) - coarse.getFlat(i)) / 3);
        return out;
    }
}
