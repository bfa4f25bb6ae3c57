package org.convnet4j.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * The convnet4j file format for models and checkpoints: string metadata plus named tensors.
 *
 * <pre>
 * magic        8 bytes  "CNVNET4J"
 * version      int32    1
 * metaCount    int32    then metaCount x (key: modified UTF-8, value: modified UTF-8)
 * tensorCount  int32    then tensorCount x:
 *                         name   modified UTF-8
 *                         dtype  int8   (0 = float32, 1 = float64)
 *                         rank   int8   (1..8)
 *                         dims   rank x int32, each > 0
 *                         values big-endian IEEE 754, row-major
 * crc32        int32    CRC-32 of every byte before it
 * </pre>
 *
 * All integers are big-endian ({@link DataOutputStream}). Reading checks the magic, the version, every
 * count and every declared size against what is left of the file before allocating anything, and the
 * CRC at the end; a failure names the file and the byte offset. Writing is atomic ({@link AtomicFiles}).
 */
public final class TensorFile {
    static final byte[] MAGIC = {'C', 'N', 'V', 'N', 'E', 'T', '4', 'J'};
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    private static final int MAX_ENTRIES = 100_000;
    private static final int MAX_RANK = 8;
    private static final String OP = "tensor file";

    private final Map<String, String> meta;
    private final Map<String, Tensor> tensors;
    /** Where each metadata entry (its key) and each tensor (its name) starts in the file read; empty when built in memory. */
    private Map<String, Long> metaOffsets = Map.of();
    private Map<String, Long> tensorOffsets = Map.of();

    /**
     * @param meta string metadata, written in its iteration order
     * @param tensors named tensors of rank 1..8, written in their iteration order
     * @throws IllegalArgumentException if a map, key, value or tensor is null, a tensor's rank is outside
     *     1..8, or a key, value or name is longer than the format's strings (65,535 bytes of modified UTF-8)
     */
    public TensorFile(Map<String, String> meta, Map<String, Tensor> tensors) {
        Checks.notNull(OP, "meta", meta);
        Checks.notNull(OP, "tensors", tensors);
        for (Map.Entry<String, String> e : meta.entrySet()) {
            checkString("metadata key", e.getKey());
            checkString("metadata value of '" + e.getKey() + "'", e.getValue());
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            checkString("tensor name", e.getKey());
            Tensor t = Checks.notNull(OP, "tensor '" + e.getKey() + "'", e.getValue());
            if (t.rank() < 1 || t.rank() > MAX_RANK) {
                throw new IllegalArgumentException(OP + ": tensor '" + e.getKey() + "' must have rank 1.." + MAX_RANK
                        + ", got " + t.rank());
            }
        }
        this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** A string must be non-null and fit {@link DataOutputStream#writeUTF}'s 65,535 encoded bytes. */
    private static void checkString(String what, String v) {
        Checks.notNull(OP, what, v);
        long bytes = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            bytes += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3; // modified UTF-8: NUL takes 2 bytes
        }
        if (bytes > 65535) {
            throw new IllegalArgumentException(OP + ": " + what + " must be at most 65535 bytes of modified UTF-8, got "
                    + bytes + " bytes");
        }
    }

    public Map<String, String> meta() {
        return meta;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** A metadata value that must be present. @throws IOException naming the file and the key if it is missing */
    public String require(Path file, String key) throws IOException {
        String v = meta.get(key);
        if (v == null) throw new IOException(file + ": metadata key '" + key + "' is missing");
        return v;
    }

    /**
     * The byte offset at which metadata entry {@code key} starts in the file this was read from, or -1 (not
     * read from a file, or no such key), for messages about its value.
     */
    public long metaOffset(String key) {
        return metaOffsets.getOrDefault(key, -1L);
    }

    /** The byte offset at which tensor {@code name} starts in the file this was read from, or -1. */
    public long tensorOffset(String name) {
        return tensorOffsets.getOrDefault(name, -1L);
    }

    /**
     * A tensor that must be present with the given shape (any shape when none is given).
     *
     * @throws IOException naming the file if the tensor is missing or has another shape
     * @throws IllegalArgumentException if shape is null
     */
    public Tensor requireTensor(Path file, String name, int... shape) throws IOException {
        Checks.notNull(OP, "shape", shape);
        Tensor t = tensors.get(name);
        if (t == null) throw new IOException(file + ": tensor '" + name + "' is missing");
        if (shape.length > 0 && !Arrays.equals(t.shape(), shape)) {
            long at = tensorOffset(name);
            throw new IOException(file + ": " + (at >= 0 ? "at offset " + at + ": " : "") + "tensor '" + name
                    + "' must have shape " + Arrays.toString(shape) + ", got " + Arrays.toString(t.shape()));
        }
        return t;
    }

    /** Writes this file to {@code path} atomically. @throws IllegalArgumentException if path is null */
    public void write(Path path) throws IOException {
        Checks.notNull(OP, "path", path);
        AtomicFiles.write(path, this::writeTo);
    }

    /**
     * Writes this file's bytes, as {@link #write} puts them in a file, to {@code raw} (not closed).
     *
     * @throws IllegalArgumentException if raw is null
     */
    public void writeTo(OutputStream raw) throws IOException {
        Checks.notNull(OP, "out", raw);
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(meta.size());
        for (Map.Entry<String, String> e : meta.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue(); // rank checked by the constructor
            out.writeUTF(e.getKey());
            out.writeByte(t.dtype() == DType.FLOAT32 ? 0 : 1);
            out.writeByte(t.rank());
            for (int d : t.shape()) out.writeInt(d);
            if (t.dtype() == DType.FLOAT32) {
                for (float v : t.data32()) out.writeFloat(v);
            } else {
                for (double v : t.data64()) out.writeDouble(v);
            }
        }
        out.flush();
        // the CRC goes outside the checked stream
        new DataOutputStream(raw).writeInt((int) crc.getValue());
        raw.flush();
    }

    /**
     * Reads and validates a file written by {@link #write}.
     *
     * @throws IOException if the file cannot be read or is not a valid file of this format (bad magic,
     *     unsupported version, a count, rank, dim or dtype out of range, a duplicate key or name, a
     *     truncation, a checksum mismatch, bytes after the checksum); the message names the file and the
     *     byte offset
     * @throws IllegalArgumentException if path is null
     */
    public static TensorFile read(Path path) throws IOException {
        Checks.notNull("tensor file", "path", path);
        long fileSize = Files.size(path);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            CountingInputStream counting = new CountingInputStream(raw);
            CRC32 crc = new CRC32();
            DataInputStream in = new DataInputStream(new CheckedInputStream(counting, crc));
            Reader r = new Reader(path, in, counting, fileSize);
            try {
                r.part("the magic number");
                byte[] magic = new byte[MAGIC.length];
                r.fully(magic);
                if (!Arrays.equals(magic, MAGIC)) throw r.error(0, "not a convnet4j model file (bad magic)");
                long at = r.part("the format version");
                int version = r.readInt();
                if (version != VERSION) {
                    throw r.error(at, "format version " + version + " is not supported (this build reads " + VERSION + ")");
                }
                r.part("the metadata count");
                int metaCount = r.count("metadata count");
                Map<String, String> meta = new LinkedHashMap<>();
                Map<String, Long> metaAt = new LinkedHashMap<>(), tensorAt = new LinkedHashMap<>();
                for (int i = 0; i < metaCount; i++) {
                    at = r.part("metadata entry " + i + " (its key)");
                    String key = r.readUTF();
                    metaAt.put(key, at);
                    r.part("metadata entry " + i + " ('" + key + "', its value)");
                    if (meta.put(key, r.readUTF()) != null) throw r.error(at, "metadata key '" + key + "' appears twice");
                }
                r.part("the tensor count");
                int tensorCount = r.count("tensor count");
                Map<String, Tensor> tensors = new LinkedHashMap<>();
                for (int i = 0; i < tensorCount; i++) {
                    long nameAt = r.part("tensor " + i + " (its name)");
                    String name = r.readUTF();
                    if (tensors.containsKey(name)) throw r.error(nameAt, "tensor '" + name + "' appears twice");
                    tensorAt.put(name, nameAt);
                    r.part("the header of tensor '" + name + "'");
                    at = counting.count();
                    int code = r.readByte();
                    if (code != 0 && code != 1) throw r.error(at, "tensor '" + name + "' has unknown dtype code " + code);
                    DType dtype = code == 0 ? DType.FLOAT32 : DType.FLOAT64;
                    at = counting.count();
                    int rank = r.readByte();
                    if (rank < 1 || rank > MAX_RANK) throw r.error(at, "tensor '" + name + "' has rank " + rank + ", expected 1.." + MAX_RANK);
                    int[] dims = new int[rank];
                    long elements = 1;
                    for (int k = 0; k < rank; k++) {
                        at = counting.count();
                        dims[k] = r.readInt();
                        if (dims[k] <= 0) throw r.error(at, "tensor '" + name + "' has dim " + dims[k] + ", expected > 0");
                        elements *= dims[k]; // no overflow: elements <= MAX_ARRAY_LENGTH and dims[k] < 2^31
                        if (elements > Checks.MAX_ARRAY_LENGTH) {
                            throw r.error(at, "tensor '" + name + "' is too large: " + Arrays.toString(dims));
                        }
                    }
                    long bytes = elements * (dtype == DType.FLOAT32 ? 4 : 8);
                    at = r.part("the values of tensor '" + name + "'");
                    if (bytes > fileSize - at) {
                        throw r.error(at, "tensor '" + name + "' declares " + bytes + " bytes of values but only "
                                + (fileSize - at) + " remain (truncated file?)");
                    }
                    Tensor t = Tensor.zeros(dtype, dims);
                    if (dtype == DType.FLOAT32) {
                        float[] a = t.data32();
                        for (int j = 0; j < a.length; j++) a[j] = in.readFloat();
                    } else {
                        double[] a = t.data64();
                        for (int j = 0; j < a.length; j++) a[j] = in.readDouble();
                    }
                    tensors.put(name, t);
                }
                long crcAt = r.part("the checksum");
                int expected = (int) crc.getValue();
                int stored = new DataInputStream(counting).readInt();
                if (stored != expected) throw r.error(crcAt, "checksum mismatch: the file is corrupt");
                if (counting.read() != -1) throw r.error(counting.count() - 1, "unexpected bytes after the checksum");
                TensorFile f = new TensorFile(meta, tensors);
                f.metaOffsets = Collections.unmodifiableMap(metaAt);
                f.tensorOffsets = Collections.unmodifiableMap(tensorAt);
                return f;
            } catch (EOFException e) {
                throw r.error(counting.count(), "the file ends inside " + r.part + ", which starts at offset " + r.partAt
                        + " (truncated file?)");
            }
        }
    }

    /** Reads fields, turning bad values into errors that name the file and the offset. */
    private static final class Reader {
        private final Path path;
        private final DataInputStream in;
        private final CountingInputStream counting;
        private final long fileSize;

        Reader(Path path, DataInputStream in, CountingInputStream counting, long fileSize) {
            this.path = path;
            this.in = in;
            this.counting = counting;
            this.fileSize = fileSize;
        }

        /** What is being read, and its offset: named when the file ends inside it. */
        String part = "";
        long partAt;

        /** Starts reading {@code what}; returns its offset. */
        long part(String what) {
            part = what;
            partAt = counting.count();
            return partAt;
        }

        IOException error(long offset, String what) {
            return new IOException(path + ": at offset " + offset + ": " + what);
        }

        void fully(byte[] b) throws IOException {
            in.readFully(b);
        }

        int readInt() throws IOException {
            return in.readInt();
        }

        int readByte() throws IOException {
            return in.readByte();
        }

        String readUTF() throws IOException {
            long at = counting.count();
            try {
                return in.readUTF();
            } catch (java.io.UTFDataFormatException e) {
                throw error(at, "malformed string");
            }
        }

        int count(String what) throws IOException {
            long at = counting.count();
            int n = in.readInt();
            if (n < 0 || n > MAX_ENTRIES) throw error(at, what + " " + n + " is out of range [0, " + MAX_ENTRIES + "]");
            long left = fileSize - counting.count();
            if (n > left) { // every entry takes at least a byte
                throw error(at, what + " " + n + " is more than the " + left + " bytes left in the file (truncated or corrupt)");
            }
            return n;
        }
    }
}
