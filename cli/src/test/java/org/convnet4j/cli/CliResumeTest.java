package org.convnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.convnet4j.cli.CliTest.Run;
import org.convnet4j.io.AtomicFiles;
import org.convnet4j.io.TensorFile;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, kinds 4 and 5 on the command line: resume means resume (the settings come from the
 * checkpoint, conflicts and too few epochs are usage errors), Ctrl-C says what is saved and how to go on,
 * and files left by killed writers are cleaned up.
 */
class CliResumeTest extends TestBase {
    @TempDir
    Path dir;

    /** A small synthetic run with settings that all differ from the defaults. */
    private String[] first(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", "synthetic", "--num-train", "200", "--num-val", "20",
                "--num-test", "30", "--hidden-dim", "8", "--num-filters", "2", "--filter-size", "5", "--lr", "0.002",
                "--batch-size", "20", "--seed", "7", "--reg", "0.01", "--weight-scale", "0.01", "--num-train-samples", "50",
                "--no-progress", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static String[] resume(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--out", out.toString(), "--resume", "--no-progress"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static void assertUsageError(String first, Run r) {
        assertEquals(2, r.exit(), r.out());
        assertEquals(first, r.out().lines().findFirst().orElse(""), r.out());
        assertFalse(r.out().contains("data: "), "refused before loading data: " + r.out());
    }

    @Test
    void resumeTakesItsSettingsFromTheCheckpoint() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, CliTest.run(first(out, "--epochs", "1")).exit());
        Run r = CliTest.run(resume(out, "--epochs", "2"));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("data: train 200, val 20, test 30 of (3, 32, 32)"), r.out());
        assertTrue(r.out().contains("resume: " + out.resolve("checkpoint.cnv") + " has 1 of 2 epochs done; training epoch 2 "
                + "with its settings"), r.out());
        assertTrue(r.out().contains("model: ThreeLayerConvNet [3, 32, 32], 2 filters 5x5, hidden 8, FLOAT32"), r.out());
        assertTrue(r.out().contains("solver: adam lr 0.002, batch 20, 2 epoch(s), 20 iterations"), r.out());
        Checkpoint.Info info = Checkpoint.info(out.resolve("checkpoint.cnv"));
        assertEquals(2, info.epoch());
        assertEquals(20, info.options().batchSize());
        assertEquals(7, info.options().seed());
        assertEquals(50, info.options().numTrainSamples());
        assertEquals("200", info.meta().get(ResumeSettings.NUM_TRAIN));
        assertEquals("0.01", info.meta().get("reg"));
    }

    @Test
    void anOptionThatConflictsWithTheCheckpointIsAUsageErrorNamingBothValues() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, CliTest.run(first(out, "--epochs", "1")).exit());
        Path ck = out.resolve("checkpoint.cnv");
        byte[] model = Files.readAllBytes(out.resolve("model.cnv")), checkpoint = Files.readAllBytes(ck);
        String was = ", the value " + ck + " was trained with (leave ";
        assertUsageError("Invalid value for option '--lr': expected 0.002" + was + "--lr out to resume with it), got 0.01",
                CliTest.run(resume(out, "--epochs", "2", "--lr", "0.01")));
        assertUsageError("Invalid value for option '--hidden-dim': expected 8" + was + "--hidden-dim out to resume with it), got 9",
                CliTest.run(resume(out, "--epochs", "2", "--hidden-dim", "9")));
        assertUsageError("Invalid value for option '--num-train': expected 200" + was + "--num-train out to resume with it), got 100",
                CliTest.run(resume(out, "--epochs", "2", "--num-train", "100")));
        assertUsageError("Invalid value for option '--data': expected synthetic" + was + "--data out to resume with it), got cifar10",
                CliTest.run(resume(out, "--epochs", "2", "--data", "cifar10")));
        assertUsageError("Invalid value for option '--seed': expected 7" + was + "--seed out to resume with it), got 8",
                CliTest.run(resume(out, "--epochs", "2", "--seed", "8")));
        assertUsageError("Invalid value for option '--update-rule': expected adam" + was + "--update-rule out to resume with "
                + "it), got sgd", CliTest.run(resume(out, "--epochs", "2", "--update-rule", "sgd")));
        // the same values, given again, are fine; nothing was rewritten by the refusals
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.cnv")));
        assertArrayEquals(checkpoint, Files.readAllBytes(ck));
        Run r = CliTest.run(resume(out, "--epochs", "2", "--lr", "2e-3", "--data", "synthetic", "--batch-size", "20"));
        assertEquals(0, r.exit(), r.out());
    }

    @Test
    void fewerEpochsThanDoneSayWhichEpochsToPass() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, CliTest.run(first(out, "--epochs", "2")).exit());
        byte[] model = Files.readAllBytes(out.resolve("model.cnv"));
        Path ck = out.resolve("checkpoint.cnv");
        assertUsageError("Invalid value for option '--epochs': expected more than the 2 epoch(s) " + ck + " has done: "
                + "--epochs is the total, so pass --epochs 3 or more to train further, got 1", CliTest.run(resume(out, "--epochs", "1")));
        // a finished run, resumed as it was: nothing left to train, and no second model written over the first
        assertUsageError("Invalid value for option '--epochs': expected more than the 2 epoch(s) " + ck + " has done; all 2 "
                + "epochs it was started with are done: --epochs is the total, so pass --epochs 3 or more to train further, "
                + "got 2 (the checkpoint's)", CliTest.run(resume(out)));
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.cnv")));
    }

    /** A checkpoint with a bad value is refused naming the file and the value; nothing is trained or written. */
    @Test
    void aBadCheckpointIsRefusedBeforeAnyTraining() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, CliTest.run(first(out, "--epochs", "1")).exit());
        Path ck = out.resolve("checkpoint.cnv");
        TensorFile f = TensorFile.read(ck);
        Map<String, String> meta = new LinkedHashMap<>(f.meta());
        meta.put("optim/W2/lr", "-1");
        new TensorFile(meta, f.tensors()).write(ck);
        byte[] model = Files.readAllBytes(out.resolve("model.cnv"));
        Run r = CliTest.run(resume(out, "--epochs", "2"));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("error: " + ck + ": bad checkpoint: optim/W2/lr (the learning rate of W2) is -1.0, must be a "
                + "finite number > 0"), r.out());
        assertFalse(r.out().contains("done in"), r.out());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.cnv")));

        Map<String, Tensor> tensors = new LinkedHashMap<>(f.tensors());
        tensors.remove("optim/b1/m");
        new TensorFile(f.meta(), tensors).write(ck);
        r = CliTest.run(resume(out, "--epochs", "2"));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("error: " + ck + ": bad checkpoint: optim/b1/m is missing (adam keeps it for every "
                + "parameter)"), r.out());
    }

    /** Checkpoints written before the settings were stored still resume, with the options given. */
    @Test
    void anOlderCheckpointResumesWithTheOptionsGiven() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, CliTest.run(first(out, "--epochs", "1")).exit());
        Path ck = out.resolve("checkpoint.cnv");
        TensorFile f = TensorFile.read(ck);
        Map<String, String> meta = new LinkedHashMap<>(f.meta());
        meta.keySet().removeIf(k -> k.startsWith("solver/") || k.startsWith("cli/"));
        new TensorFile(meta, f.tensors()).write(ck);
        String[] again = first(out, "--epochs", "2", "--resume");
        Run r = CliTest.run(again);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("note: " + ck + " was written before checkpoints stored their run's settings"), r.out());
        assertTrue(r.out().contains("has 1 of 2 epochs done"), r.out());
    }

    /** A file whose writer was killed (kill -9) before it could rename it is removed by the next run. */
    @Test
    void filesLeftByKilledWritersAreRemovedByTheNextRun() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long dead = p.pid();
        FileTime old = FileTime.from(Instant.now().minus(AtomicFiles.DEAD_WRITER_AGE).minusSeconds(5));
        List<Path> orphans = new ArrayList<>();
        for (String name : new String[] {".checkpoint.cnv." + dead + ".42.tmp", ".model.cnv." + dead + ".43.tmp",
            ".loss_acc.png." + dead + ".44.tmp", ".model.cnv.45.tmp"}) {
            Path o = Files.write(out.resolve(name), new byte[4096]);
            Files.setLastModifiedTime(o, name.equals(".model.cnv.45.tmp")
                    ? FileTime.from(Instant.now().minus(AtomicFiles.ANY_WRITER_AGE)) : old);
            orphans.add(o);
        }
        Path mine = Files.write(out.resolve("notes.tmp"), new byte[1]);
        Files.setLastModifiedTime(mine, old);
        assertEquals(0, CliTest.run(first(out, "--epochs", "1")).exit());
        for (Path o : orphans) assertFalse(Files.exists(o), o.toString());
        assertTrue(Files.exists(mine));
        try (var s = Files.list(out)) {
            assertEquals(List.of("checkpoint.cnv", "filters.png", "loss_acc.png", "model.cnv", "notes.tmp"),
                    s.map(x -> x.getFileName().toString()).sorted().toList());
        }
    }

    /** Whether {@code env --default-signal=INT} works here (GNU coreutils 8.31+). */
    private static boolean envCanResetSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * The new user: {@code train --epochs 3 ... --out D}, Ctrl-C after the first epoch, then
     * {@code train --out D --resume}. The first run says what is saved and the exact command; the second
     * trains the remaining epochs with the first run's settings, and its speed counts only its own images.
     */
    @Test
    void ctrlCSaysWhatIsSavedAndTheResumeCommandContinuesTheRun() throws Exception {
        assumeTrue(envCanResetSignals(), "needs env --default-signal (a background JVM ignores SIGINT otherwise)");
        Path out = dir.resolve("D");
        // the naive backend: slow enough (seconds per epoch) to be interrupted in the middle of the run
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dconvnet4j.launcher=./convnet4j",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of("train", "--epochs", "3", "--data", "synthetic", "--num-train", "200", "--num-val", "20",
                "--num-test", "20", "--num-train-samples", "20", "--hidden-dim", "8", "--num-filters", "2", "--backend", "naive",
                "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("run1.txt").toFile()).start();
        Path ck = out.resolve("checkpoint.cnv");
        String text;
        try {
            for (int i = 0; i < 1200 && !Files.exists(ck) && p.isAlive(); i++) Thread.sleep(100);
            assertTrue(Files.exists(ck) && p.isAlive(), Files.readString(dir.resolve("run1.txt")));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(30, TimeUnit.SECONDS);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run stops after Ctrl-C");
        } finally {
            p.destroyForcibly();
        }
        text = Files.readString(dir.resolve("run1.txt"), StandardCharsets.UTF_8);
        assertEquals(130, p.exitValue(), text);
        int saved = Checkpoint.info(ck).epoch();
        assertTrue(saved >= 1 && saved < 3, "interrupted in the middle: " + saved);
        assertTrue(text.contains("interrupted during epoch " + (saved + 1) + " of 3: epoch " + saved + " is saved in " + ck
                + "; continue with: ./convnet4j train --out " + out + " --resume"), text);

        Run r = CliTest.run("train", "--out", out.toString(), "--resume", "--no-progress", "--backend", "native");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("has " + saved + " of 3 epochs done"), r.out());
        assertTrue(r.out().contains("data: train 200, val 20, test 20"), r.out());
        assertEquals(3, Checkpoint.info(ck).epoch());
        // this run's images: (3 - saved) epochs of 200, not the 600 of the whole history
        assertTrue(r.out().contains(" s (" + (3 - saved) * 200 + " images, "), r.out());
    }

    /** Overfit keeps nothing until it ends: Ctrl-C says so, and stops it at an iteration boundary. */
    @Test
    void ctrlCDuringOverfitSaysNothingWasKept() throws Exception {
        assumeTrue(envCanResetSignals(), "needs env --default-signal (a background JVM ignores SIGINT otherwise)");
        Path log = dir.resolve("overfit.txt");
        Process p = new ProcessBuilder("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "overfit", "--data", "synthetic", "--num-samples", "100", "--num-val", "20", "--num-test",
                "20", "--epochs", "100000", "--out", dir.resolve("o").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; i < 1200 && !Files.readString(log).contains("(Epoch 1 / 100000)") && p.isAlive(); i++) Thread.sleep(100);
            assertTrue(p.isAlive(), Files.readString(log));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(30, TimeUnit.SECONDS);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run stops after Ctrl-C");
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(log);
        assertEquals(130, p.exitValue(), text);
        assertTrue(text.matches("(?s).*interrupted after [1-9][0-9]* of 100000 epochs: overfit writes its plot only at the end, so "
                + "nothing was kept; run it again\\s*"), text);
    }
}
