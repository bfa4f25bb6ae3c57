package org.convnet4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixPlotTest {
    private static final int DARK = 0x08306b, LIGHT = 0xf7fbff;
    private static final List<String> NAMES = List.of("T-shirt/top", "Trouser", "Pullover");

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void writesADecodablePng() throws IOException {
        Path png = dir.resolve("c.png");
        ConfusionMatrixPlot.write(png, new long[][] {{5, 1, 0}, {0, 6, 0}, {2, 0, 4}}, NAMES, "confusion");
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() >= ConfusionMatrixPlot.MIN_SIDE && img.getHeight() >= ConfusionMatrixPlot.MIN_SIDE);
    }

    @Test
    void cellsAreColouredByTheirShareOfTheRow() {
        // a perfect classifier: the three diagonal cells are the darkest blue, the rest near white
        BufferedImage perfect = ConfusionMatrixPlot.render(new long[][] {{9, 0, 0}, {0, 3, 0}, {0, 0, 1}}, NAMES, null);
        // every row spread evenly: no cell reaches the darkest blue (only the colour bar has it)
        BufferedImage even = ConfusionMatrixPlot.render(new long[][] {{3, 3, 3}, {1, 1, 1}, {2, 2, 2}}, NAMES, null);
        assertEquals(perfect.getWidth(), even.getWidth());
        int darkPerfect = count(perfect, DARK), darkEven = count(even, DARK);
        assertTrue(darkPerfect > darkEven + 3 * 40 * 40, "three dark cells: " + darkPerfect + " vs " + darkEven);
        assertTrue(count(perfect, LIGHT) > count(even, LIGHT) + 6 * 40 * 40, "six white cells");
        // a row with no images stays white: no division by zero
        BufferedImage empty = ConfusionMatrixPlot.render(new long[][] {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}, NAMES, "none");
        assertTrue(count(empty, LIGHT) >= count(perfect, LIGHT) + 3 * 40 * 40);
    }

    @Test
    void moreClassesGiveABiggerPicture() {
        long[][] ten = new long[10][10];
        List<String> names = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        long[][] twenty = new long[20][20];
        List<String> names20 = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) names20.add("class " + i);
        assertTrue(ConfusionMatrixPlot.render(twenty, names20, null).getWidth()
                > ConfusionMatrixPlot.render(ten, names, null).getWidth());
    }

    @Test
    void badMatricesAreRefusedNamingTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixPlot.render(new long[2][2], NAMES, null));
        assertTrue(e.getMessage().contains("K x K with K = 3") && e.getMessage().contains("2 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixPlot.render(new long[][] {{1, 0, 0}, {0, 1}, {0, 0, 1}}, NAMES, null));
        assertTrue(e.getMessage().contains("confusion[1] must have 3 entries, got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixPlot.render(new long[][] {{1, 0, 0}, {0, -1, 0}, {0, 0, 1}}, NAMES, null));
        assertTrue(e.getMessage().contains("confusion[1][1] must be >= 0, got -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixPlot.write(null, new long[3][3], NAMES, null));
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        return n;
    }
}
