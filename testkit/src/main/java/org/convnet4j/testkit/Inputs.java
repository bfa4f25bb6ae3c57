package org.convnet4j.testkit;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * Input recipes of the grids: values kept off the kinks of ReLU and max pooling for gradient checks, ties and
 * planted non-finite values for the reference checks, and the scrambled values of convnet4j's known-answer
 * tests (mirrored by its {@code src/test/resources/gen/known_answers.py}).
 */
public final class Inputs {
    private Inputs() {}

    /** {@code v[i] = ((i * mul) % mod - off) / scale}: scrambled values, exact in binary in both dtypes. */
    public static Tensor scrambled(DType dtype, int mul, int mod, int off, double scale, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, (((long) i * mul) % mod - off) / scale);
        return t;
    }

    /** float64 standard normals pushed at least {@code gap} away from 0, for inputs of a ReLU. */
    public static Tensor awayFromZero(Rng rng, double gap, int... shape) {
        Tensor t = Tensor.randn(rng, DType.FLOAT64, shape);
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            t.setFlat(i, v >= 0 ? v + gap : v - gap);
        }
        return t;
    }

    /**
     * float64 values with no two closer than {@code spacing} (a shuffled grid plus jitter below spacing/4),
     * so no pooling window has a near-tie that a finite difference of size h could flip.
     */
    public static Tensor distinct(Rng rng, double spacing, int... shape) {
        Tensor t = Tensor.zeros(DType.FLOAT64, shape);
        int[] perm = rng.permutation(t.size());
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, (perm[i] - t.size() / 2.0) * spacing + (rng.random() - 0.5) * spacing / 4);
        }
        return t;
    }

    private static final double[] NON_FINITE = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /** Sets every {@code step}-th element from {@code start} to NaN, +Inf, -Inf in turn (at least one). */
    static void plant(Tensor t, int start, int step) {
        int k = 0;
        for (int i = Math.min(start, t.size() - 1); i < t.size(); i += step) t.setFlat(i, NON_FINITE[k++ % 3]);
    }

    /**
     * Window wi (row-major) of plane pc gets NaN, +Inf or -Inf (by {@code (wi + pc) % 3}) at its window position
     * {@code (wi / 3 + pc) % (height * width)}, except every fourth window, which stays finite; over a plane's
     * windows each value lands on each position. Overlapping windows also see their neighbours' values.
     */
    static void plantWindows(Tensor x, int height, int width, int stride) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
        int Hout = 1 + (H - height) / stride, Wout = 1 + (W - width) / stride;
        int k = height * width;
        for (int pc = 0; pc < N * C; pc++) {
            for (int wi = 0; wi < Hout * Wout; wi++) {
                if ((wi + pc) % 4 == 3) continue;
                int pos = (wi / 3 + pc) % k;
                int h = (wi / Wout) * stride + pos / width, v = (wi % Wout) * stride + pos % width;
                x.setFlat((pc * H + h) * W + v, NON_FINITE[(wi + pc) % 3]);
            }
        }
    }

    /** Values from {0, 1, 2} (a rounded normal), so that pooling windows hold several maxima. */
    static Tensor ties(Rng rng, DType t, int[] shape) {
        Tensor x = Tensor.zeros(t, shape);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, Math.floor(3 * (rng.gauss() * 0.3 + 0.5)));
        return x;
    }
}
