package org.convnet4j.tensor;

import java.util.Arrays;

/**
 * Argument checks shared by every op. Each failure is an {@link IllegalArgumentException} whose
 * message names the op, the argument, what was expected and what was given, e.g.
 * {@code conv: x must be rank 4 (N, C, H, W), got [2, 3072]}.
 */
public final class Checks {
    private Checks() {}

    public static Tensor notNull(String op, String name, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": " + name + " must not be null");
        return t;
    }

    public static <T> T notNull(String op, String name, T o) {
        if (o == null) throw new IllegalArgumentException(op + ": " + name + " must not be null");
        return o;
    }

    /** Requires {@code t} to have the given rank; {@code letters} names the axes, e.g. "N, C, H, W". */
    public static void rank(String op, String name, Tensor t, int rank, String letters) {
        notNull(op, name, t);
        if (t.rank() != rank) {
            throw new IllegalArgumentException(op + ": " + name + " must be rank " + rank + " (" + letters
                    + "), got " + Arrays.toString(t.shape()));
        }
    }

    /** Requires {@code t} to have exactly the expected shape; {@code what} says where it comes from. */
    public static void shape(String op, String name, Tensor t, int[] expected, String what) {
        notNull(op, name, t);
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(op + ": " + name + " must have shape " + Arrays.toString(expected)
                    + (what.isEmpty() ? "" : " (" + what + ")") + ", got " + Arrays.toString(t.shape()));
        }
    }

    public static void dtype(String op, String name, Tensor t, DType expected) {
        notNull(op, name, t);
        if (t.dtype() != expected) {
            throw new IllegalArgumentException(op + ": " + name + " must be " + expected + " like the other inputs, got "
                    + t.dtype());
        }
    }

    public static void positive(String op, String name, long v) {
        if (v <= 0) throw new IllegalArgumentException(op + ": " + name + " must be > 0, got " + v);
    }

    public static void nonNegative(String op, String name, long v) {
        if (v < 0) throw new IllegalArgumentException(op + ": " + name + " must be >= 0, got " + v);
    }

    public static void finitePositive(String op, String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(op + ": " + name + " must be a finite number > 0, got " + v);
        }
    }

    /** Two tensors must not share storage (an output written over an input gives wrong answers). */
    public static void distinct(String op, String nameA, Tensor a, String nameB, Tensor b) {
        if (a.sharesStorageWith(b)) {
            throw new IllegalArgumentException(op + ": " + nameA + " and " + nameB + " must not share storage");
        }
    }

    /** Product of dims as an int element count; an overflow is an error naming the shape. */
    public static int elementCount(String op, String name, int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": " + name + " dims must be >= 0, got " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, (long) d);
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(op + ": " + name + " " + Arrays.toString(shape)
                        + " has more than " + (Integer.MAX_VALUE - 8) + " elements (the Java array limit)");
            }
        }
        return (int) n;
    }
}
