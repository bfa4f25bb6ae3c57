package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.Dataset;
import org.convnet4j.model.Model;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.solver.NotebookLog;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingDivergedException;
import org.convnet4j.solver.UpdateRules;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.viz.TrainingPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The notebook's "Overfit small data" cell: 100 training images, 15 epochs, batch 50, Adam lr 1e-3,
 * weight_scale 1e-2, the notebook's log with print_every 1, and the two-panel loss/accuracy plot. A correct
 * network reaches train accuracy 1.0 while validation accuracy stays low.
 */
@Command(name = "overfit", mixinStandardHelpOptions = true,
        description = "The notebook's overfitting experiment: 100 samples, 15 epochs; ends at train accuracy 1.0.")
final class OverfitCommand implements Callable<Integer> {
    private static final int BATCH_SIZE = 50;

    @Mixin
    DataOptions dataOptions;
    @Mixin
    BackendOptions backendOptions;
    @Mixin
    ArchOptions archOptions;
    @Option(names = "--num-samples", defaultValue = "100", description = "Training images, >= 1 (default ${DEFAULT-VALUE}).")
    int numSamples;
    @Option(names = "--epochs", defaultValue = "15", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default ${DEFAULT-VALUE}, the notebook's).")
    double lr;
    @Option(names = "--weight-scale", defaultValue = "1e-2",
            description = "With --init weight-scale, the weights' standard deviation (default ${DEFAULT-VALUE}, the notebook's).")
    double weightScale;
    @Option(names = "--seed", defaultValue = "231", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", defaultValue = "out", description = "Output folder for overfit_loss_acc.png (default ${DEFAULT-VALUE}).")
    Path out;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintStream o = System.out;
        OptionChecks check = new OptionChecks(spec);
        dataOptions.validate(check);
        backendOptions.validate(check);
        archOptions.validate(check, spec);
        check.positive("--weight-scale", weightScale);
        check.atLeast("--num-samples", 1, numSamples);
        check.atLeast("--epochs", 1, epochs);
        if (seed < 0 || seed > 0xFFFFFFFFL) throw check.invalid("--seed", "an integer in [0, 2^32)", seed);
        check.positive("--lr", lr);
        FileChecks.writableFolder("output folder", out, "--out");
        if (dataOptions.numTrain == null) {
            dataOptions.numTrain = numSamples;
            dataOptions.numTrainOption = "--num-samples";
        }
        if (dataOptions.numVal == null) dataOptions.numVal = 1000;
        if (dataOptions.numTest == null) dataOptions.numTest = 1000;
        DataSplits data = dataOptions.load(check, o, DType.FLOAT32, seed);
        Dataset train = data.train().first(Math.min(numSamples, data.train().size()));
        check.epochsFit(epochs, Math.max(train.size() / BATCH_SIZE, 1));
        Rng rng = new Rng(seed);
        ThreeLayerConvNet.Config config = ThreeLayerConvNet.Config.defaults()
                .withInputDim(train.channels(), train.height(), train.width()).withNumClasses(train.numClasses())
                .withWeightScale(weightScale);
        Ops ops = backendOptions.ops();
        Net.Init init = archOptions.initValue(check);
        Model model;
        if (archOptions.given() || init != Net.Init.WEIGHT_SCALE) {
            Sequential arch = archOptions.given() ? archOptions.architecture(check) : ThreeLayerConvNet.architecture(config);
            Net net = archOptions.build(check, arch, ThreeLayerConvNet.netConfig(config).withInit(init), train.numClasses(),
                    ops, rng);
            o.printf(Locale.ROOT, "model: Net %s, backend %s%n", net.architecture(), TrainCommand.describe(ops, net));
            o.print(net.summary());
            model = net;
        } else {
            model = new ThreeLayerConvNet(config, ops, rng);
        }
        Solver.Options options = Solver.Options.defaults().withUpdateRule(new UpdateRules.Adam(lr, 0.9, 0.999, 1e-8))
                .withBatchSize(BATCH_SIZE).withNumEpochs(epochs).withSeed(seed);
        Solver solver = new Solver(model, train.images(), train.labels(), data.val().images(), data.val().labels(), options);
        solver.addListener(new NotebookLog(o, 1));
        // Ctrl-C: stop at an iteration boundary (see Interrupt), and say that nothing was kept
        Interrupt interrupt = new Interrupt(o::println, done -> "interrupted after " + done + " of " + epochs
                + " epochs: overfit writes its plot only at the end, so nothing was kept; run it again");
        solver.addListener(interrupt);
        int exit = 0;
        interrupt.arm();
        try {
            solver.train();
        } catch (TrainingDivergedException e) {
            o.println("error: " + e.getMessage());
            exit = 1;
        } finally {
            interrupt.disarm();
        }
        List<Double> tr = solver.trainAccHistory();
        // diverged at the first iteration: no accuracy was measured, there is nothing to plot
        if (tr.isEmpty()) return exit;
        Path plot = out.resolve("overfit_loss_acc.png");
        TrainingPlots.write(plot, TrainCommand.toArray(solver.lossHistory()), TrainCommand.toArray(tr),
                TrainCommand.toArray(solver.valAccHistory()), "Overfitting " + train.size() + " " + TrainCommand.dataName(data) + " images");
        double last = tr.get(tr.size() - 1);
        o.printf(Locale.ROOT, "final train acc %.6f, val acc %.6f; wrote %s%n", last,
                solver.valAccHistory().get(solver.valAccHistory().size() - 1), plot);
        if (exit != 0) return exit;
        if (last < 1.0) {
            o.println("note: train accuracy did not reach 1.0 (the notebook reaches it at epoch 13 of 15)");
            return 1;
        }
        return 0;
    }
}
