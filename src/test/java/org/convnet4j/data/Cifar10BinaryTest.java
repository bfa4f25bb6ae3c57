package org.convnet4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BinaryTest {
    @TempDir
    Path tmp;

    @Test
    void fileNamesAreTheOfficialSix() {
        // DL4J's CifarLoader once shipped "data_batch5.bin": spell every name out.
        assertEquals(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin"), Cifar10Binary.ALL_FILES);
        assertEquals(Cifar10Binary.ALL_FILES.subList(0, 5), Cifar10Binary.TRAIN_FILES);
        assertEquals("test_batch.bin", Cifar10Binary.TEST_FILE);
        assertEquals("cifar-10-batches-bin", Cifar10Binary.FOLDER);
        assertEquals(3073, Cifar10Binary.RECORD_BYTES);
        assertEquals(10, Cifar10Binary.CLASS_NAMES.size());
    }

    @Test
    void decodesLabelsAndPixelsIntoNchw() throws IOException {
        Path dir = CifarFixtures.writeAll(tmp.resolve(Cifar10Binary.FOLDER), 3);
        for (DType dtype : DType.values()) {
            Dataset d = Cifar10Binary.readFile(dir.resolve("data_batch_2.bin"), 100, dtype);
            assertArrayEquals(new int[] {3, 3, 32, 32}, d.images().shape());
            assertEquals(dtype, d.images().dtype());
            for (int r = 0; r < 3; r++) {
                assertEquals(CifarFixtures.label(1, r), d.label(r));
                for (int c = 0; c < 3; c++) {
                    for (int h = 0; h < 32; h++) {
                        for (int w = 0; w < 32; w++) {
                            int j = c * 1024 + h * 32 + w;
                            assertEquals(CifarFixtures.pixel(1, r, j), d.images().get(r, c, h, w), 0.0,
                                    "record " + r + " c" + c + " h" + h + " w" + w);
                        }
                    }
                }
            }
        }
        // A hand-checked corner: record 1 of file 1, green plane (c=1) row 2 col 5 = byte 1 + 1024 + 69.
        byte[] raw = Files.readAllBytes(dir.resolve("data_batch_2.bin"));
        Dataset d = Cifar10Binary.readFile(dir.resolve("data_batch_2.bin"), 3, DType.FLOAT32);
        assertEquals(raw[3073 + 1 + 1024 + 2 * 32 + 5] & 0xFF, d.images().get(1, 1, 2, 5), 0.0);
        assertEquals(raw[3073] & 0xFF, d.label(1));
    }

    @Test
    void readFileHonoursTheLimit() throws IOException {
        Path dir = CifarFixtures.writeAll(tmp, 3);
        Dataset d = Cifar10Binary.readFile(dir.resolve("test_batch.bin"), 2, DType.FLOAT32);
        assertEquals(2, d.size());
        assertEquals(CifarFixtures.label(5, 1), d.label(1));
    }

    @Test
    void splitsFollowGetCifar10Data() throws IOException {
        CifarFixtures.writeAll(tmp.resolve(Cifar10Binary.FOLDER), 3);
        // 15 training records: train = records 0..9 (files 1-4, file 4 only its first), val = 10..13.
        DataSplits s = Cifar10Binary.load(tmp, 10, 4, 2, false, DType.FLOAT64);
        assertNull(s.mean());
        assertFalse(s.meanSubtracted());
        assertEquals(10, s.train().size());
        assertEquals(4, s.val().size());
        assertEquals(2, s.test().size());
        for (int i = 0; i < 14; i++) {
            Dataset part = i < 10 ? s.train() : s.val();
            int row = i < 10 ? i : i - 10;
            int file = i / 3;
            int rec = i % 3;
            assertEquals(CifarFixtures.label(file, rec), part.label(row), "train record " + i);
            assertEquals(CifarFixtures.pixel(file, rec, 2047), part.images().get(row, 1, 31, 31), 0.0);
        }
        for (int r = 0; r < 2; r++) {
            assertEquals(CifarFixtures.label(5, r), s.test().label(r));
            assertEquals(CifarFixtures.pixel(5, r, 100), s.test().images().get(r, 0, 3, 4), 0.0);
        }
        assertTrue(s.source().startsWith("CIFAR-10 binary at "), s.source());
    }

    @Test
    void subtractsTheTrainingMeanFromAllThree() throws IOException {
        Path dir = CifarFixtures.writeAll(tmp, 3);
        DataSplits s = Cifar10Binary.load(dir, 5, 2, 3, true, DType.FLOAT64);
        double[] mean = new double[3072];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3072; j++) mean[j] += CifarFixtures.pixel(i / 3, i % 3, j) / 5.0;
        }
        Tensor m = s.mean();
        assertArrayEquals(new int[] {3, 32, 32}, m.shape());
        for (int j = 0; j < 3072; j += 7) {
            assertEquals(mean[j], m.getFlat(j), 1e-9);
            assertEquals(CifarFixtures.pixel(0, 2, j) - mean[j], s.train().images().getFlat(2 * 3072 + j), 1e-9);
            assertEquals(CifarFixtures.pixel(2, 0, j) - mean[j], s.val().images().getFlat(3072 + j), 1e-9);
            assertEquals(CifarFixtures.pixel(5, 2, j) - mean[j], s.test().images().getFlat(2 * 3072 + j), 1e-9);
        }
        assertEquals(0.0, MeanImage.compute(s.train().images()).getFlat(123), 1e-9);
    }

    @Test
    void float32LoadMatchesFloat64() throws IOException {
        Path dir = CifarFixtures.writeAll(tmp, 3);
        DataSplits a = Cifar10Binary.load(dir, 12, 3, 3, true, DType.FLOAT32);
        DataSplits b = Cifar10Binary.load(dir, 12, 3, 3, true, DType.FLOAT64);
        double[] x = a.val().images().toDoubleArray();
        double[] y = b.val().images().toDoubleArray();
        for (int i = 0; i < x.length; i++) assertEquals(y[i], x[i], 1e-4);
    }

    @Test
    void acceptsTheFolderOrItsParent() throws IOException {
        Path folder = CifarFixtures.writeAll(tmp.resolve("p").resolve(Cifar10Binary.FOLDER), 2);
        assertEquals(folder, Cifar10Binary.find(tmp.resolve("p")).orElseThrow());
        assertEquals(folder, Cifar10Binary.find(folder).orElseThrow());
        assertTrue(Cifar10Binary.find(tmp).isEmpty());
    }

    @Test
    void missingFilesAreNamedWithHowToGetThem() throws IOException {
        Path dir = CifarFixtures.writeAll(tmp, 1);
        Files.delete(dir.resolve("data_batch_4.bin"));
        IOException e = assertThrows(IOException.class, () -> Cifar10Binary.load(dir, 1, 0, 1, true, DType.FLOAT32));
        assertTrue(e.getMessage().contains("[data_batch_4.bin]"), e.getMessage());
        assertTrue(e.getMessage().contains("data fetch cifar10"), e.getMessage());
    }

    @Test
    void wrongLengthNamesFileAndOffset() throws IOException {
        Path dir = CifarFixtures.writeAll(tmp, 3);
        Files.write(dir.resolve("data_batch_3.bin"), new byte[5], StandardOpenOption.APPEND);
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> Cifar10Binary.load(dir, 2, 0, 1, false, DType.FLOAT32));
        assertTrue(e.getMessage().contains("data_batch_3.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("length 9224"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 9219"), e.getMessage());
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        Path dir = CifarFixtures.writeAll(tmp, 3);
        Path f = dir.resolve("test_batch.bin");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, 2 * 3073 + 1000));
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> Cifar10Binary.readFile(f, 3, DType.FLOAT32));
        assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 6146"), e.getMessage());
    }

    @Test
    void streamEndingEarlyNamesTheRecordOffset() {
        byte[] bytes = Arrays.copyOf(CifarFixtures.fileBytes(0, 2), 3073 + 500);
        Tensor images = Tensor.zeros(DType.FLOAT32, 2, 3, 32, 32);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Cifar10Binary.decode(
                new ByteArrayInputStream(bytes), "data_batch_1.bin", 0, 2, images, new int[2], 0));
        assertTrue(e.getMessage().startsWith("data_batch_1.bin: truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 3073"), e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesFileAndOffset() throws IOException {
        Path dir = CifarFixtures.writeAll(tmp, 3);
        Path f = dir.resolve("data_batch_2.bin");
        byte[] all = Files.readAllBytes(f);
        all[2 * 3073] = 10;
        Files.write(f, all);
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> Cifar10Binary.load(dir, 12, 0, 1, false, DType.FLOAT32));
        assertTrue(e.getMessage().contains("data_batch_2.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("label 10 at byte offset 6146"), e.getMessage());
        all[2 * 3073] = (byte) 255;
        Files.write(f, all);
        e = assertThrows(CorruptDataException.class, () -> Cifar10Binary.readFile(f, 3, DType.FLOAT64));
        assertTrue(e.getMessage().contains("label 255 at byte offset 6146"), e.getMessage());
    }

    @Test
    void requestingMoreThanTheFilesHoldIsAnError() throws IOException {
        Path dir = CifarFixtures.writeAll(tmp, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cifar10Binary.load(dir, 14, 2, 1, true, DType.FLOAT32));
        assertTrue(e.getMessage().contains("16") && e.getMessage().contains("15"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cifar10Binary.load(dir, 1, 1, 4, true, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> Cifar10Binary.load(dir, -1, 1, 1, true, DType.FLOAT32));
    }
}
