package org.convnet4j.layers;

import static org.convnet4j.testing.Compare.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** Forward semantics of the naive dense layers on hand-computable inputs, and their float32 paths. */
class LayersTest extends TestBase {

    @Test
    void affineForwardByHand() {
        Tensor x = Tensor.wrap(new double[] {1, 2, 3, 4}, 2, 1, 2); // flattened to (2, 2)
        Tensor w = Tensor.wrap(new double[] {1, 0, -1, 2, 1, 0}, 2, 3);
        Tensor b = Tensor.wrap(new double[] {0.5, -0.5, 1}, 3);
        AffineResult r = new Affine().forward(x, w, b);
        assertAllClose("out", Tensor.wrap(new double[] {5.5, 1.5, 0, 11.5, 3.5, -2}, 2, 3), r.out(), 0, 0);
        AffineGrads g = new Affine().backward(Tensor.wrap(new double[] {1, 0, 0, 0, 1, 1}, 2, 3), r.cache());
        assertAllClose("dx", Tensor.wrap(new double[] {1, 2, -1, 1}, 2, 1, 2), g.dx(), 0, 0);
        assertAllClose("dw", Tensor.wrap(new double[] {1, 3, 3, 2, 4, 4}, 2, 3), g.dw(), 0, 0);
        assertAllClose("db", Tensor.wrap(new double[] {1, 1, 1}, 3), g.db(), 0, 0);
    }

    @Test
    void reluForwardAndBackwardGiveZeroAtTheKink() {
        Tensor x = Tensor.wrap(new double[] {-1, 0, 2}, 3);
        ReluResult r = new Relu().forward(x);
        assertAllClose("out", Tensor.wrap(new double[] {0, 0, 2}, 3), r.out(), 0, 0);
        Tensor dx = new Relu().backward(Tensor.wrap(new double[] {5, 6, 7}, 3), r.cache());
        assertAllClose("dx", Tensor.wrap(new double[] {0, 0, 7}, 3), dx, 0, 0);

        Tensor x32 = Tensor.wrap(new double[] {-1, 0, 2, Double.NaN}, 4).as(DType.FLOAT32);
        ReluResult r32 = new Relu().forward(x32);
        assertSame(DType.FLOAT32, r32.out().dtype());
        // like np.maximum(0, x): NaN propagates forward; backward's dout * (x > 0) gives 0 there
        assertEquals(0f, r32.out().getFlat(0));
        assertEquals(0f, r32.out().getFlat(1));
        assertEquals(2f, r32.out().getFlat(2));
        assertTrue(Double.isNaN(r32.out().getFlat(3)), "NaN stays NaN");
        Tensor dx32 = new Relu().backward(Tensor.wrap(new double[] {5, 6, 7, 8}, 4).as(DType.FLOAT32), r32.cache());
        assertAllClose("dx32", Tensor.wrap(new double[] {0, 0, 7, 0}, 4).as(DType.FLOAT32), dx32, 0, 0);
    }

    @Test
    void softmaxOfEqualScoresIsLogC() {
        LossResult r = Losses.softmax(Tensor.zeros(DType.FLOAT64, 2, 4), new int[] {1, 3});
        assertEquals(Math.log(4), r.loss(), 1e-15);
        double q = 0.25 / 2, p = (0.25 - 1) / 2;
        assertAllClose("dscores", Tensor.wrap(new double[] {q, p, q, q, q, q, q, p}, 2, 4), r.dscores(), 1e-15, 0);
    }

    @Test
    void softmaxIsStableForHugeScores() {
        Tensor s = Tensor.wrap(new double[] {1000, 0, 0, 1000}, 2, 2);
        LossResult r = Losses.softmax(s, new int[] {0, 0}); // right (loss ~0), then wrong by 1000
        assertEquals(500, r.loss(), 1e-12);
        assertTrue(Double.isFinite(r.dscores().getFlat(0)));
    }

    @Test
    void svmByHand() {
        LossResult r = Losses.svm(Tensor.wrap(new double[] {1, 2, 3, 3, 1, 0.5}, 2, 3), new int[] {0, 0});
        // row 0: margins 2 and 3; row 1: margins -1 and -1.5 (clamped to 0)
        assertEquals(2.5, r.loss(), 1e-15);
        assertAllClose("dscores", Tensor.wrap(new double[] {-1, 0.5, 0.5, 0, 0, 0}, 2, 3), r.dscores(), 0, 0);
    }

    @Test
    void batchNormTrainUpdatesRunningStatisticsWithMomentum() {
        Tensor x = Tensor.wrap(new double[] {1, 10, 3, 20}, 2, 2); // means 2, 15; biased vars 1, 25
        BatchNormParam p = BatchNormParam.train();
        assertNull(p.runningMean());
        Tensor out = new BatchNorm().forward(x, Tensor.full(1, DType.FLOAT64, 2), Tensor.zeros(DType.FLOAT64, 2), p).out();
        assertAllClose("running mean", Tensor.wrap(new double[] {0.2, 1.5}, 2), p.runningMean(), 1e-15, 0);
        assertAllClose("running var", Tensor.wrap(new double[] {0.1, 2.5}, 2), p.runningVar(), 1e-15, 0);
        double a = 1 / Math.sqrt(1 + 1e-5), c = 5 / Math.sqrt(25 + 1e-5);
        assertAllClose("out", Tensor.wrap(new double[] {-a, -c, a, c}, 2, 2), out, 1e-15, 0);
        new BatchNorm().forward(x, Tensor.full(1, DType.FLOAT64, 2), Tensor.zeros(DType.FLOAT64, 2), p);
        assertEquals(0.9 * 0.2 + 0.1 * 2, p.runningMean().getFlat(0), 1e-15);
    }

    @Test
    void batchNormTestModeUsesRunningStatisticsAndLeavesThem() {
        BatchNormParam p = new BatchNormParam(BatchNormParam.Mode.TEST)
                .setRunning(Tensor.wrap(new double[] {1, 2}, 2), Tensor.wrap(new double[] {4, 9}, 2)).setEps(1e-12);
        Tensor out = new BatchNorm().forward(Tensor.wrap(new double[] {3, 5}, 1, 2), Tensor.wrap(new double[] {2, 1}, 2),
                Tensor.wrap(new double[] {0, 1}, 2), p).out();
        assertAllClose("out", Tensor.wrap(new double[] {2, 2}, 1, 2), out, 1e-11, 0);
        assertAllClose("running mean unchanged", Tensor.wrap(new double[] {1, 2}, 2), p.runningMean(), 0, 0);
    }

    @Test
    void spatialBatchNormEqualsBatchNormOnTransposedInput() {
        int N = 2, C = 3, H = 2, W = 4;
        Tensor x = Tensor.randn(rng, DType.FLOAT64, N, C, H, W);
        Tensor gamma = Tensor.randn(rng, DType.FLOAT64, C), beta = Tensor.randn(rng, DType.FLOAT64, C);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, N, C, H, W);
        Tensor xt = Tensor.zeros(DType.FLOAT64, N * H * W, C), doutT = Tensor.zeros(DType.FLOAT64, N * H * W, C);
        for (int n = 0; n < N; n++) for (int c = 0; c < C; c++) for (int i = 0; i < H * W; i++) {
            xt.set(x.getFlat((n * C + c) * H * W + i), n * H * W + i, c);
            doutT.set(dout.getFlat((n * C + c) * H * W + i), n * H * W + i, c);
        }
        BatchNormParam ps = BatchNormParam.train(), pb = BatchNormParam.train();
        BatchNormResult rs = new SpatialBatchNorm().forward(x, gamma, beta, ps);
        BatchNormResult rb = new BatchNorm().forward(xt, gamma, beta, pb);
        BatchNormGrads gs = new SpatialBatchNorm().backward(dout, rs.cache());
        BatchNormGrads gb = new BatchNorm().backward(doutT, rb.cache());
        for (int n = 0; n < N; n++) for (int c = 0; c < C; c++) for (int i = 0; i < H * W; i++) {
            assertEquals(rb.out().get(n * H * W + i, c), rs.out().getFlat((n * C + c) * H * W + i), 1e-14);
            assertEquals(gb.dx().get(n * H * W + i, c), gs.dx().getFlat((n * C + c) * H * W + i), 1e-14);
        }
        assertAllClose("dgamma", gb.dgamma(), gs.dgamma());
        assertAllClose("dbeta", gb.dbeta(), gs.dbeta());
        assertAllClose("running mean", pb.runningMean(), ps.runningMean());
        assertAllClose("running var", pb.runningVar(), ps.runningVar());
    }

    @Test
    void float32InputsGiveFloat32ResultsCloseToFloat64() {
        Tensor x64 = Tensor.randn(rng, DType.FLOAT64, 4, 3, 2, 2);
        Tensor g64 = Tensor.randn(rng, DType.FLOAT64, 3), b64 = Tensor.randn(rng, DType.FLOAT64, 3);
        Tensor x32 = x64.as(DType.FLOAT32), g32 = g64.as(DType.FLOAT32), b32 = b64.as(DType.FLOAT32);
        BatchNormParam p32 = BatchNormParam.train();
        BatchNormResult r32 = new SpatialBatchNorm().forward(x32, g32, b32, p32);
        BatchNormResult r64 = new SpatialBatchNorm().forward(x32.as(DType.FLOAT64), g32.as(DType.FLOAT64),
                b32.as(DType.FLOAT64), BatchNormParam.train());
        assertSame(DType.FLOAT32, r32.out().dtype());
        assertSame(DType.FLOAT32, p32.runningMean().dtype());
        assertAllClose("spatial batchnorm float32", r64.out().as(DType.FLOAT32), r32.out());
        Tensor w32 = Tensor.randn(rng, DType.FLOAT64, 12, 5).as(DType.FLOAT32);
        AffineResult a32 = new Affine().forward(x32, w32, Tensor.zeros(DType.FLOAT32, 5));
        AffineResult a64 = new Affine().forward(x32.as(DType.FLOAT64), w32.as(DType.FLOAT64), Tensor.zeros(DType.FLOAT64, 5));
        assertSame(DType.FLOAT32, a32.out().dtype());
        assertAllClose("affine float32", a64.out().as(DType.FLOAT32), a32.out());
        LossResult l32 = Losses.softmax(a32.out(), new int[] {0, 1, 2, 3});
        assertSame(DType.FLOAT32, l32.dscores().dtype());
        assertEquals(Losses.softmax(a64.out(), new int[] {0, 1, 2, 3}).loss(), l32.loss(), 1e-6);
    }

    @Test
    void forwardDoesNotModifyInputs() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 3, 4), w = Tensor.randn(rng, DType.FLOAT64, 4, 2);
        Tensor b = Tensor.randn(rng, DType.FLOAT64, 2), x0 = x.copy(), w0 = w.copy(), b0 = b.copy();
        new Affine().forward(x, w, b);
        new Relu().forward(x);
        new BatchNorm().forward(x, Tensor.full(1, DType.FLOAT64, 4), Tensor.zeros(DType.FLOAT64, 4), BatchNormParam.train());
        Losses.softmax(x, new int[] {0, 1, 2});
        Losses.svm(x, new int[] {0, 1, 2});
        assertTrue(x.contentEquals(x0) && w.contentEquals(w0) && b.contentEquals(b0));
    }
}
