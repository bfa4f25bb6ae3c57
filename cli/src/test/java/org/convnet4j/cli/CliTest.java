package org.convnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, on small inputs (the CLI's output is captured and asserted on). */
class CliTest {
    @TempDir
    Path dir;

    /** Exit code and everything the command printed. */
    record Run(int exit, String out) {}

    static Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exit = Main.run(args);
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void notebookPrintsEveryNotebookFigureBesideOursAndPasses() {
        Run r = run("notebook");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("conv_forward_naive: difference") && r.out().contains("2.2121476417505994e-08"), r.out());
        assertTrue(r.out().contains("23 passed, 0 failed"), r.out());
    }

    @Test
    void gradcheckPrintsEachParameterInTheNotebooksFormat() {
        Run r = run("gradcheck", "--backend", "naive");
        assertEquals(0, r.exit(), r.out());
        for (String p : new String[] {"W1", "W2", "W3", "b1", "b2", "b3"}) {
            assertTrue(r.out().contains(p + " max relative error: "), r.out());
        }
    }

    @Test
    void trainOnSyntheticDataWritesModelCheckpointAndPictures() throws Exception {
        Path out = dir.resolve("out");
        Run r = run("train", "--data", "synthetic", "--num-train", "200", "--num-val", "50", "--num-test", "50",
                "--hidden-dim", "20", "--num-filters", "4", "--epochs", "2", "--no-progress", "--verbose",
                "--print-every", "1", "--out", out.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("data: synthetic"), r.out());
        assertTrue(r.out().contains("(Iteration 1 / 8) loss: "), r.out());
        assertTrue(r.out().contains("(Epoch 2 / 2) train acc: "), r.out());
        for (String f : new String[] {"model.cnv", "checkpoint.cnv", "loss_acc.png", "filters.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(1000, ImageIO.read(out.resolve("loss_acc.png").toFile()).getWidth());

        Run resumed = run("train", "--data", "synthetic", "--num-train", "200", "--num-val", "50", "--num-test", "50",
                "--hidden-dim", "20", "--num-filters", "4", "--epochs", "3", "--no-progress", "--resume",
                "--out", out.toString());
        assertEquals(0, resumed.exit(), resumed.out());
        assertTrue(resumed.out().contains("has 2 of 3 epochs done; training epoch 3"), resumed.out());

        Path png = dir.resolve("f.png");
        Run f = run("filters", "--model", out.resolve("model.cnv").toString(), "--out", png.toString());
        assertEquals(0, f.exit(), f.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 10);
    }

    @Test
    void resumeWithAnotherConfigIsRefused() {
        Path out = dir.resolve("o");
        String[] common = {"train", "--data", "synthetic", "--num-train", "100", "--num-val", "20", "--num-test", "20",
                "--num-filters", "2", "--no-progress", "--out", out.toString()};
        assertEquals(0, run(concat(common, "--hidden-dim", "8")).exit());
        Run r = run(concat(common, "--hidden-dim", "9", "--resume", "--epochs", "2"));
        // issue 9: an option that conflicts with the checkpoint is a usage error naming both values (was exit 1,
        // "another model config", after loading the data)
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().startsWith("Invalid value for option '--hidden-dim': expected 8, the value "), r.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void convolveWritesTheNotebooksPanel() throws Exception {
        Path png = dir.resolve("c.png");
        Run r = run("convolve", "--size", "48", "--out", png.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 3 * 48);
    }

    @Test
    void badInputGivesAnErrorAndExitCodeNotAStackTrace() {
        // bad choices are usage errors (exit 2) naming the option, as issue 9 asks; they used to exit 1
        Run r = run("data", "fetch", "mnist");
        assertEquals(2, r.exit());
        assertTrue(r.out().contains("Invalid value for positional parameter 'DATASET': expected cifar10"), r.out());
        r = run("train", "--data", "imagenet", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.out().contains("Invalid value for option '--data'") && r.out().contains("imagenet"), r.out());
        r = run("train", "--no-such-option");
        assertEquals(2, r.exit());
        r = run("filters", "--model", dir.resolve("missing.cnv").toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("missing.cnv"), r.out());
    }
}
