package org.convnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.convnet4j.cli.CliTest.Run;
import org.convnet4j.data.CifarFixtures;
import org.convnet4j.data.DataLocator;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.Rng;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, kind 9: the command line's rough edges, as a new user meets them. Each test is one example of
 * the issue (or the same fault found elsewhere).
 */
class CliRoughEdgesTest extends TestBase {
    @TempDir
    Path dir;

    /** A usage error is the message, then one hint line, and exit code 2: not 66 lines of help. */
    private static void assertUsageError(String firstLine, Run r) {
        assertEquals(2, r.exit(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertEquals(firstLine, lines.get(0));
        assertTrue(lines.get(1).startsWith("Try 'convnet4j") && lines.get(1).endsWith(" --help' for the options."),
                lines.get(1));
    }

    @Test
    void badChoicesAreUsageErrorsNamingOptionExpectedAndActual() {
        String out = dir.resolve("out").toString();
        assertUsageError("Invalid value for option '--backend': expected naive, native or auto, got gpu",
                CliTest.run("train", "--backend", "gpu", "--data", "synthetic", "--out", out));
        assertUsageError("Invalid value for option '--backend': expected naive, native or auto, got gpu",
                CliTest.run("overfit", "--backend", "gpu", "--data", "synthetic", "--out", out));
        assertUsageError("Invalid value for option '--backend': expected naive, native or auto, got gpu",
                CliTest.run("gradcheck", "--backend", "gpu"));
        assertUsageError("Invalid value for option '--data': expected one of cifar10, fashion-mnist, synthetic, auto, got mnist",
                CliTest.run("train", "--data", "mnist", "--out", out));
        assertUsageError("Invalid value for positional parameter 'DATASET': expected cifar10 (the only data set to fetch; "
                + "for Fashion-MNIST: apt-get install dataset-fashion-mnist), got mnist", CliTest.run("data", "fetch", "mnist"));
    }

    @Test
    void usageErrorsPrintTheErrorAndOneHintNotTheHelp() {
        assertUsageError("Invalid value for option '--epochs': expected an integer >= 1, got 0",
                CliTest.run("train", "--epochs", "0"));
        Run r = CliTest.run("train", "--no-such-option");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().startsWith("Unknown option: '--no-such-option'"), r.out());
        assertTrue(r.out().lines().count() <= 3, r.out()); // the error, picocli's "did you mean" if any, the hint
        assertTrue(r.out().strip().endsWith("Try 'convnet4j train --help' for the options."), r.out());
        assertUsageError("Missing required subcommand", CliTest.run("data"));
        assertUsageError("Missing required parameter: 'DATASET'", CliTest.run("data", "fetch"));
        r = CliTest.run("data", "fetch");
        assertEquals("Try 'convnet4j data fetch --help' for the options.", r.out().lines().toList().get(1));
    }

    @Test
    void helpReachesSubcommandsAtAnyDepth() {
        Run r = CliTest.run("help", "data", "fetch");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().startsWith("Usage: convnet4j data fetch "), r.out());
        assertTrue(r.out().contains("--archive"), r.out());
        assertTrue(CliTest.run("help", "data").out().startsWith("Usage: convnet4j data "));
        assertTrue(CliTest.run("help", "train").out().startsWith("Usage: convnet4j train "));
        assertTrue(CliTest.run("help").out().startsWith("Usage: convnet4j "));
        assertUsageError("Unknown command 'data nope': expected after 'data' one of [fetch]",
                CliTest.run("help", "data", "nope"));
    }

    /** The launcher passes its name, so that the hint names the command as typed. */
    @Test
    void theHintNamesTheLauncherAsTyped() {
        System.setProperty(Main.LAUNCHER_PROPERTY, "./convnet4j");
        try {
            Run r = CliTest.run("data", "fetch", "mnist");
            assertEquals("Try './convnet4j data fetch --help' for the options.", r.out().lines().toList().get(1));
        } finally {
            System.clearProperty(Main.LAUNCHER_PROPERTY);
        }
    }

    /** What a terminal shows after {@code text}: '\r' returns to column 0, '\n' starts a new line. */
    static List<String> screen(String text) {
        List<StringBuilder> lines = new ArrayList<>(List.of(new StringBuilder()));
        int col = 0;
        for (char c : text.toCharArray()) {
            StringBuilder line = lines.get(lines.size() - 1);
            if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                lines.add(new StringBuilder());
                col = 0;
            } else {
                if (col < line.length()) line.setCharAt(col, c);
                else line.append(c);
                col++;
            }
        }
        List<String> out = new ArrayList<>();
        for (StringBuilder b : lines) out.add(b.toString().stripTrailing());
        return out;
    }

    @Test
    void progressLineKeepsEpochLossSpeedAndEtaDownTo80Columns() {
        for (int width : new int[] {200, 120, 100, 80, 70, ProgressListener.MIN_FULL_WIDTH}) {
            for (long[] run : new long[][] {{1, 3, 40, 120}, {10, 10, 14_700, 14_700}, {99, 100, 98_000, 100_000}}) {
                int epoch = (int) run[0], epochs = (int) run[1], it = (int) run[2], its = (int) run[3];
                String line = ProgressListener.line(width, epoch, epochs, it, its, 2.302585, it * 50L, its * 50L, 123_456.7);
                assertTrue(line.length() < width, width + ": " + line.length() + " chars: " + line);
                assertTrue(line.startsWith("ep " + epoch + "/" + epochs + " "), line);
                assertTrue(line.contains(" loss 2.303 "), line);
                assertTrue(line.contains(" 123457 img/s "), line);
                assertTrue(line.matches(".* ETA \\d+:\\d\\d:\\d\\d$"), line);
                if (width >= 80) assertTrue(line.contains(" ["), "a bar at " + width + " columns: " + line);
            }
        }
        assertTrue(ProgressListener.line(30, 1, 3, 1, 120, 2.3, 50, 6000, Double.NaN).length() < 30);
    }

    /** The bar as a terminal of 80 columns shows it, with the --verbose lines printed through it. */
    @Test
    void verboseLinesArePrintedAboveTheBarNeverInsideIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressListener p = new ProgressListener(out, 50, true, 80);
        p.onTrainingStart(40, 20, 0, 2);
        PrintStream log = p.above();
        List<String> logged = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            p.onIteration(i, 40, (i - 1) / 20, 2.5 - i * 0.01);
            // the bar redraws from its own thread every 500 ms: give it the chance to land anywhere
            if (i % 10 == 1) {
                String line = "(Iteration " + i + " / 40) loss: " + (2.5 - i * 0.01);
                log.println(line);
                logged.add(line);
            }
            Thread.sleep(15);
        }
        p.close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> shown = screen(text);
        for (String line : logged) assertTrue(shown.contains(line), "a line of its own: " + line + " in " + shown);
        for (String line : shown) {
            assertTrue(line.length() < 80, line.length() + " chars: " + line);
            if (line.startsWith("ep ")) assertFalse(line.contains("Iteration"), line);
            else assertTrue(line.isEmpty() || logged.contains(line), "neither bar nor log: '" + line + "'");
        }
        assertTrue(shown.stream().anyMatch(l -> l.startsWith("ep 2/2 it 40/40 loss 2.100 100% [")), shown.toString());
    }

    /** Speeds after a resume: the bar starts at the epochs done, but counts none of their images. */
    @Test
    void aResumedBarCountsOnlyThisRunsImages() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressListener p = new ProgressListener(out, 50, false, 0);
        long start = System.nanoTime();
        p.onTrainingStart(3000, 1000, 2, 3); // 2 of 3 epochs (100,000 images) done before
        Thread.sleep(50);
        p.onIteration(2001, 3000, 2, 1.5);
        double elapsed = (System.nanoTime() - start) / 1e9; // at least the bar's own elapsed time
        p.close();
        String last = bytes.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("ep 3/3 it 2001/3000 loss 1.500  66% ["), last);
        double speed = Double.parseDouble(last.replaceAll(".*\\] (\\S+) img/s.*", "$1"));
        // speed x elapsed is the images the bar counted (a little more, as elapsed is measured around it): this
        // run's 50, not the 100,050 with the earlier run's (the displayed speed is rounded, so no exact bound)
        assertTrue(speed * elapsed < 1000, "counted " + speed * elapsed + " images in " + elapsed + " s, not this run's 50: "
                + last);
    }

    @Test
    void dataDirIsTheOnlyPlaceSearched() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        for (String data : new String[] {"fashion-mnist", "cifar10", "auto"}) {
            Run r = CliTest.run("train", "--data", data, "--data-dir", empty.toString(), "--num-train", "100",
                    "--no-progress", "--out", dir.resolve("out").toString());
            assertEquals(1, r.exit(), data + ": " + r.out());
            assertTrue(r.out().startsWith("error: ") && r.out().contains(empty.toString()), data + ": " + r.out());
            assertFalse(r.out().contains("data: "), "nothing loaded from elsewhere: " + r.out());
        }
    }

    /** Tiny Fashion-MNIST IDX files (raw, not gzipped): 12 training and 4 test images of 28x28. */
    private static Path fashion(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String[] f : new String[][] {{"train", "12"}, {"t10k", "4"}}) {
            int n = Integer.parseInt(f[1]);
            ByteArrayOutputStream img = new ByteArrayOutputStream(), lab = new ByteArrayOutputStream();
            DataOutputStream di = new DataOutputStream(img), dl = new DataOutputStream(lab);
            di.writeInt(0x803);
            di.writeInt(n);
            di.writeInt(28);
            di.writeInt(28);
            dl.writeInt(0x801);
            dl.writeInt(n);
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < 28 * 28; p++) di.write((i * 7 + p) % 256);
                dl.write(i % 10);
            }
            Files.write(folder.resolve(f[0] + "-images-idx3-ubyte"), img.toByteArray());
            Files.write(folder.resolve(f[0] + "-labels-idx1-ubyte"), lab.toByteArray());
        }
        return folder;
    }

    /** Sizes beyond the data are usage errors in the options' names, found before any image is read. */
    @Test
    void sizesBeyondTheDataNameTheOptionsNotTheLibrarysParameters() throws IOException {
        Path fashion = fashion(dir.resolve("fashion"));
        Path cifar = CifarFixtures.writeAll(dir.resolve("cifar"), 3); // 15 training, 3 test records
        String out = dir.resolve("out").toString();
        List<Run> runs = new ArrayList<>();
        // (--batch-size 2: the default 50 is checked against --num-train first)
        Run r = CliTest.run("train", "--data", "fashion-mnist", "--data-dir", fashion.toString(), "--num-train", "10",
                "--num-val", "3", "--batch-size", "2", "--out", out);
        runs.add(r);
        assertUsageError("Invalid value for option '--num-train': expected --num-train + --num-val <= 12 (the training "
                + "images of Fashion-MNIST at " + fashion + "), got 10 + 3", r);
        r = CliTest.run("train", "--data", "fashion-mnist", "--data-dir", fashion.toString(), "--num-train", "10",
                "--num-val", "2", "--num-test", "5", "--batch-size", "2", "--out", out);
        runs.add(r);
        assertUsageError("Invalid value for option '--num-test': expected at most 4 (the test images of Fashion-MNIST at "
                + fashion + "), got 5", r);
        r = CliTest.run("train", "--data", "cifar10", "--data-dir", cifar.toString(), "--num-train", "14", "--batch-size", "2", "--out", out);
        runs.add(r);
        assertUsageError("Invalid value for option '--num-train': expected --num-train + --num-val <= 15 (the training "
                + "images of CIFAR-10 at " + cifar + "), got 14 + 1000 (default)", r);
        r = CliTest.run("train", "--data", "cifar10", "--data-dir", cifar.toString(), "--num-val", "15", "--out", out);
        runs.add(r);
        assertUsageError("Invalid value for option '--num-val': expected --num-train + --num-val <= 15 (the training "
                + "images of CIFAR-10 at " + cifar + "), got 49000 (default) + 15", r);
        r = CliTest.run("overfit", "--data", "fashion-mnist", "--data-dir", fashion.toString(), "--num-samples", "11",
                "--num-val", "2", "--num-test", "2", "--out", out);
        runs.add(r);
        assertUsageError("Invalid value for option '--num-samples': expected --num-samples + --num-val <= 12 (the training "
                + "images of Fashion-MNIST at " + fashion + "), got 11 + 2", r);
        for (Run run : runs) {
            assertFalse(run.out().contains("numTrain") || run.out().contains("numVal") || run.out().contains("numTest")
                    || run.out().contains("data: "), run.out());
        }
        // the model's sizes too: the options, not only the library's config fields
        r = CliTest.run("train", "--data", "synthetic", "--num-train", "20", "--num-val", "2", "--num-test", "2",
                "--batch-size", "2", "--hidden-dim", "2000000000", "--no-progress", "--out", out);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("Invalid values for options --num-filters 32, --filter-size 7, --hidden-dim 2000000000 "
                + "with this data: ThreeLayerConvNet: W2 "), r.out());
        // and sizes that fit still train
        r = CliTest.run("train", "--data", "fashion-mnist", "--data-dir", fashion.toString(), "--num-train", "9",
                "--num-val", "3", "--num-test", "4", "--batch-size", "3", "--hidden-dim", "4", "--num-filters", "2",
                "--no-progress", "--out", out);
        assertEquals(0, r.exit(), r.out());
    }

    /** $CONVNET4J_DATA can only be set for a child process: run the command line in one. */
    @Test
    void aDataVariablePointingNowhereIsAUsageError() throws Exception {
        Path nowhere = dir.resolve("typo");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", "auto", "--no-progress",
                "--out", dir.resolve("out").toString());
        pb.environment().put(DataLocator.ENV_VAR, nowhere.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), text);
        assertTrue(text.startsWith("Invalid value for environment variable CONVNET4J_DATA: expected an existing folder "
                + "(or unset it), got " + nowhere + " (does not exist)"), text);
    }

    private Path tinyModel() throws IOException {
        ThreeLayerConvNet net = new ThreeLayerConvNet(ThreeLayerConvNet.Config.defaults().withInputDim(3, 8, 8)
                .withFilters(4, 3).withHiddenDim(5), Ops.naive(), new Rng(1));
        Path model = dir.resolve("model.cnv");
        ModelFile.save(model, net, null, Map.of());
        return model;
    }

    private static String formatOf(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            return reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Test
    void picturesAreWrittenInTheFormatTheirNameSays() throws IOException {
        Path model = tinyModel();
        for (String ext : new String[] {"jpg", "jpeg", "png", "bmp"}) {
            Path pic = dir.resolve("f." + ext);
            Run r = CliTest.run("filters", "--model", model.toString(), "--out", pic.toString());
            assertEquals(0, r.exit(), r.out());
            assertEquals(ext.equals("jpg") ? "jpeg" : ext, formatOf(pic), pic.toString());
            Path panel = dir.resolve("c." + ext);
            r = CliTest.run("convolve", "--size", "16", "--out", panel.toString());
            assertEquals(0, r.exit(), r.out());
            assertEquals(ext.equals("jpg") ? "jpeg" : ext, formatOf(panel), panel.toString());
        }
        Path gif = dir.resolve("f.gif");
        assertUsageError("Invalid value for option '--out': expected a file name ending in .png, .jpg, .jpeg, .bmp "
                + "(the format written), got " + gif, CliTest.run("filters", "--model", model.toString(), "--out", gif.toString()));
        assertFalse(Files.exists(gif));
    }

    /** Every line has its columns at the header's offsets, and every printed array keeps its brackets. */
    @Test
    void notebookTableIsAligned() {
        Run r = CliTest.run("notebook");
        assertEquals(0, r.exit(), r.out());
        List<String> lines = r.out().lines().toList();
        String header = lines.get(0);
        assertTrue(header.matches("check +notebook +ours +bound"), header);
        int notebookAt = header.indexOf("notebook"), oursAt = header.indexOf("ours"), boundAt = header.indexOf("bound");
        for (String line : lines.subList(1, lines.size() - 1)) {
            assertTrue(line.length() > boundAt && line.charAt(notebookAt - 1) == ' ' && line.charAt(notebookAt) != ' '
                    && line.charAt(oursAt - 1) == ' ' && line.charAt(oursAt) != ' ' && line.charAt(boundAt - 1) == ' '
                    && line.substring(boundAt).matches("\\d\\.\\de-\\d\\d +ok"), "misaligned: " + line);
            String notebook = line.substring(notebookAt, oursAt).strip(), ours = line.substring(oursAt, boundAt).strip();
            for (String cell : new String[] {notebook, ours}) {
                assertEquals(cell.startsWith("["), cell.endsWith("]"), "brackets of '" + cell + "' in " + line);
            }
        }
    }

    @Test
    void gradcheckTableIsAligned() {
        Run r = CliTest.run("gradcheck", "--backend", "naive");
        assertEquals(0, r.exit(), r.out());
        List<String> lines = r.out().lines().toList();
        String header = lines.get(1);
        int oursAt = header.indexOf("ours"), notebookAt = header.indexOf("notebook");
        assertTrue(oursAt > 0 && notebookAt > oursAt, header);
        for (String line : lines.subList(2, 8)) {
            assertTrue(line.matches("[Wb][123] max relative error: .*"), line);
            assertEquals(oursAt, line.indexOf("error: ") + "error: ".length(), "ours column of: " + line);
            assertTrue(line.charAt(notebookAt - 1) == ' ' && Character.isDigit(line.charAt(notebookAt)), line);
        }
    }

    /** "seed" is the random seed (--seed) only: the notebook is called the notebook, as in the README. */
    @Test
    void userFacingTextSaysNotebookNotSeed() {
        List<String> texts = new ArrayList<>();
        for (String command : new String[] {"train", "overfit", "filters", "convolve", "gradcheck", "notebook", "bench",
            "info", "data"}) {
            texts.add(CliTest.run(command, "--help").out());
        }
        texts.add(CliTest.run("--help").out());
        texts.add(CliTest.run("help", "data", "fetch").out());
        texts.add(CliTest.run("gradcheck", "--backend", "naive").out());
        texts.add(CliTest.run("notebook").out());
        for (String text : texts) {
            for (String line : text.lines().toList()) {
                String rest = line.replace("--seed=<seed>", "").replace("--seed", "").replace("Random seed", "");
                assertFalse(rest.toLowerCase(java.util.Locale.ROOT).contains("seed"), line);
            }
        }
    }
}
