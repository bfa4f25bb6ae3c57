package org.convnet4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.convnet4j.check.GradCheck;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * The known-answer comparisons of the tests. {@link #assertAllClose} passes or fails on
 * {@code |actual - expected| <= atol + rtol * |expected|} elementwise (NumPy's {@code allclose}), so
 * values near zero do not raise false alarms; {@link #assertRelError} bounds CS231n's
 * {@code rel_error}, the figure the notebook prints for gradient checks. (Gradients against centred
 * differences and implementations against their reference go through the test kit,
 * {@code org.convnet4j.testkit}.) Failure messages always report
 * the rel_error and the worst element with its index. Non-finite values compare as NumPy's
 * {@code allclose(..., equal_nan=True)} does: NaN matches only NaN, an infinity only the same infinity.
 */
public final class Compare {
    private Compare() {}

    /** Tolerances for float64 results that should agree to rounding. */
    public static final double RTOL64 = 1e-12, ATOL64 = 1e-14;
    /**
     * Tolerances for float32 results computed in double and rounded once: they may differ from a
     * reference rounded the same way by one float32 ulp (6e-8 relative); 3e-7 allows two plus slack.
     */
    public static final double RTOL32 = 3e-7, ATOL32 = 1e-9;

    public static void assertAllClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i), a = actual.getFlat(i);
            double excess = Double.isFinite(e) && Double.isFinite(a) ? Math.abs(a - e) - (atol + rtol * Math.abs(e))
                    : Double.compare(a, e) == 0 ? 0 : Double.POSITIVE_INFINITY; // NaN == NaN, Inf == Inf only
            if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            fail(what + ": not allclose (rtol " + rtol + ", atol " + atol + "); " + describe(expected, actual, worst));
        }
    }

    /** {@link #assertAllClose} with the default tolerances of the dtype of {@code actual}. */
    public static void assertAllClose(String what, Tensor expected, Tensor actual) {
        boolean f32 = actual.dtype() == DType.FLOAT32;
        assertAllClose(what, expected, actual, f32 ? RTOL32 : RTOL64, f32 ? ATOL32 : ATOL64);
    }

    /** Requires {@code rel_error(a, b) <= bound}. */
    public static double assertRelError(String what, Tensor a, Tensor b, double bound) {
        assertArrayEquals(a.shape(), b.shape(), what + ": shape");
        double e = GradCheck.relError(a, b);
        if (!(e <= bound)) fail(what + ": rel_error above " + bound + "; " + describe(a, b, GradCheck.worstIndex(a, b)));
        return e;
    }

    /** Requires a rel_error figure computed elsewhere to be at most {@code bound}; names the seed's figure. */
    public static void assertRelError(String what, double relError, double bound, String notebookPrinted) {
        if (!(relError <= bound)) {
            fail(what + ": rel_error " + relError + " above " + bound + " (the notebook printed " + notebookPrinted + ")");
        }
    }

    /** Requires every value to round to the digits the seed printed (within half a unit in the last one). */
    public static void assertPrinted(String what, String printed, double[] ours, double halfUnit) {
        double d = org.convnet4j.check.NotebookChecks.maxDistanceToPrinted(printed, ours);
        if (!(d <= halfUnit)) {
            fail(what + ": ours " + Arrays.toString(ours) + " do not round to the printed " + printed
                    + " (max distance " + d + " > " + halfUnit + ")");
        }
    }

    private static String describe(Tensor a, Tensor b, int i) {
        return "rel_error " + GradCheck.relError(a, b) + ", worst at " + Arrays.toString(index(a.shape(), i))
                + ": " + a.getFlat(i) + " vs " + b.getFlat(i);
    }

    private static int[] index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = shape[k] == 0 ? 0 : flat % shape[k];
            flat = shape[k] == 0 ? 0 : flat / shape[k];
        }
        return idx;
    }
}
