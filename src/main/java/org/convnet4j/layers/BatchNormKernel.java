package org.convnet4j.layers;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * The arithmetic shared by {@link BatchNorm} and {@link SpatialBatchNorm}: x is seen as
 * {@code (outer, C, inner)} and statistics are taken per channel c over the {@code m = outer * inner}
 * elements {@code x[o, c, i]}. BatchNorm is {@code (N, D, 1)}, the spatial layer {@code (N, C, H*W)}.
 */
final class BatchNormKernel {
    private BatchNormKernel() {}

    static void checkAffine(String op, Tensor x, Tensor gamma, Tensor beta, int channels, String letter) {
        Checks.rank(op, "gamma", gamma, 1, letter);
        Checks.rank(op, "beta", beta, 1, letter);
        Checks.shape(op, "gamma", gamma, new int[] {channels}, letter + " of x " + Arrays.toString(x.shape()));
        Checks.shape(op, "beta", beta, new int[] {channels}, letter + " of x " + Arrays.toString(x.shape()));
        Checks.dtype(op, "gamma", gamma, x.dtype());
        Checks.dtype(op, "beta", beta, x.dtype());
    }

    static BatchNormResult forward(String op, Tensor x, Tensor gamma, Tensor beta, BatchNormParam param,
            int outer, int channels, int inner, String letter) {
        Checks.notNull(op, "bn_param", param);
        param.ensureRunning(op, x, channels, letter);
        double[] xs = x.toDoubleArray();
        double[] mean = new double[channels], std = new double[channels];
        int m = outer * inner;
        if (param.mode() == BatchNormParam.Mode.TRAIN) {
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) sum += xs[(o * channels + c) * inner + i];
                }
                double mu = sum / m;
                double sq = 0; // second pass: no cancellation from E[x^2] - E[x]^2
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        double d = xs[(o * channels + c) * inner + i] - mu;
                        sq += d * d;
                    }
                }
                double var = sq / m; // biased, as np.var
                mean[c] = mu;
                std[c] = Math.sqrt(var + param.eps());
                Tensor rm = param.runningMean(), rv = param.runningVar();
                rm.setFlat(c, param.momentum() * rm.getFlat(c) + (1 - param.momentum()) * mu);
                rv.setFlat(c, param.momentum() * rv.getFlat(c) + (1 - param.momentum()) * var);
            }
        } else {
            for (int c = 0; c < channels; c++) {
                mean[c] = param.runningMean().getFlat(c);
                std[c] = Math.sqrt(param.runningVar().getFlat(c) + param.eps());
            }
        }
        double[] out = new double[xs.length];
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < channels; c++) {
                double g = gamma.getFlat(c), b = beta.getFlat(c);
                for (int i = 0; i < inner; i++) {
                    int k = (o * channels + c) * inner + i;
                    out[k] = g * ((xs[k] - mean[c]) / std[c]) + b;
                }
            }
        }
        BatchNormCache cache = new BatchNormCache(x, gamma, param.mode(), Tensor.wrap(mean, channels),
                Tensor.wrap(std, channels));
        return new BatchNormResult(Tensor.of(x.dtype(), out, x.shape()), cache);
    }

    /**
     * <pre>
     * xhat = (x - mean) / std,  dbeta = sum dout,  dgamma = sum dout * xhat,  dxhat = dout * gamma
     * train: dx = (m * dxhat - sum dxhat - xhat * sum(dxhat * xhat)) / (m * std)
     * test:  dx = dxhat / std                    (mean and std are constants)
     * </pre>
     * with sums over the m elements of each channel.
     */
    static BatchNormGrads backward(String op, Tensor dout, BatchNormCache cache, int outer, int channels, int inner) {
        Tensor x = cache.x();
        Checks.shape(op, "dout", dout, x.shape(), "the forward input/output");
        Checks.dtype(op, "dout", dout, x.dtype());
        Tensor mean = Checks.notNull(op, "cache.mean", cache.mean());
        Tensor std = Checks.notNull(op, "cache.std", cache.std());
        Checks.shape(op, "cache.mean", mean, new int[] {channels}, "one per channel");
        Checks.shape(op, "cache.std", std, new int[] {channels}, "one per channel");
        Checks.notNull(op, "cache.mode", cache.mode());
        // a caller-built cache is checked like a forward's arguments: a gamma of another length would index
        // past its end or silently use a prefix of it
        Tensor gamma = cache.gamma();
        Checks.shape(op, "cache.gamma", gamma, new int[] {channels}, "one per channel, as forward's gamma");
        Checks.dtype(op, "cache.gamma", gamma, x.dtype());
        double[] xs = x.toDoubleArray(), g = dout.toDoubleArray();
        double[] dx = new double[xs.length], dgamma = new double[channels], dbeta = new double[channels];
        int m = outer * inner;
        for (int c = 0; c < channels; c++) {
            double mu = mean.getFlat(c), sd = std.getFlat(c), gam = gamma.getFlat(c);
            double sumDxhat = 0, sumDxhatXhat = 0;
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int k = (o * channels + c) * inner + i;
                    double xhat = (xs[k] - mu) / sd;
                    dbeta[c] += g[k];
                    dgamma[c] += g[k] * xhat;
                    sumDxhat += g[k] * gam;
                    sumDxhatXhat += g[k] * gam * xhat;
                }
            }
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int k = (o * channels + c) * inner + i;
                    double dxhat = g[k] * gam;
                    if (cache.mode() == BatchNormParam.Mode.TRAIN) {
                        double xhat = (xs[k] - mu) / sd;
                        dx[k] = (m * dxhat - sumDxhat - xhat * sumDxhatXhat) / (m * sd);
                    } else {
                        dx[k] = dxhat / sd;
                    }
                }
            }
        }
        DType t = x.dtype();
        return new BatchNormGrads(Tensor.of(t, dx, x.shape()), Tensor.of(t, dgamma, channels),
                Tensor.of(t, dbeta, channels));
    }

    static void positiveDims(String op, Tensor x) {
        for (int k = 0; k < x.rank(); k++) {
            if (x.dim(k) <= 0) {
                throw new IllegalArgumentException(op + ": x dims must be > 0, got " + Arrays.toString(x.shape()));
            }
        }
    }
}
