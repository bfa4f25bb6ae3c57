package org.convnet4j.testkit;

import java.util.Locale;

/**
 * What a failed check found, in the words a person acts on: which check, on which case, which output, its
 * worst element (index, both values, the error and the bound), how many elements are wrong, and, when the
 * wrong elements show a clear pattern, one line guessing the usual mistake behind it. {@link #toString()}
 * is the failure message, e.g.
 *
 * <pre>
 * reference check of BrokenConv: dx differs from the reference (Conv2d) in 108 of 378 elements
 *   case:  float64 x[3, 2, 7, 9] w[2, 2, 2, 3] stride 2 pad 0
 *   worst: dx at (n, c, h, w) = (0, 0, 0, 2): yours -0.9449673, reference 0.03353441, rel_error 1.0 (bound 1e-10)
 *   guess: dx is wrong only where windows overlap: are overlapping contributions added?
 * </pre>
 *
 * @param check what was checked: {@code "reference check"}, {@code "gradient check"}
 * @param subject the implementation under test (its class's simple name)
 * @param caseText the case ({@link KitCase#toString()})
 * @param output the output, e.g. {@code "out"}, {@code "dx"}, {@code "dw"}, {@code "dW1"}
 * @param problem what is wrong with it, e.g. {@code "differs from the reference (Conv2d)"}
 * @param axes the axis names of the output, e.g. {@code "(n, c, h, w)"}
 * @param index the worst element's index along each axis (empty for a shape or dtype mismatch)
 * @param yours the worst element's value from the implementation under test
 * @param theirs the worst element's value from what it is compared with
 * @param theirsName what it is compared with: {@code "reference"}, {@code "numeric"}, {@code "first call"}, ...
 * @param errorName the figure the bound applies to: {@code "rel_error"}, {@code "|a-b|/max|b|"}, ...
 * @param error the worst element's figure
 * @param bound the bound it exceeds
 * @param wrong how many elements are wrong
 * @param total how many elements the output has
 * @param guess the usual mistake behind the pattern, or null when no pattern is clear
 */
public record Report(String check, String subject, String caseText, String output, String problem, String axes,
                     int[] index, double yours, double theirs, String theirsName, String errorName, double error,
                     double bound, int wrong, int total, String guess) {

    /** Whether a guess was made. */
    public boolean hasGuess() {
        return guess != null;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(check).append(" of ").append(subject).append(": ").append(output).append(' ').append(problem);
        if (total > 0 && index.length > 0) b.append(" in ").append(wrong).append(" of ").append(total).append(" elements");
        b.append("\n  case:  ").append(caseText);
        if (index.length > 0) {
            b.append("\n  worst: ").append(output).append(" at ").append(axes).append(" = ").append(tuple(index))
                    .append(": yours ").append(num(yours)).append(", ").append(theirsName).append(' ').append(num(theirs))
                    .append(", ").append(errorName).append(' ').append(num(error)).append(" (bound ").append(num(bound))
                    .append(')');
        }
        if (guess != null) b.append("\n  guess: ").append(guess);
        return b.toString();
    }

    static String tuple(int[] index) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < index.length; i++) b.append(i > 0 ? ", " : "").append(index[i]);
        return b.append(')').toString();
    }

    /** A value in few digits (enough to tell two apart that differ in the 4th), NaN and infinities by name. */
    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            String s = String.format(Locale.ROOT, "%.7g", v);
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", ".0") : s;
        }
        // 1.230e-05 -> 1.23e-5
        String s = String.format(Locale.ROOT, "%.3e", v);
        String mantissa = s.substring(0, s.indexOf('e')).replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + "e" + Integer.parseInt(s.substring(s.indexOf('e') + 1));
    }
}
