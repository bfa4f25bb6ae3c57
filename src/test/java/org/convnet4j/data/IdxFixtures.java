package org.convnet4j.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files with known content. */
final class IdxFixtures {
    private IdxFixtures() {}

    static int pixel(int seed, int i, int r, int c) {
        return (seed * 13 + i * 29 + r * 7 + c * 3) % 256;
    }

    static byte[] images(int seed, int n, int rows, int cols) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            out.writeInt(MnistIdx.IMAGES_MAGIC);
            out.writeInt(n);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) out.writeByte(pixel(seed, i, r, c));
                }
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] labels(int[] values) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            out.writeInt(MnistIdx.LABELS_MAGIC);
            out.writeInt(values.length);
            for (int v : values) out.writeByte(v);
            return b.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
                gz.write(raw);
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static int[] labelValues(int seed, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = (seed + i * 3) % 10;
        return v;
    }

    /** A Fashion-MNIST-like folder: {@code nTrain} and {@code nTest} 28x28 images, gzipped or raw. */
    static Path writeFashion(Path dir, int nTrain, int nTest, boolean gz) throws IOException {
        Files.createDirectories(dir);
        String sfx = gz ? ".gz" : "";
        write(dir.resolve(FashionMnist.TRAIN_IMAGES + sfx), images(1, nTrain, 28, 28), gz);
        write(dir.resolve(FashionMnist.TRAIN_LABELS + sfx), labels(labelValues(1, nTrain)), gz);
        write(dir.resolve(FashionMnist.TEST_IMAGES + sfx), images(2, nTest, 28, 28), gz);
        write(dir.resolve(FashionMnist.TEST_LABELS + sfx), labels(labelValues(2, nTest)), gz);
        return dir;
    }

    private static void write(Path p, byte[] raw, boolean gz) throws IOException {
        Files.write(p, gz ? gzip(raw) : raw);
    }
}
