package org.convnet4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.tensor.DType;
import org.convnet4j.testing.DataAssume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FashionMnistTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void splitsAndCentres(boolean gz) throws IOException {
        IdxFixtures.writeFashion(tmp.resolve("fashion-mnist"), 12, 5, gz);
        DataSplits s = FashionMnist.load(tmp, 8, 4, 5, true, DType.FLOAT64);
        assertArrayEquals(new int[] {8, 1, 28, 28}, s.train().images().shape());
        assertArrayEquals(new int[] {4, 1, 28, 28}, s.val().images().shape());
        assertArrayEquals(new int[] {5, 1, 28, 28}, s.test().images().shape());
        assertEquals(FashionMnist.CLASS_NAMES, s.train().classNames());
        int[] trainLabels = IdxFixtures.labelValues(1, 12);
        for (int i = 0; i < 8; i++) assertEquals(trainLabels[i], s.train().label(i));
        for (int i = 0; i < 4; i++) assertEquals(trainLabels[8 + i], s.val().label(i));
        double mean = 0;
        for (int i = 0; i < 8; i++) mean += IdxFixtures.pixel(1, i, 7, 11) / 8.0;
        assertEquals(mean, s.mean().get(0, 7, 11), 1e-9);
        assertEquals(IdxFixtures.pixel(1, 9, 7, 11) - mean, s.val().images().get(1, 0, 7, 11), 1e-9);
        assertEquals(IdxFixtures.pixel(2, 3, 7, 11) - mean, s.test().images().get(3, 0, 7, 11), 1e-9);
        assertTrue(s.source().startsWith("Fashion-MNIST IDX at "), s.source());
    }

    @Test
    void rawValuesWithoutCentring() throws IOException {
        IdxFixtures.writeFashion(tmp, 3, 2, true);
        DataSplits s = FashionMnist.load(tmp, 2, 1, 2, false, DType.FLOAT32);
        assertEquals(IdxFixtures.pixel(1, 2, 27, 0), s.val().images().get(0, 0, 27, 0), 0.0);
    }

    @Test
    void wrongImageSizeIsRefused() throws IOException {
        IdxFixtures.writeFashion(tmp, 3, 2, false);
        Files.write(tmp.resolve(FashionMnist.TEST_IMAGES), IdxFixtures.images(2, 2, 27, 28));
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> FashionMnist.load(tmp, 2, 1, 2, true, DType.FLOAT32));
        assertTrue(e.getMessage().contains(FashionMnist.TEST_IMAGES) && e.getMessage().contains("27x28"),
                e.getMessage());
    }

    @Test
    void labelOutOfRangeAndCountMismatch() throws IOException {
        IdxFixtures.writeFashion(tmp, 3, 2, false);
        Files.write(tmp.resolve(FashionMnist.TEST_LABELS), IdxFixtures.labels(new int[] {1, 10}));
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> FashionMnist.load(tmp, 2, 1, 2, true, DType.FLOAT32));
        assertTrue(e.getMessage().contains("label 10 at byte offset 9"), e.getMessage());
        Files.write(tmp.resolve(FashionMnist.TEST_LABELS), IdxFixtures.labels(new int[] {1}));
        e = assertThrows(CorruptDataException.class, () -> FashionMnist.load(tmp, 2, 1, 2, true, DType.FLOAT32));
        assertTrue(e.getMessage().contains("1 labels but"), e.getMessage());
    }

    @Test
    void missingFolderSaysHowToInstall() {
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(tmp, 1, 1, 1, true, DType.FLOAT32));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> {
            IdxFixtures.writeFashion(tmp, 3, 2, false);
            FashionMnist.load(tmp, 3, 1, 1, true, DType.FLOAT32);
        });
    }

    @Test
    void realPackageLoadsLimited() throws IOException {
        Path dir = DataAssume.fashionMnist(); // skips without the data, fails with -Dcnn.requireData=true
        DataSplits s = FashionMnist.load(dir, 200, 50, 100, true, DType.FLOAT32);
        assertEquals(200, s.train().size());
        assertEquals(100, s.test().size());
        // Raw pixels are 0..255, so centred values lie in [-255, 255] and the training mean is ~0.
        double sum = 0;
        for (int i = 0; i < s.train().images().size(); i++) {
            double v = s.train().images().getFlat(i);
            assertTrue(v >= -255 && v <= 255);
            sum += v;
        }
        assertEquals(0.0, sum / s.train().images().size(), 1e-3);
    }
}
