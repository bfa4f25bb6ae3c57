package org.convnet4j.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.util.Arrays;
import org.convnet4j.io.CountingInputStream;
import org.convnet4j.tensor.Checks;

/**
 * Reader for the IDX files of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), raw or
 * gzip-compressed (detected by the gzip magic {@code 1f 8b}, not by the file name).
 *
 * <p>Format, big-endian: a 4-byte magic {@code 00 00 08 D} (type 0x08 = unsigned byte, D = number of
 * dims), D 4-byte dim sizes, then the bytes in row-major order. Images are {@code 0x00000803}
 * (count, rows, cols); labels are {@code 0x00000801} (count). Offsets in error messages about the IDX
 * content count bytes of the decompressed content (the message then says "(decompressed)" after the file
 * name); offsets in errors of the gzip layer itself (a cut trailer, a bad CRC, bytes after the stream)
 * count bytes of the file.
 */
public final class MnistIdx {
    /** Magic of a ubyte, 3-dim file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of a ubyte, 1-dim file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    /** First read buffer for a gzip payload, whose real length is unknown until it has been read. */
    static final int CHUNK = 1 << 20;

    private MnistIdx() {}

    /** Images of an IDX file: {@code count} images of {@code rows × cols} unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** @throws IllegalArgumentException if a size is negative or pixels is not count*rows*cols bytes */
        public Images {
            int n = Checks.elementCount("idx", "images (count, rows, cols)", count, rows, cols);
            Checks.notNull("idx", "pixels", pixels);
            if (pixels.length != n) {
                throw new IllegalArgumentException("idx: pixels must have count*rows*cols = " + n + " bytes, got "
                        + pixels.length);
            }
        }

        /** Pixel {@code (row, col)} of image {@code i}, 0..255. @throws IllegalArgumentException for an index out of range */
        public int pixel(int i, int row, int col) {
            Checks.index("idx", "image index", i, count);
            Checks.index("idx", "row", row, rows);
            Checks.index("idx", "col", col, cols);
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
        try (Source src = open(file)) {
            return readImages(src.in(), src.rawSize(), src.name(), maxCount);
        }
    }

    private static Images readImages(CountingInputStream in, long rawSize, String file, int maxCount) throws IOException {
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
            long per = (long) rows * cols; // < 2^62: exact
            int n = Math.min(count, maxCount);
            // per * n can exceed even a long (count 2^30, rows 46341, cols 2^31 - 1), so compare by division
            if (n > 0 && per > Checks.MAX_ARRAY_LENGTH / n) {
                throw new CorruptDataException(file + ": " + n + " images of " + rows + "x" + cols + " (" + bytes(per, n)
                        + " bytes) do not fit in one Java array of at most " + Checks.MAX_ARRAY_LENGTH
                        + " bytes (the dims at byte offsets 4, 8 and 12 are corrupt, or the file is too large to read whole)");
            }
            long start = in.count();
            String declared = count + " images of " + rows + "x" + cols + " (" + bytes(per, count).add(BigInteger.valueOf(start))
                    + " bytes of IDX content)";
            byte[] pixels = readPayload(in, rawSize, file, (int) (per * n), declared);
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
        try (Source src = open(file)) {
            return readLabels(src.in(), src.rawSize(), src.name(), maxCount);
        }
    }

    private static int[] readLabels(CountingInputStream in, long rawSize, String file, int maxCount) throws IOException {
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
            byte[] raw = readPayload(in, rawSize, file, n, count + " labels (" + (8L + count) + " bytes of IDX content)");
            if (n == count) expectEnd(in, file, 8L + count);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = raw[i] & 0xFF;
            return labels;
        }
    }

    /** The exact byte count {@code per * n} (which may not fit a long). */
    private static BigInteger bytes(long per, long n) {
        return BigInteger.valueOf(per).multiply(BigInteger.valueOf(n));
    }

    /** Whether {@code file} starts with the gzip magic {@code 1f 8b}. @throws IllegalArgumentException if file is null */
    public static boolean isGzip(Path file) throws IOException {
        Checks.notNull("idx", "file", file);
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /**
     * Reads the {@code length} payload bytes that follow the header. The header is not trusted for the
     * allocation: a raw file must hold the bytes (its size is checked first); a gzip stream's length is
     * unknown, so the buffer starts at {@link #CHUNK} bytes and doubles only as data actually arrives.
     * Otherwise a 16-byte file declaring 2000 images of 1000x1000 would allocate 2 GB before failing.
     */
    private static byte[] readPayload(CountingInputStream in, long rawSize, String file, int length, String declared)
            throws IOException {
        long start = in.count();
        if (rawSize >= 0 && start + (long) length > rawSize) {
            throw new CorruptDataException(file + ": truncated at byte offset " + rawSize + ": the header declares "
                    + declared + " but the file has only " + rawSize + " bytes");
        }
        byte[] buf = new byte[rawSize >= 0 ? length : Math.min(length, CHUNK)];
        int filled = 0;
        try {
            while (filled < length) {
                if (filled == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(length, 2L * buf.length));
                int r = in.read(buf, filled, buf.length - filled);
                if (r < 0) throw new EOFException();
                filled += r;
            }
        } catch (EOFException e) { // also a gzip stream cut short ("Unexpected end of ZLIB input stream")
            throw new CorruptDataException(file + ": truncated at byte offset " + in.count() + ": the header declares "
                    + declared, e);
        }
        return buf;
    }

    /**
     * The decompressed content, for a raw file its size in bytes ({@code -1} for gzip), and the file's name
     * for messages about the content (for gzip it says that offsets count decompressed bytes).
     */
    private record Source(CountingInputStream in, long rawSize, String name) implements Closeable {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static Source open(Path file) throws IOException {
        Checks.notNull("idx", "file", file);
        InputStream base = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            base.mark(2);
            boolean gz = base.read() == 0x1f && base.read() == 0x8b;
            base.reset();
            InputStream content = gz ? new BufferedInputStream(new GzipReader(file, base), 1 << 16) : base;
            return new Source(new CountingInputStream(content), gz ? -1 : Files.size(file),
                    gz ? file + " (decompressed)" : file.toString());
        } catch (IOException | RuntimeException e) {
            base.close();
            throw e;
        }
    }

    private static int readInt(DataInputStream data, CountingInputStream in, String file, String what) throws IOException {
        long at = in.count();
        try {
            return data.readInt();
        } catch (EOFException e) {
            throw new CorruptDataException(file + ": truncated IDX header: " + what + " at byte offset " + at
                    + " is missing", e);
        }
    }

    private static int readDim(DataInputStream data, CountingInputStream in, String file, String what) throws IOException {
        long at = in.count();
        int v = readInt(data, in, file, what);
        if (v <= 0) {
            throw new CorruptDataException(file + ": IDX dim " + what + " at byte offset " + at + " must be > 0, got "
                    + Integer.toUnsignedLong(v));
        }
        return v;
    }

    /** Nothing may follow the declared content (for gzip, this also reads and checks the trailer). */
    private static void expectEnd(CountingInputStream in, String file, long expected) throws IOException {
        if (in.read() != -1) {
            throw new CorruptDataException(file + ": unexpected bytes after the declared IDX content, starting at "
                    + "byte offset " + expected + " (the header declares " + expected + " bytes in all)");
        }
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
