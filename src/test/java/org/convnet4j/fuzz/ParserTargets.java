package org.convnet4j.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.convnet4j.data.Cifar10Binary;
import org.convnet4j.data.FashionMnist;
import org.convnet4j.data.MnistIdx;
import org.convnet4j.io.TensorFile;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * The fuzzed file readers: {@link TensorFile}, {@link ModelFile}, {@link MnistIdx} (raw and gzip),
 * {@link Cifar10Binary} and {@link FashionMnist}. Each case writes a valid file, spoils its bytes (or, for
 * gzip, the bytes before or after compression) with {@link #mutate}, and reads it back. Reading may
 * succeed, or fail with an {@link IOException} that names the file (and, for the parsers themselves, the
 * byte offset); anything else is a failure.
 *
 * <p>To fuzz a new reader, add a {@code parser(...)} line to {@link #all()} with a body that writes a file
 * under the case folder and reads it.
 */
final class ParserTargets {
    private ParserTargets() {}

    static List<FuzzTarget> all() {
        List<FuzzTarget> t = new ArrayList<>();
        parser(t, "TensorFile.read", FuzzTarget.Expect.FILE_AND_OFFSET, (g, dir) -> {
            Path p = write(dir, "t.cnv", fixCrc(g, mutate(g, tensorFileBytes(g), new int[] {8, 12})));
            TensorFile.read(p);
        });
        parser(t, "ModelFile.load", FuzzTarget.Expect.FILE, (g, dir) -> {
            Path p = write(dir, "model.cnv", g.chance(0.4) ? modelWithBadMeta(g)
                    : fixCrc(g, mutate(g, modelBytes(g), new int[] {8, 12})));
            ModelFile.load(p, Ops.naive());
        });
        parser(t, "ModelFile.load[net]", FuzzTarget.Expect.FILE, (g, dir) -> {
            Path p = write(dir, "net.cnv", g.chance(0.4) ? netWithBadMeta(g) : fixCrc(g, mutate(g, netBytes(g), new int[] {8, 12})));
            ModelFile.load(p, Ops.naive());
        });
        for (boolean gz : new boolean[] {false, true}) {
            String sfx = gz ? "[gzip]" : "[raw]";
            parser(t, "MnistIdx.readImages" + sfx, FuzzTarget.Expect.FILE_AND_OFFSET, (g, dir) -> {
                int n = g.between(1, 3);
                byte[] raw = idxImages(g, n, g.between(1, 4), g.between(1, 4));
                Path p = write(dir, "images.idx", idx(g, raw, gz, new int[] {0, 4, 8, 12}));
                MnistIdx.readImages(p, g.chance(0.7) ? Integer.MAX_VALUE : g.note("maxCount", g.between(0, n + 1)));
            });
            parser(t, "MnistIdx.readLabels" + sfx, FuzzTarget.Expect.FILE_AND_OFFSET, (g, dir) -> {
                int n = g.between(1, 5);
                byte[] raw = idxLabels(g, n);
                Path p = write(dir, "labels.idx", idx(g, raw, gz, new int[] {0, 4}));
                MnistIdx.readLabels(p, g.chance(0.7) ? Integer.MAX_VALUE : g.note("maxCount", g.between(0, n + 1)));
            });
        }
        parser(t, "Cifar10Binary.readFile", FuzzTarget.Expect.FILE_AND_OFFSET, (g, dir) -> {
            int n = g.between(0, 2);
            Path p = write(dir, "data_batch_1.bin", mutate(g, cifarBytes(g, n), new int[0]));
            Cifar10Binary.readFile(p, g.chance(0.7) ? Integer.MAX_VALUE : g.note("maxRecords", g.between(0, n + 1)),
                    g.dtype);
        });
        parser(t, "FashionMnist.load", FuzzTarget.Expect.FILE, (g, dir) -> {
            boolean gz = g.note("gzip", g.chance(0.5));
            String[] bases = {FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, FashionMnist.TEST_IMAGES,
                FashionMnist.TEST_LABELS};
            int spoiled = g.note("spoiled file", g.between(0, 3));
            Path folder = Files.createDirectories(dir.resolve("fashion"));
            for (int i = 0; i < 4; i++) {
                Files.deleteIfExists(folder.resolve(bases[i]));
                Files.deleteIfExists(folder.resolve(bases[i] + ".gz"));
                byte[] raw = i % 2 == 0 ? idxImages(g, 2, FashionMnist.ROWS, FashionMnist.COLS) : idxLabels(g, 2);
                byte[] bytes = i == spoiled ? idx(g, raw, gz, i % 2 == 0 ? new int[] {0, 4, 8, 12} : new int[] {0, 4})
                        : gz ? gzip(raw) : raw;
                Files.write(folder.resolve(bases[i] + (gz ? ".gz" : "")), bytes);
            }
            FashionMnist.load(folder, 1, 1, 1, g.chance(0.5), g.dtype);
        });
        return t;
    }

    static void parser(List<FuzzTarget> list, String name, FuzzTarget.Expect expect, FuzzTarget.Body body) {
        list.add(new FuzzTarget(name, expect, false, body));
    }

    // ------------------------------------------------------------------ mutations

    /**
     * One to three of: cut the file (often near its start or end, e.g. inside a trailer), flip a bit, set a
     * byte to 00/7f/80/ff, write an extreme int at a random offset or at one of {@code intFields} (header
     * fields), append bytes, insert bytes, delete a range. Each mutation is noted.
     */
    static byte[] mutate(Gen g, byte[] b, int[] intFields) {
        int count = g.between(1, 3);
        for (int m = 0; m < count; m++) {
            int len = b.length;
            switch (g.between(0, 6)) {
                case 0: {
                    int at = g.chance(0.5) ? g.between(Math.max(0, len - 12), len) : g.chance(0.5) ? g.between(0, Math.min(len, 24))
                            : g.between(0, len);
                    b = Arrays.copyOf(b, g.note("truncate at", at));
                    break;
                }
                case 1: if (len > 0) { int at = g.note("flip bit at", g.between(0, len - 1)); b[at] ^= (byte) (1 << g.between(0, 7)); } break;
                case 2: if (len > 0) { b[g.note("set byte at", g.between(0, len - 1))] = (byte) (int) g.note("to", g.pick(0, 0x7f, 0x80, 0xff)); } break;
                case 3: {
                    if (len < 4) break;
                    int at = intFields.length > 0 && g.chance(0.6) ? intFields[g.between(0, intFields.length - 1)]
                            : g.between(0, len - 4);
                    if (at + 4 > len) break;
                    ByteBuffer.wrap(b).putInt(g.note("int at", at), g.note("set to", g.edgeInt()));
                    break;
                }
                case 4: {
                    byte[] extra = new byte[g.between(1, 8)];
                    for (int i = 0; i < extra.length; i++) extra[i] = (byte) g.between(0, 255);
                    g.note("append", extra);
                    byte[] out = Arrays.copyOf(b, len + extra.length);
                    System.arraycopy(extra, 0, out, len, extra.length);
                    b = out;
                    break;
                }
                case 5: {
                    int at = g.note("insert at", g.between(0, len)), n = g.note("bytes", g.between(1, 4));
                    byte[] out = new byte[len + n];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at, out, at + n, len - at);
                    b = out;
                    break;
                }
                default: {
                    if (len == 0) break;
                    int at = g.note("delete at", g.between(0, len - 1)), n = g.note("bytes", g.between(1, Math.min(8, len - at)));
                    byte[] out = new byte[len - n];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + n, out, at, len - at - n);
                    b = out;
                }
            }
        }
        return b;
    }

    /**
     * With probability 1/2, rewrites the last 4 bytes as the CRC-32 of the bytes before them, as
     * {@link TensorFile} stores it, so that the reader gets past the checksum to its structural checks.
     */
    static byte[] fixCrc(Gen g, byte[] b) {
        if (b.length < 4 || !g.chance(0.5)) return b;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        g.note("crc", "recomputed");
        return b;
    }

    /** An IDX file, raw or gzip; for gzip the content is spoiled before compression or the compressed bytes after. */
    private static byte[] idx(Gen g, byte[] raw, boolean gz, int[] headerInts) {
        if (g.chance(0.05)) { // the example: an image header whose size product overflows a long
            raw = raw.clone();
            if (headerInts.length == 4) {
                ByteBuffer.wrap(raw).putInt(4, 1073741824).putInt(8, 46341).putInt(12, Integer.MAX_VALUE);
                g.note("header", "count 1073741824, rows 46341, cols 2147483647");
            }
            return gz ? gzip(raw) : raw;
        }
        if (!gz) return mutate(g, raw, headerInts);
        return g.note("spoil", g.chance(0.5) ? "content" : "compressed").equals("content") ? gzip(mutate(g, raw, headerInts))
                : mutate(g, gzip(raw), new int[0]);
    }

    // ------------------------------------------------------------------ valid files

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] tensorFileBytes(Gen g) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = g.between(0, 2); i > 0; i--) meta.put("k" + i, "value " + i);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = g.between(0, 3); i > 0; i--) {
            int[] shape = new int[g.between(1, 3)];
            for (int k = 0; k < shape.length; k++) shape[k] = g.between(1, 3);
            tensors.put("t" + i, g.filled(g.pick(DType.FLOAT32, DType.FLOAT64), shape));
        }
        return bytesOf(new TensorFile(meta, tensors));
    }

    /** The bytes {@link TensorFile#write} would put in a file (in memory: the fsync of a real write costs ms). */
    private static byte[] bytesOf(TensorFile f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.writeTo(out);
        return out.toByteArray();
    }

    /** A tiny model, one of 32 variants chosen by g. */
    private static ThreeLayerConvNet tinyNet(Gen g) {
        return tinyNet(g.note("model variant", g.between(0, MODEL_VARIANTS - 1)));
    }

    /** Tiny model number {@code variant}: its config and weights depend on the variant only. */
    private static ThreeLayerConvNet tinyNet(int variant) {
        java.util.Random v = new java.util.Random(variant);
        ThreeLayerConvNet.Config c = new ThreeLayerConvNet.Config(new int[] {1 + v.nextInt(2), 2 + v.nextInt(3), 2 + v.nextInt(3)},
                1 + v.nextInt(2), v.nextBoolean() ? 1 : 3, 2 + v.nextInt(2), 2 + v.nextInt(2), 1e-2, 0.0,
                v.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64);
        return new ThreeLayerConvNet(c, Ops.naive(), new Rng(variant));
    }

    private static final int MODEL_VARIANTS = 32;
    /** Files written by {@link ModelFile#save} itself, once per variant (a real, fsynced write each). */
    private static final Map<Integer, byte[]> MODEL_FILES = new java.util.HashMap<>();

    private static byte[] modelBytes(Gen g) throws IOException {
        int key = 2 * g.note("model variant", g.between(0, MODEL_VARIANTS - 1)) + (g.note("with mean", g.chance(0.5)) ? 1 : 0);
        byte[] cached = MODEL_FILES.get(key);
        if (cached != null) return cached.clone();
        ThreeLayerConvNet net = tinyNet(key / 2);
        Path tmp = Files.createTempFile("fuzz", ".cnv");
        try {
            Tensor mean = (key & 1) == 1 ? Tensor.full(0.5, net.dtype(), net.config().inputDim()) : null;
            ModelFile.save(tmp, net, mean, null);
            byte[] b = Files.readAllBytes(tmp);
            MODEL_FILES.put(key, b);
            return b.clone();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Nets of every layer type (version 2 files record the architecture), with the input shape each needs. */
    private static final String[][] NETS = {
        {"conv(2,3)-sbn-relu-pool(2)-affine(3)", "1,4,4"}, {"affine(5)-bn-relu-dropout(0.7)-affine(3)-svm", "6"},
        {"[conv(2,3,stride=2,pad=0)-relu]x1-affine(2)", "2,5,5"}};
    private static final Map<Integer, byte[]> NET_FILES = new java.util.HashMap<>();

    private static org.convnet4j.model.Net net(int variant) {
        String[] n = NETS[variant];
        int[] dims = Arrays.stream(n[1].split(",")).mapToInt(Integer::parseInt).toArray();
        return org.convnet4j.model.Sequential.parse(n[0]).build(
                org.convnet4j.model.Net.Config.defaults(dims).withWeightScale(0.1), Ops.naive(), new Rng(variant));
    }

    /** A version 2 model file written by {@link ModelFile#save} (once per variant: a real, fsynced write). */
    private static byte[] netBytes(Gen g) throws IOException {
        int variant = g.note("net variant", g.between(0, NETS.length - 1));
        byte[] cached = NET_FILES.get(variant);
        if (cached == null) {
            Path tmp = Files.createTempFile("fuzz", ".cnv");
            try {
                ModelFile.save(tmp, net(variant), null, null);
                cached = Files.readAllBytes(tmp);
                NET_FILES.put(variant, cached);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return cached.clone();
    }

    /** A well-formed version 2 file whose architecture metadata is wrong: a bad text, dims, version or init. */
    private static byte[] netWithBadMeta(Gen g) throws IOException {
        org.convnet4j.model.Net net = net(g.note("net variant", g.between(0, NETS.length - 1)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", ModelFile.FORMAT);
        meta.putAll(ModelFile.architectureMeta(net));
        String key = g.note("meta key", g.pick("arch", "input_dim", "format_version", "init", "dtype", "weight_scale", "reg",
                "model"));
        if (g.chance(0.15)) {
            meta.remove(key);
            g.note("removed", key);
        } else {
            meta.put(key, g.note("meta value", g.pick("", "-1", "0", "3", "NaN", "1e309", "abc", "2147483648", "1,65536,65536",
                    "1,46341,46341", "1,4", ",,", "affine(2)", "conv(2,3)-affine(3)", "[relu", "he", "float16")));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>(net.params());
        tensors.putAll(net.state());
        if (g.chance(0.2) && !tensors.isEmpty()) tensors.remove(g.note("dropped tensor", tensors.keySet().iterator().next()));
        return bytesOf(new TensorFile(meta, tensors));
    }

    /** A well-formed file whose metadata says something a model cannot be: bad numbers, overflowing dims, a missing key. */
    private static byte[] modelWithBadMeta(Gen g) throws IOException {
        ThreeLayerConvNet net = tinyNet(g);
        Map<String, String> meta = new LinkedHashMap<>(ModelFile.configMeta(net.config()));
        meta.put("format", ModelFile.FORMAT);
        String key = g.note("meta key", g.pick(meta.keySet().toArray(new String[0])));
        if (g.chance(0.1)) {
            meta.remove(key);
            g.note("removed", key);
        } else {
            meta.put(key, g.note("meta value", g.pick("", "-1", "0", "NaN", "Infinity", "1e309", "abc", "2147483648",
                    "2147483647", "1,65536,65536", "1,2", "1,2,3,4", ",,", "float16", "ThreeLayer")));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>(net.params());
        if (g.chance(0.2)) tensors.remove(g.note("dropped tensor", g.pick("W1", "b2", "W3")));
        return bytesOf(new TensorFile(meta, tensors));
    }

    private static byte[] idxImages(Gen g, int n, int rows, int cols) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(MnistIdx.IMAGES_MAGIC);
            out.writeInt(n);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < n * rows * cols; i++) out.writeByte(g.between(0, 255));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static byte[] idxLabels(Gen g, int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(MnistIdx.LABELS_MAGIC);
            out.writeInt(n);
            for (int i = 0; i < n; i++) out.writeByte(g.between(0, 9));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static byte[] cifarBytes(Gen g, int records) {
        byte[] b = new byte[records * Cifar10Binary.RECORD_BYTES];
        for (int r = 0; r < records; r++) {
            b[r * Cifar10Binary.RECORD_BYTES] = (byte) g.between(0, 9);
            for (int j = 1; j < Cifar10Binary.RECORD_BYTES; j++) b[r * Cifar10Binary.RECORD_BYTES + j] = (byte) j;
        }
        return b;
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }
}
