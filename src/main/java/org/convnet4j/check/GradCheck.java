package org.convnet4j.check;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * Numerical gradients by centred differences, and the relative error used to compare them with
 * analytic gradients (CS231n {@code gradient_check.py} and the notebook's {@code rel_error}).
 *
 * <pre>
 * scalar f:  grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2h)
 * tensor f:  grad[i] = sum((f(x + h e_i) - f(x - h e_i)) * dout) / (2h)     (the gradient of sum(f(x) * dout))
 * rel_error(a, b) = max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|)
 * </pre>
 *
 * x is perturbed in place, one element at a time, and restored (also when f throws), so f may ignore
 * its argument and read x through a model's parameters, as the notebook does. Differences of size h
 * would drown in float32 rounding, so x, dout and f's results must be {@link DType#FLOAT64}; float32 is
 * refused. The truncation error is O(h^2); the rounding error is about {@code eps * |f| / h}; h = 1e-5
 * balances the two for values of order one. Not thread-safe with respect to x.
 */
public final class GradCheck {
    /** The seed's default step. */
    public static final double DEFAULT_H = 1e-5;

    private GradCheck() {}

    /** {@code eval_numerical_gradient(f, x)} with h = 1e-5. */
    public static Tensor numericalGradient(ToDoubleFunction<Tensor> f, Tensor x) {
        return numericalGradient(f, x, DEFAULT_H);
    }

    /**
     * The seed's {@code eval_numerical_gradient}: the gradient of a scalar function at x.
     *
     * @param f scalar function of x (may read x indirectly)
     * @param x float64 point, perturbed in place and restored
     * @param h step, finite and {@code > 0}
     * @return the numerical gradient, float64, shaped like x
     * @throws IllegalArgumentException when x is not float64 or h is not a finite positive number
     */
    public static Tensor numericalGradient(ToDoubleFunction<Tensor> f, Tensor x, double h) {
        String op = "eval_numerical_gradient";
        Checks.notNull(op, "f", f);
        requireFloat64(op, "x", x);
        Checks.finitePositive(op, "h", h);
        Tensor grad = Tensor.zeros(DType.FLOAT64, x.shape());
        for (int i = 0; i < x.size(); i++) grad.setFlat(i, partial(f, x, i, h));
        return grad;
    }

    /** {@code eval_numerical_gradient_array(f, x, dout)} with h = 1e-5. */
    public static Tensor numericalGradientArray(UnaryOperator<Tensor> f, Tensor x, Tensor dout) {
        return numericalGradientArray(f, x, dout, DEFAULT_H);
    }

    /**
     * The seed's {@code eval_numerical_gradient_array}: the gradient at x of {@code sum(f(x) * dout)}.
     *
     * @param f tensor function of x; its result must be float64 and shaped like dout
     * @param x float64 point, perturbed in place and restored
     * @param dout float64 upstream gradient, the shape of f's result
     * @param h step, finite and {@code > 0}
     * @return the numerical gradient, float64, shaped like x
     * @throws IllegalArgumentException when x, dout or f's result is not float64, f's result is not shaped
     *     like dout, or h is not a finite positive number
     */
    public static Tensor numericalGradientArray(UnaryOperator<Tensor> f, Tensor x, Tensor dout, double h) {
        String op = "eval_numerical_gradient_array";
        Checks.notNull(op, "f", f);
        requireFloat64(op, "x", x);
        requireFloat64(op, "dout", dout);
        Checks.finitePositive(op, "h", h);
        Tensor grad = Tensor.zeros(DType.FLOAT64, x.shape());
        for (int i = 0; i < x.size(); i++) {
            double old = x.getFlat(i);
            try {
                x.setFlat(i, old + h);
                Tensor pos = checkedOutput(op, f.apply(x), dout).copy();
                x.setFlat(i, old - h);
                Tensor neg = checkedOutput(op, f.apply(x), dout);
                double sum = 0;
                for (int k = 0; k < dout.size(); k++) sum += (pos.getFlat(k) - neg.getFlat(k)) * dout.getFlat(k);
                grad.setFlat(i, sum / (2 * h));
            } finally {
                x.setFlat(i, old);
            }
        }
        return grad;
    }

    /**
     * The notebook's {@code rel_error}: {@code max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|)}. Any dtype.
     * NaN anywhere gives NaN (so a check against a threshold fails).
     *
     * @throws IllegalArgumentException when the shapes differ or a tensor is empty
     */
    public static double relError(Tensor a, Tensor b) {
        String op = "rel_error";
        Checks.notNull(op, "a", a);
        Checks.shape(op, "b", b, a.shape(), "the shape of a");
        if (a.size() == 0) throw new IllegalArgumentException(op + ": a and b must not be empty, got shape []");
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            double e = relError(a.getFlat(i), b.getFlat(i));
            if (Double.isNaN(e)) return Double.NaN;
            max = Math.max(max, e);
        }
        return max;
    }

    /** {@code rel_error} of two scalars: {@code |a - b| / max(1e-8, |a| + |b|)}. */
    public static double relError(double a, double b) {
        return Math.abs(a - b) / Math.max(1e-8, Math.abs(a) + Math.abs(b));
    }

    /** The flat index where {@code rel_error(a, b)} is largest (the first, on ties). */
    public static int worstIndex(Tensor a, Tensor b) {
        Checks.notNull("rel_error", "a", a);
        Checks.shape("rel_error", "b", b, a.shape(), "the shape of a");
        int worst = 0;
        double max = -1;
        for (int i = 0; i < a.size(); i++) {
            double e = relError(a.getFlat(i), b.getFlat(i));
            if (Double.isNaN(e)) return i;
            if (e > max) {
                max = e;
                worst = i;
            }
        }
        return worst;
    }

    /** One sampled check: the largest relative error over k random entries and where it was. */
    public record SampledResult(double maxRelError, int worstIndex, double numeric, double analytic, int samples) {}

    /**
     * The seed's {@code grad_check_sparse}: compares {@code analytic} with centred differences of f at
     * {@code k} entries of x drawn uniformly with replacement from {@code rng}. For tensors too big for
     * {@link #numericalGradient}.
     *
     * @param f scalar function of x
     * @param x float64 point, perturbed in place and restored
     * @param analytic the gradient to check, shaped like x (any dtype)
     * @param k number of entries, {@code > 0}
     * @param rng source of the indices
     * @param h step, finite and {@code > 0}
     * @throws IllegalArgumentException on a non-float64 x, a shape mismatch, {@code k <= 0} or a bad h
     */
    public static SampledResult sampled(ToDoubleFunction<Tensor> f, Tensor x, Tensor analytic, int k, Rng rng,
            double h) {
        String op = "grad_check_sparse";
        Checks.notNull(op, "f", f);
        requireFloat64(op, "x", x);
        Checks.shape(op, "analytic", analytic, x.shape(), "the shape of x");
        Checks.positive(op, "k", k);
        Checks.notNull(op, "rng", rng);
        Checks.finitePositive(op, "h", h);
        double worst = -1, num = 0, ana = 0;
        int worstIdx = -1;
        for (int s = 0; s < k; s++) {
            int i = rng.randint(x.size());
            double n = partial(f, x, i, h), a = analytic.getFlat(i);
            double e = relError(n, a);
            if (Double.isNaN(e) || e > worst) {
                worst = Double.isNaN(e) ? Double.NaN : e;
                worstIdx = i;
                num = n;
                ana = a;
                if (Double.isNaN(e)) break;
            }
        }
        return new SampledResult(worst, worstIdx, num, ana, k);
    }

    private static double partial(ToDoubleFunction<Tensor> f, Tensor x, int i, double h) {
        double old = x.getFlat(i);
        try {
            x.setFlat(i, old + h);
            double fp = f.applyAsDouble(x);
            x.setFlat(i, old - h);
            double fm = f.applyAsDouble(x);
            return (fp - fm) / (2 * h);
        } finally {
            x.setFlat(i, old);
        }
    }

    private static Tensor checkedOutput(String op, Tensor out, Tensor dout) {
        requireFloat64(op, "f(x)", out);
        Checks.shape(op, "f(x)", out, dout.shape(), "the shape of dout");
        return out;
    }

    private static void requireFloat64(String op, String name, Tensor t) {
        Checks.notNull(op, name, t);
        if (t.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": " + name + " must be FLOAT64 (finite differences of h="
                    + DEFAULT_H + "-size steps drown in float32 rounding), got " + t.dtype() + " "
                    + Arrays.toString(t.shape()));
        }
    }
}
