package org.convnet4j.testkit;

import org.convnet4j.tensor.Tensor;

/**
 * The bounds convnet4j holds its own layers to, and that the kit holds yours to.
 *
 * <p>Against the reference (the naive twin, which accumulates in double):
 * <ul>
 *   <li>float64: CS231n's {@code rel_error}, {@code max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|) <= 1e-10}
 *       ({@link #F64_REL_ERROR}): float64 sums in another order differ in the last bits only;</li>
 *   <li>float32: scale-aware, {@code max|a - b| / max|b| <= 1e-5} ({@link #F32_REL_TO_MAX}): a GEMM that
 *       accumulates in float loses a few units of float32 rounding (6e-8) per term against the largest
 *       value of the output, while an element's own relative error near 0 means nothing;</li>
 *   <li>max-pool outputs and everything a ReLU computes select values and must be bit for bit equal.</li>
 * </ul>
 * Both figures are taken over the positions where both values are finite; elsewhere the values must be the
 * same NaN or the same infinity (NumPy's {@code allclose(..., equal_nan=True)}).
 *
 * <p>Against centred differences (always float64): an entry passes when
 * {@code |analytic - numeric| <= 1e-9} ({@link #GRAD_ABS_FLOOR}) or its {@code rel_error <= 1e-7}
 * ({@link #GRAD_MAX_REL}; CS231n is content below 1e-7 and expects about 1e-8 for conv). Max pooling is
 * piecewise linear, so its differences are exact up to rounding and it is held to 1e-9
 * ({@link #GRAD_PIECEWISE_LINEAR_MAX_REL}); a batch norm's dx to 1e-6 ({@link #GRAD_BATCHNORM_DX_MAX_REL}),
 * the order of what CS231n's own notebook printed for it.
 */
public final class Tolerances {
    private Tolerances() {}

    /** float64 against the reference: {@code rel_error <= 1e-10}. */
    public static final double F64_REL_ERROR = 1e-10;

    /** float32 against the reference: {@code max|a - b| / max|b| <= 1e-5}. */
    public static final double F32_REL_TO_MAX = 1e-5;

    /** Analytic against numeric gradient: {@code rel_error <= 1e-7} (unless within {@link #GRAD_ABS_FLOOR}). */
    public static final double GRAD_MAX_REL = 1e-7;

    /**
     * Entries whose analytic and numerical values differ by at most this much pass whatever their relative
     * error: the numerical gradient of {@code sum(out * dout)} carries rounding noise of about
     * {@code eps * |out| * |dout| / h ~ 2e-16 * 10 / 1e-5 = 2e-10} per entry, so a true zero comes out as
     * ~1e-10 and its rel_error is 1. 1e-9 is five times that noise.
     */
    public static final double GRAD_ABS_FLOOR = 1e-9;

    /** Max pooling's gradient bound: piecewise linear away from ties, so centred differences are exact to ~1e-11. */
    public static final double GRAD_PIECEWISE_LINEAR_MAX_REL = 1e-9;

    /** A batch norm's dx bound (CS231n's notebook printed 2.8e-7 for the spatial batch norm's). */
    public static final double GRAD_BATCHNORM_DX_MAX_REL = 1e-6;

    /** CS231n's rel_error of two values: {@code |a - b| / max(1e-8, |a| + |b|)}. */
    public static double relError(double a, double b) {
        return Math.abs(a - b) / Math.max(1e-8, Math.abs(a) + Math.abs(b));
    }

    /**
     * CS231n's rel_error over the positions where both tensors are finite: the largest
     * {@code |a - b| / max(1e-8, |a| + |b|)}, 0 when there is none.
     *
     * @param a a tensor of any shape and dtype
     * @param b a tensor with at least as many elements as a
     * @return the largest elementwise rel_error over finite pairs
     */
    public static double relError(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.getFlat(i), y = b.getFlat(i);
            if (Double.isFinite(x) && Double.isFinite(y)) m = Math.max(m, relError(x, y));
        }
        return m;
    }

    /**
     * {@code max|a - b| / max|b|} over the positions where both are finite ({@code max|a - b|} when b is all
     * zero there): the float32 criterion.
     *
     * @param a the tensor under test
     * @param b the reference, with at least as many elements as a
     * @return the scale-aware error
     */
    public static double errRelToMax(Tensor a, Tensor b) {
        double diff = 0, scale = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.getFlat(i), y = b.getFlat(i);
            if (Double.isFinite(x) && Double.isFinite(y)) {
                diff = Math.max(diff, Math.abs(x - y));
                scale = Math.max(scale, Math.abs(y));
            }
        }
        return scale == 0 ? diff : diff / scale;
    }
}
