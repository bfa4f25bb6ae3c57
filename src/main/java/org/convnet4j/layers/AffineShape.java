package org.convnet4j.layers;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * The validated sizes of one affine layer: {@code x: (N, d1, ..., dk)} viewed as {@code (N, D)} with
 * {@code D = d1 * ... * dk}, {@code w: (D, M)}, {@code b: (M)}, {@code out: (N, M)}. The naive and the
 * fast paths both size themselves from here.
 */
public record AffineShape(int N, int D, int M) {

    /**
     * Checks ranks, dtypes, agreement of D and M, and that the output (N, M) fits a Java array; throws
     * {@link IllegalArgumentException}.
     */
    public static AffineShape of(String op, Tensor x, Tensor w, Tensor b) {
        Checks.notNull(op, "x", x);
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": x must be rank >= 2 (N, d1, ..., dk), got "
                    + Arrays.toString(x.shape()));
        }
        Checks.rank(op, "w", w, 2, "D, M");
        Checks.rank(op, "b", b, 1, "M");
        Checks.dtype(op, "w", w, x.dtype());
        Checks.dtype(op, "b", b, x.dtype());
        if (x.size() == 0 || w.size() == 0) {
            throw new IllegalArgumentException(op + ": x and w dims must be > 0, got x " + Arrays.toString(x.shape())
                    + ", w " + Arrays.toString(w.shape()));
        }
        int N = x.dim(0);
        int D = x.size() / N;
        if (w.dim(0) != D) {
            throw new IllegalArgumentException(op + ": w must have D=" + D + " rows (d1*...*dk of x "
                    + Arrays.toString(x.shape()) + "), got w " + Arrays.toString(w.shape()));
        }
        int M = w.dim(1);
        if (b.dim(0) != M) {
            throw new IllegalArgumentException(op + ": b must have shape [" + M + "] (one bias per output, M of w "
                    + Arrays.toString(w.shape()) + "), got " + Arrays.toString(b.shape()));
        }
        Checks.elementCount(op, "out (N, M)", N, M); // two small inputs can make an output too big for an array
        return new AffineShape(N, D, M);
    }
}
