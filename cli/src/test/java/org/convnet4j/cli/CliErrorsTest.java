package org.convnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.convnet4j.bench.BenchOptions;
import org.convnet4j.cli.CliTest.Run;
import org.convnet4j.fast.NativeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * Bad inputs on the command line: each gives one line that names the option, the file or the value
 * expected, and the right exit code (2 for a bad option value, 1 for a file that cannot be used), and
 * is found before any data is loaded or any training runs.
 */
class CliErrorsTest {
    @TempDir
    Path dir;

    /** A small synthetic run, so that a check that failed to stop it costs little. */
    private String[] train(String... more) {
        String[] base = {"train", "--data", "synthetic", "--num-train", "200", "--num-val", "20", "--num-test", "20",
                "--hidden-dim", "8", "--num-filters", "2", "--no-progress", "--out", dir.resolve("out").toString()};
        String[] r = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, r, base.length, more.length);
        return r;
    }

    private static void assertUsageError(String option, String expected, Run r) {
        assertEquals(2, r.exit(), r.out());
        String first = r.out().lines().findFirst().orElse("");
        assertEquals("Invalid value for option '" + option + "': expected " + expected, first.substring(0,
                Math.min(first.length(), first.indexOf(", got ") < 0 ? first.length() : first.indexOf(", got "))), r.out());
        assertFalse(r.out().contains("data: "), "refused before loading data: " + r.out());
    }

    @Test
    void badOptionValuesAreUsageErrorsNamingTheOptionTyped() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertUsageError("--blas-threads", "an integer in [1, " + cores + "]", CliTest.run(train("--blas-threads", "0")));
        // more than the cores: 100 on 2 cores hung the JVM
        assertUsageError("--blas-threads", "an integer in [1, " + cores + "]", CliTest.run(train("--blas-threads", "100")));
        assertUsageError("--epochs", "an integer >= 1", CliTest.run(train("--epochs", "0")));
        assertUsageError("--seed", "an integer in [0, 2^32)", CliTest.run(train("--seed", "-5")));
        assertUsageError("--seed", "an integer in [0, 2^32)", CliTest.run(train("--seed", "5000000000")));
        assertUsageError("--batch-size", "an integer in [1, 200]", CliTest.run(train("--batch-size", "100000")));
        assertUsageError("--num-train-samples", "an integer >= 0", CliTest.run(train("--num-train-samples", "-1")));
        assertUsageError("--lr", "a finite number > 0", CliTest.run(train("--lr", "-1")));
        assertUsageError("--update-rule", "one of [sgd, sgd_momentum, rmsprop, adam]", CliTest.run(train("--update-rule", "adagrad")));
        assertUsageError("--num-train", "an integer >= 1", CliTest.run("train", "--data", "synthetic", "--num-train", "-5"));
        assertUsageError("--num-train", "an integer >= 1", CliTest.run("train", "--data", "synthetic", "--num-train", "0"));
        assertUsageError("--num-samples", "an integer >= 1", CliTest.run("overfit", "--data", "synthetic", "--num-samples", "-4"));
        assertUsageError("--size", "an integer in [1, 2048]", CliTest.run("convolve", "--size", "0"));
        assertUsageError("--scale", "an integer >= 0", CliTest.run("filters", "--scale", "-3"));
        assertUsageError("--data-dir", "an existing folder", CliTest.run("train", "--data", "auto", "--data-dir",
                dir.resolve("typo").toString(), "--no-progress", "--out", dir.resolve("out").toString()));
        Run r = CliTest.run(train("--epochs", "0"));
        assertTrue(r.out().startsWith("Invalid value for option '--epochs': expected an integer >= 1, got 0"), r.out());
    }

    /** 2^31 - 1 epochs of 2 iterations used to wrap around to "-2 iterations" and exit 0 with acc NaN. */
    @Test
    void tooManyEpochsAreRefusedNotWrappedAround() {
        Run r = CliTest.run("train", "--data", "synthetic", "--num-train", "100", "--num-val", "20", "--num-test", "20",
                "--no-progress", "--epochs", "2147483647", "--out", dir.resolve("out").toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("Invalid value for option '--epochs': expected at most 1073741823 (2 iterations per epoch"),
                r.out());
    }

    /** Picture formats follow the name (CliRoughEdgesTest); an unknown one is refused before any work. */
    @Test
    void convolveRefusesPictureFormatsItCannotWriteAndSaysSoInItsHelp() {
        Run r = CliTest.run("convolve", "--size", "8", "--out", dir.resolve("c.gif").toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().startsWith("Invalid value for option '--out': expected a file name ending in .png, .jpg, "
                + ".jpeg, .bmp"), r.out());
        assertFalse(Files.exists(dir.resolve("c.gif")));
        assertTrue(CliTest.run("convolve", "--help").out().contains("in the format its name ends in"));
    }

    @Test
    void helpSaysWhatZeroMeans() {
        assertTrue(CliTest.run("train", "--help").out().contains("0 = all of them"));
        assertTrue(CliTest.run("filters", "--help").out().contains("0 (the default) picks one"));
    }

    /** One line: what could not be read, which file, which option, why. */
    @Test
    void unreadableInputsSayWhichFileOptionAndWhy() throws IOException {
        Path missing = dir.resolve("missing.cnv");
        Run r = CliTest.run("filters", "--model", missing.toString(), "--out", dir.resolve("f.png").toString());
        assertEquals(1, r.exit(), r.out());
        assertEquals("error: cannot read model file " + missing + " (--model): does not exist", r.out().strip());

        r = CliTest.run("filters", "--model", dir.toString(), "--out", dir.resolve("f.png").toString());
        assertEquals("error: cannot read model file " + dir + " (--model): it is a folder, not a file", r.out().strip());

        Path image = dir.resolve("missing.png");
        r = CliTest.run("convolve", "--image-a", image.toString(), "--image-b", image.toString(), "--out",
                dir.resolve("c.png").toString());
        assertEquals(1, r.exit(), r.out());
        assertEquals("error: cannot read image " + image + " (--image-a): does not exist", r.out().strip());

        Path fresh = dir.resolve("fresh");
        r = CliTest.run("train", "--data", "synthetic", "--num-train", "200", "--no-progress", "--resume", "--out",
                fresh.toString());
        assertEquals(1, r.exit(), r.out());
        assertEquals("error: cannot read checkpoint " + fresh.resolve("checkpoint.cnv") + " (--resume, in --out " + fresh
                + "): does not exist", r.out().strip());
    }

    @Test
    void unwritableOutputsSayWhichFileOptionAndWhy() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "not a folder");
        Path png = file.resolve("f.png");
        Run r = CliTest.run("filters", "--model", file.toString(), "--out", png.toString());
        assertEquals(1, r.exit(), r.out());
        assertEquals("error: cannot write filter picture " + png + " (--out): " + file + " is a file, not a folder",
                r.out().strip());

        r = CliTest.run("convolve", "--size", "8", "--out", png.toString());
        assertEquals(1, r.exit(), r.out());
        assertEquals("error: cannot write picture " + png + " (--out): " + file + " is a file, not a folder", r.out().strip());

        Path folderPng = Files.createDirectory(dir.resolve("folder.png"));
        r = CliTest.run("convolve", "--size", "8", "--out", folderPng.toString());
        assertEquals("error: cannot write picture " + folderPng + " (--out): it is a folder, not a file", r.out().strip());
    }

    /** An output folder that cannot be written is found before the data is loaded, not after an epoch. */
    @Test
    void unwritableOutputFolderIsFoundBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "not a folder");
        for (String command : new String[] {"train", "overfit"}) {
            Run r = CliTest.run(command, "--data", "synthetic", "--num-val", "20", "--num-test", "20", "--epochs", "1",
                    "--out", file.resolve("out").toString());
            assertEquals(1, r.exit(), r.out());
            assertEquals("error: cannot write to output folder " + file.resolve("out") + " (--out): cannot create folder "
                    + file.resolve("out") + ": " + file + " is a file, not a folder", r.out().strip(), command);
        }
        Path proc = Path.of("/proc");
        if (Files.isDirectory(proc)) {
            Run r = CliTest.run("train", "--data", "synthetic", "--num-train", "200", "--no-progress", "--out", proc.toString());
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.out().startsWith("error: cannot write to output folder /proc (--out): cannot create files in /proc"),
                    r.out());
        }
    }

    /** Only parses and checks bench's options: no benchmark runs here. */
    private static BenchOptions benchOptions(String... args) throws IOException {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs(args);
        return bench.options();
    }

    @Test
    void benchChecksItsOptionsAndJsonFileBeforeRunning() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        IOException e = assertThrows(IOException.class, () -> benchOptions("--cases", "S1", "--json", file.resolve("x.json").toString()));
        assertTrue(e.getMessage().startsWith("cannot write JSON report " + file.resolve("x.json") + " (--json): "), e.getMessage());
        ParameterException p = assertThrows(ParameterException.class, () -> benchOptions("--cases", "S1,S9"));
        assertEquals("Invalid value for option '--cases': expected a list of [S1, S2, S3, S4, S5, T1, T2], got S9", p.getMessage());
        p = assertThrows(ParameterException.class, () -> benchOptions("--blas-threads", "0"));
        assertTrue(p.getMessage().startsWith("Invalid value for option '--blas-threads'"), p.getMessage());
        p = assertThrows(ParameterException.class, () -> benchOptions("--threads", "0"));
        assertTrue(p.getMessage().startsWith("Invalid value for option '--threads'"), p.getMessage());
        assertEquals(2, benchOptions("--blas-threads", "2").blasThreads());
        assertEquals(2, benchOptions("--threads", "2").blasThreads(), "the old name still works");
        assertEquals(1, benchOptions().blasThreads());
        assertTrue(benchOptions("--cases", "S2,T1").trainStep());
        assertEquals(List.of(org.convnet4j.bench.TrainCase.T1, org.convnet4j.bench.TrainCase.T2),
                benchOptions("--cases", "t1,T2").trainCases());
        assertFalse(benchOptions("--cases", "S2").trainStep());
        p = assertThrows(ParameterException.class, () -> benchOptions("--epoch", "--data-dir", dir.toString()));
        assertTrue(p.getMessage().startsWith("Invalid value for option '--data-dir': expected a folder with the Fashion-MNIST"
                + " IDX files") && p.getMessage().endsWith("got " + dir), p.getMessage());
        p = assertThrows(ParameterException.class, () -> benchOptions("--data-dir", dir.toString()));
        assertTrue(p.getMessage().contains("--epoch"), p.getMessage());
        String help = CliTest.run("bench", "--help").out();
        assertTrue(help.contains("--blas-threads=N"), help);
    }

    @Test
    void infoNamesTheThreadSettingsThatExist() {
        assumeTrue(NativeStatus.isAvailable(), NativeStatus.describe());
        Run r = CliTest.run("info");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("--blas-threads N on train, overfit, gradcheck, bench, predict and evaluate, per task on sweep")
                && r.out().contains("-Dconvnet4j.blas.threads=N"), r.out());
        for (String command : new String[] {"train", "overfit", "gradcheck", "bench", "predict", "evaluate"}) {
            assertTrue(CliTest.run(command, "--help").out().contains("--blas-threads"), command);
        }
    }

    @Command(name = "oom")
    static final class OutOfMemoryCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void outOfMemoryIsOneLineWithAHint() {
        CommandLine cl = new CommandLine(new Main()).addSubcommand(new OutOfMemoryCommand());
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err, true));
        assertEquals(1, Main.execute(cl, "oom"));
        String out = err.toString().strip();
        assertFalse(out.contains("\n"), out);
        assertTrue(out.startsWith("error: out of memory (Java heap space") && out.contains("CONVNET4J_JAVA_OPTS=\"-Xmx"), out);
    }

    /** overfit used to let a diverged run escape as a stack trace; train printed one line. */
    @Test
    void divergedOverfitIsOneErrorLine() {
        Run r = CliTest.run("overfit", "--data", "synthetic", "--num-samples", "50", "--num-val", "20", "--num-test", "20",
                "--epochs", "2", "--lr", "1e30", "--out", dir.resolve("out").toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("error: training stopped: loss became"), r.out());
        assertFalse(r.out().contains("Exception"), r.out());
    }

    @Test
    void unexpectedFileErrorsNameTheFileAndTheReason() {
        assertEquals("cannot access /x/y: does not exist", Main.message(new NoSuchFileException("/x/y")));
        assertEquals("plain message", Main.message(new IOException("plain message")));
    }
}
