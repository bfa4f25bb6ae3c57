package org.convnet4j.layers;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Naive batch normalisation of {@code x: (N, D)} ({@code batchnorm_forward} / {@code batchnorm_backward}
 * of CS231n {@code layers.py}); Ioffe and Szegedy, "Batch Normalization", ICML 2015.
 *
 * <pre>
 * train: mean[d] = (1/N) sum_n x[n, d],  var[d] = (1/N) sum_n (x[n, d] - mean[d])^2
 * test:  mean, var = bn_param's running statistics
 * out[n, d] = gamma[d] * (x[n, d] - mean[d]) / sqrt(var[d] + eps) + beta[d]
 * </pre>
 *
 * gamma, beta: {@code (D)}. The mutable running statistics live in {@link BatchNormParam}; this class is
 * stateless. Computed in double for both dtypes.
 */
public final class BatchNorm {
    private static final String OP = "batchnorm";

    /**
     * @param x {@code (N, D)}
     * @param gamma scale {@code (D)}, dtype of x
     * @param beta shift {@code (D)}, dtype of x
     * @param param mode, eps, momentum and running statistics (updated in place in train mode)
     * @return {@code out (N, D)} and the cache
     * @throws IllegalArgumentException on a bad rank, shape or dtype, or running statistics of another length
     */
    public BatchNormResult forward(Tensor x, Tensor gamma, Tensor beta, BatchNormParam param) {
        check(x);
        BatchNormKernel.checkAffine(OP, x, gamma, beta, x.dim(1), "D");
        return BatchNormKernel.forward(OP, x, gamma, beta, param, x.dim(0), x.dim(1), 1, "D");
    }

    /**
     * @param dout {@code (N, D)}, dtype of x
     * @param cache from {@link #forward}
     * @return {@code dx (N, D)}, {@code dgamma (D)}, {@code dbeta (D)}
     * @throws IllegalArgumentException when the cache or a part of it is null, its gamma, mean or std is not
     *     one value per channel (gamma also in x's dtype), or dout's shape or dtype differs from x's
     */
    public BatchNormGrads backward(Tensor dout, BatchNormCache cache) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = Checks.notNull(OP, "cache.x", cache.x());
        check(x);
        return BatchNormKernel.backward(OP, dout, cache, x.dim(0), x.dim(1), 1);
    }

    private static void check(Tensor x) {
        Checks.rank(OP, "x", x, 2, "N, D");
        BatchNormKernel.positiveDims(OP, x);
    }
}
