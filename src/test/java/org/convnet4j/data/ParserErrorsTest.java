package org.convnet4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.convnet4j.tensor.DType;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9: every reader error is a {@link CorruptDataException} naming the file and the byte offset (kind 3),
 * and a header whose sizes overflow is corrupt data, not a NegativeArraySizeException (kind 2).
 */
class ParserErrorsTest extends TestBase {
    @TempDir
    Path tmp;

    private static void assertNamesFileAndOffset(Path f, Exception e, String... fragments) {
        String m = String.valueOf(e.getMessage());
        assertTrue(m.startsWith(f.toString()) && m.contains("byte offset"), m);
        for (String s : fragments) assertTrue(m.contains(s), "'" + m + "' lacks '" + s + "'");
    }

    /** count 1073741824, rows 46341, cols 2147483647: the byte count overflows even a long (before: NegativeArraySizeException). */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anImageHeaderWhoseSizeOverflowsIsCorrupt(boolean gz) throws IOException {
        byte[] header = ByteBuffer.allocate(16).putInt(MnistIdx.IMAGES_MAGIC).putInt(1073741824).putInt(46341)
                .putInt(Integer.MAX_VALUE).array();
        Path f = tmp.resolve("huge");
        Files.write(f, gz ? IdxFixtures.gzip(header) : header);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f));
        assertNamesFileAndOffset(f, e, "1073741824 images of 46341x2147483647", "do not fit in one Java array");
        e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f, 1));
        assertNamesFileAndOffset(f, e, "1 images of 46341x2147483647");
    }

    /** A gzip file cut inside its 8-byte trailer (before: a bare EOFException, message null). */
    @Test
    void aGzipFileCutInsideItsTrailerNamesTheFileAndOffset() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.images(1, 2, 3, 3));
        Path f = tmp.resolve("cut.gz");
        for (int cut = 1; cut <= 7; cut++) {
            Files.write(f, Arrays.copyOf(gz, gz.length - cut));
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f));
            assertNamesFileAndOffset(f, e, "byte offset " + (gz.length - cut), "8-byte trailer");
        }
        Files.write(f, Arrays.copyOf(IdxFixtures.gzip(IdxFixtures.labels(new int[] {1, 2})), gz.length - 3));
        assertThrows(CorruptDataException.class, () -> MnistIdx.readLabels(f));
    }

    /** Bytes after the gzip stream are refused as the raw format refuses bytes after its content (before: accepted). */
    @Test
    void bytesAfterTheGzipStreamAreRefused() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.labels(new int[] {3, 1, 4}));
        byte[] longer = Arrays.copyOf(gz, gz.length + 5);
        System.arraycopy("junk!".getBytes(StandardCharsets.US_ASCII), 0, longer, gz.length, 5);
        Path f = tmp.resolve("junk.gz");
        Files.write(f, longer);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readLabels(f));
        assertNamesFileAndOffset(f, e, "unexpected bytes after the end of the gzip stream", "byte offset " + gz.length);

        // a single stray byte too, and after an image file
        byte[] img = IdxFixtures.gzip(IdxFixtures.images(2, 1, 2, 2));
        Files.write(f, Arrays.copyOf(img, img.length + 1));
        e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f));
        assertNamesFileAndOffset(f, e, "byte offset " + img.length);
    }

    /** Concatenated gzip members are one stream (RFC 1952, as gzip -d reads them): still accepted. */
    @Test
    void concatenatedMembersAreOneStream() throws IOException {
        byte[] lab = IdxFixtures.labels(new int[] {3, 1, 4, 1});
        byte[] a = IdxFixtures.gzip(Arrays.copyOf(lab, 9)), b = IdxFixtures.gzip(Arrays.copyOfRange(lab, 9, lab.length));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        Path f = tmp.resolve("two.gz");
        Files.write(f, both);
        assertArrayEquals(new int[] {3, 1, 4, 1}, MnistIdx.readLabels(f));
    }

    /** A gzip header with a file name, a comment and a header CRC (as gzip(1) may write) is read; a bad header CRC is refused. */
    @Test
    void optionalHeaderFieldsAreReadAndTheHeaderCrcChecked() throws IOException {
        byte[] content = IdxFixtures.labels(new int[] {7, 0, 9});
        byte[] file = gzipWithHeaderFields(content, false);
        Path f = tmp.resolve("named.gz");
        Files.write(f, file);
        assertArrayEquals(new int[] {7, 0, 9}, MnistIdx.readLabels(f));
        Files.write(f, gzipWithHeaderFields(content, true));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readLabels(f));
        assertNamesFileAndOffset(f, e, "header CRC mismatch");
    }

    /** A flipped byte in the compressed data or the trailer is a CRC or data error at a named offset. */
    @Test
    void aCorruptTrailerCrcIsNamed() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.labels(new int[] {1, 2, 3}));
        gz[gz.length - 8] ^= 1;
        Path f = tmp.resolve("crc.gz");
        Files.write(f, gz);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readLabels(f));
        assertNamesFileAndOffset(f, e, "CRC-32 mismatch at byte offset " + (gz.length - 8));
    }

    /** IDX-level offsets in a gzip file count decompressed bytes, and the message says so. */
    @Test
    void contentOffsetsInAGzipFileSayTheyAreDecompressed() throws IOException {
        Path f = tmp.resolve("short.gz");
        Files.write(f, IdxFixtures.gzip(Arrays.copyOf(IdxFixtures.images(1, 3, 4, 4), 30)));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f));
        assertNamesFileAndOffset(f, e, f + " (decompressed): truncated at byte offset 30");
    }

    /** A 0-byte CIFAR-10 batch is a failed download or copy (before: read as 0 records). */
    @Test
    void anEmptyCifarBatchIsCorrupt() throws IOException {
        Path f = tmp.resolve("data_batch_1.bin");
        Files.write(f, new byte[0]);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Cifar10Binary.readFile(f, 10, DType.FLOAT32));
        assertNamesFileAndOffset(f, e, "empty", "byte offset 0");
        assertThrows(CorruptDataException.class, () -> Cifar10Binary.recordCount(f));
        // and a folder where one of the six files is empty does not load
        Path dir = CifarFixtures.writeAll(tmp.resolve("cifar"), 2);
        Files.write(dir.resolve("data_batch_3.bin"), new byte[0]);
        e = assertThrows(CorruptDataException.class, () -> Cifar10Binary.load(dir, 3, 1, 1, false, DType.FLOAT32));
        assertNamesFileAndOffset(dir.resolve("data_batch_3.bin"), e, "empty");
    }

    /** A gzip stream written by hand: FNAME, FCOMMENT and FHCRC set; optionally a wrong header CRC. */
    private static byte[] gzipWithHeaderFields(byte[] content, boolean badHeaderCrc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 8 | 16 | 2, 0, 0, 0, 0, 0, 3});
        out.writeBytes("labels.idx\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        CRC32 h = new CRC32();
        h.update(out.toByteArray());
        int hcrc = (int) h.getValue() & 0xFFFF;
        if (badHeaderCrc) hcrc ^= 0x100;
        out.write(hcrc & 0xFF);
        out.write(hcrc >>> 8);
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(content);
        d.finish();
        byte[] buf = new byte[1024];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        CRC32 c = new CRC32();
        c.update(content);
        ByteBuffer t = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        t.putInt((int) c.getValue()).putInt(content.length);
        out.writeBytes(t.array());
        return out.toByteArray();
    }

    @Test
    void theOffsetOfATrailerCutIsTheFileLength() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.labels(new int[] {5}));
        Path f = tmp.resolve("cut2.gz");
        Files.write(f, Arrays.copyOf(gz, gz.length - 4));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readLabels(f));
        assertTrue(e.getMessage().contains("the file ends at byte offset " + (gz.length - 4)), e.getMessage());
    }
}
