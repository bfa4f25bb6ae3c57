package org.convnet4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SyntheticTest {
    @Test
    void sameSeedSameData() {
        DataSplits a = Synthetic.load(50, 20, 20, 3, 16, 7, true, DType.FLOAT32);
        DataSplits b = Synthetic.load(50, 20, 20, 3, 16, 7, true, DType.FLOAT32);
        assertTrue(a.train().images().contentEquals(b.train().images()));
        assertArrayEquals(a.test().labels(), b.test().labels());
        assertTrue(a.mean().contentEquals(b.mean()));
        DataSplits c = Synthetic.load(50, 20, 20, 3, 16, 8, true, DType.FLOAT32);
        assertFalse(a.train().images().contentEquals(c.train().images()));
    }

    @Test
    void valAndTestDoNotDependOnTrainSize() {
        DataSplits a = Synthetic.load(10, 20, 5, 1, 8, 3, false, DType.FLOAT64);
        DataSplits b = Synthetic.load(40, 20, 5, 1, 8, 3, false, DType.FLOAT64);
        assertTrue(a.val().images().contentEquals(b.val().images()));
        assertTrue(a.test().images().contentEquals(b.test().images()));
        assertTrue(b.train().first(10).images().contentEquals(a.train().images()));
    }

    @Test
    void shapesRangeAndClasses() {
        DataSplits s = Synthetic.load(300, 10, 10, 3, 32, 231, false, DType.FLOAT32);
        assertArrayEquals(new int[] {300, 3, 32, 32}, s.train().images().shape());
        assertEquals(10, s.train().numClasses());
        for (int c : s.train().classCounts()) assertTrue(c > 10, "every class appears");
        Tensor x = s.train().images();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < x.size(); i++) {
            double v = x.getFlat(i);
            assertEquals(Math.rint(v), v, 0.0, "integer pixel values like 8-bit images");
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0 && max <= 255 && max - min > 200, min + " .. " + max);
        assertTrue(s.source().contains("seed 231"), s.source());
    }

    @Test
    void learnableByNearestClassMean() {
        // Not a hard-coded answer: a trivial classifier fitted on train must beat chance (10%) on val by far,
        // which shows the labels are a function of the pixels.
        for (int channels : new int[] {1, 3}) {
            DataSplits s = Synthetic.load(1000, 300, 0, channels, 16, 5, true, DType.FLOAT64);
            int d = channels * 16 * 16;
            double[][] centroid = new double[10][d];
            int[] counts = s.train().classCounts();
            for (int i = 0; i < s.train().size(); i++) {
                int y = s.train().label(i);
                for (int j = 0; j < d; j++) centroid[y][j] += s.train().images().getFlat(i * d + j) / counts[y];
            }
            int correct = 0;
            for (int i = 0; i < s.val().size(); i++) {
                int best = -1;
                double bestDist = Double.MAX_VALUE;
                for (int k = 0; k < 10; k++) {
                    double dist = 0;
                    for (int j = 0; j < d; j++) {
                        double e = s.val().images().getFlat(i * d + j) - centroid[k][j];
                        dist += e * e;
                    }
                    if (dist < bestDist) {
                        bestDist = dist;
                        best = k;
                    }
                }
                if (best == s.val().label(i)) correct++;
            }
            double acc = correct / (double) s.val().size();
            // Measured ~0.6 (chance 0.1): the class means carry signal but leave most of the work to a convnet.
            assertTrue(acc > 0.4 && acc < 0.85, "nearest-class-mean val accuracy " + acc + " with C=" + channels);
        }
    }

    @Test
    void phaseInvariantDetectorSeparatesTheClasses() {
        // The energy of the projections on a sine/cosine pair per class is what oriented conv filters
        // followed by ReLU and pooling can approximate; it must separate the classes despite noise and phase.
        int size = 16;
        DataSplits s = Synthetic.load(0, 300, 0, 3, size, 9, false, DType.FLOAT64);
        int plane = size * size;
        int correct = 0;
        for (int i = 0; i < s.val().size(); i++) {
            int best = -1;
            double bestEnergy = -1;
            for (int k = 0; k < 10; k++) {
                double theta = (k % 5) * Math.PI / 5;
                double cycles = k < 5 ? 2 : 4;
                double energy = 0;
                for (int c = 0; c < 3; c++) {
                    double ps = 0;
                    double pc = 0;
                    for (int h = 0; h < size; h++) {
                        for (int w = 0; w < size; w++) {
                            double t = 2 * Math.PI * cycles * (w * Math.cos(theta) + h * Math.sin(theta)) / size;
                            double v = s.val().images().getFlat((i * 3 + c) * plane + h * size + w) - 128;
                            ps += v * Math.sin(t);
                            pc += v * Math.cos(t);
                        }
                    }
                    energy += ps * ps + pc * pc;
                }
                if (energy > bestEnergy) {
                    bestEnergy = energy;
                    best = k;
                }
            }
            if (best == s.val().label(i)) correct++;
        }
        double acc = correct / (double) s.val().size();
        assertTrue(acc > 0.9, "quadrature detector accuracy " + acc);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Synthetic.load(-1, 1, 1, 3, 32, 1, true, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.load(1, 1, 1, 0, 32, 1, true, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.load(1, 1, 1, 3, 3, 1, true, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.load(1, 1, 1, 3, 32, -1, true, DType.FLOAT32));
    }
}
