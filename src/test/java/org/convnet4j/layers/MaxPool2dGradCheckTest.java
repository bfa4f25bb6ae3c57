package org.convnet4j.layers;

import static org.convnet4j.testing.GradChecks.assertGradient;

import java.util.List;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.Inputs;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Float64 gradient checks of the naive max-pool backward, with inputs at least 0.01 apart so that a step
 * of h = 1e-5 never changes which element wins a window (max pooling has kinks at ties).
 */
class MaxPool2dGradCheckTest extends TestBase {

    record Case(String name, int[] x, int height, int width, int stride) {
        @Override public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("2x2 stride 2 (tiles)", new int[] {2, 2, 6, 6}, 2, 2, 2),
                new Case("overlapping 3x3 stride 1", new int[] {1, 2, 5, 6}, 3, 3, 1),
                new Case("overlapping 3x3 stride 2", new int[] {2, 1, 7, 7}, 3, 3, 2),
                new Case("non-tiling 2x2 stride 2 on 5x7", new int[] {2, 2, 5, 7}, 2, 2, 2),
                new Case("non-square window 2x3 stride 1", new int[] {1, 1, 4, 5}, 2, 3, 1),
                new Case("window = input", new int[] {2, 3, 3, 2}, 3, 2, 1),
                new Case("stride 3, gaps between windows", new int[] {1, 2, 8, 8}, 2, 2, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesNumericalGradient(Case c) {
        Tensor x = Inputs.distinct(rng, 0.01, c.x());
        PoolParam p = new PoolParam(c.height(), c.width(), c.stride());
        MaxPool2d pool = new MaxPool2d();
        PoolResult r = pool.forward(x, p);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, r.out().shape());
        // piecewise linear away from ties: centred differences are exact up to rounding (~1e-11)
        assertGradient(c + " dx", t -> pool.forward(t, p).out(), x, dout, pool.backward(dout, r.cache()), 1e-9);
    }
}
