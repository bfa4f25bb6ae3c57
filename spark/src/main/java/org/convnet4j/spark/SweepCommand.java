package org.convnet4j.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.convnet4j.cli.DataOptions;
import org.convnet4j.cli.FileChecks;
import org.convnet4j.cli.OptionChecks;
import org.convnet4j.data.DataChoice;
import org.convnet4j.data.DataLocator;
import org.convnet4j.data.DataSource;
import org.convnet4j.data.DataSplits;
import org.convnet4j.fast.Backend;
import org.convnet4j.model.Sequential;
import org.convnet4j.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convnet4j sweep}: a hyper-parameter search, one Spark task per configuration, on Spark
 * {@code local[*]} in this JVM by default or on a cluster with {@code --master}. Writes the results table,
 * the best model and the tuning figure to {@code --out} ({@link ResultsStore}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Hyper-parameter search on Apache Spark: one task trains one configuration of the three-layer "
                + "ConvNet (or of --arch nets). Runs on Spark local[*] in this JVM, or on a cluster with --master.",
                "A parameter takes a list (1e-3,1e-4) or a range: LO:HI uniform, LO:HI:log log-uniform (random search), "
                        + "LO:HI:log:N or LO:HI:N for N evenly spaced points (a list).",
                "Writes OUT/results.csv, OUT/results.json, OUT/best_model.cnv and OUT/tuning.png."})
public final class SweepCommand implements Callable<Integer> {
    static final String LOG4J_CONFIG = "org/convnet4j/spark/log4j2-sweep.properties";

    @Option(names = "--search", defaultValue = "grid", paramLabel = "grid|random",
            description = "Every combination of the lists (grid), or --trials random draws (random). Default: ${DEFAULT-VALUE}.")
    String search;
    @Option(names = "--trials", paramLabel = "N", description = "Configurations drawn by --search random (default 8).")
    Integer trials;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random search (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "SPEC", description = "Learning rates (default ${DEFAULT-VALUE}).")
    String lr;
    @Option(names = "--reg", defaultValue = "1e-3", paramLabel = "SPEC", description = "L2 regularisation (default ${DEFAULT-VALUE}).")
    String reg;
    @Option(names = "--weight-scale", defaultValue = "1e-3", paramLabel = "SPEC",
            description = "Weight init scales (default ${DEFAULT-VALUE}).")
    String weightScale;
    @Option(names = "--hidden-dim", defaultValue = "500", paramLabel = "SPEC", description = "Hidden units (default ${DEFAULT-VALUE}).")
    String hiddenDim;
    @Option(names = "--num-filters", defaultValue = "32", paramLabel = "SPEC", description = "Conv filters (default ${DEFAULT-VALUE}).")
    String numFilters;
    @Option(names = "--filter-size", defaultValue = "7", paramLabel = "LIST",
            description = "Conv filter sizes, odd, a list (default ${DEFAULT-VALUE}).")
    String filterSize;
    @Option(names = "--update-rule", defaultValue = "adam", paramLabel = "LIST",
            description = "Update rules: sgd, sgd_momentum, rmsprop, adam (default ${DEFAULT-VALUE}).")
    String updateRule;
    @Option(names = "--arch", paramLabel = "TEXT",
            description = "An architecture to try instead of the three-layer ConvNet, in the net builder's text form "
                    + "(e.g. '[conv(32,3)-relu-pool(2)]x2-affine(100)-relu-affine(10)'); repeat it to search over several. "
                    + "The layers give the sizes, so --hidden-dim, --num-filters and --filter-size do not apply.")
    List<String> archs;
    @Option(names = "--init", defaultValue = "weight_scale", paramLabel = "weight_scale|he",
            description = "How --arch nets draw their weights: weight_scale (--weight-scale * randn) or he (default ${DEFAULT-VALUE}).")
    String init;
    @Option(names = "--epochs", defaultValue = "1", description = "Epochs per configuration (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "50", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--lr-decay", defaultValue = "1.0", description = "Learning-rate factor per epoch (default ${DEFAULT-VALUE}).")
    double lrDecay;
    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float64 (default ${DEFAULT-VALUE}).")
    String dtype;
    @Option(names = "--train-seed", defaultValue = "231",
            description = "Seed of every configuration's initialisation and minibatches, as train's --seed (default ${DEFAULT-VALUE}).")
    long trainSeed;
    @Option(names = "--num-train-samples", defaultValue = "1000",
            description = "Training images sampled for each train-accuracy check; 0 = all (default ${DEFAULT-VALUE}).")
    int numTrainSamples;
    @Mixin
    DataOptions dataOptions;
    @Option(names = "--backend", defaultValue = "auto", paramLabel = "naive|native|auto",
            description = "Layer implementation: naive Java, native OpenBLAS, or auto (native when loaded). Default: ${DEFAULT-VALUE}.")
    String backend;
    // null: spark.task.cpus from --conf or the spark.* system properties, else 1
    @Option(names = "--blas-threads", paramLabel = "N",
            description = "Cores per task (spark.task.cpus) and the OpenBLAS threads each configuration trains with (default 1).")
    Integer blasThreads;
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[*] (default: this JVM, all cores), local[N], spark://HOST:7077, yarn, k8s://...")
    String master;
    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Extra Spark settings, e.g. --conf spark.executor.memory=4g.")
    Map<String, String> conf = new LinkedHashMap<>();
    @Option(names = "--out", defaultValue = "out/sweep", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--resume", description = "Continue the sweep in --out: skip the configurations already finished.")
    boolean resume;
    @Option(names = "--retry-failed", description = "With --resume, train the failed configurations again.")
    boolean retryFailed;
    @Option(names = "--dry-run", description = "List the configurations and stop.")
    boolean dryRun;
    @Option(names = "--no-progress", description = "Plain lines instead of a progress bar (also when not a terminal).")
    boolean noProgress;
    @Option(names = "--compare-sequential",
            description = "Throughput check (local masters): after the Spark run, train the same configurations one after "
                    + "another in this JVM (--sequential-blas-threads) and print the speed-up. Both runs start warm.")
    boolean compareSequential;
    @Option(names = "--sequential-blas-threads", paramLabel = "N",
            description = "BLAS threads of the sequential run of --compare-sequential (default: the number of cores).")
    Integer sequentialThreads;
    @Option(names = "--spark-log-level", defaultValue = "WARN", paramLabel = "LEVEL",
            description = "Spark's log level (log4j2): ERROR, WARN, INFO, DEBUG (default ${DEFAULT-VALUE}).")
    String sparkLogLevel;
    @Spec
    CommandSpec spec;

    private static final List<String> UPDATE_RULES = List.of("sgd", "sgd_momentum", "rmsprop", "adam");
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*(\\d+))?])?");

    @Override
    public Integer call() throws IOException {
        quietLogging();
        PrintStream o = System.out;
        OptionChecks check = new OptionChecks(spec);
        dataOptions.validate(check);
        if (blasThreads != null) check.atLeast("--blas-threads", 1, blasThreads);
        Backend backendChoice;
        try {
            backendChoice = Backend.parse(backend);
        } catch (IllegalArgumentException e) {
            throw check.invalid("--backend", "naive, native or auto", backend);
        }
        check.atLeast("--epochs", 1, epochs);
        check.atLeast("--batch-size", 1, batchSize);
        int[] sizes = dataOptions.sizes();
        if (sizes[0] > 0) check.inRange("--batch-size", 1, sizes[0], batchSize);
        if (!(lrDecay > 0 && lrDecay <= 1)) throw check.invalid("--lr-decay", "a number in (0, 1]", lrDecay);
        DType dt;
        try {
            dt = DType.parse(dtype);
        } catch (IllegalArgumentException e) {
            throw check.invalid("--dtype", "float32 or float64", dtype);
        }
        if (trainSeed < 0 || trainSeed > 0xFFFFFFFFL) throw check.invalid("--train-seed", "an integer in [0, 2^32)", trainSeed);
        if (seed < 0 || seed > 0xFFFFFFFFL) throw check.invalid("--seed", "an integer in [0, 2^32)", seed);
        check.atLeast("--num-train-samples", 0, numTrainSamples);
        if (!search.equals("grid") && !search.equals("random")) throw check.invalid("--search", "grid or random", search);
        if (trials != null && search.equals("grid")) throw check.invalid("--trials", "no value with --search grid (it takes every combination)", trials);
        if (trials != null) check.inRange("--trials", 1, SearchSpace.MAX_CONFIGS, trials);
        if (retryFailed && !resume) throw check.invalid("--retry-failed", "to come with --resume", "--retry-failed alone");
        if (compareSequential && (resume || dryRun)) {
            throw check.invalid("--compare-sequential", "a fresh run (not with --resume or --dry-run)", "--compare-sequential");
        }
        if (sequentialThreads != null) check.atLeast("--sequential-blas-threads", 1, sequentialThreads);
        if (!init.equals("weight_scale") && !init.equals("he")) throw check.invalid("--init", "weight_scale or he", init);
        boolean arch = archs != null && !archs.isEmpty();
        if (!arch && !init.equals("weight_scale")) throw check.invalid("--init", "weight_scale without --arch", init);
        if (arch) {
            for (String size : new String[] {"--hidden-dim", "--num-filters", "--filter-size"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(size)) {
                    throw check.invalid(size, "no value with --arch (the architecture gives the layer sizes)",
                            spec.commandLine().getParseResult().matchedOption(size).getValue());
                }
            }
            for (String a : archs) {
                try {
                    Sequential.parse(a);
                } catch (IllegalArgumentException e) {
                    throw check.invalid("--arch", "an architecture in the net builder's text form", a + " (" + e.getMessage()
                            .replace('\n', ' ') + ")");
                }
            }
        }
        if (!List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE", "OFF", "ALL").contains(sparkLogLevel.toUpperCase(Locale.ROOT))) {
            throw check.invalid("--spark-log-level", "ERROR, WARN, INFO, DEBUG, TRACE, OFF or ALL", sparkLogLevel);
        }

        SparkConf sparkConf = new SparkConf(); // spark.* system properties (spark-submit sets them) come first
        for (Map.Entry<String, String> e : conf.entrySet()) sparkConf.set(e.getKey(), e.getValue());
        String effectiveMaster = master != null ? master : sparkConf.get("spark.master", "local[*]");
        Matcher local = LOCAL.matcher(effectiveMaster.trim());
        boolean isLocal = local.matches();
        int taskCpus;
        try {
            taskCpus = blasThreads != null ? blasThreads : Integer.parseInt(sparkConf.get("spark.task.cpus", "1"));
        } catch (NumberFormatException e) {
            throw check.invalid("--conf", "spark.task.cpus=<an integer>", sparkConf.get("spark.task.cpus"));
        }
        if (isLocal) {
            int cores = local.group(1) == null ? 1 : local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
                    : Integer.parseInt(local.group(1));
            if (cores < 1) throw check.invalid("--master", "local[N] with N >= 1", effectiveMaster);
            // Spark would wait forever for a task slot with more cpus than the local master has
            if (taskCpus > cores) {
                throw check.invalid("--blas-threads", "at most " + cores + " (the cores of --master " + effectiveMaster
                        + "; each task takes --blas-threads of them)", taskCpus);
            }
        }
        if (compareSequential && !isLocal) {
            throw check.invalid("--compare-sequential", "a local --master (the sequential run trains in this JVM, on its data)",
                    effectiveMaster);
        }
        DataSource source;
        try {
            source = DataSource.parse(dataOptions.data());
        } catch (IllegalArgumentException e) {
            throw check.invalid("--data", "cifar10, fashion-mnist, synthetic or auto", dataOptions.data());
        }
        if (!isLocal && source == DataSource.AUTO) {
            throw check.invalid("--data", "cifar10, fashion-mnist or synthetic with a cluster --master (auto could choose "
                    + "differently on each machine)", "auto");
        }
        SearchSpace space;
        try {
            DoublePredicate positive = v -> v > 0 && Double.isFinite(v);
            space = new SearchSpace(
                    ParamSpec.numbers("--lr", ParamSpec.Kind.DOUBLE, lr, positive, "a finite number > 0"),
                    ParamSpec.numbers("--reg", ParamSpec.Kind.DOUBLE, reg, v -> v >= 0 && Double.isFinite(v), "a finite number >= 0"),
                    ParamSpec.numbers("--weight-scale", ParamSpec.Kind.DOUBLE, weightScale, positive, "a finite number > 0"),
                    arch ? null : ParamSpec.numbers("--hidden-dim", ParamSpec.Kind.INT, hiddenDim, v -> v >= 1, "an integer >= 1"),
                    arch ? null : ParamSpec.numbers("--num-filters", ParamSpec.Kind.INT, numFilters, v -> v >= 1, "an integer >= 1"),
                    arch ? null : oddList(filterSize),
                    ParamSpec.names("--update-rule", updateRule, UPDATE_RULES),
                    arch ? ParamSpec.nameList("--arch", archs) : null);
            if (search.equals("grid")) space.gridSize(); // a range without a point count is refused now, not after the data
        } catch (ParamSpec.SpecException e) {
            throw check.invalid(e.option(), e.expected(), e.actual());
        }

        // the data: a local sweep resolves auto here, so that every task trains on the same choice
        String dataDir = dataOptions.dataDir() == null ? null : dataOptions.dataDir().toString();
        String sourceName = source.cliName();
        if (isLocal) {
            DataChoice choice = DataLocator.system().resolve(source, dataOptions.dataDir());
            o.println("data: " + choice.reason());
            sourceName = choice.source().cliName();
            if (choice.dir() != null) dataDir = choice.dir().toString();
        }
        DataSpec data = new DataSpec(sourceName, dataDir, sizes[0], sizes[1], sizes[2], dt.name().toLowerCase(Locale.ROOT),
                trainSeed);
        TrainSettings settings = new TrainSettings(data, batchSize, epochs, lrDecay, data.dtype(), trainSeed, numTrainSamples,
                init);
        List<Trial> all;
        try {
            all = search.equals("grid") ? space.grid(settings) : space.random(trials == null ? 8 : trials, seed, settings);
        } catch (ParamSpec.SpecException e) {
            throw check.invalid(e.option(), e.expected(), e.actual());
        }
        o.println("sweep: " + all.size() + " configuration" + (all.size() == 1 ? "" : "s") + " ("
                + (search.equals("grid") ? "grid" : "random search: " + (trials == null ? 8 : trials) + " trials, seed " + seed)
                + (space.varied().isEmpty() ? "" : "; " + describe(space.varied())) + "), " + epochs + " epoch(s), batch "
                + batchSize + ", " + dt.name().toLowerCase(Locale.ROOT));
        if (dryRun) {
            for (Trial t : all) o.println(String.format(Locale.ROOT, "  #%-3d %s  %s", t.index(), t.id(), t.config().brief()));
            return 0;
        }

        FileChecks.writableFolder("output folder", out, "--out");
        String model = !arch ? "ThreeLayerConvNet" : archs.size() == 1 ? archs.get(0) : archs.size() + " architectures";
        ResultsStore store = ResultsStore.open(out, resume, "convnet4j sweep: " + model + " on " + dataName(sourceName));
        // results of other settings would mix into this sweep's best model and figure: refused, not merged
        Set<String> ids = new java.util.HashSet<>();
        for (Trial t : all) ids.add(t.id());
        List<ResultRow> foreign = store.rows().stream().filter(r -> !ids.contains(r.id())).toList();
        if (!foreign.isEmpty()) {
            ResultRow f = foreign.get(0);
            throw new IllegalArgumentException("--resume: " + out.resolve(ResultsStore.JSON) + " holds " + foreign.size()
                    + " configuration(s) that are not part of this sweep (other values or settings, e.g. " + f.id() + ": lr "
                    + f.lr() + ", reg " + f.reg() + ", " + f.epochs() + " epoch(s), batch " + f.batchSize() + ", seed " + f.seed()
                    + "); resume with the options that sweep had (more values may be added), or choose another --out");
        }
        List<Trial> toRun = new ArrayList<>();
        Set<String> finished = store.finished(retryFailed);
        boolean restoreBest = !store.bestModelOnDisk();
        for (Trial t : all) {
            store.renumber(t.id(), t.index());
            boolean isBest = store.best() != null && store.best().id().equals(t.id());
            if (!finished.contains(t.id()) || isBest && restoreBest) toRun.add(t);
        }
        if (resume) {
            o.println("resume: " + (all.size() - toRun.size()) + " of " + all.size() + " configurations already finished in "
                    + out.resolve(ResultsStore.JSON) + (restoreBest && store.best() != null ? "; training the best one ("
                    + store.best().id() + ") again: " + ResultsStore.MODEL + " does not hold it" : ""));
        }
        if (toRun.isEmpty()) {
            store.write();
            return summary(o, store, all);
        }

        if (isLocal) {
            // loaded once here, before the clock starts: the tasks in this JVM find it in ExecutorData
            DataSplits d = ExecutorData.get(data);
            o.println("data: " + d.summary());
            // an architecture that does not fit these images is a usage error now, not one failed row per configuration
            if (arch) checkArchitectures(check, d, settings);
        }
        sparkConf.setAppName("convnet4j sweep").setMaster(effectiveMaster).set("spark.task.cpus", Integer.toString(taskCpus));
        if (isLocal) {
            sparkConf.setIfMissing("spark.ui.enabled", "false");
            // a host name that does not resolve must not stop a sweep that never leaves this machine
            sparkConf.setIfMissing("spark.driver.host", "127.0.0.1");
            sparkConf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else {
            String jars = System.getProperty("convnet4j.spark.jars");
            if (jars != null && !jars.isBlank() && !sparkConf.contains("spark.jars")) {
                sparkConf.set("spark.jars", String.join(",", jars.split(java.io.File.pathSeparator)));
            }
            sparkConf.setIfMissing("spark.executorEnv.OPENBLAS_THREAD_TIMEOUT", "4");
        }
        if (compareSequential) {
            // both timed runs start warm: the JIT has compiled the training code and the natives are loaded
            long w = System.nanoTime();
            SweepRunner.runSequential(toRun.subList(0, 1), backendChoice, taskCpus);
            o.printf(Locale.ROOT, "compare: warm-up, configuration #%d trained once untimed (%.1f s)%n", toRun.get(0).index(),
                    (System.nanoTime() - w) / 1e9);
        }
        int slots = isLocal ? Math.max(1, cores(local) / taskCpus) : -1;
        o.println("spark: " + effectiveMaster + ", " + taskCpus + " BLAS thread(s) per task (spark.task.cpus)"
                + (slots > 0 ? ", " + slots + " task(s) at a time" : "") + "; " + toRun.size() + " to train; writing to " + out);
        long t0 = System.nanoTime();
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(sparkConf);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start Spark (--master " + effectiveMaster + "): " + e.getMessage(), e);
        }
        SweepRunner.Outcome outcome;
        double sparkSeconds;
        try {
            sc.setLogLevel(sparkLogLevel.toUpperCase(Locale.ROOT));
            double startup = (System.nanoTime() - t0) / 1e9;
            boolean bar = !noProgress && System.console() != null && System.getenv("CONVNET4J_NO_PROGRESS") == null;
            try (SweepProgress progress = new SweepProgress(o, toRun.size(), bar)) {
                long t1 = System.nanoTime();
                outcome = SweepRunner.run(sc, toRun, backendChoice, store, progress);
                sparkSeconds = (System.nanoTime() - t1) / 1e9;
            }
            o.printf(Locale.ROOT, "spark: %d configuration(s) in %.1f s (+ %.1f s Spark start-up)%s%n", outcome.recorded(),
                    sparkSeconds, startup, outcome.interrupted() ? "; interrupted: --resume continues" : "");
        } finally {
            sc.stop();
            store.write(); // the figure with every result, also after an interrupted run
        }
        if (compareSequential && !outcome.interrupted()) compare(o, toRun, backendChoice, store, sparkSeconds, effectiveMaster, taskCpus);
        return summary(o, store, all);
    }

    /** Builds each --arch once on the data's shape (then drops it): a shape that does not fit names the layer. */
    private void checkArchitectures(OptionChecks check, DataSplits d, TrainSettings settings) {
        for (String a : archs) {
            SweepConfig c = new SweepConfig(1e-3, 0, 1e-3, 0, 0, 0, "sgd", a);
            try {
                ConfigTrainer.build(c, settings, d.train(), org.convnet4j.model.Ops.naive());
            } catch (IllegalArgumentException e) {
                throw check.invalid("--arch", "an architecture that fits the data (" + d.train().channels() + ", "
                        + d.train().height() + ", " + d.train().width() + ") with " + d.train().numClasses() + " classes",
                        a + " (" + e.getMessage() + ")");
            }
        }
    }

    /** The sequential side of --compare-sequential: the same configurations one after another in this JVM. */
    private void compare(PrintStream o, List<Trial> trials, Backend backend, ResultsStore store, double sparkSeconds,
                         String sparkMaster, int taskCpus) {
        int threads = sequentialThreads != null ? sequentialThreads : Runtime.getRuntime().availableProcessors();
        o.println("sequential: the same " + trials.size() + " configuration(s) one after another in this JVM, " + threads
                + " BLAS thread(s)...");
        long t0 = System.nanoTime();
        List<TrialResult> seq = SweepRunner.runSequential(trials, backend, threads);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int same = 0;
        for (int i = 0; i < trials.size(); i++) {
            ResultRow r = store.row(trials.get(i).id());
            String digest = seq.get(i).paramsSha256();
            if (r != null && digest != null && digest.equals(r.paramsSha256())) same++;
        }
        o.printf(Locale.ROOT, "compare: spark %s (%d BLAS thread(s) per task) %.1f s, sequential (%d BLAS threads) %.1f s: "
                        + "speed-up %.2fx; bit-identical parameters in %d of %d configurations%s%n", sparkMaster, taskCpus,
                sparkSeconds, threads, seconds, seconds / sparkSeconds, same, trials.size(),
                threads == taskCpus ? "" : " (the thread counts differ, so rounding may differ)");
    }

    /** The top of the table and the files; exit 0 when at least one configuration trained. */
    private static int summary(PrintStream o, ResultsStore store, List<Trial> all) {
        List<ResultRow> rows = new ArrayList<>();
        int failed = 0;
        for (Trial t : all) {
            ResultRow r = store.row(t.id());
            if (r == null) continue;
            if (r.ok()) rows.add(r);
            else failed++;
        }
        rows.sort(Comparator.comparing((ResultRow r) -> -r.valAcc()).thenComparingInt(ResultRow::index));
        o.printf(Locale.ROOT, "results: %d trained, %d failed, %d not run%n", rows.size(), failed, all.size() - rows.size() - failed);
        if (!rows.isEmpty()) {
            o.println("  rank    #  id            val acc  train acc  final loss  lr       reg      w scale  rule          "
                    + "    time  model");
            for (int i = 0; i < Math.min(10, rows.size()); i++) {
                ResultRow r = rows.get(i);
                o.printf(Locale.ROOT, "  %4d %4d  %s  %7.4f  %9.4f  %10.4f  %.1e  %.1e  %.1e  %-12s %6.1f s  %s%n", i + 1,
                        r.index(), r.id(), r.valAcc(), r.trainAcc(), r.finalLoss(), r.lr(), r.reg(), r.weightScale(),
                        r.updateRule(), r.wallMs() / 1000.0, r.arch() != null ? r.arch()
                                : "h " + r.hiddenDim() + " f " + r.numFilters() + "x" + r.filterSize());
            }
        }
        Path dir = store.dir();
        if (store.best() != null) {
            o.printf(Locale.ROOT, "best: %s (val acc %.4f), saved as %s%n", store.best().id(), store.best().valAcc(),
                    dir.resolve(ResultsStore.MODEL));
        }
        o.println("wrote " + dir.resolve(ResultsStore.CSV) + ", " + dir.resolve(ResultsStore.JSON) + ", "
                + dir.resolve(ResultsStore.PNG));
        if (rows.isEmpty() && failed > 0) {
            throw new IllegalStateException("every configuration that ran failed; the reasons are in " + dir.resolve(ResultsStore.CSV));
        }
        return 0;
    }

    private static int cores(Matcher local) {
        String n = local.group(1);
        return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
    }

    /** {@code --filter-size}: a list of odd sizes (a range would mostly draw even ones). */
    private static ParamSpec oddList(String text) {
        String expected = "a comma-separated list of odd integers >= 1";
        if (text != null && text.contains(":")) throw new ParamSpec.SpecException("--filter-size", expected, "'" + text + "'");
        try {
            return ParamSpec.numbers("--filter-size", ParamSpec.Kind.INT, text, v -> v >= 1 && v % 2 == 1, "an odd integer >= 1");
        } catch (ParamSpec.SpecException e) {
            throw new ParamSpec.SpecException("--filter-size", expected, e.actual());
        }
    }

    private static String describe(Map<String, String> varied) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : varied.entrySet()) parts.add(e.getKey() + " " + e.getValue());
        return String.join(", ", parts);
    }

    private static String dataName(String source) {
        switch (source) {
            case "cifar10": return "CIFAR-10";
            case "fashion-mnist": return "Fashion-MNIST";
            default: return source;
        }
    }

    /**
     * Spark logs INFO through log4j2 unless told otherwise: point log4j2 at this module's WARN configuration,
     * unless the user (or spark-submit's cluster set-up) chose one. Takes effect only if log4j2 has not started
     * yet; {@code --spark-log-level} sets Spark's level in any case once the context is up.
     */
    static void quietLogging() {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG4J_CONFIG);
        }
    }
}
