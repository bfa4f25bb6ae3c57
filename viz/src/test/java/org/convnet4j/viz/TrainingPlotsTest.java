package org.convnet4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotsTest {
    private static final int BLUE = 0x1f77b4, ORANGE = 0xff7f0e;

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static final double[] LOSS = {2.30, 2.10, 1.95, 1.60, 1.42, 1.10, 0.95, 0.70, 0.52, 0.40};
    private static final double[] TRAIN = {0.10, 0.35, 0.62, 0.81, 0.93};
    private static final double[] VAL = {0.11, 0.16, 0.19, 0.21, 0.22};

    @Test
    void writesDecodablePngOfDefaultSize() throws IOException {
        Path png = dir.resolve("plots/train.png");
        TrainingPlots.write(png, LOSS, TRAIN, VAL, "overfit");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "PNG must decode");
        assertEquals(TrainingPlots.DEFAULT_WIDTH, img.getWidth());
        assertEquals(TrainingPlots.DEFAULT_HEIGHT, img.getHeight());
        assertEquals(List.of(png.getFileName()), listNames(png.getParent()), "no temp files left behind");
    }

    @Test
    void lossIsBlueOnTopAndValAccuracyIsOrangeOnlyBelow() {
        BufferedImage img = TrainingPlots.render(LOSS, TRAIN, VAL, null, 1000, 800);
        int half = img.getHeight() / 2;
        assertTrue(count(img, 0, half, BLUE) > 100, "loss markers drawn in the top panel");
        assertEquals(0, count(img, 0, half, ORANGE), "no val series in the loss panel");
        assertTrue(count(img, half, img.getHeight(), ORANGE) > 100, "val line drawn in the bottom panel");
        assertTrue(count(img, half, img.getHeight(), BLUE) > 100, "train line drawn in the bottom panel");
    }

    @Test
    void emptyHistoriesStillGiveAValidImage() throws IOException {
        Path png = dir.resolve("empty.png");
        TrainingPlots.write(png, new double[0], new double[0], new double[0], "");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1000, img.getWidth());
        assertEquals(800, img.getHeight());
        assertEquals(0, count(img, 0, 400, BLUE), "nothing plotted in the empty loss panel");
    }

    @Test
    void singlePointsAndNonFiniteValuesAreDrawable() {
        double[] loss = {2.3, Double.NaN, Double.POSITIVE_INFINITY, 1.9};
        BufferedImage img = TrainingPlots.render(loss, new double[] {0.1}, new double[] {0.12}, "t", 400, 300);
        assertEquals(400, img.getWidth());
        assertTrue(count(img, 0, 150, BLUE) > 10, "finite losses are still plotted");
    }

    @Test
    void rejectsNullHistoriesAndTinySizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingPlots.write(dir.resolve("x.png"), LOSS, null, VAL, null));
        assertTrue(e.getMessage().contains("trainAccHistory"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingPlots.render(LOSS, TRAIN, VAL, null, 100, 800));
        assertThrows(IllegalArgumentException.class, () -> TrainingPlots.write(null, LOSS, TRAIN, VAL, null));
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void theSolversHistoriesAreTakenAsTheyAre() throws IOException {
        Path fromArrays = dir.resolve("a.png"), fromLists = dir.resolve("l.png"), fromSolver = dir.resolve("s.png");
        TrainingPlots.write(fromArrays, LOSS, TRAIN, VAL, "t");
        List<Double> loss = java.util.Arrays.stream(LOSS).boxed().toList();
        TrainingPlots.write(fromLists, loss, java.util.Arrays.stream(TRAIN).boxed().toList(),
                java.util.Arrays.stream(VAL).boxed().toList(), "t");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(fromArrays), Files.readAllBytes(fromLists)),
                "the same picture as from arrays");

        org.convnet4j.data.DataSplits d = org.convnet4j.data.Synthetic.load(40, 10, 10, 1, 6, 231, true,
                org.convnet4j.tensor.DType.FLOAT64);
        org.convnet4j.model.Net net = org.convnet4j.model.Sequential.parse("affine(5)-relu-affine(10)").build(
                org.convnet4j.model.Net.Config.defaults(36).withDtype(org.convnet4j.tensor.DType.FLOAT64),
                org.convnet4j.model.Ops.naive(), new org.convnet4j.tensor.Rng(231));
        org.convnet4j.solver.Solver solver = new org.convnet4j.solver.Solver(net, d.train().images(), d.train().labels(),
                d.val().images(), d.val().labels(), org.convnet4j.solver.Solver.Options.defaults().withNumEpochs(2)
                .withBatchSize(10));
        solver.train();
        TrainingPlots.write(fromSolver, solver, "t");
        Path byHand = dir.resolve("h.png");
        TrainingPlots.write(byHand, solver.lossHistory(), solver.trainAccHistory(), solver.valAccHistory(), "t");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(fromSolver), Files.readAllBytes(byHand)));
        assertEquals(8, solver.lossHistory().size());

        List<Double> withNull = new java.util.ArrayList<>(loss);
        withNull.set(2, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingPlots.write(dir.resolve("n.png"), withNull, loss, loss, null));
        assertTrue(e.getMessage().contains("lossHistory[2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrainingPlots.write(dir.resolve("n.png"), (org.convnet4j.solver.Solver) null, null));
        assertTrue(e.getMessage().contains("solver"), e.getMessage());
    }

    private static int count(BufferedImage img, int y0, int y1, int rgb) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
            }
        }
        return n;
    }

    static List<Path> listNames(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(Path::getFileName).sorted().toList();
        }
    }
}
