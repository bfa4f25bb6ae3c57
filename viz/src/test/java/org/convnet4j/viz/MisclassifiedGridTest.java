package org.convnet4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MisclassifiedGridTest {
    private static final List<String> NAMES = List.of("cat", "dog", "bird");

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** n images of 8x8: image i filled with one colour. */
    private static Tensor solid(int n, int c, double[][] colours) {
        Tensor t = Tensor.zeros(DType.FLOAT32, n, c, 8, 8);
        for (int i = 0; i < n; i++) for (int k = 0; k < c; k++) for (int p = 0; p < 64; p++) t.setFlat((i * c + k) * 64 + p, colours[i][k]);
        return t;
    }

    @Test
    void theImagesShownAreDrawnEnlargedInTheirColours() throws IOException {
        // image 0 pure red, 1 pure green (not shown), 2 pure blue; values past 0..255 are clipped
        Tensor img = solid(3, 3, new double[][] {{255, 0, 0}, {0, 255, 0}, {-40, 3, 400}});
        Path png = dir.resolve("m.png");
        MisclassifiedGrid.write(png, img, new int[] {2, 0}, new int[] {0, 1, 2}, new int[] {1, 2, 0},
                new double[] {0.9, 0.5, 0.7}, NAMES, null);
        BufferedImage out = ImageIO.read(png.toFile());
        int side = 8 * 12; // 8 px enlarged 12 times: about 96
        assertEquals(side * side, count(out, 0xff0000), "image 0, red");
        assertEquals(side * side, count(out, 0x0003ff), "image 2, blue, clipped");
        assertEquals(0, count(out, 0x00ff00), "image 1 not shown");
        assertTrue(out.getWidth() >= 2 * side);
    }

    @Test
    void greyImagesAndEmptySelectionsWork() {
        Tensor grey = solid(2, 1, new double[][] {{128}, {7.6}});
        BufferedImage out = MisclassifiedGrid.render(grey, new int[] {1}, new int[] {0, 1}, new int[] {2, 0}, null, NAMES, "t");
        // (the anti-aliased captions add a few grey pixels of their own)
        assertTrue(count(out, 0x080808) >= 96 * 96, "7.6 rounds to 8");
        assertTrue(count(out, 0x070707) < 96 * 96, "not truncated to 7");
        assertTrue(count(out, 0x808080) < 96 * 96, "image 0 not shown");
        BufferedImage none = MisclassifiedGrid.render(grey, new int[0], new int[] {0, 1}, new int[] {2, 0}, null, NAMES, "t");
        assertTrue(none.getWidth() > 0);
    }

    @Test
    void badArgumentsAreRefused() {
        Tensor img = solid(2, 3, new double[][] {{1, 2, 3}, {4, 5, 6}});
        int[] two = {0, 1};
        assertMessage(() -> MisclassifiedGrid.render(img, new int[] {2}, two, two, null, NAMES, null), "show[0]", "[0, 2)", "2");
        assertMessage(() -> MisclassifiedGrid.render(img, new int[] {0}, new int[] {0}, two, null, NAMES, null), "N = 2");
        assertMessage(() -> MisclassifiedGrid.render(img, new int[] {0}, new int[] {5, 0}, two, null, NAMES, null),
                "labels[0]", "[0, 3)", "5");
        assertMessage(() -> MisclassifiedGrid.render(Tensor.zeros(DType.FLOAT32, 2, 2, 8, 8), new int[0], two, two, null,
                NAMES, null), "C = 1 (grey) or 3 (RGB)");
        assertMessage(() -> MisclassifiedGrid.render(Tensor.zeros(DType.FLOAT32, 2, 8), new int[0], two, two, null,
                NAMES, null), "images", "rank 4");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), e.getMessage() + " lacks " + p);
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        return n;
    }
}
