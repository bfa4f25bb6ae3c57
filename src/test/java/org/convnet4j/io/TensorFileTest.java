package org.convnet4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFileTest extends TestBase {
    @TempDir
    Path dir;

    private Path writeSample() throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "test");
        meta.put("k", "v\u00e9");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.linspace(-1, 1, DType.FLOAT32, 2, 3));
        t.put("b", Tensor.randn(rng, DType.FLOAT64, 4));
        Path p = dir.resolve("sample.cnv");
        new TensorFile(meta, t).write(p);
        return p;
    }

    @Test
    void roundTripKeepsEveryValueAndLeavesNoTempFile() throws IOException {
        Path p = writeSample();
        TensorFile f = TensorFile.read(p);
        assertEquals("v\u00e9", f.meta().get("k"));
        assertTrue(f.tensors().get("a").contentEquals(Tensor.linspace(-1, 1, DType.FLOAT32, 2, 3)));
        assertTrue(f.tensors().get("b").contentEquals(Tensor.randn(new org.convnet4j.tensor.Rng(SEED), DType.FLOAT64, 4)));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "only the target file remains");
        }
    }

    @Test
    void badMagicIsRefusedAtOffsetZero() throws IOException {
        Path p = writeSample();
        byte[] b = Files.readAllBytes(p);
        b[0] = 'X';
        Files.write(p, b);
        IOException e = assertThrows(IOException.class, () -> TensorFile.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("offset 0")
                && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void unknownVersionIsRefused() throws IOException {
        Path p = writeSample();
        byte[] b = Files.readAllBytes(p);
        ByteBuffer.wrap(b).putInt(8, 99);
        Files.write(p, b);
        IOException e = assertThrows(IOException.class, () -> TensorFile.read(p));
        assertTrue(e.getMessage().contains("offset 8") && e.getMessage().contains("version 99"), e.getMessage());
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        Path p = writeSample();
        byte[] b = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(b, b.length - 20));
        IOException e = assertThrows(IOException.class, () -> TensorFile.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void flippedValueByteFailsTheChecksum() throws IOException {
        Path p = writeSample();
        byte[] b = Files.readAllBytes(p);
        b[b.length - 10] ^= 0x40;
        Files.write(p, b);
        IOException e = assertThrows(IOException.class, () -> TensorFile.read(p));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("offset " + (b.length - 4)),
                e.getMessage());
    }

    /** A declared size larger than the file is refused before anything that size is allocated. */
    @Test
    void hugeDeclaredDimsAreRefusedBeforeAllocation() throws IOException {
        Path p = writeSample();
        byte[] b = Files.readAllBytes(p);
        // find tensor "a": UTF length 1, 'a', dtype 0, rank 2, then dims 2 and 3
        int at = -1;
        for (int i = 0; i + 5 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 1 && b[i + 2] == 'a' && b[i + 3] == 0 && b[i + 4] == 2) at = i + 5;
        }
        assertTrue(at > 0);
        ByteBuffer.wrap(b).putInt(at, 1 << 20).putInt(at + 4, 1 << 10);
        Files.write(p, b);
        IOException e = assertThrows(IOException.class, () -> TensorFile.read(p));
        assertTrue(e.getMessage().contains("remain") && e.getMessage().contains("'a'"), e.getMessage());
        ByteBuffer.wrap(b).putInt(at, -3);
        Files.write(p, b);
        e = assertThrows(IOException.class, () -> TensorFile.read(p));
        assertTrue(e.getMessage().contains("offset " + at) && e.getMessage().contains("dim -3"), e.getMessage());
    }

    /**
     * Issue 9, kind 3: a file cut anywhere names the file, the offset where it ends and what it ends inside:
     * the metadata, a name, a tensor header, the values or the checksum (before: "file ends early
     * (truncated)", no offset).
     */
    @Test
    void aTruncationAnywhereNamesTheOffsetAndThePart() throws IOException {
        Path p = writeSample();
        byte[] b = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.cnv");
        for (int len = 0; len < b.length; len++) {
            Files.write(cut, java.util.Arrays.copyOf(b, len));
            IOException e = assertThrows(IOException.class, () -> TensorFile.read(cut));
            assertTrue(e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("offset "), e.getMessage());
            if (!e.getMessage().contains("bytes left in the file") && !e.getMessage().contains("remain")) {
                assertTrue(e.getMessage().contains("at offset " + len + ": the file ends inside "), e.getMessage());
            }
        }
        // the layout of the sample: magic 8, version 4, count 4, "format" "test", "k" "vé", count 4, tensor "a" ...
        int meta = 8 + 4 + 4;
        int metaEnd = meta + (2 + 6) + (2 + 4) + (2 + 1) + (2 + 3);
        assertEnds(cut, b, meta + 3, "metadata entry 0 (its key)");
        assertEnds(cut, b, meta + 8 + 3, "metadata entry 0 ('format', its value)");
        assertEnds(cut, b, metaEnd + 4 + 2, "tensor 0 (its name)");
        assertEnds(cut, b, metaEnd + 4 + 3 + 3, "the header of tensor 'a'");
        assertEnds(cut, b, b.length - 2, "the checksum");
    }

    private static void assertEnds(Path cut, byte[] b, int len, String part) throws IOException {
        Files.write(cut, java.util.Arrays.copyOf(b, len));
        IOException e = assertThrows(IOException.class, () -> TensorFile.read(cut));
        assertTrue(e.getMessage().contains("at offset " + len + ": the file ends inside " + part), e.getMessage());
    }

    /** Kind 2 for the writer side: a map, key or tensor that cannot be written is refused when the file is built. */
    @Test
    void badContentIsRefusedByTheConstructor() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("k", null);
        org.convnet4j.testing.Rejects.rejects(() -> new TensorFile(meta, Map.of()), "tensor file",
                "metadata value of 'k' must not be null");
        org.convnet4j.testing.Rejects.rejects(() -> new TensorFile(null, Map.of()), "tensor file", "meta must not be null");
        org.convnet4j.testing.Rejects.rejects(() -> new TensorFile(Map.of("k", "x".repeat(70_000)), Map.of()),
                "at most 65535 bytes", "70000");
        org.convnet4j.testing.Rejects.rejects(() -> new TensorFile(Map.of(), Map.of("s", Tensor.zeros(DType.FLOAT32))),
                "tensor 's' must have rank 1..8", "got 0");
        org.convnet4j.testing.Rejects.rejects(() -> TensorFile.read(null), "tensor file", "path must not be null");
    }

    @Test
    void aDuplicateKeyIsRefusedAtItsOffset() throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("ab", "1");
        meta.put("cd", "2");
        Path p = dir.resolve("dup.cnv");
        new TensorFile(meta, Map.of()).write(p);
        byte[] b = Files.readAllBytes(p);
        b[16 + 2 + 2 + 2 + 1 + 2] = 'a'; // "cd" -> "ad"
        b[16 + 2 + 2 + 2 + 1 + 3] = 'b'; // -> "ab"
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        Files.write(p, b);
        IOException e = assertThrows(IOException.class, () -> TensorFile.read(p));
        assertTrue(e.getMessage().contains("at offset 23: metadata key 'ab' appears twice"), e.getMessage());
    }
}
