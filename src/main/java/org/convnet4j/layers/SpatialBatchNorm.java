package org.convnet4j.layers;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Naive spatial batch normalisation of {@code x: (N, C, H, W)} ({@code spatial_batchnorm_forward} /
 * {@code spatial_batchnorm_backward} of CS231n): batch normalisation with one mean and variance per
 * channel, taken over the batch and both spatial axes.
 *
 * <pre>
 * train: mean[c] = (1/(N*H*W)) sum_{n,h,w} x[n, c, h, w],  var[c] likewise (biased)
 * test:  mean, var = bn_param's running statistics
 * out[n, c, h, w] = gamma[c] * (x[n, c, h, w] - mean[c]) / sqrt(var[c] + eps) + beta[c]
 * </pre>
 *
 * Equal to {@link BatchNorm} on x transposed to {@code (N*H*W, C)}, which is how CS231n computes it.
 * gamma, beta: {@code (C)}. Stateless; the running statistics live in {@link BatchNormParam}.
 */
public final class SpatialBatchNorm {
    private static final String OP = "spatial_batchnorm";

    /**
     * @param x {@code (N, C, H, W)}
     * @param gamma scale {@code (C)}, dtype of x
     * @param beta shift {@code (C)}, dtype of x
     * @param param mode, eps, momentum and running statistics (updated in place in train mode)
     * @return {@code out (N, C, H, W)} and the cache
     * @throws IllegalArgumentException on a bad rank, shape or dtype, or running statistics of another length
     */
    public BatchNormResult forward(Tensor x, Tensor gamma, Tensor beta, BatchNormParam param) {
        check(x);
        BatchNormKernel.checkAffine(OP, x, gamma, beta, x.dim(1), "C");
        return BatchNormKernel.forward(OP, x, gamma, beta, param, x.dim(0), x.dim(1), x.dim(2) * x.dim(3), "C");
    }

    /**
     * @param dout {@code (N, C, H, W)}, dtype of x
     * @param cache from {@link #forward}
     * @return {@code dx (N, C, H, W)}, {@code dgamma (C)}, {@code dbeta (C)}
     * @throws IllegalArgumentException when the cache or a part of it is null, its gamma, mean or std is not
     *     one value per channel (gamma also in x's dtype), or dout's shape or dtype differs from x's
     */
    public BatchNormGrads backward(Tensor dout, BatchNormCache cache) {
        Checks.notNull(OP, "cache", cache);
        Tensor x = Checks.notNull(OP, "cache.x", cache.x());
        check(x);
        return BatchNormKernel.backward(OP, dout, cache, x.dim(0), x.dim(1), x.dim(2) * x.dim(3));
    }

    private static void check(Tensor x) {
        Checks.rank(OP, "x", x, 4, "N, C, H, W");
        BatchNormKernel.positiveDims(OP, x);
    }
}
