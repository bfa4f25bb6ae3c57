package org.convnet4j.data;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

class PreprocessingTest extends TestBase {
    private static final List<String> AB = List.of("a", "b");

    @Test
    void ofSplitsTakesTheTrainingShapeClassesAndMean() {
        DataSplits s = Synthetic.load(40, 10, 10, 3, 8, 5, true, DType.FLOAT32);
        Preprocessing p = Preprocessing.of(s, "synthetic");
        assertEquals("synthetic", p.dataset());
        assertEquals(Synthetic.CLASS_NAMES, p.classNames());
        assertArrayEquals(new int[] {3, 8, 8}, p.imageShape());
        assertEquals(0, p.black());
        assertEquals(255, p.white());
        assertTrue(s.mean().contentEquals(p.mean()));
        assertNull(Preprocessing.of(Synthetic.load(40, 10, 10, 3, 8, 5, false, DType.FLOAT32), "s").mean());
    }

    @Test
    void applyingItToRawImagesGivesTheCentredSplitBitForBit() {
        for (DType dt : DType.values()) {
            DataSplits centred = Synthetic.load(60, 10, 25, 3, 8, 7, true, dt);
            DataSplits raw = Synthetic.load(60, 10, 25, 3, 8, 7, false, dt);
            Preprocessing p = Preprocessing.of(centred, "synthetic");
            Tensor x = p.apply(raw.test().images(), dt);
            assertTrue(x.contentEquals(centred.test().images()), dt.toString());
            assertEquals(raw.test().images().getFlat(3), Synthetic.load(60, 10, 25, 3, 8, 7, false, dt).test().images()
                    .getFlat(3), "apply copies: the raw images are unchanged");
        }
    }

    @Test
    void aPerChannelMeanIsSubtractedFromEveryPixelOfItsChannel() {
        Tensor mean = Tensor.of(DType.FLOAT64, new double[] {1, 10}, 2);
        Preprocessing p = new Preprocessing("x", AB, new int[] {2, 1, 2}, 0, 255, mean);
        Tensor raw = Tensor.of(DType.FLOAT64, new double[] {5, 6, 50, 60, 7, 8, 70, 80}, 2, 2, 1, 2);
        assertArrayEquals(new double[] {4, 5, 40, 50, 6, 7, 60, 70}, p.apply(raw, DType.FLOAT64).toDoubleArray());
        assertEquals("x, 2 classes, (2, 1, 2), pixels 0..255 minus the channel means", p.describe());
    }

    @Test
    void knownSourcesHaveTheirLoadersShapesAndNames() {
        Preprocessing c = Preprocessing.of(DataSource.CIFAR10, null);
        assertArrayEquals(new int[] {3, 32, 32}, c.imageShape());
        assertEquals(Cifar10Binary.CLASS_NAMES, c.classNames());
        Preprocessing f = Preprocessing.of(DataSource.FASHION_MNIST, Tensor.zeros(DType.FLOAT32, 1, 28, 28));
        assertArrayEquals(new int[] {1, 28, 28}, f.imageShape());
        assertEquals("Ankle boot", f.classNames().get(9));
        assertEquals("fashion-mnist, 10 classes, (1, 28, 28) grey, pixels 0..255 minus the mean image", f.describe());
        rejects(() -> Preprocessing.of(DataSource.AUTO, null), "preprocessing", "source", "auto");
    }

    @Test
    void badRecordsAreRefusedNamingTheArgument() {
        int[] s = {1, 2, 2};
        rejects(() -> new Preprocessing(" ", AB, s, 0, 255, null), "dataset");
        rejects(() -> new Preprocessing("x", List.of("a"), s, 0, 255, null), "classNames", "at least 2", "[a]");
        rejects(() -> new Preprocessing("x", List.of("a", "b\nc"), s, 0, 255, null), "classNames[1]", "one line");
        rejects(() -> new Preprocessing("x", AB, new int[] {1, 2}, 0, 255, null), "imageShape", "(C, H, W)", "[1, 2]");
        rejects(() -> new Preprocessing("x", AB, new int[] {1, 0, 2}, 0, 255, null), "imageShape", "> 0", "0");
        rejects(() -> new Preprocessing("x", AB, s, 1, 1, null), "black and white", "black=1.0", "white=1.0");
        rejects(() -> new Preprocessing("x", AB, s, 0, Double.NaN, null), "black and white", "NaN");
        rejects(() -> new Preprocessing("x", AB, s, 0, 255, Tensor.zeros(DType.FLOAT32, 2, 2, 2)),
                "mean", "[1, 2, 2] (C, H, W) or [1] (C)", "[2, 2, 2]");
        Preprocessing p = new Preprocessing("x", AB, s, 0, 255, null);
        rejects(() -> p.apply(Tensor.zeros(DType.FLOAT32, 3, 1, 2, 3), DType.FLOAT32), "raw", "(N, 1, 2, 2)", "[3, 1, 2, 3]");
        rejects(() -> p.apply(Tensor.zeros(DType.FLOAT32, 4), DType.FLOAT32), "raw", "rank 4");
    }
}
