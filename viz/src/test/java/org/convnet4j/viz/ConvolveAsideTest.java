package org.convnet4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.convnet4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvolveAsideTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    // channel values as integers the test knows, different per channel and image
    private static int red(int n, int i, int j) { return (37 * i + 11 * j + 90 * n) % 256; }
    private static int green(int n, int i, int j) { return (5 * i * j + 3 * n + 17) % 256; }
    private static int blue(int n, int i, int j) { return (i * i * 7 + 23 * j + 50 * n) % 256; }

    /** Image n as seen after cropping: S x S pixels; for n = 1 it sits inside a wider picture. */
    private static BufferedImage picture(int n, int S, int extraWidth) {
        BufferedImage img = new BufferedImage(S + extraWidth, S, BufferedImage.TYPE_INT_RGB);
        int off = extraWidth / 2; // the crop keeps columns floor(d/2) .. floor(d/2) + S - 1
        for (int i = 0; i < S; i++) {
            for (int x = 0; x < S + extraWidth; x++) {
                int j = x - off;
                int rgb = j >= 0 && j < S ? (red(n, i, j) << 16) | (green(n, i, j) << 8) | blue(n, i, j) : 0xff00ff;
                img.setRGB(x, i, rgb);
            }
        }
        return img;
    }

    @Test
    void grayscaleAndSobelOutputsAreExact() {
        int S = 12;
        ConvolveAside.Result r = ConvolveAside.render(picture(0, S, 0), picture(1, S, 5), S);
        assertArrayEquals(new int[] {2, 3, S, S}, r.x().shape());
        assertArrayEquals(new int[] {2, 2, S, S}, r.out().shape());
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    assertEquals(red(n, i, j), r.x().get(n, 0, i, j), "x R");
                    assertEquals(blue(n, i, j), r.x().get(n, 2, i, j), "x B");
                    double gray = 0.3 * red(n, i, j) + 0.6 * green(n, i, j) + 0.1 * blue(n, i, j);
                    assertEquals(gray, r.out().get(n, 0, i, j), 0.0, "grayscale at " + n + "," + i + "," + j);
                    double sobel = 0;
                    int[] k = {1, 2, 1};
                    for (int q = -1; q <= 1; q++) {
                        sobel += k[q + 1] * (b(n, i - 1, j + q, S) - b(n, i + 1, j + q, S));
                    }
                    assertEquals(sobel + 128, r.out().get(n, 1, i, j), 0.0, "edges at " + n + "," + i + "," + j);
                }
            }
        }
        // one spot written out by hand: image 0, pixel (4, 5); B(i, j) = (7 i^2 + 23 j) % 256
        // above: B(3,4)=155 B(3,5)=178 B(3,6)=201; below: B(5,4)=11 B(5,5)=34 B(5,6)=57
        double hand = 128 + (155 + 2 * 178 + 201) - (11 + 2 * 34 + 57);
        assertEquals(hand, r.out().get(0, 1, 4, 5), 0.0);
    }

    /** Blue value with the conv's zero padding outside the image. */
    private static int b(int n, int i, int j, int S) {
        return i < 0 || j < 0 || i >= S || j >= S ? 0 : blue(n, i, j);
    }

    @Test
    void centreCropKeepsTheMiddleSquare() {
        BufferedImage wide = new BufferedImage(7, 4, BufferedImage.TYPE_INT_RGB);
        BufferedImage tall = new BufferedImage(4, 7, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 7; x++) {
                if (y < 4) wide.setRGB(x, y, 16 * x + y);
                if (x < 4) tall.setRGB(x, y, 16 * x + y);
            }
        }
        // d = 3: numpy's kitten[:, 1:-2] keeps columns 1..4
        BufferedImage cw = ConvolveAside.centreCropSquare(wide), ct = ConvolveAside.centreCropSquare(tall);
        assertEquals(4, cw.getWidth());
        assertEquals(4, cw.getHeight());
        assertEquals(4, ct.getHeight());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(16 * (x + 1) + y, cw.getRGB(x, y) & 0xffffff);
                assertEquals(16 * x + (y + 1), ct.getRGB(x, y) & 0xffffff);
            }
        }
    }

    @Test
    void resizeAveragesAndKeepsConstants() {
        BufferedImage flat = new BufferedImage(9, 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 5; y++) for (int x = 0; x < 9; x++) flat.setRGB(x, y, 0x204080);
        BufferedImage small = ConvolveAside.resize(flat, 3, 2), big = ConvolveAside.resize(flat, 20, 11);
        for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) assertEquals(0x204080, small.getRGB(x, y) & 0xffffff);
        for (int y = 0; y < 11; y++) for (int x = 0; x < 20; x++) assertEquals(0x204080, big.getRGB(x, y) & 0xffffff);
        // a 1-pixel checkerboard shrunk 4x averages to mid-gray instead of aliasing to black or white
        BufferedImage checker = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) checker.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0);
        BufferedImage four = ConvolveAside.resize(checker, 4, 4);
        int mid = (four.getRGB(1, 1) >> 8) & 0xff;
        assertTrue(mid > 100 && mid < 155, "mid-gray expected, got " + mid);
    }

    @Test
    void panelHasTheDocumentedLayoutAndShowsNormalisedOutputs() {
        ConvolveAside.Result r = ConvolveAside.render(picture(0, 50, 0), picture(1, 50, 20), 50);
        // S = 50 -> k = 4, cell 200: 2*20 + 3*200 + 2*20 = 680 wide, 2*20 + 30 + 2*200 + 20 = 490 high
        assertEquals(680, r.panel().getWidth());
        assertEquals(490, r.panel().getHeight());
        BufferedImage gray = ConvolveAside.normalized(r.out(), 1, 0);
        // second row, grayscale cell at x0 = 20 + 220, y0 = 20 + 30 + 220; pixel (i, j) -> block at 4j, 4i
        for (int[] p : new int[][] {{0, 0}, {7, 31}, {49, 49}, {25, 3}}) {
            int i = p[0], j = p[1];
            int panelPx = r.panel().getRGB(240 + 4 * j + 3, 270 + 4 * i + 2) & 0xffffff;
            assertEquals(gray.getRGB(j, i) & 0xffffff, panelPx, "pixel " + i + "," + j);
        }
        // imshow_noax: min -> 0, max -> 255, others uint8(255 (v - min) / (max - min))
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                min = Math.min(min, r.out().get(1, 0, i, j));
                max = Math.max(max, r.out().get(1, 0, i, j));
            }
        }
        double v = r.out().get(1, 0, 10, 10);
        assertEquals((int) (255.0 * (v - min) / (max - min)), gray.getRGB(10, 10) & 0xff);
        Set<Integer> levels = new HashSet<>();
        for (int i = 0; i < 50; i++) for (int j = 0; j < 50; j++) levels.add(gray.getRGB(j, i) & 0xff);
        assertTrue(levels.contains(0) && levels.contains(255), "full range used");
    }

    @Test
    void panelSizeForLargeImgSize() {
        ConvolveAside.Result r = ConvolveAside.render(picture(0, 8, 0), picture(1, 8, 2), 210);
        assertEquals(2 * 20 + 3 * 210 + 2 * 20, r.panel().getWidth());
        assertEquals(2 * 20 + 30 + 2 * 210 + 20, r.panel().getHeight());
    }

    @Test
    void samplesAreDeterministicSquareAndWide() {
        BufferedImage p1 = SampleImages.puppy(), p2 = SampleImages.puppy();
        BufferedImage k1 = SampleImages.kitten(), k2 = SampleImages.kitten();
        assertEquals(256, p1.getWidth());
        assertEquals(256, p1.getHeight());
        assertEquals(320, k1.getWidth());
        assertEquals(240, k1.getHeight());
        assertTrue(samePixels(p1, p2), "puppy must be identical on every call");
        assertTrue(samePixels(k1, k2), "kitten must be identical on every call");
        assertTrue(colours(p1) > 500 && colours(k1) > 500, "pictures, not flat fills");
    }

    @Test
    void defaultRenderAndWriteUseTheSamples() throws IOException {
        Path png = dir.resolve("aside.png");
        ConvolveAside.Result r = ConvolveAside.write(png);
        assertArrayEquals(new int[] {2, 2, 200, 200}, r.out().shape());
        assertEquals(240, r.croppedB().getWidth(), "kitten cropped to its height");
        BufferedImage read = ImageIO.read(png.toFile());
        assertNotNull(read);
        assertEquals(680, read.getWidth());
        assertEquals(490, read.getHeight());
        assertTrue(samePixels(r.panel(), read), "PNG is lossless");
        assertTrue(samePixels(r.panel(), ConvolveAside.render().panel()), "deterministic");
        assertEquals(List.of(png.getFileName()), TrainingPlotsTest.listNames(dir), "no temp files left behind");
        Tensor x = r.x();
        for (int i = 0; i < x.size(); i++) {
            double v = x.getFlat(i);
            assertTrue(v >= 0 && v <= 255 && v == Math.rint(v), "x holds 0..255 integers");
        }
    }

    @Test
    void readsPngAndJpegAndRejectsOtherFiles() throws IOException {
        BufferedImage img = picture(0, 16, 4);
        ImageIO.write(img, "jpg", dir.resolve("a.jpg").toFile());
        ImageIO.write(img, "png", dir.resolve("a.png").toFile());
        assertEquals(20, ConvolveAside.read(dir.resolve("a.jpg")).getWidth());
        assertTrue(samePixels(img, ConvolveAside.read(dir.resolve("a.png"))));
        Files.writeString(dir.resolve("not.png"), "hello");
        assertThrows(IOException.class, () -> ConvolveAside.read(dir.resolve("not.png")));
    }

    @Test
    void weightsAreTheSeeds() {
        Tensor w = ConvolveAside.weights();
        assertArrayEquals(new int[] {2, 3, 3, 3}, w.shape());
        double[] expected = new double[54];
        expected[4] = 0.3;          // w[0, 0, 1, 1]
        expected[9 + 4] = 0.6;      // w[0, 1, 1, 1]
        expected[18 + 4] = 0.1;     // w[0, 2, 1, 1]
        double[] sobel = {1, 2, 1, 0, 0, 0, -1, -2, -1};
        System.arraycopy(sobel, 0, expected, 27 + 18, 9); // w[1, 2]
        assertArrayEquals(expected, w.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 128}, ConvolveAside.bias().toDoubleArray(), 0.0);
    }

    @Test
    void rejectsBadArguments() {
        BufferedImage img = picture(0, 4, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvolveAside.render(img, img, 0));
        assertTrue(e.getMessage().contains("imgSize"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvolveAside.render(null, img, 8));
        assertThrows(IllegalArgumentException.class, () -> ConvolveAside.write(null, img, img, 8));
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) return false;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) return false;
            }
        }
        return true;
    }

    private static int colours(BufferedImage img) {
        Set<Integer> s = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) s.add(img.getRGB(x, y));
        return s.size();
    }
}
