package org.convnet4j.testkit;

import org.convnet4j.tensor.DType;

/**
 * How an output must agree, element by element, with what it is compared with. Where either value is not
 * finite, both must be the same NaN or the same infinity, whatever the rule.
 *
 * @param kind the criterion
 * @param bound its bound
 * @param floor {@link Kind#GRADIENT}: differences up to this pass whatever their relative error
 * @param scale {@link Kind#ON_SCALE}: the scale the difference is measured against
 */
record Rule(Kind kind, double bound, double floor, double scale) {
    enum Kind {
        /** float64: {@code rel_error <= bound}. */
        REL_ERROR,
        /** float32: {@code |a - b| <= bound * max|b|}. */
        REL_TO_MAX,
        /** bit for bit. */
        EXACT,
        /** {@code |a - n| <= floor} or {@code rel_error <= bound}. */
        GRADIENT,
        /** {@code rel_error <= bound} (float64 only) or {@code |a - b| <= bound * scale}. */
        ON_SCALE_F64,
        /** {@code |a - b| <= bound * scale}. */
        ON_SCALE_F32
    }

    /** The project's bound against the reference for a dtype. */
    static Rule of(DType t) {
        return t == DType.FLOAT64 ? new Rule(Kind.REL_ERROR, Tolerances.F64_REL_ERROR, 0, 0)
                : new Rule(Kind.REL_TO_MAX, Tolerances.F32_REL_TO_MAX, 0, 0);
    }

    static Rule exact() {
        return new Rule(Kind.EXACT, 0, 0, 0);
    }

    static Rule gradient(double maxRel) {
        return new Rule(Kind.GRADIENT, maxRel, Tolerances.GRAD_ABS_FLOOR, 0);
    }

    /** The dtype's bound, but differences measured against {@code scale} (a layer's largest gradient). */
    static Rule onScale(DType t, double scale) {
        return t == DType.FLOAT64 ? new Rule(Kind.ON_SCALE_F64, Tolerances.F64_REL_ERROR, 0, scale)
                : new Rule(Kind.ON_SCALE_F32, Tolerances.F32_REL_TO_MAX, 0, scale);
    }

    /** The name of the figure the bound applies to. */
    String errorName() {
        return switch (kind) {
            case REL_ERROR, GRADIENT, EXACT -> "rel_error";
            case REL_TO_MAX -> "|a-b|/max|b|";
            case ON_SCALE_F64, ON_SCALE_F32 -> "|a-b|/scale";
        };
    }
}
