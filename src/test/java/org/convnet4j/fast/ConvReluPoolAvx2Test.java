package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.convnet4j.fast.PoolOracle.Values;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvPoolResult;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.ConvPoolCase;
import org.convnet4j.testkit.ReferenceCheck;
import org.convnet4j.testkit.Special;
import org.junit.jupiter.api.Test;

/**
 * The fused conv-relu-pool forward ({@link Conv2dFast#forwardReluPool}) with stride-2 pools over wide conv outputs
 * (rows of 3 to 50 pooling windows), where the pool runs the AVX2 kernels: against the naive layers one after the
 * other and the fast ones (the kit's {@link ReferenceCheck#convReluPool}), with and without the AVX2 kernels and
 * with the float32 pixel-major path off; and the AVX2 and scalar pools bit for bit (pooled output, dx, dw, db) on
 * inputs whose ReLU output is full of ties (+0) and holds NaN and infinities.
 */
class ConvReluPoolAvx2Test extends TestBase {

    private static List<ConvPoolCase> cases(long seed, int count) {
        Random r = new Random(seed);
        List<ConvPoolCase> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            DType t = k % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            int HH = 1 + r.nextInt(3), WW = 1 + r.nextInt(3), pad = r.nextInt(2), stride = 1;
            int PH = 1 + r.nextInt(4), PW = 1 + r.nextInt(4);
            int Wout = 3 + r.nextInt(k % 3 == 0 ? 8 : 48); // pooling windows a row
            int convW = 2 * (Wout - 1) + PW + r.nextInt(2), convH = PH + 2 * r.nextInt(3) + r.nextInt(2);
            int W = convW - 2 * pad + WW - 1, H = Math.max(HH, convH - 2 * pad + HH - 1);
            if (W < 1) continue;
            int N = 1 + r.nextInt(2), C = 1 + r.nextInt(2), F = 1 + r.nextInt(4);
            Special sp = k % 4 == 1 ? Special.X : k % 4 == 3 ? Special.ALL : Special.NONE;
            out.add(new ConvPoolCase(t, new int[] {N, C, H, W}, new int[] {F, C, HH, WW}, new ConvParam(stride, pad),
                    new PoolParam(PH, PW, 2), 0, 500 + k, sp));
        }
        return out;
    }

    private static void withSettings(boolean avx2, boolean pixelMajorOff, Runnable body) {
        boolean savedAvx2 = Tuning.poolAvx2;
        int savedPixels = Tuning.convPixelMajorMinPixels;
        Tuning.poolAvx2 = avx2;
        if (pixelMajorOff) Tuning.convPixelMajorMinPixels = Integer.MAX_VALUE;
        try {
            body.run();
        } finally {
            Tuning.poolAvx2 = savedAvx2;
            Tuning.convPixelMajorMinPixels = savedPixels;
        }
    }

    @Test
    void fusedAgreesWithTheLayersOneByOne() {
        NativeAssume.nativeAvailable();
        for (ConvPoolCase c : cases(241, 24)) {
            for (boolean avx2 : new boolean[] {true, false}) {
                for (boolean pixelMajorOff : new boolean[] {true, false}) {
                    withSettings(avx2, pixelMajorOff, () -> ReferenceCheck.convReluPool(new Conv2d(), new MaxPool2d(),
                            new Conv2dFast(), new MaxPool2dFast(), c));
                }
            }
        }
    }

    /** Rounded inputs make conv outputs with many exact ties, and so many ReLU zeros; plus NaN and infinities. */
    @Test
    void avx2AndScalarPoolsGiveTheSameFusedBits() {
        NativeAssume.nativeAvailable();
        Random r = new Random(242);
        int fused = 0;
        for (ConvPoolCase c : cases(243, 80)) {
            Tensor x = PoolOracle.input(r, c.dtype(), c.seed() % 3 == 0 ? Values.SPECIALS : Values.TIES, c.xShape());
            Tensor w = Tensor.zeros(c.dtype(), c.wShape());
            for (int i = 0; i < w.size(); i++) w.setFlat(i, r.nextInt(3) - 1);
            Tensor b = Tensor.randn(new Rng(c.seed()), c.dtype(), c.wShape()[0]);
            for (int i = 0; i < b.size(); i++) b.setFlat(i, Math.rint(b.getFlat(i)));
            for (boolean pixelMajorOff : new boolean[] {true, false}) {
                Tensor[][] got = new Tensor[2][];
                boolean[] wasFused = new boolean[1];
                for (int a = 0; a < 2; a++) {
                    final int slot = a;
                    withSettings(a == 0, pixelMajorOff, () -> {
                        Conv2dFast conv = new Conv2dFast();
                        MaxPool2dFast pool = new MaxPool2dFast();
                        ConvPoolResult res = conv.forwardReluPool(x, w, b, c.conv(), pool, c.pool());
                        wasFused[0] = res.cache().pooled() != null;
                        Tensor dout = Tensor.zeros(c.dtype(), res.out().shape());
                        for (int i = 0; i < dout.size(); i++) dout.setFlat(i, 1 + i % 97);
                        ConvGrads g = conv.backwardReluPool(dout, res.cache(), pool, true);
                        got[slot] = new Tensor[] {res.out(), g.dx(), g.dw(), g.db()};
                    });
                }
                if (wasFused[0]) fused++;
                String[] names = {"pooled out", "dx", "dw", "db"};
                for (int i = 0; i < names.length; i++) {
                    assertNotNull(got[0][i]);
                    assertArrayEquals(PoolOracle.bits(got[1][i]), PoolOracle.bits(got[0][i]),
                            c + (pixelMajorOff ? " not pixel-major " : " ") + names[i] + ": AVX2 pool vs scalar");
                }
            }
        }
        assertTrue(fused > 100, "only " + fused + " runs took the fused path");
    }
}
