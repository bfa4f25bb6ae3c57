package org.convnet4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convnet4j.fast.BlasCeiling;
import org.convnet4j.fast.NativeStatus;
import org.convnet4j.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A functional run of the bench engine on the two small notebook cases with one repetition: not a benchmark. */
class BenchRunnerTest {

    @BeforeEach
    void nativeKernels() {
        if (Boolean.getBoolean("cnn.requireNative")) {
            assertTrue(NativeStatus.isAvailable(), NativeStatus.describe());
        } else {
            Assumptions.assumeTrue(NativeStatus.isAvailable(), NativeStatus.describe());
        }
    }

    @Test
    void reproducesTheNotebookTablesAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out/bench.json");
        BenchOptions o = new BenchOptions().cases(List.of(BenchCase.S1, BenchCase.S2, BenchCase.S4))
                .warmup(0).warmupMs(0).repeats(1).naiveRepeats(1).gemmSize(64).gemmRepeats(1).blasThreads(1)
                .naiveFlopLimit(1e8).jsonOut(json);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BenchReport report;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            report = new BenchRunner(o).run(out);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        for (String line : new String[] {"Testing conv_forward_fast:\nNaive: ", "Testing conv_backward_fast:\n",
                "\ndx difference:  ", "\ndw difference:  ", "\ndb difference:  ", "Testing pool_forward_fast:\n",
                "Testing pool_backward_fast:\n", "\nSpeedup: ", "ceiling: sgemm 64^3",
                "pool backward: into one dx kept across calls"}) {
            assertTrue(text.contains(line), "missing '" + line + "' in:\n" + text);
        }

        // S1 and S2 in float64 (the notebook's tables) and float32 (the run's dtype), then S4
        // (a pool has three rows: forward, backward into a kept dx, backward with a new dx)
        assertEquals(12, report.cases().size());
        BenchReport.CaseResult s1f = report.cases().get(0);
        assertEquals(BenchCase.S1, s1f.benchCase());
        assertEquals(DType.FLOAT64, s1f.dtype()); // the notebook's dtype, whatever the option says
        assertTrue(s1f.differences().get("out") < 1e-9, s1f.differences().toString());
        BenchReport.CaseResult s1b = report.cases().get(1);
        for (String k : new String[] {"dx", "dw", "db"}) {
            assertTrue(s1b.differences().get(k) < 1e-9, s1b.differences().toString());
        }
        BenchReport.CaseResult s1f32 = report.cases().get(2);
        assertEquals(BenchCase.S1, s1f32.benchCase());
        assertEquals(DType.FLOAT32, s1f32.dtype());
        assertTrue(s1f32.differences().get("out") < 1e-5, s1f32.differences().toString());
        assertEquals(DType.FLOAT64, report.cases().get(4).dtype());
        assertEquals(0.0, report.cases().get(4).differences().get("out")); // pool: exact
        assertEquals("backward", report.cases().get(5).direction());
        assertEquals(0.0, report.cases().get(5).differences().get("dx"));
        assertEquals("backward-new", report.cases().get(6).direction());
        assertEquals(0.0, report.cases().get(6).differences().get("dx"));
        assertEquals(BenchCase.S2, report.cases().get(7).benchCase());
        assertEquals(DType.FLOAT32, report.cases().get(7).dtype());
        assertTrue(s1f.gflops() > 0 && s1f.fractionOfCeiling() > 0, "gflops " + s1f.gflops());
        assertTrue(text.indexOf("Testing conv_forward_fast") == text.lastIndexOf("Testing conv_forward_fast"),
                "one notebook table per case (the float64 one)");

        BenchReport.CaseResult s4f = report.cases().get(10);
        assertEquals(DType.FLOAT32, s4f.dtype());
        assertNull(s4f.naive()); // above the naive flop limit: fast only
        assertTrue(s4f.differences().isEmpty());
        assertTrue(Double.isNaN(s4f.speedup()));

        assertNotNull(report.sgemm());
        String written = Files.readString(json);
        assertEquals(report.toJson(), written);
        assertTrue(written.contains("\"case\": \"S4\"") && written.contains("\"sgemm\""), written);

        BenchReport.TrainStep t1 = report.trainStep();
        assertNotNull(t1, "T1 runs by default");
        assertTrue(t1.fast().medianMs() > 0 && t1.speedup() > 0, t1.toString());
        assertTrue(text.contains("T1   step train"), text);
        assertTrue(written.contains("\"trainSteps\"") && written.contains("\"case\": \"T1\""), written);
        BenchReport.Environment env = report.environment();
        assertEquals(1, env.blasThreads());
        assertTrue(env.blasCorename() != null && !env.blasCorename().isEmpty());
        assertTrue(written.contains("\"cpuModel\"") && written.contains("\"cpuFlags\"")
                && written.contains("\"blasCorename\"") && written.contains("\"loadAverageBefore\""), written);
        if (java.nio.file.Files.isReadable(Path.of("/proc/cpuinfo"))) {
            assertNotNull(env.machine().cpuModel());
            assertTrue(env.machine().cpuFlags().contains("sse2"), env.machine().cpuFlags().toString()); // every x86-64
        }
    }

    @Test
    void t2RunsTheFastStepOnlyWithHidden500() throws Exception {
        BenchOptions o = new BenchOptions().cases(List.of()).trainCases(List.of(TrainCase.T2)).warmup(0).warmupMs(0).repeats(1)
                .naiveRepeats(1).gemmSize(0);
        BenchReport report = new BenchRunner(o).run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, report.trainSteps().size());
        BenchReport.TrainStep t2 = report.trainSteps().get(0);
        assertEquals(TrainCase.T2, t2.trainCase());
        assertEquals(500, t2.trainCase().hidden());
        assertNull(t2.naive(), "T2's naive step is not run");
        assertNull(report.trainStep(), "no T1");
        assertTrue(report.toJson().contains("hidden 500"), report.toJson());
    }

    @Test
    void t1AloneIsAllowedAndNothingAtAllIsNot() throws Exception {
        BenchOptions o = new BenchOptions().cases(List.of()).trainStep(true).warmup(0).warmupMs(0).repeats(1).naiveRepeats(0)
                .gemmSize(0);
        BenchReport report = new BenchRunner(o).run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertTrue(report.cases().isEmpty());
        assertNull(report.trainStep().naive());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BenchRunner(new BenchOptions().cases(List.of()).trainStep(false)).run(System.out));
        assertTrue(e.getMessage().contains("nothing to run"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BenchOptions().trainCases(null));
        assertTrue(e.getMessage().contains("trainCases"), e.getMessage());
    }

    @Test
    void blasCeilingMeasuresAndValidates() {
        BlasCeiling.Measurement m = BlasCeiling.sgemm(64, 2);
        assertEquals(64, m.n());
        assertTrue(m.gflops() > 0 && m.medianMs() >= m.minMs(), m.toString());
        assertTrue(BlasCeiling.dgemm(32, 1).gflops() > 0);
        assertThrows(IllegalArgumentException.class, () -> BlasCeiling.sgemm(0, 1));
        assertThrows(IllegalArgumentException.class, () -> BlasCeiling.dgemm(8, 0));
        assertThrows(IllegalArgumentException.class, () -> BlasCeiling.sgemm(1 << 16, 1));
    }
}
