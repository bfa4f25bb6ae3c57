package org.convnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.convnet4j.cli.CliTest.Run;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.solver.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --arch} and {@code --init} on {@code train}, {@code overfit} and {@code gradcheck}, on the small
 * built-in synthetic set (3x32x32, 10 classes): the summary printed, model files and checkpoints that
 * record the net and load back, resume of the same net, and the usage errors.
 */
class CliArchTest {
    /** conv(4,3) on 3 channels: 4*3*3*3 + 4 = 112; sbn 2*4; affine(16) on 4*16*16: 1024*16 + 16; bn 2*16; affine(10): 16*10 + 10. */
    private static final String ARCH = "conv(4,3)-sbn-relu-pool(2)-affine(16)-bn-relu-dropout(0.5)-affine(10)";
    private static final String TOTAL = "total: 16,722 parameters";

    @TempDir
    Path dir;

    private String[] train(Path out, String... more) {
        String[] base = {"train", "--data", "synthetic", "--num-train", "100", "--num-val", "20", "--num-test", "20",
                "--no-progress", "--out", out.toString()};
        String[] r = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, r, base.length, more.length);
        return r;
    }

    private static void assertUsage(Run r, String... parts) {
        assertEquals(2, r.exit(), r.out());
        for (String p : parts) assertTrue(r.out().contains(p), "'" + p + "' in: " + r.out());
    }

    @Test
    void trainBuildsTheNetPrintsItsSummaryAndWritesFilesThatRebuildIt() throws Exception {
        Path out = dir.resolve("out");
        Run r = CliTest.run(train(out, "--arch", ARCH, "--init", "he", "--reg", "1e-4"));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("model: Net " + ARCH + ", input [3, 32, 32]"), r.out());
        assertTrue(r.out().contains("(batch norm and dropout: naive on every backend)"), r.out());
        for (String row : new String[] {"conv(4,3)                (N, 4, 32, 32)                112  W1, b1",
                "pool(2)                  (N, 4, 16, 16)                  0",
                "affine(16)               (N, 16)                    16,400  W2, b2",
                "affine(10)               (N, 10)                       170  W3, b3", TOTAL, "init he, reg 1.0E-4"}) {
            assertTrue(r.out().contains(row), "'" + row + "' in: " + r.out());
        }
        // printed before training starts
        assertTrue(r.out().indexOf(TOTAL) < r.out().indexOf("done in "), r.out());

        ModelFile.Loaded m = ModelFile.load(out.resolve("model.cnv"), Ops.naive());
        assertEquals(ARCH, m.meta().get("arch"));
        assertEquals("he", m.meta().get("init"));
        assertEquals(Sequential.parse(ARCH), m.model().architecture());
        assertEquals(Net.Init.HE, m.model().config().init());
        assertEquals(1e-4, m.model().reg());
        assertEquals(16_722, m.model().paramCount());
        assertEquals(Sequential.parse(ARCH), Checkpoint.net(out.resolve("checkpoint.cnv"), Ops.naive()).architecture());

        // the first layer is a conv: filters are drawn, by train and by the filters command
        assertTrue(ImageIO.read(out.resolve("filters.png").toFile()).getWidth() > 4);
        Path png = dir.resolve("f.png");
        Run f = CliTest.run("filters", "--model", out.resolve("model.cnv").toString(), "--out", png.toString());
        assertEquals(0, f.exit(), f.out());
        assertTrue(f.out().contains("4 filters 3x3"), f.out());
    }

    @Test
    void resumeRebuildsTheSameNetAndRefusesAnother() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, CliTest.run(train(out, "--arch", ARCH, "--init", "he")).exit());

        // the same text given again resumes it
        Run same = CliTest.run(train(out, "--arch", ARCH, "--resume", "--epochs", "2"));
        assertEquals(0, same.exit(), same.out());
        assertTrue(same.out().contains("has 1 of 2 epochs done"), same.out());
        assertTrue(same.out().contains("model: Net " + ARCH), same.out());
        // without --arch the checkpoint's net comes back (not the default ThreeLayerConvNet)
        Run bare = CliTest.run(train(out, "--resume", "--epochs", "3"));
        assertEquals(0, bare.exit(), bare.out());
        assertTrue(bare.out().contains("has 2 of 3 epochs done") && bare.out().contains("model: Net " + ARCH), bare.out());
        assertEquals(3, Integer.parseInt(org.convnet4j.io.TensorFile.read(out.resolve("checkpoint.cnv")).meta().get("epoch")));
        assertEquals(Sequential.parse(ARCH), ModelFile.load(out.resolve("model.cnv"), Ops.naive()).model().architecture());

        String other = "conv(8,3)-relu-pool(2)-affine(10)";
        Run r = CliTest.run(train(out, "--arch", other, "--resume", "--epochs", "4"));
        assertUsage(r, "Invalid value for option '--arch'", ARCH, other, out.resolve("checkpoint.cnv").toString());
        assertFalse(r.out().contains("data: "), "refused before loading data: " + r.out());
        // the options of the default ThreeLayerConvNet do not describe this checkpoint's net
        assertUsage(CliTest.run(train(out, "--hidden-dim", "20", "--resume", "--epochs", "4")), "--hidden-dim", ARCH);
        assertUsage(CliTest.run(train(out, "--init", "weight-scale", "--resume", "--epochs", "4")), "--init", "he");
    }

    /** The net is compared, not the text: a block stands for its repeats. */
    @Test
    void resumeTakesTheSameNetWrittenAnotherWay() {
        Path out = dir.resolve("out");
        assertEquals(0, CliTest.run(train(out, "--arch", "conv(2,3)-relu-pool(2)-conv(2,3)-relu-pool(2)-affine(10)")).exit());
        Run r = CliTest.run(train(out, "--arch", "[conv(2,3)-relu-pool(2)]x2-affine(10)", "--resume", "--epochs", "2"));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("has 1 of 2 epochs done"), r.out());
        assertUsage(CliTest.run(train(out, "--arch", "[conv(2,3)-relu-pool(2)]x3-affine(10)", "--resume", "--epochs", "3")),
                "expected conv(2,3)-relu-pool(2)-conv(2,3)-relu-pool(2)-affine(10), the value");
    }

    @Test
    void archBesideTheThreeLayerOptionsIsAUsageErrorNamingBoth() {
        Path out = dir.resolve("out");
        for (String option : new String[] {"--hidden-dim", "--num-filters", "--filter-size"}) {
            Run r = CliTest.run(train(out, "--arch", ARCH, option, "9"));
            assertUsage(r, "--arch and " + option + " cannot be used together");
            assertFalse(r.out().contains("data: "), "refused before loading data: " + r.out());
        }
        assertUsage(CliTest.run(train(out, "--init", "he", "--weight-scale", "1e-2")),
                "--weight-scale and --init he cannot be used together");
        assertUsage(CliTest.run(train(out, "--init", "xavier")), "Invalid value for option '--init'", "weight-scale or he", "xavier");
    }

    @Test
    void aBadArchitectureIsAUsageErrorWithItsOffset() {
        Path out = dir.resolve("out");
        String bad = "conv(32,3x2)";
        String[] msg = {"Invalid value for option '--arch': bad architecture at offset 9: expected ',' or ')', got 'x2'", bad};
        Run r = CliTest.run(train(out, "--arch", bad));
        assertUsage(r, msg);
        assertFalse(r.out().contains("data: "), "refused before loading data: " + r.out());
        assertUsage(CliTest.run("overfit", "--data", "synthetic", "--out", out.toString(), "--arch", bad), msg);
        assertUsage(CliTest.run("gradcheck", "--arch", bad), msg);

        // shapes that cannot be built on the data's (3, 32, 32): the layer, the input and the reason
        assertUsage(CliTest.run(train(out, "--arch", "pool(64)-affine(10)")), "Invalid value for option '--arch'",
                "pool(64)", "(3, 32, 32)", "larger than");
        assertUsage(CliTest.run(train(out, "--arch", "conv(4,3)-relu-affine(5)")), "Invalid value for option '--arch'",
                "10 class scores", "affine(10)");
        assertUsage(CliTest.run("gradcheck", "--arch", "conv(2,3)-bn-affine(3)", "--input-dim", "1,5,5"), "bn");
    }

    @Test
    void anAffineFirstNetTrainsWithoutAFilterPicture() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("filters.png"), "from an earlier run");
        String arch = "affine(20)-relu-affine(10)";
        Run r = CliTest.run(train(out, "--arch", arch));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("(no filters.png: the first layer is affine, not conv; removed the one an earlier run left)"),
                r.out());
        assertFalse(Files.exists(out.resolve("filters.png")));
        assertEquals(Sequential.parse(arch), ModelFile.load(out.resolve("model.cnv"), Ops.naive()).model().architecture());
        Run f = CliTest.run("filters", "--model", out.resolve("model.cnv").toString(), "--out", dir.resolve("f.png").toString());
        assertEquals(1, f.exit(), f.out());
        assertTrue(f.out().contains("is not a convolution, so it has no filters to draw"), f.out());
    }

    @Test
    void initHeWithoutArchTrainsTheNotebookStackWithHeWeights() throws Exception {
        Path out = dir.resolve("out");
        Run r = CliTest.run(train(out, "--hidden-dim", "8", "--num-filters", "2", "--init", "he"));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("model: Net conv(2,7)-relu-pool(2)-affine(8)-relu-affine(10)"), r.out());
        ModelFile.Loaded m = ModelFile.load(out.resolve("model.cnv"), Ops.naive());
        assertEquals("he", m.meta().get("init"));
    }

    @Test
    void theDefaultIsStillTheNotebooksThreeLayerConvNetAndPrintsItsSummary() throws Exception {
        Path out = dir.resolve("out");
        Run r = CliTest.run(train(out, "--hidden-dim", "8", "--num-filters", "2"));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("model: ThreeLayerConvNet [3, 32, 32], 2 filters 7x7, hidden 8"), r.out());
        // conv(2,7): 2*3*49 + 2 = 296; affine(8) on 2*16*16: 512*8 + 8 = 4,104; affine(10): 90
        assertTrue(r.out().contains("total: 4,490 parameters"), r.out());
        ModelFile.Loaded m = ModelFile.load(out.resolve("model.cnv"), Ops.naive());
        assertEquals("ThreeLayerConvNet", m.meta().get("model"));
        assertEquals("weight_scale", m.meta().get("init"));
    }

    @Test
    void overfitTrainsANetOfOnesOwn() throws Exception {
        Path out = dir.resolve("out");
        // the notebook's weight scale 1e-2; measured here: train accuracy 1.0 from epoch 15 on
        String arch = "conv(16,3)-relu-pool(2)-affine(64)-relu-affine(10)";
        Run r = CliTest.run("overfit", "--data", "synthetic", "--epochs", "20", "--arch", arch, "--out", out.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("model: Net " + arch), r.out());
        // conv(16,3): 16*27 + 16 = 448; affine(64) on 16*16*16: 4096*64 + 64 = 262,208; affine(10): 650
        assertTrue(r.out().contains("total: 263,306 parameters"), r.out());
        assertTrue(r.out().contains("init weight_scale 0.01, reg 0.0"), r.out());
        assertTrue(r.out().contains("(Epoch 20 / 20) train acc: 1.000000"), r.out());
        assertTrue(Files.exists(out.resolve("overfit_loss_acc.png")));
        assertUsage(CliTest.run("overfit", "--data", "synthetic", "--out", out.toString(), "--arch", "affine(10)",
                "--init", "he", "--weight-scale", "0.1"), "--weight-scale and --init he");
    }

    @Test
    void gradcheckOfANetPrintsEveryParameterWithItsBound() {
        Run r = CliTest.run("gradcheck", "--backend", "naive", "--arch", "conv(3,3)-sbn-relu-pool(2)-affine(6)-bn-relu-dropout(0.7)-affine(4)",
                "--input-dim", "2,6,6", "--num-inputs", "3");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("on 3 inputs [2, 6, 6], float64, init he"), r.out());
        for (String p : new String[] {"W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(p + " ") && l.contains(" all ") && l.contains(" ok")),
                    p + " in: " + r.out());
        }
        assertTrue(r.out().contains("passed: 10 of 10 parameters within rel_error 1e-06"), r.out());
        // the notebook's check keeps its fixed inputs
        assertUsage(CliTest.run("gradcheck", "--input-dim", "1,8,8"), "--input-dim needs --arch");
        assertUsage(CliTest.run("gradcheck", "--arch", "affine(3)", "--input-dim", "2,x"), "--input-dim", "C,H,W or D");
    }

    /**
     * The README's command lines with --arch: every net text parses, and the gradcheck example gives the rows
     * and the verdict shown under it (the figures themselves depend on the backend's summation order).
     */
    @Test
    void readmeCommandLinesAreRight() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        List<String> commands = lines.stream().filter(l -> l.startsWith("./convnet4j ") && l.contains("--arch '")).toList();
        assertTrue(commands.size() >= 3, "an --arch example per command: " + commands);
        for (String command : new String[] {"train", "overfit", "gradcheck"}) {
            assertTrue(commands.stream().anyMatch(c -> c.startsWith("./convnet4j " + command + " ")), command + " in " + commands);
        }
        for (String c : commands) {
            int from = c.indexOf("--arch '") + "--arch '".length();
            Sequential.parse(c.substring(from, c.indexOf('\'', from)));
        }
        int at = lines.indexOf(commands.stream().filter(c -> c.startsWith("./convnet4j gradcheck ")).findFirst().orElseThrow());
        List<String> args = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(lines.get(at).substring("./convnet4j ".length()));
        while (m.find()) args.add(m.group(1) != null ? m.group(1) : m.group(2));
        Run r = CliTest.run(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r.out());
        // the output block after the command's block
        int i = at + 1;
        while (!lines.get(i).startsWith("```")) i++;
        i += 2;
        for (; !lines.get(i).startsWith("```"); i++) {
            String shown = lines.get(i);
            if (shown.startsWith("net: ")) {
                assertTrue(r.out().contains(shown.substring(0, shown.indexOf(", loss "))), shown + " in: " + r.out());
            } else if (shown.startsWith("passed: ") || shown.startsWith("param ")) {
                assertTrue(r.out().lines().anyMatch(shown::equals), shown + " in: " + r.out());
            } else if (!shown.equals("...")) {
                // name, shape and entries checked as shown, and passed (whether b1's gradient, zero but for
                // rounding, shows as noise depends on the backend's sums)
                String head = shown.substring(0, shown.indexOf(" all ") + 5);
                assertTrue(r.out().lines().anyMatch(l -> l.startsWith(head) && l.contains(" ok")), shown + " in: " + r.out());
            }
        }
    }
}
