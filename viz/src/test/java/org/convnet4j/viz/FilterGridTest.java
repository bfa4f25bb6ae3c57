package org.convnet4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterGridTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Two 1x1 RGB filters: (1, 2, 3) and (-5, 5, 0). */
    private static Tensor twoPixelFilters() {
        return Tensor.of(DType.FLOAT64, new double[] {1, 2, 3, -5, 5, 0}, 2, 3, 1, 1);
    }

    @Test
    void twoOneByOneFiltersGiveExactValuesAndPadding() {
        // G = ceil(sqrt(2)) = 2, grid 1*2 + 1*1 = 3 square; filter 0 at (0, 0), filter 1 at (0, 2)
        Tensor g = FilterGrid.grid(twoPixelFilters(), 255.0, 1);
        assertArrayEquals(new int[] {3, 3, 3}, g.shape());
        // filter 0: low 1, high 3 -> 0, 127.5, 255; filter 1: low -5, high 5 -> 0, 255, 127.5
        assertArrayEquals(new double[] {0, 127.5, 255}, new double[] {g.get(0, 0, 0), g.get(0, 0, 1), g.get(0, 0, 2)});
        assertArrayEquals(new double[] {0, 255, 127.5}, new double[] {g.get(0, 2, 0), g.get(0, 2, 1), g.get(0, 2, 2)});
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                if (y == 0 && x != 1) continue;
                for (int c = 0; c < 3; c++) assertEquals(0.0, g.get(y, x, c), "padding/unused at " + y + "," + x);
            }
        }
    }

    @Test
    void imageTruncatesLikeAstypeUint8AndScalesByBlocks() {
        BufferedImage img = FilterGrid.toImage(twoPixelFilters(), 2);
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        assertEquals(6, img.getWidth());
        assertEquals(6, img.getHeight());
        int f0 = (0 << 16) | (127 << 8) | 255, f1 = (0 << 16) | (255 << 8) | 127;
        int[][] expected = {
            {f0, f0, 0, 0, f1, f1},
            {f0, f0, 0, 0, f1, f1},
            {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}};
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) assertEquals(expected[y][x], img.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
        }
    }

    @Test
    void eachGrayscaleFilterIsNormalisedOnItsOwn() {
        // 4 filters 2x2, C = 1: the same ramp 0,1,2,3 at different offsets and scales, one constant filter
        double[] v = {0, 1, 2, 3, 10, 20, 30, 40, -7, -6.5, -6, -5.5, 4, 4, 4, 4};
        BufferedImage img = FilterGrid.toImage(Tensor.of(DType.FLOAT64, v, 4, 1, 2, 2), 1);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        assertEquals(5, img.getWidth()); // G = 2: 2*2 + 1
        assertEquals(5, img.getHeight());
        int[] ramp = {0, 85, 170, 255};
        int[][] origin = {{0, 0}, {0, 3}, {3, 0}};
        for (int[] o : origin) {
            for (int k = 0; k < 4; k++) {
                assertEquals(ramp[k], img.getRaster().getSample(o[1] + k % 2, o[0] + k / 2, 0), "cell " + o[0] + "," + o[1]);
            }
        }
        for (int k = 0; k < 4; k++) assertEquals(0, img.getRaster().getSample(3 + k % 2, 3 + k / 2, 0), "constant filter");
        for (int i = 0; i < 5; i++) {
            assertEquals(0, img.getRaster().getSample(2, i, 0), "padding column");
            assertEquals(0, img.getRaster().getSample(i, 2, 0), "padding row");
        }
    }

    @Test
    void gridSizeIsCeilOfSquareRoot() {
        int[][] cases = {{1, 1}, {2, 2}, {4, 2}, {5, 3}, {9, 3}, {10, 4}, {32, 6}, {36, 6}, {37, 7}};
        for (int[] c : cases) assertEquals(c[1], FilterGrid.gridSize(c[0]), "F = " + c[0]);
        Tensor g = FilterGrid.grid(Tensor.zeros(DType.FLOAT32, 5, 3, 7, 7), 255.0, 2);
        assertArrayEquals(new int[] {7 * 3 + 2 * 2, 7 * 3 + 2 * 2, 3}, g.shape());
    }

    @Test
    void writesPngThatDecodesToTheSamePixels() throws IOException {
        Tensor w = Tensor.randn(new Rng(231), DType.FLOAT32, 32, 3, 7, 7);
        Path png = dir.resolve("w1.png");
        FilterGrid.write(png, w, 3);
        BufferedImage read = ImageIO.read(png.toFile());
        BufferedImage img = FilterGrid.toImage(w, 3);
        assertEquals(141, read.getWidth()); // (7*6 + 5) * 3
        assertEquals(141, read.getHeight());
        for (int y = 0; y < 141; y++) {
            for (int x = 0; x < 141; x++) assertEquals(img.getRGB(x, y), read.getRGB(x, y));
        }
        assertEquals(List.of(png.getFileName()), TrainingPlotsTest.listNames(dir), "no temp files left behind");

        Path auto = dir.resolve("auto.png");
        FilterGrid.write(auto, w);
        assertEquals(47 * 8, ImageIO.read(auto.toFile()).getWidth()); // largest scale with side <= 400
    }

    @Test
    void rejectsBadShapesAndValues() {
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> FilterGrid.toImage(Tensor.zeros(DType.FLOAT64, 3, 7, 7)));
        assertTrue(rank.getMessage().contains("rank 4"), rank.getMessage());
        IllegalArgumentException ch = assertThrows(IllegalArgumentException.class,
                () -> FilterGrid.toImage(Tensor.zeros(DType.FLOAT64, 4, 2, 3, 3)));
        assertTrue(ch.getMessage().contains("C = 2"), ch.getMessage());
        Tensor nan = Tensor.zeros(DType.FLOAT64, 1, 1, 2, 2);
        nan.setFlat(3, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> FilterGrid.toImage(nan));
        assertThrows(IllegalArgumentException.class, () -> FilterGrid.toImage(twoPixelFilters(), 0));
        assertThrows(IllegalArgumentException.class, () -> FilterGrid.grid(twoPixelFilters(), 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> FilterGrid.grid(twoPixelFilters(), 255.0, -1));
        assertThrows(IllegalArgumentException.class,
                () -> FilterGrid.gridToImage(FilterGrid.grid(twoPixelFilters(), 300.0, 1), 1));
    }
}
