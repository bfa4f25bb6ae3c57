package org.convnet4j.testkit;

import java.util.Arrays;
import org.convnet4j.tensor.DType;

/**
 * One affine case: {@code x (N, d1, ..., dk)}, {@code w (D, M)} with {@code D = d1 * ... * dk}, {@code b (M)}
 * drawn from {@code randn} in that order, then {@code dout (N, M)}.
 *
 * @param dtype the dtype of every tensor
 * @param xShape x's shape, rank at least 2
 * @param M the number of outputs
 * @param seed the seed of the inputs
 * @param special which input gets NaN and infinities (sparsely, so most outputs stay finite)
 */
public record AffineCase(DType dtype, int[] xShape, int M, long seed, Special special) implements KitCase {
    /** A case with finite inputs. */
    public AffineCase(DType dtype, int[] xShape, int M, long seed) {
        this(dtype, xShape, M, seed, Special.NONE);
    }

    /** {@code D}, the product of x's trailing axes. */
    public int D() {
        int D = 1;
        for (int k = 1; k < xShape.length; k++) D *= xShape[k];
        return D;
    }

    @Override
    public boolean nonFinite() {
        return special != Special.NONE;
    }

    @Override
    public String toString() {
        return Cases.name(dtype) + " x" + Arrays.toString(xShape) + " M " + M
                + (special != Special.NONE ? " non-finite " + special : "");
    }
}
