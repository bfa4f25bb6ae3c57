package org.convnet4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static final List<String> NAMES = List.of("a", "b", "c");

    private static Dataset sample(DType dtype) {
        Tensor x = Tensor.linspace(0, 4 * 2 * 2 * 3 - 1, dtype, 4, 2, 2, 3);
        return new Dataset(x, new int[] {0, 1, 2, 1}, NAMES);
    }

    @Test
    void takeCopiesRowsInOrder() {
        for (DType dtype : DType.values()) {
            Dataset d = sample(dtype);
            Dataset t = d.take(new int[] {3, 0, 3});
            assertArrayEquals(new int[] {3, 2, 2, 3}, t.images().shape());
            assertArrayEquals(new int[] {1, 0, 1}, t.labels());
            assertEquals(3 * 12 + 5, t.images().get(0, 0, 1, 2), 0.0);
            assertEquals(5, t.images().get(1, 0, 1, 2), 0.0);
            assertFalse(t.images().sharesStorageWith(d.images()));
        }
    }

    @Test
    void sliceAndFirst() {
        Dataset d = sample(DType.FLOAT32);
        Dataset s = d.slice(1, 3);
        assertArrayEquals(new int[] {1, 2}, s.labels());
        assertEquals(12, s.images().getFlat(0), 0.0);
        assertEquals(4, d.first(10).size());
        assertEquals(0, d.first(0).size());
        assertArrayEquals(new int[] {1, 2, 1}, d.classCounts());
        assertThrows(IllegalArgumentException.class, () -> d.slice(2, 1));
        assertThrows(IllegalArgumentException.class, () -> d.take(new int[] {4}));
    }

    @Test
    void labelsAreCopied() {
        int[] y = {0, 1, 2, 1};
        Dataset d = new Dataset(Tensor.zeros(DType.FLOAT32, 4, 1, 1, 1), y, NAMES);
        y[0] = 2;
        assertEquals(0, d.label(0));
        d.labels()[1] = 0;
        assertEquals(1, d.label(1));
    }

    @Test
    void validatesShapeAndLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(Tensor.zeros(DType.FLOAT32, 4, 3), new int[4], NAMES));
        assertTrue(e.getMessage().contains("rank 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(Tensor.zeros(DType.FLOAT32, 2, 1, 1, 1), new int[3], NAMES));
        assertTrue(e.getMessage().contains("N = 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(Tensor.zeros(DType.FLOAT32, 1, 1, 1, 1), new int[] {3}, NAMES));
        assertTrue(e.getMessage().contains("labels[0]"), e.getMessage());
    }

    @Test
    void splitsCheckAgreement() {
        Dataset a = sample(DType.FLOAT32);
        Dataset other = new Dataset(Tensor.zeros(DType.FLOAT32, 1, 2, 2, 2), new int[1], NAMES);
        assertThrows(IllegalArgumentException.class, () -> new DataSplits(a, other, a, null, "x"));
        DataSplits s = DataSplits.of(a.first(4), a.first(2), a.first(1), true, "test");
        assertEquals(0.0, MeanImage.compute(s.train().images()).getFlat(5), 1e-6);
        assertTrue(s.summary().contains("train 4, val 2, test 1"), s.summary());
    }
}
