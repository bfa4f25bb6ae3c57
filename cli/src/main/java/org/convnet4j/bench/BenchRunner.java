package org.convnet4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.convnet4j.check.GradCheck;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.FashionMnist;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingListener;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.BlasCeiling;
import org.convnet4j.model.Model;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.solver.UpdateRule;
import org.convnet4j.solver.UpdateRules;
import org.convnet4j.fast.Conv2dFast;
import org.convnet4j.fast.MaxPool2dFast;
import org.convnet4j.fast.NativeConfig;
import org.convnet4j.fast.NativeStatus;
import org.convnet4j.io.AtomicFiles;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of the {@code bench} command: times the naive and native layers on the cases of
 * {@link BenchCase} and reports them against the BLAS's own GEMM speed measured in the same run.
 *
 * <p>For S1 and S2 it reproduces the notebook's speed tables on the notebook's own inputs
 * ({@code np.random.seed(231)}, then {@code randn} of x, w, b, dout for the conv and of x, dout for the
 * pool, float64) and prints them in the notebook's line format:
 * <pre>
 * Testing conv_forward_fast:
 * Naive: 0.051234s
 * Fast: 0.000512s
 * Speedup: 100.066406x
 * Difference:  4.926407851494105e-11
 * </pre>
 * ({@code dx/dw/db difference} after the backward; the pool tables use the same capitalisation and
 * keep the {@code Fast:} line the notebook's pool backward cell forgot). The times are medians over
 * the repeats (the notebook timed one call). S3..S5 use the same seeding in the configured dtype
 * (float32 by default). Then a summary table with median ms, GFLOPS
 * ({@code 2 N F C HH WW Hout Wout} per forward, twice that per backward) and the fraction of the same
 * run's sgemm (float32) or dgemm (float64) GFLOPS, and, if asked, the JSON report written atomically.
 *
 * <p>The BLAS thread count is pinned with {@link NativeConfig#setBlasThreads} for the whole run.
 * Not thread-safe: run one at a time (it also changes the process-wide BLAS thread count).
 */
public final class BenchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);
    private static final long SEED = 231;

    private final BenchOptions options;

    public BenchRunner(BenchOptions options) {
        if (options == null) throw new IllegalArgumentException("bench: options must not be null");
        this.options = options;
    }

    /**
     * Runs the benchmark, printing the notebook tables and the summary table to {@code out} and, when
     * {@link BenchOptions#jsonOut} is set, writing the JSON report there.
     *
     * @throws IllegalStateException when the native library is not available
     * @throws IOException when the JSON report cannot be written
     */
    public BenchReport run(PrintStream out) throws IOException {
        if (out == null) throw new IllegalArgumentException("bench: out must not be null");
        if (!NativeStatus.isAvailable()) {
            throw new IllegalStateException("bench: the native library is not available: " + NativeStatus.describe());
        }
        if (options.cases().isEmpty() && options.trainCases().isEmpty() && !options.epoch()) {
            throw new IllegalArgumentException("bench: nothing to run (no cases, no T1/T2, no epoch)");
        }
        double loadBefore = Machine.loadAverage();
        NativeConfig.setBlasThreads(options.blasThreads());

        BlasCeiling.Measurement sgemm = null;
        BlasCeiling.Measurement dgemm = null;
        if (options.gemmSize() > 0) {
            LOG.debug("bench: measuring sgemm/dgemm {}^3 on {} BLAS thread(s)", options.gemmSize(), options.blasThreads());
            sgemm = BlasCeiling.sgemm(options.gemmSize(), options.gemmRepeats());
            dgemm = BlasCeiling.dgemm(options.gemmSize(), options.gemmRepeats());
        }

        List<BenchReport.CaseResult> results = new ArrayList<>();
        for (BenchCase c : options.cases()) {
            boolean notebook = c == BenchCase.S1 || c == BenchCase.S2;
            // the notebook's tables are float64; S1 and S2 also run in float32 when that is the run's dtype
            List<DType> dtypes = !notebook ? List.of(options.dtype())
                    : options.dtype() == DType.FLOAT32 ? List.of(DType.FLOAT64, DType.FLOAT32) : List.of(DType.FLOAT64);
            for (DType dtype : dtypes) {
                BlasCeiling.Measurement ceiling = dtype == DType.FLOAT64 ? dgemm : sgemm;
                double ceilingGflops = ceiling == null ? Double.NaN : ceiling.gflops();
                LOG.debug("bench: {} {} {}", c, c.describe(), BenchReport.dtypeName(dtype));
                List<BenchReport.CaseResult> r = c.isConv() ? runConv(c, dtype, ceilingGflops)
                        : runPool(c, dtype, ceilingGflops);
                if (notebook && dtype == DType.FLOAT64) printNotebookTable(out, c, r);
                results.addAll(r);
            }
        }

        List<BenchReport.TrainStep> steps = new ArrayList<>();
        for (TrainCase t : options.trainCases()) steps.add(runTrainStep(t, options.dtype()));
        BenchReport.EpochResult epoch = options.epoch() ? runEpoch(options.dtype()) : null;
        BenchReport report = new BenchReport(environment(loadBefore), sgemm, dgemm, results, steps, epoch);
        report.printTable(out);
        out.flush();
        if (options.jsonOut() != null) {
            AtomicFiles.write(options.jsonOut(), report.toJson().getBytes(StandardCharsets.UTF_8));
            LOG.debug("bench: wrote {}", options.jsonOut());
        }
        return report;
    }

    private List<BenchReport.CaseResult> runConv(BenchCase c, DType dtype, double ceilingGflops) {
        Rng rng = new Rng(SEED);
        Tensor x = Tensor.randn(rng, dtype, c.xShape());
        Tensor w = Tensor.randn(rng, dtype, c.wShape());
        Tensor b = Tensor.randn(rng, dtype, c.bShape());
        Tensor dout = Tensor.randn(rng, dtype, c.outShape());
        ConvOp fast = new Conv2dFast();
        ConvOp naive = new Conv2d();
        boolean runNaive = options.naiveRepeats() > 0
                && (c == BenchCase.S1 || c.forwardFlops() <= options.naiveFlopLimit());

        double[] fastFwdMs = new double[options.repeats()];
        ConvResult fastFwd = timed(options.warmup(), options.warmupMs(), fastFwdMs, () -> fast.forward(x, w, b, c.convParam()));
        double[] fastBwdMs = new double[options.repeats()];
        ConvGrads fastBwd = timed(options.warmup(), options.warmupMs(), fastBwdMs, () -> fast.backward(dout, fastFwd.cache()));

        BenchReport.Timing naiveFwdT = null;
        BenchReport.Timing naiveBwdT = null;
        Map<String, Double> fwdDiff = new LinkedHashMap<>();
        Map<String, Double> bwdDiff = new LinkedHashMap<>();
        if (runNaive) {
            double[] ms = new double[options.naiveRepeats()];
            ConvResult naiveFwd = timed(0, 0, ms, () -> naive.forward(x, w, b, c.convParam()));
            naiveFwdT = BenchReport.Timing.of(ms);
            double[] msB = new double[options.naiveRepeats()];
            ConvGrads naiveBwd = timed(0, 0, msB, () -> naive.backward(dout, naiveFwd.cache()));
            naiveBwdT = BenchReport.Timing.of(msB);
            fwdDiff.put("out", difference(naiveFwd.out(), fastFwd.out()));
            bwdDiff.put("dx", difference(naiveBwd.dx(), fastBwd.dx()));
            bwdDiff.put("dw", difference(naiveBwd.dw(), fastBwd.dw()));
            bwdDiff.put("db", difference(naiveBwd.db(), fastBwd.db()));
        }
        List<BenchReport.CaseResult> r = new ArrayList<>();
        r.add(new BenchReport.CaseResult(c, "forward", dtype, BenchReport.Timing.of(fastFwdMs), naiveFwdT,
                c.forwardFlops(), fwdDiff, ceilingGflops));
        r.add(new BenchReport.CaseResult(c, "backward", dtype, BenchReport.Timing.of(fastBwdMs), naiveBwdT,
                c.backwardFlops(), bwdDiff, ceilingGflops));
        return r;
    }

    private List<BenchReport.CaseResult> runPool(BenchCase c, DType dtype, double ceilingGflops) {
        Rng rng = new Rng(SEED);
        Tensor x = Tensor.randn(rng, dtype, c.xShape());
        Tensor dout = Tensor.randn(rng, dtype, c.outShape());
        PoolOp fast = new MaxPool2dFast();
        PoolOp naive = new MaxPool2d();

        double[] fastFwdMs = new double[options.repeats()];
        PoolResult fastFwd = timed(options.warmup(), options.warmupMs(), fastFwdMs, () -> fast.forward(x, c.poolParam()));
        // "backward" writes into one dx kept across calls, as Net does (PoolOp.backward(dout, cache, dx));
        // "backward-new" returns a new dx each call (the JVM allocates and zeroes it first)
        Tensor kept = x.zerosLike();
        double[] fastBwdMs = new double[options.repeats()];
        Tensor fastDx = timed(options.warmup(), options.warmupMs(), fastBwdMs, () -> fast.backward(dout, fastFwd.cache(), kept));
        double[] fastBwdNewMs = new double[options.repeats()];
        Tensor fastDxNew = timed(options.warmup(), options.warmupMs(), fastBwdNewMs, () -> fast.backward(dout, fastFwd.cache()));

        BenchReport.Timing naiveFwdT = null;
        BenchReport.Timing naiveBwdT = null;
        Map<String, Double> fwdDiff = new LinkedHashMap<>();
        Map<String, Double> bwdDiff = new LinkedHashMap<>();
        Map<String, Double> bwdNewDiff = new LinkedHashMap<>();
        if (options.naiveRepeats() > 0) {
            double[] ms = new double[options.naiveRepeats()];
            PoolResult naiveFwd = timed(0, 0, ms, () -> naive.forward(x, c.poolParam()));
            naiveFwdT = BenchReport.Timing.of(ms);
            double[] msB = new double[options.naiveRepeats()];
            Tensor naiveDx = timed(0, 0, msB, () -> naive.backward(dout, naiveFwd.cache()));
            naiveBwdT = BenchReport.Timing.of(msB);
            fwdDiff.put("out", difference(naiveFwd.out(), fastFwd.out()));
            bwdDiff.put("dx", difference(naiveDx, fastDx));
            bwdNewDiff.put("dx", difference(naiveDx, fastDxNew));
        }
        List<BenchReport.CaseResult> r = new ArrayList<>();
        r.add(new BenchReport.CaseResult(c, "forward", dtype, BenchReport.Timing.of(fastFwdMs), naiveFwdT,
                0, fwdDiff, ceilingGflops));
        r.add(new BenchReport.CaseResult(c, "backward", dtype, BenchReport.Timing.of(fastBwdMs), naiveBwdT,
                0, bwdDiff, ceilingGflops));
        r.add(new BenchReport.CaseResult(c, "backward-new", dtype, BenchReport.Timing.of(fastBwdNewMs), naiveBwdT,
                0, bwdNewDiff, ceilingGflops));
        return r;
    }

    /**
     * T1 or T2: one ThreeLayerConvNet training step (loss, gradients, Adam update of every parameter); the naive
     * step runs for T1 only (T2's takes minutes).
     */
    private BenchReport.TrainStep runTrainStep(TrainCase t, DType dtype) {
        Rng rng = new Rng(SEED);
        Tensor x = Tensor.randn(rng, dtype, 50, 3, 32, 32);
        int[] y = rng.randint(10, 50);
        ThreeLayerConvNet.Config config = ThreeLayerConvNet.Config.defaults().withDtype(dtype).withHiddenDim(t.hidden());
        double[] fastMs = new double[options.repeats()];
        Supplier<Double> fastStep = trainStep(new ThreeLayerConvNet(config, Ops.of(Backend.NATIVE), new Rng(SEED)), x, y);
        timed(options.warmup(), options.warmupMs(), fastMs, fastStep);
        BenchReport.Timing naive = null;
        if (options.naiveRepeats() > 0 && t == TrainCase.T1) {
            double[] naiveMs = new double[options.naiveRepeats()];
            timed(0, 0, naiveMs, trainStep(new ThreeLayerConvNet(config, Ops.naive(), new Rng(SEED)), x, y));
            naive = BenchReport.Timing.of(naiveMs);
        }
        return new BenchReport.TrainStep(t, dtype, BenchReport.Timing.of(fastMs), naive);
    }

    /**
     * One Fashion-MNIST epoch with {@code train}'s defaults (the same model, solver, seed and AUTO backend as
     * {@code ./convnet4j train}), timing the steps and leaving out the accuracy checks: the time between the
     * iteration before a check and the check's report is the check's.
     *
     * @throws IOException when the Fashion-MNIST files are missing or corrupt (the message names the folder)
     */
    private BenchReport.EpochResult runEpoch(DType dtype) throws IOException {
        DataSplits data = FashionMnist.load(options.epochDataDir(), dtype);
        Dataset train = data.train();
        int hidden = 500, batch = 50;
        double reg = 1e-3, lr = 1e-3;
        ThreeLayerConvNet.Config config = new ThreeLayerConvNet.Config(
                new int[] {train.channels(), train.height(), train.width()}, 32, 7, hidden, train.numClasses(), 1e-3,
                reg, dtype);
        ThreeLayerConvNet model = new ThreeLayerConvNet(config, Ops.of(Backend.AUTO), new Rng(SEED));
        Solver solver = new Solver(model, train.images(), train.labels(), data.val().images(), data.val().labels(),
                new Solver.Options(UpdateRule.of("adam", lr), 1.0, batch, 1, 1000, 0, SEED));
        long[] marks = new long[3]; // start, last iteration's end, time in checks
        double[] lastLoss = {Double.NaN};
        solver.addListener(new TrainingListener() {
            @Override
            public void onTrainingStart(int numIterations, int iterationsPerEpoch, int startEpoch, int numEpochs) {
                marks[0] = System.nanoTime();
                marks[1] = marks[0];
            }

            @Override
            public void onIteration(int iteration, int numIterations, int epoch, double loss) {
                marks[1] = System.nanoTime();
                lastLoss[0] = loss;
            }

            @Override
            public void onAccuracyCheck(int epoch, int numEpochs, double trainAcc, double valAcc) {
                marks[2] += System.nanoTime() - marks[1];
            }
        });
        solver.train();
        double total = (System.nanoTime() - marks[0]) / 1e9, checks = marks[2] / 1e9;
        double testAcc = solver.checkAccuracy(data.test().images(), data.test().labels(), 0);
        double valAcc = solver.checkAccuracy(data.val().images(), data.val().labels(), 0);
        int iterations = solver.lossHistory().size();
        String settings = String.format(Locale.ROOT, "hidden %d, reg %s, adam %s, batch %d, %d images, %s", hidden, reg, lr,
                batch, train.size(), BenchReport.dtypeName(dtype));
        return new BenchReport.EpochResult(iterations, iterations * batch, total - checks, checks, lastLoss[0], valAcc,
                testAcc, settings);
    }

    private static Supplier<Double> trainStep(ThreeLayerConvNet model, Tensor x, int[] y) {
        UpdateRule adam = new UpdateRules.Adam(1e-3, 0.9, 0.999, 1e-8);
        Map<String, UpdateRule.State> states = new LinkedHashMap<>();
        model.params().forEach((k, v) -> states.put(k, adam.init(v)));
        return () -> { // as Solver's step: the L2 terms (none at reg 0) are folded into Adam's pass
            Model.StepGrads lg = model.lossForUpdate(x, y);
            model.params().forEach((k, v) -> adam.update(v, lg.grads().get(k), lg.decayOf(k), states.get(k)));
            return lg.loss();
        };
    }

    /**
     * Calls {@code call} untimed at least {@code warmup} times and for at least {@code warmupMs}, then once per slot of
     * {@code ms}; returns the last result.
     */
    private static <T> T timed(int warmup, long warmupMs, double[] ms, Supplier<T> call) {
        long end = System.nanoTime() + warmupMs * 1_000_000L;
        for (int i = 0; i < warmup || System.nanoTime() - end < 0; i++) call.get();
        T last = null;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            last = call.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return last;
    }

    /** The notebook's {@code rel_error}: {@code max |x - y| / max(1e-8, |x| + |y|)}. */
    static double relError(Tensor x, Tensor y) {
        return GradCheck.relError(x, y);
    }

    /**
     * The difference reported for a case: the notebook's {@code rel_error} in float64; in float32
     * {@code max|a - b| / max|a|}, because a per-element relative error is meaningless for float32
     * values near zero (the harness holds float32 to 1e-5 of this).
     */
    static double difference(Tensor naive, Tensor fast) {
        if (naive.dtype() == DType.FLOAT64) return relError(naive, fast);
        double maxDiff = 0, maxRef = 0;
        for (int i = 0, n = naive.size(); i < n; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(naive.getFlat(i) - fast.getFlat(i)));
            maxRef = Math.max(maxRef, Math.abs(naive.getFlat(i)));
        }
        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }

    private void printNotebookTable(PrintStream out, BenchCase c, List<BenchReport.CaseResult> r) {
        String prefix = c.isConv() ? "conv" : "pool";
        for (BenchReport.CaseResult cr : r) {
            if (cr.direction().equals("backward-new")) continue; // not in the notebook's table
            String dir = cr.direction();
            out.printf(Locale.ROOT, "Testing %s_%s_fast:%n", prefix, dir);
            if (cr.naive() != null) out.printf(Locale.ROOT, "Naive: %fs%n", cr.naive().medianMs() / 1e3);
            out.printf(Locale.ROOT, "Fast: %fs%n", cr.fast().medianMs() / 1e3);
            if (cr.naive() != null) out.printf(Locale.ROOT, "Speedup: %fx%n", cr.speedup());
            for (Map.Entry<String, Double> d : cr.differences().entrySet()) {
                String label = d.getKey().equals("out") ? "Difference" : d.getKey() + " difference";
                out.println(label + ":  " + pyRepr(d.getValue()));
            }
            out.println();
        }
    }

    /** Python's {@code repr(float)}, so the Difference lines read like the notebook's. */
    static String pyRepr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = v < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return String.format(Locale.ROOT, "%s%se%s%02d", sign, mantissa, exp < 0 ? "-" : "+", Math.abs(exp));
    }

    private BenchReport.Environment environment(double loadBefore) {
        return new BenchReport.Environment(System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), options.blasThreads(), NativeConfig.getBlasThreads(),
                NativeStatus.describe(), NativeConfig.blasCorename(), System.getenv("OPENBLAS_CORETYPE"), Machine.current(),
                loadBefore, Machine.loadAverage(), options.warmup(), options.warmupMs(), options.repeats(),
                options.naiveRepeats());
    }
}
