package org.convnet4j.layers;

import static org.convnet4j.testing.GradChecks.assertGradient;

import java.util.ArrayList;
import java.util.List;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Float64 gradient checks of the naive conv backward over named and randomized shapes. */
class Conv2dGradCheckTest extends TestBase {

    record Case(String name, int[] x, int[] w, int stride, int pad) {
        @Override public String toString() {
            return name + " x" + java.util.Arrays.toString(x) + " w" + java.util.Arrays.toString(w) + " s" + stride + " p" + pad;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>(List.of(
                new Case("stride 3, pad 0", new int[] {2, 2, 7, 7}, new int[] {2, 2, 3, 3}, 3, 0),
                new Case("stride 3, pad 2", new int[] {1, 2, 7, 6}, new int[] {2, 2, 3, 3}, 3, 2),
                new Case("non-square filter and input", new int[] {2, 3, 5, 6}, new int[] {2, 3, 2, 3}, 1, 1),
                new Case("1x1 filter", new int[] {2, 3, 4, 4}, new int[] {4, 3, 1, 1}, 1, 0),
                new Case("floor drops a row and a column", new int[] {1, 2, 6, 7}, new int[] {3, 2, 3, 2}, 2, 1),
                new Case("pad 2, N=1, C=1", new int[] {1, 1, 3, 4}, new int[] {2, 1, 3, 3}, 1, 2)));
        Rng r = new Rng(TestBase.SEED + 1); // fixed: the same random shapes every run
        for (int k = 0; k < 8; k++) {
            int pad = r.randint(3), stride = 1 + r.randint(3);
            int H = 1 + r.randint(7), W = 1 + r.randint(7);
            int HH = 1 + r.randint(Math.min(4, H + 2 * pad)), WW = 1 + r.randint(Math.min(4, W + 2 * pad));
            cases.add(new Case("random " + k, new int[] {1 + r.randint(2), 1 + r.randint(3), H, W},
                    new int[] {1 + r.randint(3), 0, HH, WW}, stride, pad));
        }
        for (Case c : cases) c.w()[1] = c.x()[1];
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesNumericalGradient(Case c) {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, c.x());
        Tensor w = Tensor.randn(rng, DType.FLOAT64, c.w());
        Tensor b = Tensor.randn(rng, DType.FLOAT64, c.w()[0]);
        ConvParam p = new ConvParam(c.stride(), c.pad());
        Conv2d conv = new Conv2d();
        ConvResult r = conv.forward(x, w, b, p);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, r.out().shape());
        ConvGrads g = conv.backward(dout, r.cache());
        assertGradient(c + " dx", t -> conv.forward(t, w, b, p).out(), x, dout, g.dx());
        assertGradient(c + " dw", t -> conv.forward(x, t, b, p).out(), w, dout, g.dw());
        assertGradient(c + " db", t -> conv.forward(x, w, t, p).out(), b, dout, g.db());
    }
}
