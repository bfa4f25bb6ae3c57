package org.convnet4j.fast;

import java.util.Arrays;
import java.util.Random;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolShape;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * A plain per-window scan on the raw arrays, as the specification of the native max-pool forward: the winner of a
 * window is its first NaN in row-major order if it holds one, else its first maximum ({@code -0.0} and {@code +0.0}
 * tie), and the output is the winner's exact bits (NaN payload and sign included). Also the inputs the fuzz tests
 * draw: Gaussian values, small integers with signed zeros (ties), and the special values with their exact bits.
 */
final class PoolOracle {
    private PoolOracle() {}

    /** What one forward gave: its output and its winners (flat offsets into x). */
    record Run(Tensor out, int[] argmax) {}

    /** The native forward as MaxPool2dFast calls it, with {@link Tuning#poolAvx2} set to avx2 for this call. */
    static Run nativeForward(Tensor x, PoolParam p, boolean avx2) {
        PoolShape s = PoolShape.of("test", x, p);
        boolean saved = Tuning.poolAvx2;
        Tuning.poolAvx2 = avx2;
        try {
            return nativeForward(x, s);
        } finally {
            Tuning.poolAvx2 = saved;
        }
    }

    /** The native forward with whatever {@link Tuning#poolAvx2} says now. */
    static Run nativeForward(Tensor x, PoolShape s) {
        Tensor out = Tensor.zeros(x.dtype(), s.outShape());
        int[] argmax = new int[out.size()];
        NativeKernels.poolForward(s.N(), s.C(), s.H(), s.W(), s.PH(), s.PW(), s.stride(), s.Hout(), s.Wout(), s.tiles(),
                x, out, argmax);
        return new Run(out, argmax);
    }

    /** The winners of every window, by the rule in the class comment. */
    static int[] argmax(Tensor x, PoolShape s) {
        int[] am = new int[s.N() * s.C() * s.Hout() * s.Wout()];
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? x.data32() : null;
        double[] xd = f32 ? null : x.data64();
        int k = 0;
        for (int nc = 0; nc < s.N() * s.C(); nc++) {
            for (int i = 0; i < s.Hout(); i++) {
                for (int j = 0; j < s.Wout(); j++) {
                    int best = -1;
                    for (int p = 0; p < s.PH(); p++) {
                        for (int q = 0; q < s.PW(); q++) {
                            int off = (nc * s.H() + i * s.stride() + p) * s.W() + j * s.stride() + q;
                            if (best < 0) {
                                best = off;
                                continue;
                            }
                            double b = f32 ? xf[best] : xd[best], v = f32 ? xf[off] : xd[off];
                            if (b != b) continue; // nothing replaces a NaN
                            if (v != v || v > b) best = off;
                        }
                    }
                    am[k++] = best;
                }
            }
        }
        return am;
    }

    /** Null when run matches the oracle (winners, and output bits = the winners' bits), else what differs. */
    static String mismatch(Tensor x, PoolShape s, Run run) {
        int[] want = argmax(x, s);
        long[] xb = bits(x), ob = bits(run.out());
        for (int k = 0; k < want.length; k++) {
            if (run.argmax()[k] != want[k]) {
                return "output " + k + ": argmax " + run.argmax()[k] + ", expected " + want[k] + " (x there "
                        + describe(x, run.argmax()[k]) + ", expected " + describe(x, want[k]) + ")";
            }
            if (ob[k] != xb[want[k]]) {
                return "output " + k + ": bits " + Long.toHexString(ob[k]) + ", expected x[" + want[k] + "]'s "
                        + Long.toHexString(xb[want[k]]);
            }
        }
        return null;
    }

    private static String describe(Tensor x, int at) {
        if (at < 0 || at >= x.size()) return "out of range";
        return x.getFlat(at) + " bits " + Long.toHexString(bits(x)[at]);
    }

    /** Raw bits, so that NaN payloads and the sign of zero count. */
    static long[] bits(Tensor t) {
        long[] b = new long[t.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = t.dtype() == DType.FLOAT32 ? Float.floatToRawIntBits(t.data32()[i]) & 0xffffffffL
                    : Double.doubleToRawLongBits(t.data64()[i]);
        }
        return b;
    }

    // ---------------------------------------------------------------- inputs

    /** How the values of a fuzz input are drawn. */
    enum Values { GAUSSIAN, TIES, SPECIALS, MANY_NANS, ALL_NANS, EXTREMES }

    /** A tensor of the given shape with values drawn as v says; specials carry their exact bits. */
    static Tensor input(Random r, DType t, Values v, int... shape) {
        int n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (t == DType.FLOAT32) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = Float.intBitsToFloat((int) value(r, t, v));
            return Tensor.wrap(a, shape);
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Double.longBitsToDouble(value(r, t, v));
        return Tensor.wrap(a, shape);
    }

    /** One value's bits (the low 32 for float32). */
    static long value(Random r, DType t, Values v) {
        switch (v) {
            case GAUSSIAN:
                return ordinary(t, r.nextGaussian());
            case TIES:
                return r.nextInt(4) == 0 ? special(r, t, 6 + r.nextInt(2)) : ordinary(t, r.nextInt(3) - 1);
            case SPECIALS:
                return r.nextInt(6) == 0 ? special(r, t, r.nextInt(SPECIALS)) : ordinary(t, r.nextInt(5) - 2);
            case MANY_NANS:
                return r.nextBoolean() ? special(r, t, r.nextInt(4)) : ordinary(t, r.nextGaussian());
            case ALL_NANS:
                return special(r, t, r.nextInt(4));
            default:
                return special(r, t, 4 + r.nextInt(SPECIALS - 4));
        }
    }

    static final int SPECIALS = 13;

    static long ordinary(DType t, double v) {
        return t == DType.FLOAT32 ? Float.floatToRawIntBits((float) v) & 0xffffffffL : Double.doubleToRawLongBits(v);
    }

    /**
     * Special value k: 0 the canonical NaN, 1 a negative NaN, 2 a quiet NaN with a random payload and sign, 3 a
     * signalling NaN, 4 +Inf, 5 -Inf, 6 +0, 7 -0, 8 a positive and 9 a negative subnormal, 10 MAX_VALUE, 11
     * -MAX_VALUE, 12 the smallest normal.
     */
    static long special(Random r, DType t, int k) {
        boolean f = t == DType.FLOAT32;
        long sign = f ? 0x80000000L : Long.MIN_VALUE;
        switch (k) {
            case 0: return f ? 0x7fc00000L : 0x7ff8000000000000L;
            case 1: return f ? 0xffc00000L : 0xfff8000000000000L;
            case 2: {
                long u = f ? 0x7fc00000L | (r.nextInt() & 0x3fffff) : 0x7ff8000000000000L | (r.nextLong() & 0x7ffffffffffffL);
                return r.nextBoolean() ? u | sign : u;
            }
            case 3: return f ? 0x7f800001L | (r.nextInt() & 0x1fffff) : 0x7ff0000000000001L | (r.nextLong() & 0x3ffffffffffffL);
            case 4: return ordinary(t, Double.POSITIVE_INFINITY);
            case 5: return ordinary(t, Double.NEGATIVE_INFINITY);
            case 6: return 0;
            case 7: return sign & (f ? 0xffffffffL : -1L);
            case 8: return 1 + r.nextInt(5);
            case 9: return (1 + r.nextInt(5)) | sign;
            case 10: return f ? Float.floatToRawIntBits(Float.MAX_VALUE) : Double.doubleToRawLongBits(Double.MAX_VALUE);
            case 11: return f ? Float.floatToRawIntBits(-Float.MAX_VALUE) & 0xffffffffL
                    : Double.doubleToRawLongBits(-Double.MAX_VALUE);
            default: return f ? Float.floatToRawIntBits(Float.MIN_NORMAL) : Double.doubleToRawLongBits(Double.MIN_NORMAL);
        }
    }
}
