package org.convnet4j.layers;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * Naive inverted dropout ({@code dropout_forward} / {@code dropout_backward} of CS231n {@code layers.py});
 * Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from Overfitting", JMLR 2014.
 *
 * <pre>
 * train: mask = (rand(x.shape) &lt; p) / p,  out = x * mask,  dx = dout * mask
 * test:  out = x,  dx = dout
 * </pre>
 *
 * p is the probability of keeping a unit, so the expected value of out is x in both modes and test mode
 * needs no rescaling. The uniform draws come from the caller's {@link Rng} in row-major order, one
 * {@link Rng#random()} per element, so the same seed gives NumPy's mask ({@code np.random.rand}); CS231n
 * makes the mask repeatable by re-seeding before each forward ({@code dropout_param['seed']}), which a
 * caller does by passing a freshly seeded Rng. Any shape, both dtypes; the product is taken in double and
 * rounded once to x's dtype (CS231n's {@code out.astype(x.dtype)}). The output is a new tensor in both
 * modes. No native twin: one multiply per element is memory-bound and the naive loop already streams it
 * (not measured). Stateless and thread-safe (the Rng is not: one per thread).
 */
public final class Dropout {
    private static final String OP = "dropout";

    /**
     * @param x any shape, float32 or float64
     * @param param keep probability p and mode
     * @param rng source of the mask in train mode (advanced by {@code x.size()} draws); may be null in test mode
     * @return out shaped like x and the cache
     * @throws IllegalArgumentException when x or param is null, or rng is null in train mode
     */
    public DropoutResult forward(Tensor x, DropoutParam param, Rng rng) {
        Checks.notNull(OP, "x", x);
        Checks.notNull(OP, "dropout_param", param);
        if (param.mode() == Mode.TEST) return new DropoutResult(x.copy(), new DropoutCache(Mode.TEST, null, x.shape()));
        Checks.notNull(OP, "rng (train mode draws the mask)", rng);
        double keep = 1.0 / param.p();
        Tensor mask = Tensor.zeros(DType.FLOAT64, x.shape());
        Tensor out = x.zerosLike();
        double[] m = mask.data64();
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.random() < param.p() ? keep : 0.0;
            out.setFlat(i, x.getFlat(i) * m[i]);
        }
        return new DropoutResult(out, new DropoutCache(Mode.TRAIN, mask, x.shape()));
    }

    /**
     * @param dout upstream gradient shaped like the forward input x
     * @param cache from {@link #forward}
     * @return {@code dx = dout * mask} (train) or a copy of dout (test), dtype of dout
     * @throws IllegalArgumentException when the cache is null or incomplete, or dout's shape differs from x's
     */
    public Tensor backward(Tensor dout, DropoutCache cache) {
        Checks.notNull(OP, "dout", dout);
        Checks.notNull(OP, "cache", cache);
        Checks.notNull(OP, "cache.mode", cache.mode());
        Checks.notNull(OP, "cache.xShape", cache.xShape());
        Checks.shape(OP, "dout", dout, cache.xShape(), "the forward input x");
        if (cache.mode() == Mode.TEST) return dout.copy();
        Tensor mask = Checks.notNull(OP, "cache.mask (train mode)", cache.mask());
        if (!Arrays.equals(mask.shape(), cache.xShape())) {
            throw new IllegalArgumentException(OP + ": cache.mask must have shape " + Arrays.toString(cache.xShape())
                    + ", got " + Arrays.toString(mask.shape()));
        }
        Tensor dx = dout.zerosLike();
        for (int i = 0; i < dx.size(); i++) dx.setFlat(i, dout.getFlat(i) * mask.getFlat(i));
        return dx;
    }
}
