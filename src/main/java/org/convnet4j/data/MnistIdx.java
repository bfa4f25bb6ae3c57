package org.convnet4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.io.CountingInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.convnet4j.tensor.Checks;

/**
 * Reader for the IDX files of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), raw or
 * gzip-compressed (detected by the gzip magic {@code 1f 8b}, not by the file name).
 *
 * <p>Format, big-endian: a 4-byte magic {@code 00 00 08 D} (type 0x08 = unsigned byte, D = number of
 * dims), D 4-byte dim sizes, then the bytes in row-major order. Images are {@code 0x00000803}
 * (count, rows, cols); labels are {@code 0x00000801} (count). Offsets in error messages count bytes of
 * the (decompressed) IDX content.
 */
public final class MnistIdx {
    /** Magic of a ubyte, 3-dim file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of a ubyte, 1-dim file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private MnistIdx() {}

    /** Images of an IDX file: {@code count} images of {@code rows × cols} unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** Pixel {@code (row, col)} of image {@code i}, 0..255. */
        public int pixel(int i, int row, int col) {
            return pixels[(i * rows + row) * cols + col] & 0xFF;
        }
    }

    /** All images of an IDX image file. */
    public static Images readImages(Path file) throws IOException {
        return readImages(file, Integer.MAX_VALUE);
    }

    /**
     * The first {@code min(maxCount, count)} images of an IDX image file. When the whole file is read,
     * trailing bytes after the declared content are an error.
     *
     * @throws CorruptDataException bad magic, non-positive dims, truncated or oversized content; the
     *     message names the file and the byte offset
     */
    public static Images readImages(Path file, int maxCount) throws IOException {
        Checks.nonNegative("idx", "maxCount", maxCount);
        try (CountingInputStream in = open(file)) {
            return readImages(in, file, maxCount);
        } catch (ZipException e) {
            throw new CorruptDataException(file + ": corrupt gzip data: " + e.getMessage(), e);
        }
    }

    private static Images readImages(CountingInputStream in, Path file, int maxCount) throws IOException {
        {
            DataInputStream data = new DataInputStream(in);
            int magic = readInt(data, in, file, "magic number");
            if (magic != IMAGES_MAGIC) {
                throw new CorruptDataException(file + ": bad IDX magic " + hex(magic) + " at byte offset 0; an image "
                        + "file must start with " + hex(IMAGES_MAGIC) + " (unsigned bytes, 3 dims)"
                        + (magic == LABELS_MAGIC ? " (this looks like a label file)" : ""));
            }
            int count = readDim(data, in, file, "image count");
            int rows = readDim(data, in, file, "rows");
            int cols = readDim(data, in, file, "cols");
            long per = (long) rows * cols;
            int n = Math.min(count, maxCount);
            long total = per * n;
            if (total > Integer.MAX_VALUE - 8) {
                throw new CorruptDataException(file + ": " + n + " images of " + rows + "x" + cols
                        + " do not fit in one Java array (dims read at byte offset 4)");
            }
            byte[] pixels = new byte[(int) total];
            long start = in.count();
            try {
                data.readFully(pixels);
            } catch (EOFException e) {
                throw new CorruptDataException(file + ": truncated at byte offset " + in.count() + ": the header declares "
                        + count + " images of " + rows + "x" + cols + " (" + (start + per * count)
                        + " bytes of IDX content)", e);
            }
            if (n == count) expectEnd(in, file, start + per * count);
            return new Images(n, rows, cols, pixels);
        }
    }

    /** All labels of an IDX label file, each 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        return readLabels(file, Integer.MAX_VALUE);
    }

    /**
     * The first {@code min(maxCount, count)} labels of an IDX label file (values 0..255; range checks
     * belong to the dataset).
     *
     * @throws CorruptDataException bad magic, truncated or oversized content; file and offset named
     */
    public static int[] readLabels(Path file, int maxCount) throws IOException {
        Checks.nonNegative("idx", "maxCount", maxCount);
        try (CountingInputStream in = open(file)) {
            return readLabels(in, file, maxCount);
        } catch (ZipException e) {
            throw new CorruptDataException(file + ": corrupt gzip data: " + e.getMessage(), e);
        }
    }

    private static int[] readLabels(CountingInputStream in, Path file, int maxCount) throws IOException {
        {
            DataInputStream data = new DataInputStream(in);
            int magic = readInt(data, in, file, "magic number");
            if (magic != LABELS_MAGIC) {
                throw new CorruptDataException(file + ": bad IDX magic " + hex(magic) + " at byte offset 0; a label "
                        + "file must start with " + hex(LABELS_MAGIC) + " (unsigned bytes, 1 dim)"
                        + (magic == IMAGES_MAGIC ? " (this looks like an image file)" : ""));
            }
            int count = readDim(data, in, file, "label count");
            int n = Math.min(count, maxCount);
            byte[] raw = new byte[n];
            try {
                data.readFully(raw);
            } catch (EOFException e) {
                throw new CorruptDataException(file + ": truncated at byte offset " + in.count() + ": the header declares "
                        + count + " labels (" + (8L + count) + " bytes of IDX content)", e);
            }
            if (n == count) expectEnd(in, file, 8L + count);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = raw[i] & 0xFF;
            return labels;
        }
    }

    /** Whether {@code file} starts with the gzip magic {@code 1f 8b}. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static CountingInputStream open(Path file) throws IOException {
        InputStream base = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            base.mark(2);
            boolean gz = base.read() == 0x1f && base.read() == 0x8b;
            base.reset();
            InputStream content = gz ? new BufferedInputStream(new GZIPInputStream(base, 1 << 16), 1 << 16) : base;
            return new CountingInputStream(content);
        } catch (IOException e) {
            base.close();
            throw new CorruptDataException(file + ": cannot open as IDX (raw or gzip): " + e.getMessage(), e);
        }
    }

    private static int readInt(DataInputStream data, CountingInputStream in, Path file, String what) throws IOException {
        long at = in.count();
        try {
            return data.readInt();
        } catch (EOFException e) {
            throw new CorruptDataException(file + ": truncated IDX header: " + what + " at byte offset " + at
                    + " is missing", e);
        }
    }

    private static int readDim(DataInputStream data, CountingInputStream in, Path file, String what) throws IOException {
        long at = in.count();
        int v = readInt(data, in, file, what);
        if (v <= 0) {
            throw new CorruptDataException(file + ": IDX dim " + what + " at byte offset " + at + " must be > 0, got "
                    + Integer.toUnsignedLong(v));
        }
        return v;
    }

    private static void expectEnd(CountingInputStream in, Path file, long expected) throws IOException {
        if (in.read() != -1) {
            throw new CorruptDataException(file + ": unexpected bytes after the declared IDX content, starting at "
                    + "byte offset " + expected + " (the header declares " + expected + " bytes in all)");
        }
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
