package org.convnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.convnet4j.cli.CliTest.Run;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.Synthetic;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.predict.Predictor;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, then predict and evaluate on what it wrote; filters on a checkpoint; info's data lines. */
class PredictEvaluateCliTest {
    @TempDir
    static Path shared;
    static Path out;
    static Run trained;

    @TempDir
    Path dir;

    /** One small synthetic training run for every test (seed 7, so the split's seed must be recorded). */
    @BeforeAll
    static void train() {
        System.setProperty("java.awt.headless", "true");
        out = shared.resolve("out");
        trained = CliTest.run("train", "--data", "synthetic", "--num-train", "300", "--num-val", "50", "--num-test", "70",
                "--hidden-dim", "20", "--num-filters", "4", "--epochs", "2", "--seed", "7", "--no-progress",
                "--out", out.toString());
    }

    @Test
    void trainRecordsThePreprocessingItUsed() throws Exception {
        assertEquals(0, trained.exit(), trained.out());
        ModelFile.Loaded loaded = ModelFile.load(out.resolve("model.cnv"), Ops.naive());
        assertTrue(loaded.preprocessingKnown(), loaded.toString());
        assertEquals("synthetic", loaded.preprocessing().dataset());
        assertEquals(Synthetic.CLASS_NAMES, loaded.preprocessing().classNames());
        assertArrayEquals(new int[] {3, 32, 32}, loaded.preprocessing().imageShape());
        assertEquals(255, loaded.preprocessing().white());
        DataSplits same = Synthetic.load(300, 50, 70, 3, 32, 7, true, DType.FLOAT32);
        assertTrue(same.mean().contentEquals(loaded.mean()), "the mean image subtracted in training");
        assertEquals("70", loaded.meta().get("num_test"));
        assertEquals("7", loaded.meta().get("data_seed"));
    }

    @Test
    void evaluateGivesTheTestAccuracyTrainPrintedAndWritesBothPictures() throws Exception {
        Path pics = dir.resolve("pics");
        Run r = CliTest.run("evaluate", "--model", out.resolve("model.cnv").toString(), "--out", pics.toString());
        assertEquals(0, r.exit(), r.out());
        Matcher m = Pattern.compile("test accuracy: [0-9.]+ \\((\\d+) of (\\d+) correct\\)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(70, Integer.parseInt(m.group(2)));
        double acc = (double) Integer.parseInt(m.group(1)) / 70;
        String recorded = ModelFile.load(out.resolve("model.cnv"), Ops.naive()).meta().get("test_acc");
        assertEquals(Double.parseDouble(recorded), acc, "evaluate's accuracy is train's, exactly");
        Matcher printed = Pattern.compile("test acc ([0-9.]+)").matcher(trained.out());
        assertTrue(printed.find(), trained.out());
        assertEquals(printed.group(1), String.format(java.util.Locale.ROOT, "%.4f", acc), "the figure train printed");
        assertTrue(r.out().contains("(the same)"), r.out());
        assertTrue(r.out().contains("precision") && r.out().contains("144deg-narrow"), r.out());
        assertTrue(r.out().contains("confusion matrix (rows: true class"), r.out());
        BufferedImage confusion = ImageIO.read(pics.resolve("confusion.png").toFile());
        BufferedImage grid = ImageIO.read(pics.resolve("misclassified.png").toFile());
        assertTrue(confusion.getWidth() >= 500 && grid.getWidth() > 96, confusion.getWidth() + " " + grid.getWidth());

        Run fewer = CliTest.run("evaluate", "--model", out.resolve("model.cnv").toString(), "--out", pics.toString(),
                "--num-test", "20", "--max-images", "3");
        assertEquals(0, fewer.exit(), fewer.out());
        assertTrue(fewer.out().contains("of 20 correct") && !fewer.out().contains("(the same)"), fewer.out());
    }

    @Test
    void predictPrintsTopKPerPictureAndOneLinePerBadFile() throws Exception {
        // a test image of the training data as a 32x32 PNG, and the same scaled up to 64x64 as a JPEG
        Dataset raw = Synthetic.load(0, 0, 3, 3, 32, 7 + 2, false, DType.FLOAT32).test();
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int r = (int) raw.images().get(0, 0, y, x), g = (int) raw.images().get(0, 1, y, x), b = (int) raw.images().get(0, 2, y, x);
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        Path png = dir.resolve("stripes.png"), jpg = dir.resolve("big.jpg");
        ImageIO.write(img, "png", png.toFile());
        BufferedImage big = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) big.setRGB(x, y, img.getRGB(x / 2, y / 2));
        ImageIO.write(big, "jpg", jpg.toFile());
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        Path missing = dir.resolve("missing.png");
        Path json = dir.resolve("p.json");

        Run r = CliTest.run("predict", "--model", out.resolve("model.cnv").toString(), "--top", "2", "--json", json.toString(),
                png.toString(), text.toString(), missing.toString(), jpg.toString());
        assertEquals(1, r.exit(), "a file failed: " + r.out());
        Predictor p = Predictor.of(ModelFile.load(out.resolve("model.cnv"), Ops.naive()));
        String expectedTop = p.predict(png).top(1).get(0).name();
        assertTrue(r.out().contains(png + "\n  1. " + expectedTop), r.out());
        assertTrue(r.out().contains(jpg + "\n  1. "), r.out());
        assertFalse(r.out().contains("  3. "), "--top 2: " + r.out());
        long errors = r.out().lines().filter(l -> l.startsWith("error: ")).count();
        assertEquals(2, errors, r.out());
        assertTrue(r.out().contains("error: " + text + ": not a picture"), r.out());
        assertTrue(r.out().contains("error: cannot access " + missing + ": does not exist"), r.out());
        assertTrue(r.out().contains("2 of 4 file(s) could not be classified"), r.out());

        JsonObject doc = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonArray images = doc.getAsJsonArray("images");
        assertEquals(4, images.size());
        JsonObject first = images.get(0).getAsJsonObject();
        assertEquals(expectedTop, first.get("predicted").getAsString());
        assertEquals(2, first.getAsJsonArray("top").size());
        double sum = 0;
        for (var e : first.getAsJsonObject("probabilities").entrySet()) sum += e.getValue().getAsDouble();
        assertEquals(1.0, sum, 1e-9);
        // the command ran the native layers (auto), this predictor the naive ones: float32 rounding apart
        assertEquals(p.predict(png).probability(p.predict(png).predictedClass()),
                first.getAsJsonArray("top").get(0).getAsJsonObject().get("probability").getAsDouble(), 1e-5);
        assertNotNull(images.get(1).getAsJsonObject().get("error"));
        assertTrue(images.get(2).getAsJsonObject().get("error").getAsString().contains("missing.png"));

        Run ok = CliTest.run("predict", "--model", out.resolve("model.cnv").toString(), png.toString());
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("  3. "), "default --top 3: " + ok.out());
        assertEquals(2, CliTest.run("predict", "--model", out.resolve("model.cnv").toString(), "--top", "0", png.toString()).exit());
    }

    @Test
    void aModelFileWithoutItsPreprocessingNeedsTrainedOn() throws Exception {
        Net net = Sequential.parse("conv(2,5)-relu-pool(4)-affine(10)").build(Net.Config.defaults(3, 32, 32), Ops.naive(),
                new Rng(3));
        Path old = dir.resolve("old.cnv");
        ModelFile.save(old, net, null, null);
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Path png = dir.resolve("x.png");
        ImageIO.write(img, "png", png.toFile());
        Run r = CliTest.run("predict", "--model", old.toString(), png.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("error: " + old + " does not record how its training images were prepared")
                && r.out().contains("--trained-on cifar10|fashion-mnist|synthetic"), r.out());
        Run given = CliTest.run("predict", "--model", old.toString(), "--trained-on", "cifar10", png.toString());
        assertEquals(0, given.exit(), given.out());
        assertTrue(given.out().contains("trained on cifar10"), given.out());
        assertEquals(2, CliTest.run("predict", "--model", old.toString(), "--trained-on", "auto", png.toString()).exit());
        Run wrong = CliTest.run("predict", "--model", out.resolve("model.cnv").toString(), "--trained-on", "cifar10", png.toString());
        assertEquals(1, wrong.exit());
        assertTrue(wrong.out().contains("records that it was trained on synthetic, not cifar10"), wrong.out());
        Run ev = CliTest.run("evaluate", "--model", old.toString(), "--out", dir.toString());
        assertEquals(1, ev.exit());
        assertTrue(ev.out().contains("--trained-on"), ev.out());
    }

    @Test
    void filtersTakesACheckpointAndRefusesANetWithoutConvolution() throws Exception {
        Path png = dir.resolve("f.png");
        Run r = CliTest.run("filters", "--model", out.resolve("checkpoint.cnv").toString(), "--out", png.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 10);
        Net fc = Sequential.parse("affine(5)-relu-affine(3)").build(Net.Config.defaults(12), Ops.naive(), new Rng(1));
        Path m = dir.resolve("fc.cnv");
        ModelFile.save(m, fc, null, null);
        Run bad = CliTest.run("filters", "--model", m.toString(), "--out", png.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.out().contains("is not a convolution"), bad.out());
        Path notModel = Files.writeString(dir.resolve("x.cnv"), "nope");
        Run worse = CliTest.run("filters", "--model", notModel.toString(), "--out", png.toString());
        assertEquals(1, worse.exit());
        assertTrue(worse.out().contains("x.cnv"), worse.out());
    }

    @Test
    void infoSaysWhichDataSetsWereFoundWhere() {
        Run r = CliTest.run("info");
        assertTrue(r.out().contains("data cifar10:"), r.out());
        assertTrue(r.out().matches("(?s).*data fashion-mnist: (/|not found in ).*"), r.out());
        assertTrue(r.out().contains("data synthetic:   built in"), r.out());
    }
}
