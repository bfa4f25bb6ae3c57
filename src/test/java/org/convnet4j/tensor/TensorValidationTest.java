package org.convnet4j.tensor;

import static org.convnet4j.testing.Rejects.rejects;

import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * Bad arguments to tensors and {@link Rng} are refused with an IllegalArgumentException naming the op, the
 * argument and the value, never a NullPointerException, an index exception, a NegativeArraySizeException or
 * an OutOfMemoryError, and never accepted (issue 9, kind 2).
 */
class TensorValidationTest extends TestBase {
    @Test
    void wrapNullData() {
        rejects(() -> Tensor.wrap((float[]) null, 1), "wrap", "data");
        rejects(() -> Tensor.wrap((double[]) null, 1), "wrap", "data");
    }

    @Test
    void wrapNullShape() {
        rejects(() -> Tensor.wrap(new float[1], (int[]) null), "wrap", "shape");
        rejects(() -> Tensor.wrap(new double[1], (int[]) null), "wrap", "shape");
    }

    @Test
    void ofNullData() {
        rejects(() -> Tensor.of(DType.FLOAT32, null, 1), "of", "data");
    }

    // ---- issue 9, kind 2: the examples (each failed before: NPE, a tensor with a null dtype, NegativeArraySize)
    @Test
    void zerosNullShape() {
        rejects(() -> Tensor.zeros(DType.FLOAT32, (int[]) null), "zeros", "shape must not be null");
    }

    @Test
    void reshapeNull() {
        rejects(() -> Tensor.zeros(DType.FLOAT64, 2, 3).reshape((int[]) null), "reshape", "newShape must not be null");
    }

    @Test
    void parseNullDtype() {
        rejects(() -> DType.parse(null), "dtype", "null");
    }

    /** Before, this built a tensor whose dtype was null, which the naive layers then ran on. */
    @Test
    void zerosNullDtype() {
        rejects(() -> Tensor.zeros(null, 2, 2), "zeros", "dtype must not be null");
        rejects(() -> Tensor.full(1.0, null, 2, 2), "zeros", "dtype must not be null");
        rejects(() -> Tensor.linspace(0, 1, null, 3), "zeros", "dtype must not be null");
    }

    @Test
    void choiceNegativeCount() {
        rejects(() -> new Rng(1).choice(5, -1), "choice", "n must be in [0, 2147483639]", "got -1");
    }

    // ---- the same kinds elsewhere in the package
    @Test
    void rngCountsBeyondTheArrayLimit() {
        rejects(() -> new Rng(1).randint(5, -3), "randint", "n must be", "-3");
        rejects(() -> new Rng(1).randint(5, Integer.MAX_VALUE), "randint", "the Java array limit", "2147483647");
        rejects(() -> new Rng(1).permutation(-1), "permutation", "n must be", "-1");
        rejects(() -> new Rng(1).permutation(Integer.MAX_VALUE), "permutation", "2147483647");
        rejects(() -> new Rng(1).choice(0, 3), "choice", "high must be > 0", "0");
        rejects(() -> new Rng(1).normal(0, -1), "normal", "scale must be >= 0", "-1.0");
    }

    @Test
    void randnNullRng() {
        rejects(() -> Tensor.randn(null, DType.FLOAT32, 2), "randn", "rng must not be null");
    }

    /** A dim beyond the Java array limit, or one whose product overflows, is refused by name, not by overflow. */
    @Test
    void overflowingShapes() {
        rejects(() -> Tensor.zeros(DType.FLOAT32, 65536, 65536), "zeros", "[65536, 65536]", "the Java array limit");
        rejects(() -> Tensor.zeros(DType.FLOAT32, 46341, 46341, 46341), "zeros", "the Java array limit");
        rejects(() -> Tensor.zeros(DType.FLOAT32, 2, -1), "zeros", "dims must be >= 0", "[2, -1]");
    }

    @Test
    void indexesOutOfRange() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 2, 3);
        rejects(() -> t.getFlat(6), "getFlat", "flat index must be in [0, 6)", "got 6");
        rejects(() -> t.setFlat(-1, 1), "setFlat", "[0, 6)", "got -1");
        rejects(() -> Tensor.zeros(DType.FLOAT64, 2).addFlat(2, 1), "addFlat", "[0, 2)", "got 2");
        rejects(() -> t.get(0, 3), "component 1 must be in [0, 3)", "got 3");
        rejects(() -> t.set(1, -1, 0), "component 0 must be in [0, 2)", "got -1");
        rejects(() -> t.get((int[]) null), "idx must not be null");
        rejects(() -> t.dim(2), "dim", "axis must be in [0, 2)", "got 2");
    }

    @Test
    void nullArgumentsOfViewsAndComparisons() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 2, 3);
        rejects(() -> t.takeRows(null), "takeRows", "idx must not be null");
        rejects(() -> t.as(null), "as", "target must not be null");
        rejects(() -> t.sameShape(null), "sameShape", "must not be null");
        rejects(() -> t.contentEquals(null), "contentEquals", "must not be null");
        rejects(() -> t.sharesStorageWith(null), "sharesStorageWith", "must not be null");
        rejects(() -> t.addScaled(1, null), "addScaled", "x must not be null");
    }

    @Test
    void wrapNamesItselfForALengthMismatch() {
        rejects(() -> Tensor.wrap(new float[7]), "wrap", "data length must be 1 for shape []", "got 7");
    }
}
