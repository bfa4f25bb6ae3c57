package org.convnet4j.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.Dataset;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.NativeConfig;
import org.convnet4j.fast.NativeStatus;
import org.convnet4j.model.Model;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingDivergedException;
import org.convnet4j.solver.UpdateRule;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * Trains one configuration, the way {@code ./convnet4j train} does (same model, initialisation, Solver
 * options and seeds), and turns whatever happens into a {@link TrialResult}: a run that diverges
 * ({@link TrainingDivergedException}), runs out of memory or throws is a failed result with its reason,
 * never an exception, so that Spark does not retry a configuration that fails the same way every time.
 * This is the body of a sweep's Spark task and of its sequential reference runs; it is the same code in
 * both, so the same configuration, data and BLAS threads give the same numbers in either.
 */
public final class ConfigTrainer {
    private ConfigTrainer() {}

    /**
     * Trains {@code trial}.
     *
     * @param backend the layers to use
     * @param blasThreads the BLAS threads to train with (a task's cpus): set process-wide, so every task in
     *     one executor JVM must ask for the same number, as Spark's {@code spark.task.cpus} ensures
     * @param interrupted whether the caller was cancelled (Spark kills a task by interrupting it); a
     *     failure then propagates instead of becoming a result
     * @return the scores and trained parameters, or a failed result with its reason
     */
    public static TrialResult train(Trial trial, Backend backend, int blasThreads, BooleanSupplier interrupted) {
        String worker = host() + "/" + Thread.currentThread().getName();
        String id = trial.id();
        String ops = describe(backend);
        if (backend != Backend.NAIVE) NativeConfig.setBlasThreads(blasThreads);
        DataSplits data;
        try {
            data = ExecutorData.get(trial.settings().data());
        } catch (Exception | OutOfMemoryError e) {
            if (interrupted.getAsBoolean()) throw propagate(e);
            return TrialResult.failed(id, "data: " + reason(e), 0, worker, blasThreads, ops, "not loaded");
        }
        long t0 = System.nanoTime();
        try {
            Ops layers = Ops.of(backend);
            Model model = build(trial.config(), trial.settings(), data.train(), layers);
            TrainSettings s = trial.settings();
            Solver.Options options = new Solver.Options(UpdateRule.of(trial.config().updateRule(), trial.config().lr()),
                    s.lrDecay(), s.batchSize(), s.epochs(), s.numTrainSamples(), 0, s.seed());
            Solver solver = new Solver(model, data.train().images(), data.train().labels(), data.val().images(),
                    data.val().labels(), options);
            solver.train();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            List<Double> loss = solver.lossHistory(), val = solver.valAccHistory(), tr = solver.trainAccHistory();
            int best = val.indexOf(solver.bestValAcc()); // the check whose parameters the solver kept
            return new TrialResult(id, true, null, tr.get(best), solver.bestValAcc(), loss.get(loss.size() - 1), ms,
                    digest(model), worker, blasThreads, ops, data.summary(), serial(model.params()), serial(model.state()),
                    data.mean() == null ? null : SerialTensor.of(data.mean()),
                    new int[] {data.train().channels(), data.train().height(), data.train().width()},
                    data.train().numClasses());
        } catch (TrainingDivergedException e) {
            return TrialResult.failed(id, "diverged: " + e.getMessage(), (System.nanoTime() - t0) / 1_000_000, worker,
                    blasThreads, ops, data.summary());
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            if (interrupted.getAsBoolean()) throw propagate(e);
            return TrialResult.failed(id, reason(e), (System.nanoTime() - t0) / 1_000_000, worker, blasThreads, ops,
                    data.summary());
        }
    }

    /**
     * The model of a configuration, sized for the data, its weights drawn from {@code new Rng(seed)}: the
     * notebook's ThreeLayerConvNet as {@code train} draws it, or the net {@code arch} describes.
     *
     * @throws IllegalArgumentException for an architecture that does not parse, does not fit the data's shape,
     *     or does not end in one score per class of the data
     */
    static Model build(SweepConfig c, TrainSettings s, Dataset train, Ops ops) {
        int[] inputDim = {train.channels(), train.height(), train.width()};
        if (c.arch() == null) {
            ThreeLayerConvNet.Config config = new ThreeLayerConvNet.Config(inputDim, c.numFilters(), c.filterSize(),
                    c.hiddenDim(), train.numClasses(), c.weightScale(), c.reg(), DType.parse(s.dtype()));
            return new ThreeLayerConvNet(config, ops, new Rng(s.seed()));
        }
        Net net = Sequential.parse(c.arch()).build(netConfig(c, s, inputDim), ops, new Rng(s.seed()));
        if (net.numClasses() != train.numClasses()) {
            throw new IllegalArgumentException("arch '" + c.arch() + "' ends in " + net.numClasses() + " scores, but the data have "
                    + train.numClasses() + " classes");
        }
        return net;
    }

    /** The {@link Net} settings of an architecture configuration. */
    static Net.Config netConfig(SweepConfig c, TrainSettings s, int[] inputDim) {
        return new Net.Config(inputDim, DType.parse(s.dtype()), Net.Init.parse(s.init()), c.weightScale(), c.reg());
    }

    private static Map<String, SerialTensor> serial(Map<String, Tensor> tensors) {
        Map<String, SerialTensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) m.put(e.getKey(), SerialTensor.of(e.getValue()));
        return m;
    }

    /** A failure's reason in one line: "out of memory" spelled out, otherwise the exception's message. */
    static String reason(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + ", heap limit " + (Runtime.getRuntime().maxMemory() >> 20) + " MB)";
        }
        String m = e.getMessage();
        String first = m == null ? "" : m.lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    /**
     * SHA-256 over every parameter's and batch-norm statistic's name, shape and value bits, in order: equal
     * digests mean equal models.
     */
    static String digest(Model model) {
        Map<String, Tensor> all = new LinkedHashMap<>(model.params());
        all.putAll(model.state());
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Tensor> e : all.entrySet()) {
                Tensor t = e.getValue();
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                ByteBuffer b = ByteBuffer.allocate(4 * t.rank() + (t.dtype() == DType.FLOAT32 ? 4 : 8) * t.size() + 1);
                b.put((byte) t.dtype().ordinal());
                for (int d : t.shape()) b.putInt(d);
                if (t.dtype() == DType.FLOAT32) {
                    for (float v : t.data32()) b.putInt(Float.floatToRawIntBits(v));
                } else {
                    for (double v : t.data64()) b.putLong(Double.doubleToRawLongBits(v));
                }
                md.update(b.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The backend and, for auto, what it runs on here: {@code naive}, {@code native}, {@code auto/native} or {@code auto/naive}. */
    static String describe(Backend backend) {
        String name = backend.name().toLowerCase(java.util.Locale.ROOT);
        return backend == Backend.AUTO ? name + (NativeStatus.isAvailable() ? "/native" : "/naive") : name;
    }

    private static RuntimeException propagate(Throwable e) {
        if (e instanceof RuntimeException r) return r;
        if (e instanceof Error err) throw err;
        return new IllegalStateException(e);
    }

    private static volatile String host;

    private static String host() {
        // looked up once: a slow resolver must not add to every task
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
        }
        return host;
    }
}
