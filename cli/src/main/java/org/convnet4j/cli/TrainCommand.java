package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.solver.NotebookLog;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingDivergedException;
import org.convnet4j.solver.UpdateRule;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.viz.FilterGrid;
import org.convnet4j.viz.TrainingPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The main job: trains the notebook's ThreeLayerConvNet (the notebook's "Train the net" cell: hidden 500,
 * reg 1e-3, Adam lr 1e-3, batch 50, one epoch) and writes the model, a checkpoint per epoch, the
 * loss/accuracy plot and the first-layer filters.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the three-layer ConvNet (the notebook's defaults) with a progress bar; write model, checkpoints, plots.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions dataOptions;
    @Mixin
    BackendOptions backendOptions;
    @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "50", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--update-rule", defaultValue = "adam", description = "sgd, sgd_momentum, rmsprop or adam (default ${DEFAULT-VALUE}).")
    String updateRule;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--lr-decay", defaultValue = "1.0", description = "Learning-rate factor per epoch (default ${DEFAULT-VALUE}).")
    double lrDecay;
    @Option(names = "--weight-scale", defaultValue = "1e-3", description = "Weight init scale (default ${DEFAULT-VALUE}).")
    double weightScale;
    @Option(names = "--hidden-dim", defaultValue = "500", description = "Hidden units (default ${DEFAULT-VALUE}).")
    int hiddenDim;
    @Option(names = "--reg", defaultValue = "1e-3", description = "L2 regularisation (default ${DEFAULT-VALUE}).")
    double reg;
    @Option(names = "--num-filters", defaultValue = "32", description = "Conv filters (default ${DEFAULT-VALUE}).")
    int numFilters;
    @Option(names = "--filter-size", defaultValue = "7", description = "Conv filter size, odd (default ${DEFAULT-VALUE}).")
    int filterSize;
    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float64 (default ${DEFAULT-VALUE}).")
    String dtype;
    @Option(names = "--seed", defaultValue = "231", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--num-train-samples", defaultValue = "1000",
            description = "Training images sampled for each train-accuracy check; 0 = all of them (default ${DEFAULT-VALUE}).")
    int numTrainSamples;
    @Option(names = "--out", defaultValue = "out", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = {"-v", "--verbose"}, description = "Print the notebook's log lines: (Iteration i / n) loss, (Epoch e / n) accuracies.")
    boolean verbose;
    @Option(names = "--print-every", defaultValue = "20", description = "With --verbose, log every N iterations (default ${DEFAULT-VALUE}).")
    int printEvery;
    @Option(names = "--no-progress", description = "No progress bar (also when CONVNET4J_NO_PROGRESS is set).")
    boolean noProgress;
    @Option(names = "--resume", description = "Continue from OUT/checkpoint.cnv (same settings; --epochs is the total).")
    boolean resume;
    @Spec
    CommandSpec spec;

    private static final List<String> UPDATE_RULES = List.of("sgd", "sgd_momentum", "rmsprop", "adam");

    @Override
    public Integer call() throws IOException {
        PrintStream o = System.out;
        OptionChecks check = new OptionChecks(spec);
        Path checkpoint = out.resolve("checkpoint.cnv");
        Checkpoint.Info saved = null;
        if (resume) {
            FileChecks.readableFile("checkpoint", checkpoint, "--resume, in --out " + out);
            saved = Checkpoint.info(checkpoint);
            takeSettings(check, new ResumeSettings(spec, check, checkpoint, saved), saved.epoch());
        }
        validate(check);
        DType dt = parseDtype(check, dtype);
        // found now, not after an epoch of training
        FileChecks.writableFolder("output folder", out, "--out");
        Ops ops = backendOptions.ops();
        DataSplits data = dataOptions.load(check, o, dt, seed);
        Dataset train = data.train();
        check.inRange("--batch-size", 1, train.size(), batchSize);
        check.epochsFit(epochs, Math.max(train.size() / batchSize, 1));
        ThreeLayerConvNet.Config config;
        try {
            config = new ThreeLayerConvNet.Config(new int[] {train.channels(), train.height(), train.width()}, numFilters,
                    filterSize, hiddenDim, train.numClasses(), weightScale, reg, dt);
        } catch (IllegalArgumentException e) {
            // e.g. a W2 too large for a Java array: the library names its config fields, the user typed options
            throw new ParameterException(spec.commandLine(), "Invalid values for options --num-filters " + numFilters
                    + ", --filter-size " + filterSize + ", --hidden-dim " + hiddenDim + " with this data: " + e.getMessage());
        }
        ThreeLayerConvNet model = resume ? Checkpoint.model(checkpoint, ops) : new ThreeLayerConvNet(config, ops, new Rng(seed));
        if (resume && !sameConfig(model.config(), config)) {
            throw new IllegalArgumentException("--resume: " + checkpoint + " was trained with another model config ("
                    + ModelFile.configMeta(model.config()) + "), not " + ModelFile.configMeta(config));
        }
        Solver.Options options = saved != null && saved.options() != null ? saved.options().withNumEpochs(epochs)
                : new Solver.Options(UpdateRule.of(updateRule, lr), lrDecay, batchSize, epochs, numTrainSamples, 0, seed);
        Solver solver = new Solver(model, train.images(), train.labels(), data.val().images(), data.val().labels(), options);
        int done = 0;
        if (resume) {
            done = Checkpoint.resume(checkpoint, solver); // checks the whole checkpoint first
            o.println("resume: " + checkpoint + " has " + done + " of " + epochs + " epochs done; training epoch"
                    + (epochs - done > 1 ? "s " + (done + 1) + " to " + epochs : " " + epochs) + " with its settings");
        }
        int lossBefore = solver.lossHistory().size();
        o.printf(Locale.ROOT, "model: ThreeLayerConvNet %s, %d filters %dx%d, hidden %d, %s, backend %s%n",
                java.util.Arrays.toString(config.inputDim()), numFilters, filterSize, filterSize, hiddenDim, dt,
                describe(ops));
        o.printf(Locale.ROOT, "solver: %s lr %s, batch %d, %d epoch(s), %d iterations%n", updateRule,
                ResumeSettings.show(lr), batchSize, epochs, solver.numIterations());
        ProgressListener progress = null;
        PrintStream log = o;
        Consumer<String> say = o::println;
        if (!noProgress && System.getenv("CONVNET4J_NO_PROGRESS") == null) {
            progress = new ProgressListener(o, batchSize);
            solver.addListener(progress);
            log = progress.above(); // the --verbose lines go above the bar, never into its line
            say = progress::printAbove;
        }
        if (verbose) solver.addListener(new NotebookLog(log, printEvery));
        Map<String, String> runMeta = ResumeSettings.meta(dataOptions.data, dataOptions.chosen.source().cliName(),
                dataOptions.chosen.dir(),
                train.size(), data.val().size(), data.test().size());
        CheckpointSaver saver = new CheckpointSaver(checkpoint, runMeta, done, epochs, resumeCommand());
        solver.addListener(saver);
        Interrupt interrupt = new Interrupt(say, epochsDone -> saver.interrupted()); // after the saver: stops after a save
        solver.addListener(interrupt);
        long t0 = System.nanoTime();
        int exit = 0;
        interrupt.arm();
        try {
            solver.train();
        } catch (TrainingDivergedException e) {
            if (progress != null) progress.close();
            o.println("error: " + e.getMessage());
            exit = 1;
        } finally {
            interrupt.disarm();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double testAcc = solver.checkAccuracy(data.test().images(), data.test().labels(), 0);
        List<Double> tr = solver.trainAccHistory(), va = solver.valAccHistory();
        Path modelFile = out.resolve("model.cnv");
        // the preprocessing and the split, so that predict and evaluate prepare and score images as here
        Map<String, String> record = new java.util.LinkedHashMap<>(Map.of("data", data.source(), "best_val_acc",
                Double.toString(solver.bestValAcc()), "test_acc", Double.toString(testAcc)));
        record.putAll(Map.of("num_train", Integer.toString(train.size()), "num_val", Integer.toString(data.val().size()),
                "num_test", Integer.toString(data.test().size()), "data_seed", Long.toString(seed)));
        ModelFile.saveWithPreprocessing(modelFile, model, Preprocessing.of(data, dataOptions.chosen.source().cliName()), record);
        Path plot = out.resolve("loss_acc.png");
        TrainingPlots.write(plot, solver, "ThreeLayerConvNet on " + dataName(data));
        Path filters = out.resolve("filters.png");
        FilterGrid.write(filters, model.params().get("W1").as(DType.FLOAT64));
        // this run's images only: a resumed run's history also holds the epochs done before
        long images = (long) (solver.lossHistory().size() - lossBefore) * batchSize;
        o.printf(Locale.ROOT, "done in %.1f s (%d images, %.0f images/s): final train acc %.4f, val acc %.4f, best val acc %.4f, "
                + "test acc %.4f%n", seconds, images, images / seconds, tr.isEmpty() ? Double.NaN : tr.get(tr.size() - 1),
                va.isEmpty() ? Double.NaN : va.get(va.size() - 1), solver.bestValAcc(), testAcc);
        o.println("wrote " + modelFile + ", " + checkpoint + ", " + plot + ", " + filters);
        return exit;
    }

    /**
     * {@code --resume}: every setting the checkpoint holds replaces the option's default; a given option
     * must agree with it ({@link ResumeSettings}).
     */
    private void takeSettings(OptionChecks check, ResumeSettings r, int done) {
        if (!r.complete()) {
            System.out.println("note: " + out.resolve("checkpoint.cnv") + " was written before checkpoints stored their "
                    + "run's settings: using the options given (or their defaults)");
        }
        r.takeData(() -> dataOptions.data, v -> dataOptions.data = v);
        r.takeDataDir(() -> dataOptions.dataDir, v -> dataOptions.dataDir = v);
        r.takeInt("--num-train", ResumeSettings.NUM_TRAIN, () -> dataOptions.numTrain, v -> dataOptions.numTrain = v);
        r.takeInt("--num-val", ResumeSettings.NUM_VAL, () -> dataOptions.numVal, v -> dataOptions.numVal = v);
        r.takeInt("--num-test", ResumeSettings.NUM_TEST, () -> dataOptions.numTest, v -> dataOptions.numTest = v);
        r.takeString("--dtype", "dtype", () -> dtype, v -> dtype = v);
        r.takeInt("--num-filters", "num_filters", () -> numFilters, v -> numFilters = v);
        r.takeInt("--filter-size", "filter_size", () -> filterSize, v -> filterSize = v);
        r.takeInt("--hidden-dim", "hidden_dim", () -> hiddenDim, v -> hiddenDim = v);
        r.takeDouble("--weight-scale", "weight_scale", () -> weightScale, v -> weightScale = v);
        r.takeDouble("--reg", "reg", () -> reg, v -> reg = v);
        r.takeString("--update-rule", "solver/update_rule", () -> updateRule, v -> updateRule = v);
        r.takeDouble("--lr", "solver/learning_rate", () -> lr, v -> lr = v);
        r.takeDouble("--lr-decay", "solver/lr_decay", () -> lrDecay, v -> lrDecay = v);
        r.takeInt("--batch-size", "solver/batch_size", () -> batchSize, v -> batchSize = v);
        r.takeInt("--num-train-samples", "solver/num_train_samples", () -> numTrainSamples, v -> numTrainSamples = v);
        r.take("--seed", "solver/seed", Long::valueOf, () -> seed, v -> seed = v, Long::equals);
        epochs = r.epochs(epochs, done);
    }

    /** The command that continues this run from its checkpoint: the settings are in the checkpoint. */
    private String resumeCommand() {
        return Main.launcher() + " train --out " + shellQuote(out.toString()) + " --resume";
    }

    /** {@code s} as one shell word: as is if plain, else in single quotes. */
    static String shellQuote(String s) {
        if (s.matches("[A-Za-z0-9_./:=@%+,-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Every option value, checked before any work, so a typo is a usage error naming the option. */
    private void validate(OptionChecks check) {
        dataOptions.validate(check);
        backendOptions.validate(check);
        check.atLeast("--epochs", 1, epochs);
        check.atLeast("--batch-size", 1, batchSize);
        if (dataOptions.numTrain != null) check.inRange("--batch-size", 1, dataOptions.numTrain, batchSize);
        if (!UPDATE_RULES.contains(updateRule)) throw check.invalid("--update-rule", "one of " + UPDATE_RULES, updateRule);
        check.positive("--lr", lr);
        if (!(lrDecay > 0 && lrDecay <= 1)) throw check.invalid("--lr-decay", "a number in (0, 1]", lrDecay);
        check.positive("--weight-scale", weightScale);
        check.atLeast("--hidden-dim", 1, hiddenDim);
        check.nonNegative("--reg", reg);
        check.atLeast("--num-filters", 1, numFilters);
        if (filterSize < 1 || filterSize % 2 == 0) throw check.invalid("--filter-size", "an odd integer >= 1", filterSize);
        check.atLeast("--num-train-samples", 0, numTrainSamples);
        check.atLeast("--print-every", 1, printEvery);
    }

    static DType parseDtype(OptionChecks check, String dtype) {
        try {
            return DType.parse(dtype);
        } catch (IllegalArgumentException e) {
            throw check.invalid("--dtype", "float32 or float64", dtype);
        }
    }

    private static boolean sameConfig(ThreeLayerConvNet.Config a, ThreeLayerConvNet.Config b) {
        return ModelFile.configMeta(a).equals(ModelFile.configMeta(b));
    }

    static String describe(Ops ops) {
        return ops.conv().getClass().getSimpleName() + "/" + ops.pool().getClass().getSimpleName() + "/"
                + ops.affine().getClass().getSimpleName() + "/" + ops.relu().getClass().getSimpleName();
    }

    static String dataName(DataSplits d) {
        // "Fashion-MNIST IDX at /usr/share/..." -> "Fashion-MNIST IDX": no folders in picture titles
        String s = d.source();
        for (String sep : new String[] {" at ", " ("}) {
            int cut = s.indexOf(sep);
            if (cut > 0) s = s.substring(0, cut);
        }
        return s;
    }

    static double[] toArray(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }
}
