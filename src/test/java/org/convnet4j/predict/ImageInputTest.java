package org.convnet4j.predict;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures to model inputs: resampling, channels, scaling, reading; known answers worked out by hand. */
class ImageInputTest extends TestBase {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static final List<String> AB = List.of("a", "b");

    @Test
    void shrinkingByTwoAveragesEachTwoByTwoBlock() {
        double[] src = {1, 3, 5, 7, 2, 4, 6, 8, 10, 20, 30, 40, 50, 60, 70, 80};
        assertArrayEquals(new double[] {2.5, 6.5, 35, 55}, ImageInput.resize(src, 4, 4, 2, 2), 1e-12);
    }

    @Test
    void nonIntegerRatiosWeightEachPixelByTheAreaCovered() {
        // 3 -> 2: output 0 covers [0, 1.5): p0 whole, half of p1; output 1 covers [1.5, 3)
        assertArrayEquals(new double[] {(3 + 0.5 * 6) / 1.5, (0.5 * 6 + 12) / 1.5},
                ImageInput.resize(new double[] {3, 6, 12}, 3, 1, 2, 1), 1e-12);
        // 2 -> 3: output 1 covers [2/3, 4/3): a third of p0 and a third of p1
        assertArrayEquals(new double[] {3, 4.5, 6}, ImageInput.resize(new double[] {3, 6}, 2, 1, 3, 1), 1e-12);
        // vertical too: 1 x 3 -> 1 x 2
        assertArrayEquals(new double[] {(3 + 0.5 * 6) / 1.5, (0.5 * 6 + 12) / 1.5},
                ImageInput.resize(new double[] {3, 6, 12}, 1, 3, 1, 2), 1e-12);
    }

    @Test
    void enlargingByAWholeFactorRepeatsPixelsAndTheSameSizeChangesNothing() {
        assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2}, ImageInput.resize(new double[] {1, 2}, 2, 1, 4, 2));
        double[] src = {0.1, 0.7, 0.3, 0.9, 0.2, 0.5};
        double[] same = ImageInput.resize(src, 3, 2, 3, 2);
        assertArrayEquals(src, same);
        same[0] = 9;
        assertEquals(0.1, src[0], "a copy");
        // a constant picture stays constant at any size
        double[] c = new double[35];
        Arrays.fill(c, 77);
        for (double v : ImageInput.resize(c, 7, 5, 3, 4)) assertEquals(77, v, 1e-12);
    }

    @Test
    void resizeRefusesBadSizes() {
        rejects(() -> ImageInput.resize(new double[6], 3, 2, 0, 1), "resize", "outW", "0");
        rejects(() -> ImageInput.resize(new double[5], 3, 2, 1, 1), "resize", "src", "w*h = 6", "5");
    }

    private static Preprocessing pre(int c, int h, int w, double black, double white) {
        return new Preprocessing("t", AB, new int[] {c, h, w}, black, white, null);
    }

    @Test
    void colourPixelsGiveRgbPlanesOrBt601Luma() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x102030);
        img.setRGB(1, 0, 0xFF8000);
        double[] rgb = new double[6];
        ImageInput.pixels(img, pre(3, 1, 2, 0, 255), rgb, 0);
        assertArrayEquals(new double[] {0x10, 0xFF, 0x20, 0x80, 0x30, 0x00}, rgb);
        double[] grey = new double[2];
        ImageInput.pixels(img, pre(1, 1, 2, 0, 255), grey, 0);
        assertArrayEquals(new double[] {0.299 * 16 + 0.587 * 32 + 0.114 * 48, 0.299 * 255 + 0.587 * 128}, grey, 1e-12);
        // the value range: black + (white - black) * v / 255
        double[] scaled = new double[2];
        ImageInput.pixels(img, pre(1, 1, 2, -1, 1), scaled, 0);
        assertEquals(-1 + 2 * (0.299 * 255 + 0.587 * 128) / 255, scaled[1], 1e-12);
    }

    @Test
    void greyPicturesAreReadFromTheirSamplesNotThroughJavasGammaConversion() {
        BufferedImage g = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(0, 0, 0, 128);
        g.getRaster().setSample(1, 0, 0, 0);
        g.getRaster().setSample(2, 0, 0, 255);
        assertEquals(0xbc, g.getRGB(0, 0) & 0xFF, "what getRGB would give (linear grey to sRGB): the reason for the rule");
        double[] grey = new double[3];
        ImageInput.pixels(g, pre(1, 1, 3, 0, 255), grey, 0);
        assertArrayEquals(new double[] {128, 0, 255}, grey);
        double[] rgb = new double[9];
        ImageInput.pixels(g, pre(3, 1, 3, 0, 255), rgb, 0);
        assertArrayEquals(new double[] {128, 0, 255, 128, 0, 255, 128, 0, 255}, rgb, "grey as r = g = b");
        BufferedImage g16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 65535);
        double[] one = new double[1];
        ImageInput.pixels(g16, pre(1, 1, 1, 0, 255), one, 0);
        assertEquals(255, one[0], 1e-12);
        // a colour picture whose pixels are grey gives the grey level exactly, not through the luma weights
        BufferedImage c = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        c.setRGB(0, 0, 0x777777);
        ImageInput.pixels(c, pre(1, 1, 1, 0, 255), one, 0);
        assertEquals(0x77, one[0]);
    }

    @Test
    void transparentPixelsAreCompositedOverBlack() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00FFFFFF); // fully transparent white
        img.setRGB(1, 0, 0x80FF0000); // half-transparent red
        double[] rgb = new double[6];
        ImageInput.pixels(img, pre(3, 1, 2, 0, 255), rgb, 0);
        assertArrayEquals(new double[] {0, 255 * 128 / 255.0, 0, 0, 0, 0}, rgb, 1e-12);
    }

    @Test
    void aPictureIsResizedPlaneByPlaneAsResizeDoes() {
        BufferedImage img = new BufferedImage(13, 9, BufferedImage.TYPE_INT_RGB);
        double[][] planes = new double[3][13 * 9];
        int[] v = rng.randint(256, 3 * 13 * 9);
        for (int i = 0; i < 13 * 9; i++) {
            img.setRGB(i % 13, i / 13, v[3 * i] << 16 | v[3 * i + 1] << 8 | v[3 * i + 2]);
            for (int k = 0; k < 3; k++) planes[k][i] = v[3 * i + k];
        }
        double[] got = new double[3 * 4 * 5];
        ImageInput.pixels(img, pre(3, 4, 5, 0, 255), got, 0);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(ImageInput.resize(planes[k], 13, 9, 5, 4), Arrays.copyOfRange(got, k * 20, (k + 1) * 20),
                    "channel " + k);
        }
    }

    @Test
    void onlyGreyAndRgbModelsTakePictures() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        rejects(() -> ImageInput.pixels(img, pre(2, 2, 2, 0, 255), new double[8], 0), "image", "C = 1 (grey) or 3 (RGB)",
                "C = 2");
    }

    @Test
    void pngAndJpegFilesOfAnySizeAreRead() throws IOException {
        BufferedImage img = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 23; y++) for (int x = 0; x < 37; x++) img.setRGB(x, y, (x * 7) << 16 | (y * 11) << 8 | 99);
        for (String format : new String[] {"png", "jpg"}) {
            Path f = dir.resolve("pic." + format);
            assertTrue(ImageIO.write(img, format, f.toFile()));
            BufferedImage back = ImageInput.read(f);
            assertEquals(37, back.getWidth());
            assertEquals(23, back.getHeight());
            if (format.equals("png")) assertEquals(img.getRGB(5, 7), back.getRGB(5, 7));
        }
    }

    @Test
    void aPictureTooLargeToDecodeIsRefusedFromItsHeader() throws IOException {
        Path small = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", small.toFile());
        byte[] b = Files.readAllBytes(small);
        // IHDR: length at 8, type at 12, width at 16, height at 20, CRC (of type and data) at 29
        java.nio.ByteBuffer.wrap(b).putInt(16, 10_000).putInt(20, 10_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 12, 17);
        java.nio.ByteBuffer.wrap(b).putInt(29, (int) crc.getValue());
        Path huge = Files.write(dir.resolve("huge.png"), b);
        IOException e = assertThrows(IOException.class, () -> ImageInput.read(huge));
        assertTrue(e.getMessage().startsWith(huge + ": the picture is 10000x10000 pixels, more than the 60000000"),
                e.getMessage());
    }

    @Test
    void unreadableFilesAreIoErrorsNamingTheFile() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        Path missing = dir.resolve("missing.png");
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        Path good = dir.resolve("good.png");
        ImageIO.write(img, "png", good.toFile());
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.png"), Arrays.copyOf(bytes, bytes.length / 2));
        Path jpeg = dir.resolve("good.jpg");
        ImageIO.write(img, "jpg", jpeg.toFile());
        byte[] jb = Files.readAllBytes(jpeg);
        Path cutJpeg = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jb, 40));
        for (Path p : new Path[] {text, missing, truncated, cutJpeg, dir}) {
            IOException e = assertThrows(IOException.class, () -> ImageInput.read(p), p.toString());
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        }
    }
}
