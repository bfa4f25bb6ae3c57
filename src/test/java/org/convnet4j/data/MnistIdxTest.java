package org.convnet4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.convnet4j.testing.DataAssume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MnistIdxTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesAndLabelsRawOrGzip(boolean gz) throws IOException {
        byte[] img = IdxFixtures.images(5, 4, 3, 2);
        byte[] lab = IdxFixtures.labels(new int[] {9, 0, 3, 200});
        Path fi = tmp.resolve("images.idx");
        Path fl = tmp.resolve("labels.idx");
        // Names don't say "gz": detection is by magic bytes.
        Files.write(fi, gz ? IdxFixtures.gzip(img) : img);
        Files.write(fl, gz ? IdxFixtures.gzip(lab) : lab);
        assertEquals(gz, MnistIdx.isGzip(fi));
        MnistIdx.Images images = MnistIdx.readImages(fi);
        assertEquals(4, images.count());
        assertEquals(3, images.rows());
        assertEquals(2, images.cols());
        for (int i = 0; i < 4; i++) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 2; c++) assertEquals(IdxFixtures.pixel(5, i, r, c), images.pixel(i, r, c));
            }
        }
        assertArrayEquals(new int[] {9, 0, 3, 200}, MnistIdx.readLabels(fl));
        assertEquals(2, MnistIdx.readImages(fi, 2).count());
        assertArrayEquals(new int[] {9, 0}, MnistIdx.readLabels(fl, 2));
    }

    @Test
    void badMagicNamesFileAndOffset() throws IOException {
        Path labelsAsImages = tmp.resolve("train-images");
        Files.write(labelsAsImages, IdxFixtures.labels(new int[] {1, 2}));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(labelsAsImages));
        assertTrue(e.getMessage().startsWith(labelsAsImages.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801 at byte offset 0"), e.getMessage());
        assertTrue(e.getMessage().contains("looks like a label file"), e.getMessage());

        Path imagesAsLabels = tmp.resolve("labels");
        Files.write(imagesAsLabels, IdxFixtures.gzip(IdxFixtures.images(1, 1, 2, 2)));
        e = assertThrows(CorruptDataException.class, () -> MnistIdx.readLabels(imagesAsLabels));
        assertTrue(e.getMessage().contains("0x00000803 at byte offset 0"), e.getMessage());
    }

    @Test
    void wrongNumberOfDimsIsABadMagic() throws IOException {
        byte[] img = IdxFixtures.images(1, 2, 2, 2);
        img[3] = 2; // claims 2 dims
        Path f = tmp.resolve("twodims");
        Files.write(f, img);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f));
        assertTrue(e.getMessage().contains("0x00000802 at byte offset 0"), e.getMessage());
        assertTrue(e.getMessage().contains("3 dims"), e.getMessage());
    }

    @Test
    void zeroDimNamesItsOffset() throws IOException {
        byte[] img = IdxFixtures.images(1, 2, 2, 2);
        ByteBuffer.wrap(img).putInt(8, 0); // rows = 0
        Path f = tmp.resolve("zerorows");
        Files.write(f, img);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f));
        assertTrue(e.getMessage().contains("rows at byte offset 8"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedContentNamesTheOffset(boolean gz) throws IOException {
        byte[] img = Arrays.copyOf(IdxFixtures.images(1, 3, 4, 4), 16 + 40);
        Path f = tmp.resolve("cut");
        Files.write(f, gz ? IdxFixtures.gzip(img) : img);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated at byte offset 56"), e.getMessage());

        byte[] lab = Arrays.copyOf(IdxFixtures.labels(new int[] {1, 2, 3}), 6);
        Files.write(f, lab);
        e = assertThrows(CorruptDataException.class, () -> MnistIdx.readLabels(f));
        assertTrue(e.getMessage().contains("label count at byte offset 4 is missing"), e.getMessage());
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] lab = IdxFixtures.labels(new int[] {1, 2, 3});
        Path f = tmp.resolve("long");
        Files.write(f, Arrays.copyOf(lab, lab.length + 2));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readLabels(f));
        assertTrue(e.getMessage().contains("byte offset 11"), e.getMessage());
        assertEquals(2, MnistIdx.readLabels(f, 2).length); // a limited read doesn't look past what it needs
    }

    @Test
    void truncatedGzipStreamIsRefused() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.images(3, 20, 10, 10));
        Path f = tmp.resolve("cut.gz");
        Files.write(f, Arrays.copyOf(gz, gz.length / 2));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset"), e.getMessage());
    }

    /** Images with bytes after the declared content are refused, raw or gzip; a limited read does not look. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void trailingImageBytesAreRefused(boolean gz) throws IOException {
        byte[] img = IdxFixtures.images(4, 3, 2, 2); // 16 + 12 bytes
        byte[] longer = Arrays.copyOf(img, img.length + 5);
        Path f = tmp.resolve("long-images");
        Files.write(f, gz ? IdxFixtures.gzip(longer) : longer);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected bytes after the declared IDX content, starting at byte offset 28"),
                e.getMessage());
        assertEquals(2, MnistIdx.readImages(f, 2).count());
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    private static byte[] header(int... ints) {
        ByteBuffer b = ByteBuffer.allocate(4 * ints.length);
        for (int v : ints) b.putInt(v);
        return b.array();
    }

    /**
     * A tiny file whose header declares a huge payload fails as truncated, naming the file and the offset,
     * without allocating from the header: 2000 images of 1000x1000 (2 GB) in a 16-byte file, 2^31 - 1
     * labels in an 8-byte file ("Requested array size exceeds VM limit" before), raw or gzip.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aHugeDeclaredPayloadIsNotAllocatedFromTheHeader(boolean gz) throws IOException {
        byte[] img = header(MnistIdx.IMAGES_MAGIC, 2000, 1000, 1000);
        Path fi = tmp.resolve("huge-images");
        Files.write(fi, gz ? IdxFixtures.gzip(img) : img);
        long before = allocatedBytes();
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> MnistIdx.readImages(fi));
        long allocated = allocatedBytes() - before;
        assertTrue(e.getMessage().startsWith(fi.toString()) && e.getMessage().contains("truncated at byte offset 16")
                && e.getMessage().contains("2000 images of 1000x1000"), e.getMessage());
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes for a 16-byte file");

        byte[] lab = header(MnistIdx.LABELS_MAGIC, Integer.MAX_VALUE);
        Path fl = tmp.resolve("huge-labels");
        Files.write(fl, gz ? IdxFixtures.gzip(lab) : lab);
        before = allocatedBytes();
        e = assertThrows(CorruptDataException.class, () -> MnistIdx.readLabels(fl));
        allocated = allocatedBytes() - before;
        assertTrue(e.getMessage().startsWith(fl.toString()) && e.getMessage().contains("truncated at byte offset 8")
                && e.getMessage().contains(Integer.MAX_VALUE + " labels"), e.getMessage());
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes for an 8-byte file");
    }

    /** A gzip payload longer than the first read buffer grows it and arrives intact. */
    @Test
    void aGzipPayloadLargerThanOneChunkIsReadWhole() throws IOException {
        int n = MnistIdx.CHUNK / 100 + 7; // 10x10 images: a little over one chunk, not a power of two
        Path f = tmp.resolve("big.gz");
        Files.write(f, IdxFixtures.gzip(IdxFixtures.images(6, n, 10, 10)));
        MnistIdx.Images img = MnistIdx.readImages(f);
        assertEquals(n, img.count());
        assertEquals(n * 100, img.pixels().length);
        assertEquals(IdxFixtures.pixel(6, n - 1, 9, 9), img.pixel(n - 1, 9, 9));
        assertEquals(IdxFixtures.pixel(6, n / 2, 3, 4), img.pixel(n / 2, 3, 4));
    }

    @Test
    void realFashionMnistHeaders() throws IOException {
        Path dir = DataAssume.fashionMnist(); // skips without the data, fails with -Dcnn.requireData=true
        Path trainImages = FashionMnist.file(dir, FashionMnist.TRAIN_IMAGES).orElseThrow();
        assertTrue(MnistIdx.isGzip(trainImages));
        MnistIdx.Images img = MnistIdx.readImages(trainImages, 3);
        assertEquals(3, img.count());
        assertEquals(28, img.rows());
        assertEquals(28, img.cols());
        int[] testLabels = MnistIdx.readLabels(FashionMnist.file(dir, FashionMnist.TEST_LABELS).orElseThrow());
        assertEquals(10_000, testLabels.length);
        int[] counts = new int[10];
        for (int y : testLabels) counts[y]++; // throws if a label is >= 10
        for (int c : counts) assertEquals(1000, c); // the t10k set is balanced: 1,000 per class
        int[] trainLabels = MnistIdx.readLabels(FashionMnist.file(dir, FashionMnist.TRAIN_LABELS).orElseThrow());
        assertEquals(60_000, trainLabels.length);
        assertFalse(FashionMnist.find(dir).isEmpty());
    }
}
