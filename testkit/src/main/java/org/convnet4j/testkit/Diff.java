package org.convnet4j.testkit;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * One output compared with what it should be, element by element: which elements are wrong under a
 * {@link Rule}, the worst of them, and the figures a {@link Report} and {@link Diagnosis} need.
 */
final class Diff {
    final String name, axes;
    final int[] shape;
    final DType dtype;
    final double[] got, exp;
    final Rule rule;
    final boolean[] wrong;
    /** max |exp| over finite positions. */
    final double scale;
    int wrongCount;
    /** The worst wrong element (a non-finite mismatch first), or -1. */
    int worst = -1;

    Diff(String name, String axes, Tensor got, Tensor exp, Rule rule) {
        this.name = name;
        this.axes = axes;
        this.shape = exp.shape();
        this.dtype = exp.dtype();
        this.got = got.toDoubleArray();
        this.exp = exp.toDoubleArray();
        this.rule = rule;
        double s = 0;
        for (double v : this.exp) if (Double.isFinite(v)) s = Math.max(s, Math.abs(v));
        this.scale = s;
        this.wrong = new boolean[this.exp.length];
        double worstExcess = -1;
        for (int i = 0; i < this.exp.length; i++) {
            double a = this.got[i], b = this.exp[i];
            boolean finite = Double.isFinite(a) && Double.isFinite(b);
            boolean bad = rule.kind() == Rule.Kind.EXACT ? Double.doubleToLongBits(a) != Double.doubleToLongBits(b)
                    : finite ? !(error(a, b) <= rule.bound()) && !withinFloor(a, b) : Double.compare(a, b) != 0;
            if (!bad) continue;
            wrong[i] = true;
            wrongCount++;
            // a non-finite mismatch is worse than any finite error; among equals, the first
            double excess = finite ? error(a, b) : Double.POSITIVE_INFINITY;
            if (excess > worstExcess) {
                worst = i;
                worstExcess = excess;
            }
        }
    }

    boolean ok() {
        return wrongCount == 0;
    }

    /** The figure the rule bounds, for one finite pair. */
    double error(double a, double b) {
        return switch (rule.kind()) {
            case REL_ERROR, GRADIENT, EXACT -> Tolerances.relError(a, b);
            case REL_TO_MAX -> scale == 0 ? Math.abs(a - b) : Math.abs(a - b) / scale;
            case ON_SCALE_F64 -> Math.min(Tolerances.relError(a, b), onScale(a, b));
            case ON_SCALE_F32 -> onScale(a, b);
        };
    }

    private double onScale(double a, double b) {
        double d = Math.abs(a - b);
        return d == 0 ? 0 : d / rule.scale();
    }

    private boolean withinFloor(double a, double b) {
        return rule.kind() == Rule.Kind.GRADIENT && Math.abs(a - b) <= rule.floor();
    }

    /** The index along each axis of flat position i (row-major). */
    int[] index(int flat) {
        int[] idx = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = shape[k] == 0 ? 0 : flat % shape[k];
            flat = shape[k] == 0 ? 0 : flat / shape[k];
        }
        return idx;
    }

    /** Whether a and b agree to a coarse, scale-aware tolerance (for matching models of a mistake). */
    boolean near(double a, double b) {
        if (!(Double.isFinite(a) && Double.isFinite(b))) return Double.compare(a, b) == 0;
        return Math.abs(a - b) <= 1e-5 * Math.max(scale, Math.abs(b)) + 1e-300;
    }
}
