package org.convnet4j.layers;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.GradientCheck;
import org.junit.jupiter.api.Test;

/** Inverted dropout: the notebook's statistics (NumPy known answers), test mode, the gradient at a fixed mask. */
class DropoutTest extends TestBase {
    private final Dropout dropout = new Dropout();

    /**
     * The Dropout notebook's first cell: x = randn(500, 500) + 10 after seed 231, then one train-mode pass
     * per p from the same stream. Expected values from src/test/resources/gen/dropout.py (NumPy): the
     * fraction of zeros exactly (the same uniform draws), the mean to summation-order rounding.
     */
    @Test
    void trainModeMatchesTheNotebookCell() {
        Rng r = new Rng(231);
        Tensor x = Tensor.randn(r, DType.FLOAT64, 500, 500);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, x.getFlat(i) + 10);
        double[][] expected = {{0.25, 10.014059116977283, 0.749784}, {0.4, 9.9779176587611591, 0.600796},
            {0.7, 9.9878119121594278, 0.30074}};
        for (double[] e : expected) {
            Tensor out = dropout.forward(x, new DropoutParam(e[0], Mode.TRAIN), r).out();
            double sum = 0;
            int zeros = 0;
            for (int i = 0; i < out.size(); i++) {
                sum += out.getFlat(i);
                if (out.getFlat(i) == 0) zeros++;
            }
            assertEquals(e[1], sum / out.size(), 1e-12, "mean of the train-time output, p " + e[0]);
            assertEquals(e[2], zeros / (double) out.size(), 0.0, "fraction set to zero, p " + e[0]);
        }
    }

    /** The mask values themselves are (rand &lt; p) / p in row-major order (dropout.py: 2 0 2 0 2 0 0 0). */
    @Test
    void maskIsRandLessThanPOverP() {
        DropoutResult r = dropout.forward(Tensor.full(1.0, DType.FLOAT64, 4, 4), new DropoutParam(0.5, Mode.TRAIN),
                new Rng(5));
        double[] first8 = new double[8];
        for (int i = 0; i < 8; i++) first8[i] = r.cache().mask().getFlat(i);
        assertArrayEquals(new double[] {2, 0, 2, 0, 2, 0, 0, 0}, first8);
        assertTrue(r.out().contentEquals(r.cache().mask()), "out = x * mask with x = 1");
    }

    @Test
    void testModeIsTheIdentityAndCopies() {
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 3, 4);
        DropoutResult r = dropout.forward(x, new DropoutParam(0.3, Mode.TEST), null);
        assertTrue(r.out().contentEquals(x));
        assertFalse(r.out().sharesStorageWith(x), "a new tensor, not x itself");
        Tensor dout = Tensor.randn(rng, DType.FLOAT32, 3, 4);
        assertTrue(dropout.backward(dout, r.cache()).contentEquals(dout));
    }

    @Test
    void keepingEveryUnitIsTheIdentityInTrainMode() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 5, 6);
        assertTrue(dropout.forward(x, new DropoutParam(1.0, Mode.TRAIN), rng).out().contentEquals(x));
    }

    @Test
    void float32OutputIsTheDoubleProductRoundedOnce() {
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 7, 3);
        DropoutResult r = dropout.forward(x, new DropoutParam(0.3, Mode.TRAIN), new Rng(1));
        assertEquals(DType.FLOAT32, r.out().dtype());
        for (int i = 0; i < x.size(); i++) {
            assertEquals((float) (x.getFlat(i) * r.cache().mask().getFlat(i)), (float) r.out().getFlat(i), 0f);
        }
    }

    /** CS231n's dropout gradient check: x = randn(10, 10) + 10, p 0.2, a fixed mask (a fresh Rng per pass). */
    @Test
    void gradientAtAFixedMask() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 10, 10);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, x.getFlat(i) + 10);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 10, 10);
        DropoutParam p = new DropoutParam(0.2, Mode.TRAIN);
        Tensor dx = dropout.backward(dout, dropout.forward(x, p, new Rng(123)).cache());
        GradientCheck.assertGradient("dropout dx", t -> dropout.forward(t, p, new Rng(123)).out(), x, dout, dx);
        int kept = 0;
        for (int i = 0; i < dx.size(); i++) if (dx.getFlat(i) != 0) kept++;
        assertTrue(kept > 5 && kept < 40, "about 20 of 100 units kept, got " + kept);
    }

    @Test
    void refusesBadArguments() {
        rejects(() -> new DropoutParam(0, Mode.TRAIN), "dropout", "p", "(0, 1]", "got 0.0");
        rejects(() -> new DropoutParam(1.5, Mode.TRAIN), "(0, 1]", "1.5");
        rejects(() -> new DropoutParam(Double.NaN, Mode.TRAIN), "NaN");
        rejects(() -> new DropoutParam(0.5, null), "mode");
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3);
        rejects(() -> dropout.forward(x, new DropoutParam(0.5, Mode.TRAIN), null), "dropout", "rng");
        rejects(() -> dropout.forward(null, new DropoutParam(0.5, Mode.TRAIN), rng), "dropout", "x");
        DropoutCache c = dropout.forward(x, new DropoutParam(0.5, Mode.TRAIN), rng).cache();
        rejects(() -> dropout.backward(Tensor.zeros(DType.FLOAT64, 3, 2), c), "dropout", "dout", "[2, 3]", "[3, 2]");
        rejects(() -> dropout.backward(x, null), "dropout", "cache");
        rejects(() -> dropout.backward(x, new DropoutCache(Mode.TRAIN, null, new int[] {2, 3})), "cache.mask");
    }
}
