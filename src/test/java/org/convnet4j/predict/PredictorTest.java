package org.convnet4j.predict;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.MeanImage;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.data.Synthetic;
import org.convnet4j.fast.Backend;
import org.convnet4j.layers.Mode;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.UpdateRule;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Predictions on pictures are the net's scores on the same images prepared as training prepares them
 * (8-bit values, minus the mean image), bit for bit; batching does not change them; and accuracy on a
 * split equals the Solver's.
 */
class PredictorTest extends TestBase {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static final List<String> FIVE = List.of("a", "b", "c", "d", "e");

    private Net net(int c, DType dt, Ops ops) {
        // weight scale 0.05 on 0..255 inputs: scores of order 1, so the softmax is not saturated
        return Sequential.parse("conv(4,3)-relu-pool(2)-affine(6)-relu-affine(5)").build(Net.Config.defaults(c, 8, 8)
                .withDtype(dt).withWeightScale(0.01), ops, rng);
    }

    /** Random 8-bit pictures of (h, w), RGB or grey, and the (N, C, 8, 8) tensor of their values at model size. */
    private BufferedImage randomPicture(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        int[] v = rng.randint(256, 3 * w * h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                if (type == BufferedImage.TYPE_BYTE_GRAY) img.getRaster().setSample(x, y, 0, v[i]);
                else img.setRGB(x, y, v[i] << 16 | v[i + 1] << 8 | v[i + 2]);
            }
        }
        return img;
    }

    /** The pixel values of pictures at model size, the way a data loader stores them: (N, C, H, W), 0..255. */
    private static Tensor raw(List<BufferedImage> images, int c, DType dt) {
        int h = images.get(0).getHeight(), w = images.get(0).getWidth();
        Tensor t = Tensor.zeros(dt, images.size(), c, h, w);
        for (int n = 0; n < images.size(); n++) {
            BufferedImage img = images.get(n);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (c == 1) {
                        t.set(img.getRaster().getSample(x, y, 0), n, 0, y, x);
                    } else {
                        int rgb = img.getRGB(x, y);
                        t.set((rgb >> 16) & 0xFF, n, 0, y, x);
                        t.set((rgb >> 8) & 0xFF, n, 1, y, x);
                        t.set(rgb & 0xFF, n, 2, y, x);
                    }
                }
            }
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void picturesGiveTheScoresOfTheEquivalentPreparedTensor(DType dt) throws IOException {
        for (int c : new int[] {3, 1}) {
            Net net = net(c, dt, Ops.naive());
            int type = c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY;
            List<BufferedImage> pics = new ArrayList<>();
            for (int i = 0; i < 7; i++) pics.add(randomPicture(8, 8, type));
            Tensor x = raw(pics, c, dt);
            Tensor mean = MeanImage.compute(x);
            Preprocessing pre = new Preprocessing("t", FIVE, new int[] {c, 8, 8}, 0, 255, mean);
            MeanImage.subtractInPlace(x, mean); // as DataSplits.of prepares a split for training
            Tensor expected = net.scores(x, Mode.TEST);

            Predictor p = new Predictor(net, pre);
            assertTrue(p.prepare(pics).contentEquals(x), "prepared pictures = the centred split");
            List<Prediction> got = p.predict(pics);
            for (int i = 0; i < pics.size(); i++) {
                double[] row = new double[5];
                for (int k = 0; k < 5; k++) row[k] = expected.get(i, k);
                assertArrayEquals(row, got.get(i).scores(), "picture " + i + ", C=" + c + ", " + dt);
                assertArrayEquals(row, p.predict(pics.get(i)).scores(), "one at a time");
            }
            // the same pictures as PNG files
            Path png = dir.resolve("p" + c + ".png");
            ImageIO.write(pics.get(3), "png", png.toFile());
            assertArrayEquals(got.get(3).scores(), p.predict(png).scores());
        }
    }

    @Test
    void largerPicturesAreShrunkByAreaAveragingFirst() {
        Net net = net(3, DType.FLOAT64, Ops.naive());
        Preprocessing pre = new Preprocessing("t", FIVE, new int[] {3, 8, 8}, 0, 255, Tensor.randn(rng, DType.FLOAT64, 3, 8, 8));
        BufferedImage small = randomPicture(8, 8, BufferedImage.TYPE_INT_RGB);
        // each pixel as a 3x3 block: the box average of a block is its value
        BufferedImage big = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) for (int x = 0; x < 24; x++) big.setRGB(x, y, small.getRGB(x / 3, y / 3));
        Predictor p = new Predictor(net, pre);
        assertArrayEquals(p.predict(small).scores(), p.predict(big).scores(), 1e-12);
    }

    @Test
    void batchesDoNotChangeTheAnswers() {
        Net net = net(3, DType.FLOAT32, Ops.naive());
        Predictor p = new Predictor(net, new Preprocessing("t", FIVE, new int[] {3, 8, 8}, 0, 255, null));
        List<BufferedImage> pics = new ArrayList<>();
        for (int i = 0; i < 23; i++) pics.add(randomPicture(10, 6, BufferedImage.TYPE_INT_RGB));
        List<Prediction> all = p.withBatchSize(5).predict(pics);
        assertEquals(23, all.size());
        for (int i = 0; i < pics.size(); i++) assertArrayEquals(p.predict(pics.get(i)).scores(), all.get(i).scores());
    }

    @Test
    void filesAreClassifiedAndEachUnreadableOneIsReportedNotFatal() throws IOException {
        Net net = net(3, DType.FLOAT32, Ops.naive());
        Predictor p = new Predictor(net, new Preprocessing("t", FIVE, new int[] {3, 8, 8}, 0, 255, null)).withBatchSize(2);
        BufferedImage a = randomPicture(8, 8, BufferedImage.TYPE_INT_RGB), b = randomPicture(30, 20, BufferedImage.TYPE_INT_RGB);
        Path pa = dir.resolve("a.png"), pb = dir.resolve("b.jpg");
        ImageIO.write(a, "png", pa.toFile());
        ImageIO.write(b, "jpg", pb.toFile());
        Path text = Files.writeString(dir.resolve("c.png"), "text"), missing = dir.resolve("gone.png");
        List<Predictor.FileOutcome> out = p.predictFiles(List.of(text, pa, missing, pb, text));
        assertEquals(5, out.size());
        assertTrue(out.get(0).error().getMessage().contains("c.png"));
        assertArrayEquals(p.predict(a).scores(), out.get(1).prediction().scores());
        assertTrue(out.get(2).error().getMessage().contains("gone.png"));
        assertArrayEquals(p.predict(ImageIO.read(pb.toFile())).scores(), out.get(3).prediction().scores());
        assertNull(out.get(3).error());
        assertEquals(List.of(text, pa, missing, pb, text), out.stream().map(Predictor.FileOutcome::file).toList());
        IOException e = assertThrows(IOException.class, () -> p.predict(missing));
        assertTrue(e.getMessage().contains("gone.png"), e.getMessage());
    }

    @Test
    void accuracyOnASplitIsTheSolversAndTheLoadedModelGivesIt() throws IOException {
        checkAgainstSolver(Ops.naive());
    }

    @Test
    void accuracyOnASplitIsTheSolversOnTheNativeLayersToo() throws IOException {
        NativeAssume.nativeAvailable();
        checkAgainstSolver(Ops.of(Backend.NATIVE));
    }

    private void checkAgainstSolver(Ops ops) throws IOException {
        DataSplits data = Synthetic.load(400, 50, 230, 3, 12, 9, true, DType.FLOAT32);
        Net net = Sequential.parse("conv(8,5)-relu-pool(2)-affine(20)-relu-affine(10)").build(Net.Config.defaults(3, 12, 12),
                ops, rng);
        Solver solver = new Solver(net, data.train().images(), data.train().labels(), data.val().images(),
                data.val().labels(), Solver.Options.defaults()
                .withUpdateRule(UpdateRule.of("adam", 1e-3)).withNumEpochs(5).withBatchSize(20));
        solver.train();
        double solverAcc = solver.checkAccuracy(data.test().images(), data.test().labels(), 0);
        Path f = dir.resolve("m.cnv");
        ModelFile.saveWithPreprocessing(f, net, Preprocessing.of(data, "synthetic"), Map.of());
        Predictor p = Predictor.of(ModelFile.load(f, ops));
        Dataset rawTest = Synthetic.load(400, 50, 230, 3, 12, 9, false, DType.FLOAT32).test();
        Evaluation e = p.evaluate(rawTest);
        assertEquals(solverAcc, e.accuracy());
        assertEquals(solverAcc, p.evaluatePrepared(data.test()).accuracy());
        assertTrue(solverAcc > 0.2, "the net learned something: " + solverAcc);
        assertTrue(java.util.Arrays.stream(e.predicted()).distinct().count() >= 3, "not one class for every image");
        List<Prediction> prepared = p.predictPrepared(data.test().images());
        List<Prediction> fromRaw = p.predict(rawTest);
        for (int i = 0; i < prepared.size(); i++) assertArrayEquals(prepared.get(i).scores(), fromRaw.get(i).scores());
    }

    @Test
    void modelsWithoutARecordNeedThePreprocessingPassed() throws IOException {
        Net net = net(3, DType.FLOAT32, Ops.naive());
        Path f = dir.resolve("old.cnv");
        ModelFile.save(f, net, null, null);
        ModelFile.Loaded loaded = ModelFile.load(f, Ops.naive());
        rejects(() -> Predictor.of(loaded), "predictor", "records no preprocessing", "Preprocessing.of(DataSource.");
        rejects(() -> Predictor.of(null), "predictor", "loaded");
    }

    @Test
    void badInputIsRefusedNamingArgumentExpectedAndActual() {
        Net net = net(3, DType.FLOAT32, Ops.naive());
        Preprocessing ok = new Preprocessing("t", FIVE, new int[] {3, 8, 8}, 0, 255, null);
        rejects(() -> new Predictor(net, new Preprocessing("t", FIVE, new int[] {1, 8, 8}, 0, 255, null)), "predictor",
                "image shape [1, 8, 8]", "[3, 8, 8]");
        rejects(() -> new Predictor(net, new Preprocessing("t", List.of("a", "b"), new int[] {3, 8, 8}, 0, 255, null)),
                "predictor", "5 classes", "got 2");
        rejects(() -> new Predictor(null, ok), "predictor", "net");
        Predictor p = new Predictor(net, ok);
        rejects(() -> p.withBatchSize(0), "predictor", "batchSize", "0");
        rejects(() -> p.predict((BufferedImage) null), "predictor", "image");
        List<BufferedImage> withNull = new ArrayList<>();
        withNull.add(null);
        rejects(() -> p.predict(withNull), "predictor", "images[0]");
        Dataset wrong = new Dataset(Tensor.zeros(DType.FLOAT32, 2, 3, 9, 8), new int[] {0, 1}, FIVE);
        rejects(() -> p.predict(wrong), "preprocessing", "raw", "(N, 3, 8, 8)", "[2, 3, 9, 8]");
        Dataset twoClasses = new Dataset(Tensor.zeros(DType.FLOAT32, 2, 3, 8, 8), new int[] {0, 1}, List.of("a", "b"));
        rejects(() -> p.evaluate(twoClasses), "predictor", "5 classes", "got 2");
        rejects(() -> p.predictPrepared(Tensor.zeros(DType.FLOAT64, 2, 3, 8, 8)), "net", "X", "FLOAT32", "FLOAT64");
        rejects(() -> p.predictPrepared(Tensor.zeros(DType.FLOAT32, 4)), "predictor", "x", "[4]");
    }
}
