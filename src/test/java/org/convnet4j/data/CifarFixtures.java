package org.convnet4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes tiny CIFAR-10 binary files with known content; the expected values come from {@link #pixel}. */
public final class CifarFixtures {
    private CifarFixtures() {}

    /** Index of a file in {@link Cifar10Binary#ALL_FILES} (5 = test_batch.bin). */
    public static int label(int file, int record) {
        return (file * 3 + record * 7 + 1) % 10;
    }

    /** Byte value at position {@code j} (0..3071, CHW order) of record {@code record} of file {@code file}. */
    public static int pixel(int file, int record, int j) {
        return (j * 31 + file * 17 + record * 101 + (j / 1024) * 50) % 256;
    }

    public static byte[] fileBytes(int file, int records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int r = 0; r < records; r++) {
            out.write(label(file, r));
            for (int j = 0; j < Cifar10Binary.IMAGE_BYTES; j++) out.write(pixel(file, r, j));
        }
        return out.toByteArray();
    }

    /** Writes all six files with {@code records} records each into {@code folder} (created). */
    public static Path writeAll(Path folder, int records) throws IOException {
        Files.createDirectories(folder);
        for (int f = 0; f < Cifar10Binary.ALL_FILES.size(); f++) {
            Files.write(folder.resolve(Cifar10Binary.ALL_FILES.get(f)), fileBytes(f, records));
        }
        return folder;
    }
}
