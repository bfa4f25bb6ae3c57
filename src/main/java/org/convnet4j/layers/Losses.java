package org.convnet4j.layers;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Classification losses on class scores ({@code softmax_loss} / {@code svm_loss} of CS231n
 * {@code layers.py}). Scores are {@code (N, C)}; labels {@code y[n]} are in {@code [0, C)}. Both losses
 * are means over the N examples and return {@code dscores = dL/dscores}. Computed in double for both
 * dtypes. Stateless.
 *
 * <pre>
 * softmax: L = -(1/N) sum_n log( exp(s[n, y_n] - max_n) / sum_c exp(s[n, c] - max_n) )
 *          dscores[n, c] = (p[n, c] - [c == y_n]) / N
 * svm:     L = (1/N) sum_n sum_{c != y_n} max(0, s[n, c] - s[n, y_n] + 1)
 *          dscores[n, c] = ([margin &gt; 0] - [c == y_n] * #{c' : margin[n, c'] &gt; 0}) / N
 * </pre>
 *
 * Subtracting the row maximum keeps {@code exp} from overflowing without changing the result.
 * Non-finite scores propagate as in CS231n's NumPy code: a NaN in a row makes the softmax loss and that row's
 * dscores NaN ({@code np.max} is NaN); the svm loss is NaN when a margin is ({@code np.maximum(0, NaN)}),
 * and a NaN margin adds no gradient ({@code margins > 0} is false for it).
 */
public final class Losses {
    private Losses() {}

    /**
     * Softmax (cross-entropy) loss.
     *
     * @param scores {@code (N, C)}
     * @param y labels, length N, each in {@code [0, C)}
     * @throws IllegalArgumentException on a bad rank, a label count other than N or a label out of range
     */
    public static LossResult softmax(Tensor scores, int[] y) {
        String op = "softmax_loss";
        check(op, scores, y);
        int N = scores.dim(0), C = scores.dim(1);
        double[] s = scores.toDoubleArray();
        double[] ds = new double[N * C];
        double loss = 0;
        for (int n = 0; n < N; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < C; c++) max = Math.max(max, s[n * C + c]);
            double z = 0;
            for (int c = 0; c < C; c++) z += Math.exp(s[n * C + c] - max);
            double logZ = Math.log(z);
            loss -= s[n * C + y[n]] - max - logZ;
            for (int c = 0; c < C; c++) {
                double p = Math.exp(s[n * C + c] - max - logZ);
                ds[n * C + c] = (p - (c == y[n] ? 1 : 0)) / N;
            }
        }
        return new LossResult(loss / N, Tensor.of(scores.dtype(), ds, N, C));
    }

    /**
     * Multiclass SVM (hinge) loss with margin 1.
     *
     * @param scores {@code (N, C)}
     * @param y labels, length N, each in {@code [0, C)}
     * @throws IllegalArgumentException on a bad rank, a label count other than N or a label out of range
     */
    public static LossResult svm(Tensor scores, int[] y) {
        String op = "svm_loss";
        check(op, scores, y);
        int N = scores.dim(0), C = scores.dim(1);
        double[] s = scores.toDoubleArray();
        double[] ds = new double[N * C];
        double loss = 0;
        for (int n = 0; n < N; n++) {
            double correct = s[n * C + y[n]];
            int positive = 0;
            for (int c = 0; c < C; c++) {
                if (c == y[n]) continue;
                double margin = s[n * C + c] - correct + 1.0;
                loss += Math.max(0.0, margin); // np.maximum(0, margin): NaN stays NaN
                if (margin > 0) { // NumPy's margins > 0: false for NaN
                    positive++;
                    ds[n * C + c] = 1.0 / N;
                }
            }
            ds[n * C + y[n]] = -(double) positive / N;
        }
        return new LossResult(loss / N, Tensor.of(scores.dtype(), ds, N, C));
    }

    private static void check(String op, Tensor scores, int[] y) {
        Checks.rank(op, "scores", scores, 2, "N, C");
        Checks.notNull(op, "y", y);
        int N = scores.dim(0), C = scores.dim(1);
        if (N <= 0 || C <= 0) {
            throw new IllegalArgumentException(op + ": scores dims must be > 0, got " + Arrays.toString(scores.shape()));
        }
        if (y.length != N) {
            throw new IllegalArgumentException(op + ": y must have N=" + N + " labels (one per row of scores "
                    + Arrays.toString(scores.shape()) + "), got " + y.length);
        }
        for (int n = 0; n < N; n++) {
            if (y[n] < 0 || y[n] >= C) {
                throw new IllegalArgumentException(op + ": y[" + n + "] must be in [0, " + C + "), got " + y[n]);
            }
        }
    }
}
