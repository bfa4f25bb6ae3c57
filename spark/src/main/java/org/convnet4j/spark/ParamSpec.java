package org.convnet4j.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoublePredicate;
import org.convnet4j.tensor.Rng;

/**
 * The values one hyper-parameter takes in a sweep, parsed from its command-line text:
 *
 * <pre>
 * 1e-3,1e-4            a list: grid search takes every value, random search draws one uniformly
 * 1e-5:1e-2:log        a continuous range, log-uniform (random search only)
 * 0.5:2                a continuous range, uniform (random search only)
 * 1e-5:1e-2:log:4      4 points spaced evenly on a log scale, ends included (np.logspace): a list
 * 16:64:3              3 points spaced evenly (np.linspace), rounded for integer parameters: a list
 * adam,sgd_momentum    a list of names (update rule)
 * </pre>
 *
 * Integer parameters draw integers: a uniform range draws from {@code [lo, hi]}, a log range rounds a
 * log-uniform draw. Every value, and both ends of a range, are checked when parsed.
 */
public final class ParamSpec {
    /** What a parameter's values are. */
    public enum Kind { DOUBLE, INT, NAME }

    /** A bad spec: the option, what was expected and what was given, for a usage error. */
    public static final class SpecException extends IllegalArgumentException {
        private final String option;
        private final String expected;
        private final String actual;

        public SpecException(String option, String expected, String actual) {
            super("Invalid value for option '" + option + "': expected " + expected + ", got " + actual);
            this.option = option;
            this.expected = expected;
            this.actual = actual;
        }

        public String option() {
            return option;
        }

        public String expected() {
            return expected;
        }

        public String actual() {
            return actual;
        }
    }

    private final String option;
    private final Kind kind;
    private final List<Object> values; // null for a continuous range
    private final double lo;
    private final double hi;
    private final boolean log;

    private ParamSpec(String option, Kind kind, List<Object> values, double lo, double hi, boolean log) {
        this.option = option;
        this.kind = kind;
        this.values = values == null ? null : List.copyOf(values);
        this.lo = lo;
        this.hi = hi;
        this.log = log;
    }

    /**
     * Parses a number spec (see the class comment).
     *
     * @param option the option's name, for messages (e.g. {@code --lr})
     * @param kind {@link Kind#DOUBLE} or {@link Kind#INT}
     * @param valid what every value must satisfy, and {@code expected} says it in words ("a finite number &gt; 0")
     * @throws SpecException if the text is not a list or range of valid values
     */
    public static ParamSpec numbers(String option, Kind kind, String text, DoublePredicate valid, String expected) {
        if (kind == Kind.NAME) throw new IllegalArgumentException("ParamSpec.numbers: kind must be DOUBLE or INT");
        String what = kind == Kind.INT ? "a list (16,32) or range (16:64, 16:64:log, 16:64:3) of integers, each "
                : "a list (1e-3,1e-4) or range (1e-5:1e-2, 1e-5:1e-2:log, 1e-5:1e-2:log:4) of numbers, each ";
        String expect = what + expected;
        if (text == null || text.isBlank()) throw new SpecException(option, expect, "'" + text + "'");
        String t = text.trim();
        if (!t.contains(":")) {
            List<Object> vs = new ArrayList<>();
            for (String part : t.split(",", -1)) vs.add(number(option, kind, part, valid, expect, t));
            return new ParamSpec(option, kind, dedupe(vs), Double.NaN, Double.NaN, false);
        }
        String[] parts = t.split(":", -1);
        if (parts.length < 2 || parts.length > 4 || t.contains(",")) throw new SpecException(option, expect, "'" + t + "'");
        double a = ((Number) number(option, kind, parts[0], valid, expect, t)).doubleValue();
        double b = ((Number) number(option, kind, parts[1], valid, expect, t)).doubleValue();
        if (!(a <= b)) throw new SpecException(option, expect + ", with low <= high", "'" + t + "'");
        boolean isLog = false;
        Integer count = null;
        for (int i = 2; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if ((p.equals("log") || p.equals("lin")) && i == 2) {
                isLog = p.equals("log");
            } else {
                try {
                    count = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new SpecException(option, expect + " (after low:high comes log, lin or a point count)", "'" + t + "'");
                }
                if (count < 1 || i != parts.length - 1) {
                    throw new SpecException(option, expect + ", with a point count >= 1 last", "'" + t + "'");
                }
            }
        }
        if (isLog && !(a > 0)) throw new SpecException(option, expect + ", and a log range must start above 0", "'" + t + "'");
        if (count == null) return new ParamSpec(option, kind, null, a, b, isLog);
        List<Object> vs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double f = count == 1 ? 0 : (double) i / (count - 1);
            double v = isLog ? Math.exp(Math.log(a) + f * (Math.log(b) - Math.log(a))) : a + f * (b - a);
            // exact ends: 1e-5 and 1e-2 stay what was typed, not exp(log(1e-5)) = 9.999999999999997e-06
            if (i == 0) v = a;
            if (i == count - 1 && count > 1) v = b;
            vs.add(kind == Kind.INT ? (Object) (int) Math.round(v) : (Object) v);
        }
        return new ParamSpec(option, kind, dedupe(vs), Double.NaN, Double.NaN, false);
    }

    /**
     * Parses a comma-separated list of names.
     *
     * @param allowed the names accepted
     * @throws SpecException naming the option and the allowed names
     */
    public static ParamSpec names(String option, String text, List<String> allowed) {
        String expect = "a comma-separated list of " + allowed;
        if (text == null || text.isBlank()) throw new SpecException(option, expect, "'" + text + "'");
        List<Object> vs = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (!allowed.contains(p)) throw new SpecException(option, expect, "'" + p + "' in '" + text + "'");
            vs.add(p);
        }
        return new ParamSpec(option, Kind.NAME, dedupe(vs), Double.NaN, Double.NaN, false);
    }

    /** A list of given names, taken as they are (e.g. architectures, whose text holds commas). */
    public static ParamSpec nameList(String option, List<String> names) {
        if (names == null || names.isEmpty()) throw new SpecException(option, "at least one value", "none");
        return new ParamSpec(option, Kind.NAME, dedupe(new ArrayList<>(names)), Double.NaN, Double.NaN, false);
    }

    private static Object number(String option, Kind kind, String s, DoublePredicate valid, String expect, String whole) {
        String p = s.trim();
        double v;
        try {
            v = kind == Kind.INT ? Integer.parseInt(p) : Double.parseDouble(p);
        } catch (NumberFormatException e) {
            throw new SpecException(option, expect, "'" + p + "'" + (p.equals(whole) ? "" : " in '" + whole + "'"));
        }
        if (!valid.test(v)) throw new SpecException(option, expect, p + (p.equals(whole) ? "" : " in '" + whole + "'"));
        return kind == Kind.INT ? (Object) (int) v : (Object) v;
    }

    private static List<Object> dedupe(List<Object> vs) {
        Set<Object> seen = new LinkedHashSet<>(vs);
        return new ArrayList<>(seen);
    }

    public String option() {
        return option;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether this is a continuous range (random search only). */
    public boolean isRange() {
        return values == null;
    }

    /**
     * The values a grid takes: the list.
     *
     * @throws SpecException for a continuous range, which has no grid points without a count
     */
    public List<Object> gridValues() {
        if (values == null) {
            throw new SpecException(option, "a list or a range with a point count for --search grid (e.g. "
                    + fmt(lo) + ":" + fmt(hi) + (log ? ":log" : "") + ":4), or --search random", rangeText());
        }
        return values;
    }

    /** One random draw: a list value chosen uniformly, or a (log-)uniform draw from the range. */
    public Object sample(Rng rng) {
        if (values != null) return values.get(values.size() == 1 ? 0 : rng.randint(values.size()));
        double u = rng.random();
        if (kind == Kind.INT) {
            if (log) {
                double v = Math.exp(Math.log(lo) + u * (Math.log(hi + 1) - Math.log(lo)));
                return (int) Math.min(hi, Math.floor(v)); // floor over [lo, hi + 1): every integer reachable
            }
            return (int) Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
        }
        return log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
    }

    /** How many values a grid over this parameter has (1 for a continuous range, which is not allowed there). */
    public int size() {
        return values == null ? 1 : values.size();
    }

    /** The spec in its text form, for messages and the sweep's summary line. */
    public String describe() {
        if (values == null) return rangeText();
        StringBuilder b = new StringBuilder();
        for (Object v : values) b.append(b.length() == 0 ? "" : ",").append(v instanceof Double d ? fmt(d) : v.toString());
        return b.toString();
    }

    private String rangeText() {
        return kind == Kind.INT ? (int) lo + ":" + (int) hi + (log ? ":log" : "") : fmt(lo) + ":" + fmt(hi) + (log ? ":log" : "");
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+e", "e").replaceAll("(\\.\\d*?)0+$", "$1")
                .replaceAll("\\.$", "");
    }
}
