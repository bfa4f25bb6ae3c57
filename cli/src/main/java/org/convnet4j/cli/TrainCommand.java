package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.solver.SeedLog;
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
import picocli.CommandLine.Spec;

/**
 * The main job: trains the seed's ThreeLayerConvNet (the notebook's "Train the net" cell: hidden 500,
 * reg 1e-3, Adam lr 1e-3, batch 50, one epoch) and writes the model, a checkpoint per epoch, the
 * loss/accuracy plot and the first-layer filters.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the three-layer ConvNet (seed defaults) with a progress bar; write model, checkpoints, plots.")
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
    @Option(names = {"-v", "--verbose"}, description = "Print the seed's log lines: (Iteration i / n) loss, (Epoch e / n) accuracies.")
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
        validate(check);
        DType dt = parseDtype(check, dtype);
        Path checkpoint = out.resolve("checkpoint.cnv");
        // found now, not after an epoch of training
        FileChecks.writableFolder("output folder", out, "--out");
        if (resume) FileChecks.readableFile("checkpoint", checkpoint, "--resume, in --out " + out);
        Ops ops = backendOptions.ops();
        DataSplits data = dataOptions.load(o, dt, seed);
        Dataset train = data.train();
        check.inRange("--batch-size", 1, train.size(), batchSize);
        check.epochsFit(epochs, Math.max(train.size() / batchSize, 1));
        ThreeLayerConvNet.Config config = new ThreeLayerConvNet.Config(
                new int[] {train.channels(), train.height(), train.width()}, numFilters, filterSize, hiddenDim,
                train.numClasses(), weightScale, reg, dt);
        ThreeLayerConvNet model = resume ? Checkpoint.model(checkpoint, ops) : new ThreeLayerConvNet(config, ops, new Rng(seed));
        if (resume && !sameConfig(model.config(), config)) {
            throw new IllegalArgumentException("--resume: " + checkpoint + " was trained with another model config ("
                    + ModelFile.configMeta(model.config()) + "), not " + ModelFile.configMeta(config));
        }
        Solver.Options options = new Solver.Options(UpdateRule.of(updateRule, lr), lrDecay, batchSize, epochs,
                numTrainSamples, 0, seed);
        Solver solver = new Solver(model, train.images(), train.labels(), data.val().images(), data.val().labels(), options);
        if (resume) {
            int done = Checkpoint.resume(checkpoint, solver);
            o.println("resume: " + checkpoint + " after epoch " + done + " of " + epochs);
        }
        o.printf(Locale.ROOT, "model: ThreeLayerConvNet %s, %d filters %dx%d, hidden %d, %s, backend %s%n",
                java.util.Arrays.toString(config.inputDim()), numFilters, filterSize, filterSize, hiddenDim, dt,
                describe(ops));
        o.printf(Locale.ROOT, "solver: %s lr %g, batch %d, %d epoch(s), %d iterations%n", updateRule, lr, batchSize, epochs,
                solver.numIterations());
        ProgressListener progress = null;
        if (!noProgress && System.getenv("CONVNET4J_NO_PROGRESS") == null) {
            progress = new ProgressListener(o, batchSize);
            solver.addListener(progress);
        }
        if (verbose) solver.addListener(new SeedLog(o, printEvery));
        solver.addListener(Checkpoint.everyEpoch(checkpoint));
        long t0 = System.nanoTime();
        int exit = 0;
        try {
            solver.train();
        } catch (TrainingDivergedException e) {
            if (progress != null) progress.close();
            o.println("error: " + e.getMessage());
            exit = 1;
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
        int images = solver.lossHistory().size() * batchSize;
        o.printf(Locale.ROOT, "done in %.1f s (%.0f images/s): final train acc %.4f, val acc %.4f, best val acc %.4f, test acc %.4f%n",
                seconds, images / seconds, tr.isEmpty() ? Double.NaN : tr.get(tr.size() - 1),
                va.isEmpty() ? Double.NaN : va.get(va.size() - 1), solver.bestValAcc(), testAcc);
        o.println("wrote " + modelFile + ", " + checkpoint + ", " + plot + ", " + filters);
        return exit;
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
