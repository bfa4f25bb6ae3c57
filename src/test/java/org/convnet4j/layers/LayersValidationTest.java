package org.convnet4j.layers;

import static org.convnet4j.testing.Rejects.rejects;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** One test per validation rule of the naive layers: each must name the op, the argument and the values. */
class LayersValidationTest extends TestBase {
    private static final DType D = DType.FLOAT64;
    private final Affine affine = new Affine();
    private final Relu relu = new Relu();
    private final Conv2d conv = new Conv2d();
    private final MaxPool2d pool = new MaxPool2d();
    private final BatchNorm bn = new BatchNorm();
    private final SpatialBatchNorm sbn = new SpatialBatchNorm();

    private static Tensor z(int... shape) {
        return Tensor.zeros(D, shape);
    }

    // ---- affine
    @Test void affineXRankBelowTwo() {
        rejects(() -> affine.forward(z(6), z(6, 2), z(2)), "affine", "x must be rank >= 2", "[6]");
    }
    @Test void affineWRank() {
        rejects(() -> affine.forward(z(2, 3), z(3), z(2)), "affine", "w must be rank 2 (D, M)", "[3]");
    }
    @Test void affineBRank() {
        rejects(() -> affine.forward(z(2, 3), z(3, 2), z(2, 1)), "affine", "b must be rank 1 (M)", "[2, 1]");
    }
    @Test void affineDMismatch() {
        rejects(() -> affine.forward(z(2, 3, 2), z(5, 4), z(4)), "affine", "w must have D=6", "[2, 3, 2]", "[5, 4]");
    }
    @Test void affineBLength() {
        rejects(() -> affine.forward(z(2, 3), z(3, 4), z(5)), "affine", "b must have shape [4]", "[5]");
    }
    @Test void affineDtypeMismatch() {
        rejects(() -> affine.forward(z(2, 3), Tensor.zeros(DType.FLOAT32, 3, 4), z(4)), "affine", "w must be FLOAT64",
                "FLOAT32");
    }
    @Test void affineEmptyX() {
        rejects(() -> affine.forward(z(0, 3), z(3, 4), z(4)), "affine", "dims must be > 0", "[0, 3]");
    }
    @Test void affineDoutShape() {
        AffineCache c = affine.forward(z(2, 3), z(3, 4), z(4)).cache();
        rejects(() -> affine.backward(z(2, 5), c), "affine", "dout must have shape [2, 4]", "[2, 5]");
    }
    @Test void affineDoutDtype() {
        AffineCache c = affine.forward(z(2, 3), z(3, 4), z(4)).cache();
        rejects(() -> affine.backward(Tensor.zeros(DType.FLOAT32, 2, 4), c), "affine", "dout must be FLOAT64", "FLOAT32");
    }
    @Test void affineNullCache() {
        rejects(() -> affine.backward(z(2, 4), null), "affine", "cache must not be null");
    }

    // ---- relu
    @Test void reluNullX() {
        rejects(() -> relu.forward(null), "relu", "x must not be null");
    }
    @Test void reluDoutShape() {
        ReluCache c = relu.forward(z(2, 3)).cache();
        rejects(() -> relu.backward(z(3, 2), c), "relu", "dout must have shape [2, 3]", "[3, 2]");
    }
    @Test void reluDoutDtype() {
        ReluCache c = relu.forward(z(2, 3)).cache();
        rejects(() -> relu.backward(Tensor.zeros(DType.FLOAT32, 2, 3), c), "relu", "dout must be FLOAT64", "FLOAT32");
    }

    // ---- losses
    @Test void softmaxScoresRank() {
        rejects(() -> Losses.softmax(z(2, 3, 1), new int[] {0, 1}), "softmax_loss", "scores must be rank 2 (N, C)",
                "[2, 3, 1]");
    }
    @Test void softmaxLabelCount() {
        rejects(() -> Losses.softmax(z(2, 3), new int[] {0}), "softmax_loss", "y must have N=2 labels", "got 1");
    }
    @Test void softmaxLabelTooLarge() {
        rejects(() -> Losses.softmax(z(2, 3), new int[] {0, 3}), "softmax_loss", "y[1] must be in [0, 3)", "got 3");
    }
    @Test void svmNegativeLabel() {
        rejects(() -> Losses.svm(z(2, 3), new int[] {-1, 0}), "svm_loss", "y[0] must be in [0, 3)", "got -1");
    }
    @Test void svmNullLabels() {
        rejects(() -> Losses.svm(z(2, 3), null), "svm_loss", "y must not be null");
    }
    @Test void lossEmptyScores() {
        rejects(() -> Losses.svm(z(0, 3), new int[0]), "svm_loss", "scores dims must be > 0", "[0, 3]");
    }

    // ---- batchnorm
    @Test void batchNormXRank() {
        rejects(() -> bn.forward(z(2, 3, 4), z(3), z(3), BatchNormParam.train()), "batchnorm",
                "x must be rank 2 (N, D)", "[2, 3, 4]");
    }
    @Test void batchNormGammaShape() {
        rejects(() -> bn.forward(z(2, 3), z(4), z(3), BatchNormParam.train()), "batchnorm", "gamma must have shape [3]",
                "[4]");
    }
    @Test void batchNormBetaShape() {
        rejects(() -> bn.forward(z(2, 3), z(3), z(2), BatchNormParam.train()), "batchnorm", "beta must have shape [3]",
                "[2]");
    }
    @Test void batchNormGammaDtype() {
        rejects(() -> bn.forward(z(2, 3), Tensor.zeros(DType.FLOAT32, 3), z(3), BatchNormParam.train()), "batchnorm",
                "gamma must be FLOAT64", "FLOAT32");
    }
    @Test void batchNormNullParam() {
        rejects(() -> bn.forward(z(2, 3), z(3), z(3), null), "batchnorm", "bn_param must not be null");
    }
    @Test void batchNormRunningStatsLength() {
        BatchNormParam p = BatchNormParam.train().setRunning(z(4), z(4));
        rejects(() -> bn.forward(z(2, 3), z(3), z(3), p), "batchnorm", "running_mean must have shape [3]", "[4]");
    }
    @Test void batchNormRunningStatsMismatch() {
        rejects(() -> BatchNormParam.train().setRunning(z(3), z(4)), "batchnorm", "running_var must have shape [3]",
                "[4]");
    }
    @Test void batchNormEps() {
        rejects(() -> BatchNormParam.train().setEps(0), "batchnorm", "eps must be a finite number > 0", "0.0");
    }
    @Test void batchNormMomentum() {
        rejects(() -> BatchNormParam.train().setMomentum(1.5), "batchnorm", "momentum must be in [0, 1]", "1.5");
    }
    @Test void batchNormNullMode() {
        rejects(() -> new BatchNormParam(null), "batchnorm", "mode must not be null");
    }
    @Test void batchNormDoutShape() {
        BatchNormCache c = bn.forward(z(2, 3), z(3), z(3), BatchNormParam.train()).cache();
        rejects(() -> bn.backward(z(3, 2), c), "batchnorm", "dout must have shape [2, 3]", "[3, 2]");
    }
    @Test void batchNormDoutDtype() {
        BatchNormCache c = bn.forward(z(2, 3), z(3), z(3), BatchNormParam.train()).cache();
        rejects(() -> bn.backward(Tensor.zeros(DType.FLOAT32, 2, 3), c), "batchnorm", "dout must be FLOAT64", "FLOAT32");
    }
    @Test void batchNormCacheFromSpatialLayer() {
        BatchNormCache c = sbn.forward(z(2, 3, 2, 2), z(3), z(3), BatchNormParam.train()).cache();
        rejects(() -> bn.backward(z(2, 3, 2, 2), c), "batchnorm", "x must be rank 2 (N, D)", "[2, 3, 2, 2]");
    }
    @Test void spatialBatchNormXRank() {
        rejects(() -> sbn.forward(z(2, 3), z(3), z(3), BatchNormParam.train()), "spatial_batchnorm",
                "x must be rank 4 (N, C, H, W)", "[2, 3]");
    }
    @Test void spatialBatchNormGammaShape() {
        rejects(() -> sbn.forward(z(2, 3, 2, 2), z(2), z(3), BatchNormParam.train()), "spatial_batchnorm",
                "gamma must have shape [3]", "[2]");
    }
    @Test void spatialBatchNormEmptyX() {
        rejects(() -> sbn.forward(z(2, 3, 0, 2), z(3), z(3), BatchNormParam.train()), "spatial_batchnorm",
                "x dims must be > 0", "[2, 3, 0, 2]");
    }
    @Test void spatialBatchNormDoutShape() {
        BatchNormCache c = sbn.forward(z(2, 3, 2, 2), z(3), z(3), BatchNormParam.train()).cache();
        rejects(() -> sbn.backward(z(2, 3, 2, 1), c), "spatial_batchnorm", "dout must have shape [2, 3, 2, 2]",
                "[2, 3, 2, 1]");
    }

    // ---- conv (rules of ConvShape / ConvParam, on the main branch)
    @Test void convXRank() {
        rejects(() -> conv.forward(z(2, 3072), z(2, 3, 3, 3), z(2), new ConvParam(1, 1)), "conv",
                "x must be rank 4 (N, C, H, W)", "[2, 3072]");
    }
    @Test void convChannelMismatch() {
        rejects(() -> conv.forward(z(1, 3, 5, 5), z(2, 2, 3, 3), z(2), new ConvParam(1, 1)), "conv", "w has C=2",
                "x has C=3");
    }
    @Test void convBiasLength() {
        rejects(() -> conv.forward(z(1, 3, 5, 5), z(2, 3, 3, 3), z(3), new ConvParam(1, 1)), "conv",
                "b must have shape [2]", "[3]");
    }
    @Test void convFilterDoesNotFit() {
        rejects(() -> conv.forward(z(1, 1, 3, 3), z(1, 1, 6, 6), z(1), new ConvParam(1, 1)), "conv", "filter 6x6",
                "padded input 5x5");
    }
    @Test void convStride() {
        rejects(() -> new ConvParam(0, 1), "conv", "stride must be > 0", "got 0");
    }
    @Test void convPad() {
        rejects(() -> new ConvParam(1, -1), "conv", "pad must be >= 0", "got -1");
    }
    /** A pad so large that Hout and Wout exceed int: named as such, not as wrapped-around negative dims. */
    @Test void convOutputDimsOverflowInt() {
        rejects(() -> conv.forward(z(1, 1, 3, 3), z(1, 1, 3, 3), z(1), new ConvParam(1, Integer.MAX_VALUE)), "conv",
                "Hout x Wout = 4294967295x4294967295 must fit in int", "pad " + Integer.MAX_VALUE, "stride 1",
                "x: [1, 1, 3, 3]");
        rejects(() -> conv.forward(z(1, 1, 3, 3), z(1, 1, 3, 3), z(1), new ConvParam(2, Integer.MAX_VALUE)), "conv",
                "2147483648x2147483648 must fit in int", "stride 2");
        // stride 3 brings each dim into int range; the element count is then what is too big
        rejects(() -> conv.forward(z(1, 1, 3, 3), z(1, 1, 3, 3), z(1), new ConvParam(3, Integer.MAX_VALUE)), "conv",
                "out [1, 1, 1431655765, 1431655765] has more than");
    }
    @Test void convDoutShape() {
        ConvCache c = conv.forward(z(1, 1, 4, 4), z(1, 1, 3, 3), z(1), new ConvParam(1, 1)).cache();
        rejects(() -> conv.backward(z(1, 1, 3, 3), c), "conv", "dout must have shape [1, 1, 4, 4]", "[1, 1, 3, 3]");
    }

    // ---- max pool (rules of PoolShape / PoolParam, on the main branch)
    @Test void poolWindowDoesNotFit() {
        rejects(() -> pool.forward(z(1, 1, 3, 3), new PoolParam(4, 2, 2)), "max_pool", "pool window 4x2",
                "input 3x3");
    }
    @Test void poolStride() {
        rejects(() -> new PoolParam(2, 2, 0), "max_pool", "stride must be > 0", "got 0");
    }
    @Test void poolDoutShape() {
        PoolCache c = pool.forward(z(1, 1, 4, 4), PoolParam.twoByTwo()).cache();
        rejects(() -> pool.backward(z(1, 1, 4, 4), c), "max_pool", "dout must have shape [1, 1, 2, 2]", "[1, 1, 4, 4]");
    }

    // ---- issue 9, kind 2: a backward checks the cache it is given. Before: a null gamma was a
    // NullPointerException, a shorter one an ArrayIndexOutOfBoundsException, and a longer one was used.
    private static BatchNormCache withGamma(BatchNormCache c, Tensor gamma) {
        return new BatchNormCache(c.x(), gamma, c.mode(), c.mean(), c.std());
    }
    @Test void batchNormBackwardCacheGamma() {
        BatchNormCache c = bn.forward(z(2, 3), z(3), z(3), BatchNormParam.train()).cache();
        rejects(() -> bn.backward(z(2, 3), withGamma(c, null)), "batchnorm", "cache.gamma must not be null");
        rejects(() -> bn.backward(z(2, 3), withGamma(c, z(2))), "batchnorm", "cache.gamma must have shape [3]", "[2]");
        rejects(() -> bn.backward(z(2, 3), withGamma(c, z(4))), "batchnorm", "cache.gamma must have shape [3]", "[4]");
        rejects(() -> bn.backward(z(2, 3), withGamma(c, Tensor.zeros(DType.FLOAT32, 3))), "batchnorm",
                "cache.gamma must be FLOAT64", "FLOAT32");
    }
    @Test void spatialBatchNormBackwardCacheGamma() {
        BatchNormCache c = sbn.forward(z(2, 3, 2, 2), z(3), z(3), BatchNormParam.train()).cache();
        rejects(() -> sbn.backward(z(2, 3, 2, 2), withGamma(c, null)), "spatial_batchnorm", "cache.gamma must not be null");
        rejects(() -> sbn.backward(z(2, 3, 2, 2), withGamma(c, z(2))), "spatial_batchnorm", "cache.gamma must have shape [3]",
                "[2]");
        rejects(() -> sbn.backward(z(2, 3, 2, 2), withGamma(c, z(4))), "spatial_batchnorm", "cache.gamma must have shape [3]",
                "[4]");
    }
    @Test void batchNormBackwardCacheX() {
        BatchNormCache c = bn.forward(z(2, 3), z(3), z(3), BatchNormParam.train()).cache();
        rejects(() -> bn.backward(z(2, 3), new BatchNormCache(null, c.gamma(), c.mode(), c.mean(), c.std())), "batchnorm",
                "cache.x must not be null");
    }

    /** Two small inputs whose output (N, M) = (65536, 65536) overflows int (before: ArrayIndexOutOfBounds in Affine). */
    @Test void affineOutputTooLarge() {
        rejects(() -> affine.forward(z(65536, 1), z(1, 65536), z(65536)), "affine", "out (N, M) [65536, 65536]",
                "the Java array limit");
    }
}
