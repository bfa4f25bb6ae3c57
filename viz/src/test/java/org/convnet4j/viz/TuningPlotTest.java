package org.convnet4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuningPlotTest extends TestBase {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static final List<TuningPlot.Point> POINTS = List.of(
            new TuningPlot.Point(1e-4, 1e-5, 0.20, 0.18),
            new TuningPlot.Point(1e-3, 1e-4, 0.60, 0.52),
            new TuningPlot.Point(1e-2, 1e-3, 0.45, 0.40),
            new TuningPlot.Point(1e-1, 1e-2, Double.NaN, Double.NaN));

    @Test
    void writesADecodablePngOfTheDefaultSize() throws IOException {
        Path png = dir.resolve("t/tuning.png");
        TuningPlot.write(png, POINTS, 1, "sweep");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(TuningPlot.DEFAULT_WIDTH, img.getWidth());
        assertEquals(TuningPlot.DEFAULT_HEIGHT, img.getHeight());
        try (var files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "no temporary files left");
        }
    }

    @Test
    void theBestIsRingedInBothPanelsAndFailuresAreGrey() {
        BufferedImage with = TuningPlot.render(POINTS, 1, null, 1000, 900);
        BufferedImage without = TuningPlot.render(POINTS, -1, null, 1000, 900);
        int half = with.getHeight() / 2;
        int red = TuningPlot.BEST.getRGB() & 0xffffff;
        assertTrue(count(with, 0, half, red) > 50, "ring in the training panel");
        assertTrue(count(with, half, with.getHeight(), red) > 50, "ring in the validation panel");
        assertEquals(0, count(without, 0, with.getHeight(), red), "no ring without a best");
        int grey = TuningPlot.FAILED.getRGB() & 0xffffff;
        assertTrue(count(with, half, with.getHeight(), grey) > 5, "the failed configuration's cross");
    }

    @Test
    void colourFollowsAccuracyOnTheViridisScale() {
        TuningPlot.Viridis v = new TuningPlot.Viridis(0.2, 0.6);
        assertEquals(new Color(0x440154), v.getPaint(0.2));
        assertEquals(new Color(0xfde725), v.getPaint(0.6));
        assertEquals(new Color(0x21918c), v.getPaint(0.4));
        assertEquals(new Color(0xfde725), v.getPaint(0.9), "clamped above");
    }

    @Test
    void ticksSitAtRoundNumbers() {
        assertEquals(List.of("1e-4", "2e-4", "5e-4", "1e-3"), labels(1e-4 / 1.8, 7e-4 * 1.8),
                "a narrow axis: 1, 2 and 5 times a decade");
        assertEquals(List.of("1e-5", "1e-4", "1e-3", "1e-2", "1e-1"), labels(5e-6, 0.2), "a wide axis: the decades");
        TuningPlot.TickedLogAxis a = new TuningPlot.TickedLogAxis("x");
        a.setRange(1e-4, 1e-2);
        assertEquals(19, a.ticks(org.jfree.chart.ui.TextAnchor.TOP_CENTER).size(), "1..9 x 1e-4, 1..9 x 1e-3, 1e-2");
    }

    private static List<String> labels(double lo, double hi) {
        TuningPlot.TickedLogAxis a = new TuningPlot.TickedLogAxis("x");
        a.setRange(lo, hi);
        return a.ticks(org.jfree.chart.ui.TextAnchor.TOP_CENTER).stream().map(t -> t.getText())
                .filter(t -> !t.isEmpty()).toList();
    }

    @Test
    void emptyOrZeroRegStillDraws() {
        BufferedImage empty = TuningPlot.render(List.of(), -1, "none", 600, 500);
        assertEquals(600, empty.getWidth());
        BufferedImage zero = TuningPlot.render(List.of(new TuningPlot.Point(1e-3, 0, 0.5, 0.5)), 0, null, 600, 500);
        assertEquals(500, zero.getHeight());
    }

    @Test
    void badInputIsRefusedNamingTheArgument() {
        assertThrows(IllegalArgumentException.class, () -> TuningPlot.render(null, -1, null, 600, 500));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TuningPlot.render(POINTS, 4, null, 600, 500));
        assertEquals("tuning plot: best must be -1 or in [0, 4), got 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TuningPlot.render(List.of(new TuningPlot.Point(0, 1e-3, 0.5, 0.5)), -1, null, 600, 500));
        assertEquals("tuning plot: points[0].lr must be a finite number > 0, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TuningPlot.render(List.of(new TuningPlot.Point(1e-3, 1e-3, 1.5, 0.5)), -1, null, 600, 500));
        assertTrue(e.getMessage().startsWith("tuning plot: points[0] accuracies must be in [0, 1] or NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TuningPlot.render(POINTS, -1, null, 100, 500));
    }

    private static int count(BufferedImage img, int y0, int y1, int rgb) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        }
        return n;
    }
}
