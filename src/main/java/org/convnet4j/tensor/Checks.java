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
        notNull(op, nameA, a);
        notNull(op, nameB, b);
        if (a.sharesStorageWith(b)) {
            throw new IllegalArgumentException(op + ": " + nameA + " and " + nameB + " must not share storage");
        }
    }

    /** The largest Java array length HotSpot allocates ({@code Integer.MAX_VALUE - 8}). */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /**
     * Requires {@code n} to be a length a Java array can have: {@code 0 <= n <= MAX_ARRAY_LENGTH}. Returns n.
     * (Without this, a negative n is a NegativeArraySizeException and a larger one an OutOfMemoryError.)
     */
    public static int arrayLength(String op, String name, int n) {
        if (n < 0 || n > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(op + ": " + name + " must be in [0, " + MAX_ARRAY_LENGTH
                    + "] (the Java array limit), got " + n);
        }
        return n;
    }

    /** Requires {@code 0 <= i < size}; {@code what} names the index, e.g. "flat index". Returns i. */
    public static int index(String op, String what, long i, int size) {
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException(op + ": " + what + " must be in [0, " + size + "), got " + i);
        }
        return (int) i;
    }

    /**
     * Product of dims as an int element count; an overflow (past {@link #MAX_ARRAY_LENGTH}) is an error
     * naming the shape, and so is a null shape or a negative dim.
     */
    public static int elementCount(String op, String name, int... shape) {
        notNull(op, name, shape);
        boolean empty = false;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": " + name + " dims must be >= 0, got " + Arrays.toString(shape));
            }
            empty |= d == 0;
        }
        if (empty) return 0; // whatever the other dims are, as NumPy
        long n = 1;
        for (int d : shape) {
            n *= d; // cannot overflow: n <= MAX_ARRAY_LENGTH and d < 2^31 before the multiply
            if (n > MAX_ARRAY_LENGTH) {
                throw new IllegalArgumentException(op + ": " + name + " " + Arrays.toString(shape)
                        + " has more than " + MAX_ARRAY_LENGTH + " elements (the Java array limit)");
            }
        }
        return (int) n;
    }
}
