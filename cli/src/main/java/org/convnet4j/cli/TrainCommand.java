package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.model.LayerSpec;
import org.convnet4j.model.Model;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.solver.NotebookLog;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingDivergedException;
import org.convnet4j.solver.UpdateRule;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
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
    @Mixin
    ArchOptions archOptions;
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
    @Option(names = "--hidden-dim", defaultValue = "500", description = "ThreeLayerConvNet's hidden units (default ${DEFAULT-VALUE}; not with --arch).")
    int hiddenDim;
    @Option(names = "--reg", defaultValue = "1e-3", description = "L2 regularisation (default ${DEFAULT-VALUE}).")
    double reg;
    @Option(names = "--num-filters", defaultValue = "32", description = "ThreeLayerConvNet's conv filters (default ${DEFAULT-VALUE}; not with --arch).")
    int numFilters;
    @Option(names = "--filter-size", defaultValue = "7", description = "ThreeLayerConvNet's conv filter size, odd (default ${DEFAULT-VALUE}; not with --arch).")
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
    @Option(names = "--resume", description = "Continue from OUT/checkpoint.cnv (same settings; --epochs is the total). "
            + "The net comes back from the checkpoint, --arch too; an --arch or --init given must agree with it.")
    boolean resume;
    @Spec
    CommandSpec spec;

    private static final List<String> UPDATE_RULES = List.of("sgd", "sgd_momentum", "rmsprop", "adam");
    /** The options that only shape the default ThreeLayerConvNet (--arch replaces them). */
    private static final String[] THREE_LAYER_OPTIONS = {"--num-filters", "--filter-size", "--hidden-dim"};

    @Override
    public Integer call() throws IOException {
        PrintStream o = System.out;
        OptionChecks check = new OptionChecks(spec);
        Path checkpoint = out.resolve("checkpoint.cnv");
        Checkpoint.Info saved = null;
        if (resume) {
            FileChecks.readableFile("checkpoint", checkpoint, "--resume, in --out " + out);
            saved = Checkpoint.info(checkpoint);
            takeSettings(check, new ResumeSettings(spec, check, checkpoint, saved), saved);
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
        int[] inputDim = {train.channels(), train.height(), train.width()};
        Net.Init init = archOptions.initValue(check);
        Model model;
        Net net;
        if (archOptions.given() || init != Net.Init.WEIGHT_SCALE) {
            // a net of one's own; on --resume, takeSettings took its text, init, dtype and reg from the checkpoint
            if (resume) {
                net = Checkpoint.net(checkpoint, ops);
                fitsData(checkpoint, net, inputDim, train.numClasses(), data);
            } else {
                Sequential arch = archOptions.given() ? archOptions.architecture(check)
                        : ThreeLayerConvNet.architecture(threeLayerConfig(inputDim, train.numClasses(), dt));
                net = archOptions.build(check, arch, new Net.Config(inputDim, dt, init, weightScale, reg), train.numClasses(),
                        ops, new Rng(seed));
            }
            model = net;
        } else {
            ThreeLayerConvNet.Config config = threeLayerConfig(inputDim, train.numClasses(), dt);
            ThreeLayerConvNet three = resume ? Checkpoint.model(checkpoint, ops) : new ThreeLayerConvNet(config, ops, new Rng(seed));
            if (resume && !sameConfig(three.config(), config)) {
                throw new IllegalArgumentException("--resume: " + checkpoint + " was trained with another model config ("
                        + ModelFile.configMeta(three.config()) + "), not " + ModelFile.configMeta(config));
            }
            model = three;
            net = three.net();
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
        if (model instanceof ThreeLayerConvNet three) {
            ThreeLayerConvNet.Config c = three.config();
            o.printf(Locale.ROOT, "model: ThreeLayerConvNet %s, %d filters %dx%d, hidden %d, %s, backend %s%n",
                    java.util.Arrays.toString(c.inputDim()), c.numFilters(), c.filterSize(), c.filterSize(), c.hiddenDim(),
                    c.dtype(), describe(ops));
        } else {
            o.printf(Locale.ROOT, "model: Net %s, input %s, %s, backend %s%n", net.architecture(),
                    java.util.Arrays.toString(net.config().inputDim()), net.dtype(), describe(ops, net));
        }
        o.print(net.summary());
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
        TrainingPlots.write(plot, solver,
                (model instanceof ThreeLayerConvNet ? "ThreeLayerConvNet" : title(net, dataName(data))) + " on " + dataName(data));
        Path filters = out.resolve("filters.png");
        Tensor w1 = model.params().get("W1");
        boolean drawn = w1.rank() == 4;
        if (drawn) FilterGrid.write(filters, w1.as(DType.FLOAT64));
        // an affine first layer has no filters to draw; an earlier run's picture must not pass for this model's
        boolean removed = !drawn && Files.deleteIfExists(filters);
        // this run's images only: a resumed run's history also holds the epochs done before
        long images = (long) (solver.lossHistory().size() - lossBefore) * batchSize;
        o.printf(Locale.ROOT, "done in %.1f s (%d images, %.0f images/s): final train acc %.4f, val acc %.4f, best val acc %.4f, "
                + "test acc %.4f%n", seconds, images, images / seconds, tr.isEmpty() ? Double.NaN : tr.get(tr.size() - 1),
                va.isEmpty() ? Double.NaN : va.get(va.size() - 1), solver.bestValAcc(), testAcc);
        o.println("wrote " + modelFile + ", " + checkpoint + ", " + plot + (drawn ? ", " + filters
                : " (no " + filters.getFileName() + ": the first layer is affine, not conv" + (removed
                ? "; removed the one an earlier run left" : "") + ")"));
        return exit;
    }

    /**
     * {@code --resume}: every setting the checkpoint holds replaces the option's default; a given option
     * must agree with it ({@link ResumeSettings}).
     */
    private void takeSettings(OptionChecks check, ResumeSettings r, Checkpoint.Info saved) throws IOException {
        int done = saved.epoch();
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
        takeArchitecture(check, r, saved);
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
        archOptions.validate(check, spec, THREE_LAYER_OPTIONS);
        check.atLeast("--epochs", 1, epochs);
        if (seed < 0 || seed > 0xFFFFFFFFL) throw check.invalid("--seed", "an integer in [0, 2^32)", seed);
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

    /** The ThreeLayerConvNet the options describe; a config the data cannot take is a usage error naming them. */
    private ThreeLayerConvNet.Config threeLayerConfig(int[] inputDim, int numClasses, DType dt) {
        try {
            return new ThreeLayerConvNet.Config(inputDim, numFilters, filterSize, hiddenDim, numClasses, weightScale, reg, dt);
        } catch (IllegalArgumentException e) {
            // e.g. a W2 too large for a Java array: the library names its config fields, the user typed options
            throw new ParameterException(spec.commandLine(), "Invalid values for options --num-filters " + numFilters
                    + ", --filter-size " + filterSize + ", --hidden-dim " + hiddenDim + " with this data: " + e.getMessage());
        }
    }

    static DType parseDtype(OptionChecks check, String dtype) {
        try {
            return DType.parse(dtype);
        } catch (IllegalArgumentException e) {
            throw check.invalid("--dtype", "float32 or float64", dtype);
        }
    }

    /**
     * {@code --resume}, the net: a checkpoint of a net of one's own gives its text to {@code --arch} and its
     * init to {@code --init} (dtype, weight scale and reg are taken with the other settings); a given
     * {@code --arch} must be the same net (the text may differ, e.g. a block for its repeats), a given
     * {@code --init} the same init, and the ThreeLayerConvNet options cannot describe it. A ThreeLayerConvNet
     * checkpoint stays one unless {@code --arch} names its stack.
     */
    private void takeArchitecture(OptionChecks check, ResumeSettings r, Checkpoint.Info saved) throws IOException {
        Path checkpoint = out.resolve("checkpoint.cnv");
        boolean three = "ThreeLayerConvNet".equals(saved.meta().get("model"));
        if (archOptions.given()) {
            Sequential given = archOptions.architecture(check); // a bad text: a usage error with its offset, first
            // a version-1 checkpoint has no text: its stack is rebuilt from its config
            Sequential stored = saved.meta().containsKey("arch") ? Sequential.parse(saved.meta().get("arch"))
                    : Checkpoint.net(checkpoint, Ops.naive()).architecture();
            if (!stored.equals(given)) throw r.conflict("--arch", stored.toString(), archOptions.arch);
        } else if (!three) {
            for (String option : THREE_LAYER_OPTIONS) {
                if (ArchOptions.given(spec, option)) {
                    throw check.usage("Invalid value for option '" + option + "': " + checkpoint + " holds the net "
                            + saved.meta().get("arch") + ", not a ThreeLayerConvNet; leave " + option + " out to resume it");
                }
            }
            r.takeString("--arch", "arch", () -> archOptions.arch, v -> archOptions.arch = v);
        }
        r.take("--init", "init", s -> s, () -> archOptions.init, v -> archOptions.init = v,
                (a, b) -> ArchOptions.parseInit(check, a) == ArchOptions.parseInit(check, b));
    }

    /** A resumed net must take the data's images and give its classes. */
    private static void fitsData(Path checkpoint, Net net, int[] inputDim, int numClasses, DataSplits data) {
        if (!java.util.Arrays.equals(net.config().inputDim(), inputDim) || net.numClasses() != numClasses) {
            throw new IllegalArgumentException("--resume: " + checkpoint + " holds a net for inputs "
                    + java.util.Arrays.toString(net.config().inputDim()) + " and " + net.numClasses() + " classes, but "
                    + dataName(data) + " has " + java.util.Arrays.toString(inputDim) + " and " + numClasses
                    + "; resume it on the data it was trained on");
        }
    }

    private static boolean sameConfig(ThreeLayerConvNet.Config a, ThreeLayerConvNet.Config b) {
        return ModelFile.configMeta(a).equals(ModelFile.configMeta(b));
    }

    static String describe(Ops ops) {
        return ops.conv().getClass().getSimpleName() + "/" + ops.pool().getClass().getSimpleName() + "/"
                + ops.affine().getClass().getSimpleName() + "/" + ops.relu().getClass().getSimpleName();
    }

    /** {@link #describe(Ops)}, plus the layers with no native twin when the net has any. */
    static String describe(Ops ops, Net net) {
        boolean naiveOnly = net.architecture().layers().stream().anyMatch(l -> l instanceof LayerSpec.BatchNorm
                || l instanceof LayerSpec.SpatialBatchNorm || l instanceof LayerSpec.Dropout);
        return describe(ops) + (naiveOnly ? " (batch norm and dropout: naive on every backend)" : "");
    }

    /** A net's name for a picture title: its text when the title fits the figure's width, else its size. */
    static String title(Net net, String data) {
        String text = net.architecture().toString();
        if ((text + " on " + data).length() <= 80) return text;
        return String.format(Locale.ROOT, "Net of %d layers, %,d parameters", net.layers().size(), net.paramCount());
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
