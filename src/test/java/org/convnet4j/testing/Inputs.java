package org.convnet4j.testing;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/** Input recipes shared by tests and mirrored by {@code src/test/resources/gen/known_answers.py}. */
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
}
