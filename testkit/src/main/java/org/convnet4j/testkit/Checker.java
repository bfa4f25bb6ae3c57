package org.convnet4j.testkit;

import java.util.Arrays;
import java.util.function.Supplier;
import org.convnet4j.tensor.Tensor;
import org.opentest4j.AssertionFailedError;

/**
 * One run of one case: compares outputs and turns the first failure into a {@link KitFailure} with its
 * {@link Report}.
 */
final class Checker {
    static final String NCHW = "(n, c, h, w)";

    private final String check, subject, theirs, theirsShort, kase;
    private final boolean nonFinite;

    private Checker(String check, Object subject, String theirs, String theirsShort, String kase, boolean nonFinite) {
        this.check = check;
        this.subject = name(subject);
        this.theirs = theirs;
        this.theirsShort = theirsShort;
        this.kase = kase;
        this.nonFinite = nonFinite;
    }

    /** Names a set of ops for reports: {@code ops(Conv2dFast, MaxPool2dFast, AffineFast, ReluFast)}. */
    static String name(org.convnet4j.model.Ops ops) {
        return "ops(" + name(ops.conv()) + ", " + name(ops.pool()) + ", " + name(ops.affine()) + ", " + name(ops.relu()) + ")";
    }

    static String name(Object o) {
        if (o == null) return "null";
        if (o instanceof String t) return t;
        String s = o.getClass().getSimpleName();
        return s.isEmpty() ? o.getClass().getName() : s;
    }

    /** A comparison with a reference implementation. */
    static Checker reference(Object candidate, Object reference, KitCase kase) {
        return new Checker("reference check", candidate, "the reference (" + name(reference) + ")", "reference",
                kase.toString(), kase.nonFinite());
    }

    /** A comparison with centred differences. */
    static Checker gradient(Object candidate, KitCase kase) {
        return gradient(candidate, kase.toString());
    }

    /** A comparison with centred differences, on a case named by free text. */
    static Checker gradient(Object candidate, String caseText) {
        return new Checker("gradient check", candidate, "the numeric gradient", "numeric", caseText, false);
    }

    /** Runs a call of the op under test; an exception becomes a failure naming the call and the case. */
    <T> T call(String what, Supplier<T> body) {
        T out;
        try {
            out = body.get();
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionFailedError(check + " of " + subject + ": " + what + " threw " + e + "\n  case:  " + kase, e);
        }
        if (out == null) throw new AssertionFailedError(check + " of " + subject + ": " + what + " returned null\n  case:  " + kase);
        return out;
    }

    /** {@code got} must agree with {@code expected} under {@code rule}. */
    void compare(String name, String axes, Tensor got, Tensor expected, Rule rule, Hints hints) {
        compare(name, axes, got, expected, rule, hints, "differs from " + theirs, theirs, theirsShort);
    }

    /** The reference must not turn finite inputs into NaN or infinities (a sanity check of the reference itself). */
    void referenceFinite(String name, String axes, Tensor reference) {
        if (nonFinite) return;
        for (int i = 0; i < reference.size(); i++) {
            double v = reference.getFlat(i);
            if (!Double.isFinite(v)) {
                Diff d = new Diff(name, axes, reference, reference, Rule.exact());
                throw fail(new Report(check, subject, kase, name, "of " + theirs + " is not finite from finite"
                        + " inputs", axes, d.index(i), v, v, theirsShort, "rel_error", Double.NaN, 0, 1, reference.size(),
                        null));
            }
        }
    }

    /** A second call must give bit for bit the first call's result. */
    void same(String name, String axes, Tensor first, Tensor second) {
        requireShape(name, second, first, "the first call");
        Diff d = new Diff(name, axes, second, first, Rule.exact());
        if (d.ok()) return;
        throw fail(report(d, "differs between two calls on the same inputs (expected bit-identical)", "first call",
                Diagnosis.secondCall(d)));
    }

    /**
     * A second call must return new tensors, not the first call's (nor views of them): caches and a net's layers keep
     * the first call's results, and a bit-for-bit comparison of a tensor with itself proves nothing.
     */
    void distinct(String name, Tensor first, Tensor second) {
        if (second.sharesStorageWith(first)) {
            throw new AssertionFailedError(check + " of " + subject + ": the second call returned " + name + " in the"
                    + " first call's storage; each call must return new tensors (caches and a net's layers keep the"
                    + " first call's)\n  case:  " + kase);
        }
    }

    /** {@code got} must equal, bit for bit, what {@code expectedName} gave (a fused path must not change a result). */
    void identical(String name, String axes, Tensor got, Tensor expected, String expectedName) {
        requireShape(name, got, expected, expectedName);
        Diff d = new Diff(name, axes, got, expected, Rule.exact());
        if (d.ok()) return;
        throw fail(report(d, "differs from " + expectedName + " (expected bit-identical)", expectedName, null));
    }

    /** A call handed an output tensor must return that very tensor. */
    void returnsGiven(String what, Object got, Object given) {
        if (got != given) {
            throw new AssertionFailedError(check + " of " + subject + ": " + what + " must return the tensor it was given"
                    + " to write into, got another\n  case:  " + kase);
        }
    }

    /** A result the caller asked not to compute must be null. */
    void absent(String what, Object value) {
        if (value != null) {
            throw new AssertionFailedError(check + " of " + subject + ": " + what + " was not asked for and must be null"
                    + "\n  case:  " + kase);
        }
    }

    /** The op must not have written into its input. */
    void unchanged(String name, String axes, Tensor original, Tensor passed) {
        Diff d = new Diff(name, axes, passed, original, Rule.exact());
        if (d.ok()) return;
        throw fail(report(d, "was changed by the op: inputs must not be written (copy before padding or sorting in place)",
                "before the call", null));
    }

    private void compare(String name, String axes, Tensor got, Tensor expected, Rule rule, Hints hints, String problem,
            String theirsLong, String theirsName) {
        requireShape(name, got, expected, theirsLong);
        Diff d = new Diff(name, axes, got, expected, rule);
        if (d.ok()) return;
        throw fail(report(d, problem, theirsName, Diagnosis.guess(d, hints, theirsLong)));
    }

    private void requireShape(String name, Tensor got, Tensor expected, String theirsLong) {
        if (got == null) {
            throw fail(new Report(check, subject, kase, name, "is null", "", new int[0], 0, 0, theirsShort, "",
                    0, 0, 0, 0, null));
        }
        if (!Arrays.equals(got.shape(), expected.shape())) {
            throw fail(new Report(check, subject, kase, name, "has shape " + Arrays.toString(got.shape()) + " but "
                    + theirsLong + " has " + Arrays.toString(expected.shape()), "", new int[0], 0, 0, theirsShort, "", 0, 0, 0,
                    0, shapeGuess(got.shape(), expected.shape())));
        }
        if (got.dtype() != expected.dtype()) {
            throw fail(new Report(check, subject, kase, name, "is " + got.dtype() + " but " + theirsLong + " is "
                    + expected.dtype(), "", new int[0], 0, 0, theirsShort, "", 0, 0, 0, 0,
                    "return the inputs' dtype (Tensor.zeros(x.dtype(), ...))"));
        }
    }

    private static String shapeGuess(int[] got, int[] exp) {
        if (got.length == 4 && exp.length == 4 && got[0] == exp[0] && got[1] == exp[1]
                && Math.abs(got[2] - exp[2]) <= 1 && Math.abs(got[3] - exp[3]) <= 1) {
            return "the output size is off by one: Hout = 1 + (H + 2*pad - HH) / stride, with the division floored";
        }
        return null;
    }

    private Report report(Diff d, String problem, String theirsName, String guess) {
        int w = d.worst;
        double a = d.got[w], b = d.exp[w];
        double err = Double.isFinite(a) && Double.isFinite(b) ? d.error(a, b) : Double.NaN;
        return new Report(check, subject, kase, d.name, problem, d.axes, d.index(w), a, b, theirsName,
                d.rule.errorName(), err, d.rule.bound(), d.wrongCount, d.got.length, guess);
    }

    private static KitFailure fail(Report r) {
        return new KitFailure(r);
    }
}
