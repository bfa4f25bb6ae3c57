package org.convnet4j.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * The input generator of one fuzz case. Everything a case draws comes from one {@link SplittableRandom}
 * seeded from (run seed, target name, case number), so a single case can be replayed on its own
 * ({@code -Dfuzz.only=TARGET -Dfuzz.case=I}). Every value handed to the code under test is recorded with
 * {@link #note}, and {@link #describe()} prints the record when the case fails.
 *
 * <p>Inputs start from something valid and are then spoiled with some probability, so that both the
 * argument checks and the arithmetic behind them are reached: a dim set to 0 or one off, a rank changed, a
 * dtype swapped, a null, an extreme integer (0, -1, {@code Integer.MIN_VALUE}, {@code Integer.MAX_VALUE},
 * 2^30, 46341, 65536, ...) or a non-finite double. Tensors stay small (at most {@link #MAX_ELEMENTS}
 * elements): a huge dim is only ever combined with a zero dim in front of it, so no case allocates much.
 */
final class Gen {
    /** Cap on the elements of a generated tensor: cases must stay cheap. */
    static final int MAX_ELEMENTS = 1 << 12;
    /** Integers where size arithmetic breaks: signs, limits, and values whose squares or products overflow. */
    static final int[] EDGE_INTS = {0, -1, -2, 1, 2, 3, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
        Integer.MAX_VALUE - 8, 1 << 30, 1 << 16, 46341, 46340, 1 << 20};
    /** Doubles that are not ordinary: non-finite, signed zeros, extremes, subnormals. */
    /** Integers that are invalid as a size or overflow any product with a small one. */
    static final int[] BAD_INTS = {0, -1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 1 << 30};
    static final double[] EDGE_DOUBLES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 1e300, -1e300, -1.0, 1e-300};

    private final SplittableRandom r;
    private final StringBuilder log = new StringBuilder();
    /** The dtype this case's valid inputs use. */
    final DType dtype;

    Gen(long seed) {
        r = new SplittableRandom(seed);
        dtype = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        note("dtype", dtype);
    }

    /** The seed of case {@code index} of {@code target} in a run with seed {@code runSeed}. */
    static long caseSeed(long runSeed, String target, int index) {
        long h = runSeed * 0x9E3779B97F4A7C15L + target.hashCode();
        return h * 0xBF58476D1CE4E5B9L + index;
    }

    /** Records {@code name = value} for the failure report; returns value. */
    <T> T note(String name, T value) {
        if (log.length() > 0) log.append("; ");
        log.append(name).append('=').append(show(value));
        return value;
    }

    /** What this case built, in the order it was built. */
    String describe() {
        return log.toString();
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    /** Uniform in {@code [lo, hi]}. */
    int between(int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    long nextLong() {
        return r.nextLong();
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    int edgeInt() {
        return EDGE_INTS[r.nextInt(EDGE_INTS.length)];
    }

    /**
     * An integer argument: {@code valid} with probability {@code 1 - p}, else one of {@code edges} (all of
     * {@link #EDGE_INTS} when none are given) or one off. Pass edges when some edge values would be valid
     * but huge (a pad of 65536 at stride 3 is a legal 43,690 x 43,690 output): a fuzz case must stay cheap.
     */
    int intArg(String name, int valid, double p, int... edges) {
        int[] from = edges.length > 0 ? edges : EDGE_INTS;
        int v = valid;
        if (chance(p)) v = chance(0.7) ? from[r.nextInt(from.length)] : valid + pick(-1, 1);
        return note(name, v);
    }

    /** A double argument: {@code valid} with probability {@code 1 - p}, else an edge value. */
    double doubleArg(String name, double valid, double p) {
        return note(name, chance(p) ? EDGE_DOUBLES[r.nextInt(EDGE_DOUBLES.length)] : valid);
    }

    /** One element value: mostly standard normal, sometimes an edge double. */
    double value() {
        return chance(0.02) ? EDGE_DOUBLES[r.nextInt(EDGE_DOUBLES.length)] : r.nextGaussian();
    }

    /** The dtype of one input: this case's dtype, or (with probability p) the other one or null. */
    DType dtypeArg(String name, double p) {
        DType d = dtype;
        if (chance(p)) d = chance(0.8) ? (dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32) : null;
        return note(name, d);
    }

    /**
     * {@code valid} spoiled with probability p: a dim set to 0, one off or small, a dim added or dropped,
     * or a huge dim behind a leading 0 (an empty tensor whose other dims overflow any product).
     */
    int[] shape(int[] valid, double p) {
        int[] s = valid.clone();
        if (!chance(p)) return s;
        switch (r.nextInt(5)) {
            case 0: if (s.length > 0) s[r.nextInt(s.length)] = 0; break;
            case 1: if (s.length > 0) { int k = r.nextInt(s.length); s[k] = Math.max(0, s[k] + pick(-1, 1, 2)); } break;
            case 2: s = Arrays.copyOf(s, s.length + 1); s[s.length - 1] = between(1, 3); break;
            case 3: if (s.length > 0) s = Arrays.copyOf(s, s.length - 1); break;
            default:
                if (s.length >= 2) {
                    s[0] = 0;
                    s[1 + r.nextInt(s.length - 1)] = pick(Integer.MAX_VALUE, 1 << 30, 65536, 46341, Integer.MAX_VALUE - 8);
                }
        }
        return fit(s);
    }

    /** Shrinks a shape until it has at most {@link #MAX_ELEMENTS} elements (a zero dim makes it empty anyway). */
    static int[] fit(int[] s) {
        for (int d : s) if (d == 0) return s;
        long n = 1;
        for (int d : s) n *= d;
        while (n > MAX_ELEMENTS) {
            int k = 0;
            for (int i = 1; i < s.length; i++) if (s[i] > s[k]) k = i;
            n /= s[k];
            s[k] = Math.max(1, s[k] / 2);
            n *= s[k];
        }
        return s;
    }

    /** A tensor of exactly this shape and this case's dtype, filled by {@link #value()}; not noted. */
    Tensor filled(DType t, int... shape) {
        Tensor x = Tensor.zeros(t, shape);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, value());
        return x;
    }

    /**
     * An input tensor named {@code name}: of shape {@code valid} and this case's dtype, each spoiled with
     * probability p (see {@link #shape}, {@link #dtypeArg}), and null with probability p / 10.
     */
    Tensor tensor(String name, double p, int... valid) {
        if (chance(p / 10)) return note(name, null);
        DType t = dtypeArg(name + ".dtype", p / 2);
        if (t == null) t = dtype; // a null dtype cannot make a tensor
        return note(name, filled(t, shape(valid, p)));
    }

    /** Labels for N rows of C classes: valid with probability 1 - p, else null, the wrong count or out of range. */
    int[] labels(String name, int n, int classes, double p) {
        int[] y = new int[Math.max(0, n)];
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(Math.max(1, classes));
        if (chance(p)) {
            switch (r.nextInt(4)) {
                case 0: return note(name, null);
                case 1: y = Arrays.copyOf(y, Math.max(0, y.length + pick(-1, 1))); break;
                default: if (y.length > 0) y[r.nextInt(y.length)] = pick(-1, classes, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
        }
        return note(name, y);
    }

    private static String show(Object v) {
        if (v instanceof Tensor t) {
            String s = t.dtype() + Arrays.toString(t.shape());
            return t.size() <= 24 ? s + Arrays.toString(t.toDoubleArray()) : s;
        }
        if (v instanceof int[] a) return a.length <= 24 ? Arrays.toString(a) : "int[" + a.length + "]";
        if (v instanceof double[] a) return a.length <= 24 ? Arrays.toString(a) : "double[" + a.length + "]";
        if (v instanceof float[] a) return a.length <= 24 ? Arrays.toString(a) : "float[" + a.length + "]";
        if (v instanceof byte[] a) return HexDump.of(a, 256);
        return String.valueOf(v);
    }
}
