package org.convnet4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.convnet4j.fast.BlasCeiling;
import org.convnet4j.tensor.DType;

/**
 * The result of one {@link BenchRunner} run: the environment, the GEMM ceiling measured in the same
 * run, one {@link CaseResult} per case and direction, the training steps and the epoch. {@link #toJson()} and
 * {@link #printTable} render it; every number is also reachable from the records.
 *
 * @param environment what the run ran on and with
 * @param sgemm the float32 ceiling, or null when skipped
 * @param dgemm the float64 ceiling, or null when skipped
 * @param cases results in run order (forward then backward for each case)
 * @param trainSteps T1, T2: one ThreeLayerConvNet training step each, in run order (empty when none ran)
 * @param epoch one Fashion-MNIST epoch, or null when not run
 */
public record BenchReport(Environment environment, BlasCeiling.Measurement sgemm, BlasCeiling.Measurement dgemm,
                          List<CaseResult> cases, List<TrainStep> trainSteps, EpochResult epoch) {

    public BenchReport {
        cases = List.copyOf(cases);
        trainSteps = List.copyOf(trainSteps);
    }

    /** T1's result, or null when it did not run. */
    public TrainStep trainStep() {
        for (TrainStep t : trainSteps) if (t.trainCase() == TrainCase.T1) return t;
        return null;
    }

    /**
     * @param javaVersion {@code java.version}
     * @param osArch {@code os.name os.arch}
     * @param processors {@code Runtime.availableProcessors()}
     * @param blasThreads BLAS threads pinned for the run
     * @param blasThreadsEffective what OpenBLAS reports running with
     * @param nativeInfo {@code NativeStatus.describe()}
     * @param blasCorename the kernel family OpenBLAS picked ({@code openblas_get_corename}, e.g. Haswell)
     * @param openblasCoretype the {@code OPENBLAS_CORETYPE} environment variable, or null
     * @param machine CPU model and flags, the {@code OPENBLAS_*} environment
     * @param loadBefore the system's one-minute load average when the run started (NaN if unknown)
     * @param loadAfter the same when it ended
     * @param warmup untimed fast calls per measurement (at least)
     * @param warmupMs untimed fast calls last at least this long, in ms, per measurement
     * @param repeats timed fast calls per measurement
     * @param naiveRepeats timed naive calls per measurement
     */
    public record Environment(String javaVersion, String osArch, int processors, int blasThreads,
                              int blasThreadsEffective, String nativeInfo, String blasCorename, String openblasCoretype,
                              Machine machine, double loadBefore, double loadAfter, int warmup, long warmupMs,
                              int repeats, int naiveRepeats) {}

    /**
     * Times of one path over its repeats, in milliseconds.
     */
    public record Timing(int repeats, double medianMs, double minMs, double maxMs) {
        static Timing of(double[] ms) {
            double[] s = ms.clone();
            java.util.Arrays.sort(s);
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return new Timing(n, median, s[0], s[n - 1]);
        }
    }

    /**
     * One case in one direction.
     *
     * @param benchCase S1..S5
     * @param direction {@code "forward"}, {@code "backward"}, or for a pool also {@code "backward-new"}: "backward"
     *        writes into one dx kept across calls ({@code PoolOp.backward(dout, cache, dx)}, as a net does),
     *        "backward-new" returns a new dx each call
     * @param dtype element type of the run
     * @param fast fast-path times
     * @param naive naive-path times, or null when the naive path was not run
     * @param flops work of one call (0 for a pool)
     * @param differences {@code rel_error(naive, fast)} (float64) or {@code max|naive - fast| / max|naive|} (float32) per output ({@code out}, or
     *        {@code dx, dw, db}); empty when the naive path was not run
     * @param ceilingGflops the same run's GEMM GFLOPS for this dtype, or NaN when not measured
     */
    public record CaseResult(BenchCase benchCase, String direction, DType dtype, Timing fast, Timing naive,
                             double flops, Map<String, Double> differences, double ceilingGflops) {
        public CaseResult {
            differences = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(differences));
        }

        /** Fast-path GFLOPS at the median time; NaN for a pool. */
        public double gflops() {
            return flops > 0 ? flops / (fast.medianMs() * 1e6) : Double.NaN;
        }

        /** {@link #gflops()} over the GEMM ceiling of the same dtype; NaN when either is missing. */
        public double fractionOfCeiling() {
            return gflops() / ceilingGflops;
        }

        /** Naive median over fast median; NaN when the naive path was not run. */
        public double speedup() {
            return naive == null ? Double.NaN : naive.medianMs() / fast.medianMs();
        }
    }

    /**
     * T1 or T2 of BENCH.md: one ThreeLayerConvNet training step (batch 50, 3x32x32, 32 7x7 filters, hidden 100
     * or 500, Adam): loss, gradients and the update of every parameter.
     *
     * @param naive times on the naive layers, or null when not run
     */
    public record TrainStep(TrainCase trainCase, DType dtype, Timing fast, Timing naive) {
        /** Naive median over fast median; NaN when the naive path was not run. */
        public double speedup() {
            return naive == null ? Double.NaN : naive.medianMs() / fast.medianMs();
        }
    }

    /**
     * One Fashion-MNIST epoch with {@code train}'s defaults, timed as {@code train} runs it but without the
     * accuracy checks (training time only, as the PyTorch peer times it).
     *
     * @param iterations update steps
     * @param images {@code iterations * batch}
     * @param trainSeconds wall time of the steps (sampling, loss, gradients, updates)
     * @param checkSeconds wall time of the accuracy checks, left out of {@code trainSeconds}
     * @param finalLoss the last iteration's loss
     * @param valAcc accuracy on the 5,000 validation images at the end
     * @param testAcc accuracy on the 10,000 test images (the final parameters, as {@code train} reports)
     * @param settings the settings, e.g. {@code hidden 500, reg 0.001, adam 0.001, batch 50}
     */
    public record EpochResult(int iterations, int images, double trainSeconds, double checkSeconds, double finalLoss,
                              double valAcc, double testAcc, String settings) {
        /** Images per second of training time. */
        public double imagesPerSecond() {
            return images / trainSeconds;
        }
    }

    /** Prints the summary table: one row per case and direction. */
    public void printTable(PrintStream out) {
        Environment e = environment;
        out.printf(Locale.ROOT, "%nconvnet4j bench: %s, %d processors, BLAS threads %d, Java %s%n",
                e.osArch(), e.processors(), e.blasThreads(), e.javaVersion());
        out.printf(Locale.ROOT, "native: %s%n", e.nativeInfo());
        Machine m = e.machine();
        out.printf(Locale.ROOT, "cpu: %s (%s); OpenBLAS core %s, threads %d%s; load average %.1f -> %.1f%n",
                m.cpuModel() == null ? "unknown" : m.cpuModel(), String.join(" ", m.simdFlags()), e.blasCorename(),
                e.blasThreadsEffective(), e.openblasCoretype() == null ? "" : ", OPENBLAS_CORETYPE=" + e.openblasCoretype(),
                e.loadBefore(), e.loadAfter());
        printGemm(out, sgemm);
        printGemm(out, dgemm);
        out.printf(Locale.ROOT, "times: median of %d fast / %d naive calls after at least %d warm-up calls and %d ms%n",
                e.repeats(), e.naiveRepeats(), e.warmup(), e.warmupMs());
        out.printf(Locale.ROOT, "difference: rel_error (float64), max|naive - fast| / max|naive| (float32)%n");
        out.printf(Locale.ROOT, "%-4s %-4s %-12s %-7s %10s %10s %9s %8s %8s  %s%n",
                "case", "op", "dir", "dtype", "fast ms", "naive ms", "speedup", "GFLOPS", "of gemm", "difference");
        for (CaseResult r : cases) {
            out.printf(Locale.ROOT, "%-4s %-4s %-12s %-7s %10.3f %10s %9s %8s %8s  %s%n",
                    r.benchCase().name(), r.benchCase().op(), r.direction(), dtypeName(r.dtype()),
                    r.fast().medianMs(),
                    r.naive() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.naive().medianMs()),
                    Double.isNaN(r.speedup()) ? "-" : String.format(Locale.ROOT, "%.1fx", r.speedup()),
                    Double.isNaN(r.gflops()) ? "-" : String.format(Locale.ROOT, "%.1f", r.gflops()),
                    Double.isNaN(r.fractionOfCeiling()) ? "-"
                            : String.format(Locale.ROOT, "%.0f%%", 100 * r.fractionOfCeiling()),
                    differencesText(r.differences()));
        }
        if (cases.stream().anyMatch(r -> r.direction().equals("backward-new"))) {
            out.printf(Locale.ROOT, "pool backward: into one dx kept across calls, as a net does; backward-new: a new dx"
                    + " each call (the naive time is always that)%n");
        }
        for (TrainStep t : trainSteps) {
            out.printf(Locale.ROOT, "%-4s %-4s %-12s %-7s %10.3f %10s %9s   (min %.3f ms, hidden %d)%n", t.trainCase().name(),
                    "step", "train", dtypeName(t.dtype()), t.fast().medianMs(),
                    t.naive() == null ? "-" : String.format(Locale.ROOT, "%.3f", t.naive().medianMs()),
                    Double.isNaN(t.speedup()) ? "-" : String.format(Locale.ROOT, "%.1fx", t.speedup()),
                    t.fast().minMs(), t.trainCase().hidden());
        }
        if (epoch != null) {
            out.printf(Locale.ROOT, "epoch: Fashion-MNIST, %s: %d iterations in %.1f s of training (%.0f images/s; accuracy"
                    + " checks %.1f s more), final loss %.3f, val acc %.4f, test acc %.4f%n", epoch.settings(),
                    epoch.iterations(), epoch.trainSeconds(), epoch.imagesPerSecond(), epoch.checkSeconds(),
                    epoch.finalLoss(), epoch.valAcc(), epoch.testAcc());
        }
    }

    private static void printGemm(PrintStream out, BlasCeiling.Measurement m) {
        if (m == null) return;
        out.printf(Locale.ROOT, "ceiling: %s %d^3: %.1f GFLOPS (median %.1f ms of %d)%n",
                m.routine(), m.n(), m.gflops(), m.medianMs(), m.repeats());
    }

    private static String differencesText(Map<String, Double> d) {
        if (d.isEmpty()) return "-";
        List<String> parts = new ArrayList<>();
        d.forEach((k, v) -> parts.add(k + " " + String.format(Locale.ROOT, "%.2e", v)));
        return String.join(", ", parts);
    }

    static String dtypeName(DType d) {
        return d == DType.FLOAT64 ? "float64" : "float32";
    }

    /** The whole report as JSON (the structure of the records; times in ms, rates in GFLOPS). */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java", environment.javaVersion());
        env.put("os", environment.osArch());
        env.put("processors", environment.processors());
        env.put("blasThreads", environment.blasThreads());
        env.put("blasThreadsEffective", environment.blasThreadsEffective());
        env.put("native", environment.nativeInfo());
        env.put("blasCorename", environment.blasCorename());
        env.put("openblasCoretype", environment.openblasCoretype());
        env.put("openblasEnv", new LinkedHashMap<>(environment.machine().openblasEnv()));
        env.put("cpuModel", environment.machine().cpuModel());
        env.put("cpuSimdFlags", environment.machine().simdFlags());
        env.put("cpuFlags", environment.machine().cpuFlags());
        env.put("loadAverageBefore", environment.loadBefore());
        env.put("loadAverageAfter", environment.loadAfter());
        env.put("warmup", environment.warmup());
        env.put("warmupMs", environment.warmupMs());
        env.put("repeats", environment.repeats());
        env.put("naiveRepeats", environment.naiveRepeats());
        root.put("environment", env);
        Map<String, Object> ceiling = new LinkedHashMap<>();
        if (sgemm != null) ceiling.put("sgemm", gemmJson(sgemm));
        if (dgemm != null) ceiling.put("dgemm", gemmJson(dgemm));
        root.put("ceiling", ceiling);
        List<Object> list = new ArrayList<>();
        for (CaseResult r : cases) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("case", r.benchCase().name());
            c.put("op", r.benchCase().op());
            c.put("shape", r.benchCase().describe());
            c.put("direction", r.direction());
            c.put("dtype", dtypeName(r.dtype()));
            c.put("fast", timingJson(r.fast()));
            c.put("naive", r.naive() == null ? null : timingJson(r.naive()));
            c.put("speedup", r.speedup());
            c.put("flops", r.flops());
            c.put("gflops", r.gflops());
            c.put("fractionOfCeiling", r.fractionOfCeiling());
            c.put("differences", new LinkedHashMap<>(r.differences()));
            list.add(c);
        }
        root.put("cases", list);
        List<Object> steps = new ArrayList<>();
        for (TrainStep step : trainSteps) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("case", step.trainCase().name());
            t.put("shape", step.trainCase().describe());
            t.put("dtype", dtypeName(step.dtype()));
            t.put("fast", timingJson(step.fast()));
            t.put("naive", step.naive() == null ? null : timingJson(step.naive()));
            t.put("speedup", step.speedup());
            steps.add(t);
        }
        root.put("trainSteps", steps);
        if (epoch != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("settings", epoch.settings());
            t.put("iterations", epoch.iterations());
            t.put("images", epoch.images());
            t.put("trainSeconds", epoch.trainSeconds());
            t.put("imagesPerSecond", epoch.imagesPerSecond());
            t.put("checkSeconds", epoch.checkSeconds());
            t.put("finalLoss", epoch.finalLoss());
            t.put("valAcc", epoch.valAcc());
            t.put("testAcc", epoch.testAcc());
            root.put("epoch", t);
        }
        return Json.write(root);
    }

    private static Map<String, Object> gemmJson(BlasCeiling.Measurement m) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("n", m.n());
        g.put("repeats", m.repeats());
        g.put("medianMs", m.medianMs());
        g.put("minMs", m.minMs());
        g.put("gflops", m.gflops());
        return g;
    }

    private static Map<String, Object> timingJson(Timing t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repeats", t.repeats());
        m.put("medianMs", t.medianMs());
        m.put("minMs", t.minMs());
        m.put("maxMs", t.maxMs());
        return m;
    }
}
