package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.convnet4j.data.DataChoice;
import org.convnet4j.data.DataLocator;
import org.convnet4j.data.DataSource;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.LoadOptions;
import org.convnet4j.data.Synthetic;
import org.convnet4j.model.ModelFile;
import org.convnet4j.predict.Evaluation;
import org.convnet4j.predict.Predictor;
import org.convnet4j.viz.ConfusionMatrixPlot;
import org.convnet4j.viz.MisclassifiedGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scores a saved model on a test split: accuracy, per-class precision and recall, the confusion matrix as a
 * table and a heat map, and a grid of the misclassified images. By default the split is the one {@code train}
 * scored (the data set, test size and seed the model file records), prepared with the model's own
 * preprocessing, so the accuracy equals the test accuracy {@code train} printed.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a saved model on a test split: accuracy, per-class precision/recall, confusion matrix "
                + "(table and OUT/confusion.png), misclassified images (OUT/misclassified.png).",
                "Default: the data set and test split the model was trained with, so the accuracy equals train's test acc."})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    TrainedModel trained;
    @Mixin
    BackendOptions backendOptions;
    @Option(names = "--data", paramLabel = "cifar10|fashion-mnist|synthetic",
            description = "Data set to score on (default: the one the model was trained on).")
    String data;
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where to look for the data; must exist if given (default: $CONVNET4J_DATA, then ~/.convnet4j/data; "
                    + "Fashion-MNIST also in /usr/share/datasets/fashion-mnist).")
    Path dataDir;
    @Option(names = "--num-test", paramLabel = "N",
            description = "Test images, >= 1 (default: as many as the model was tested on in training, else the data set's).")
    Integer numTest;
    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR",
            description = "Folder for confusion.png and misclassified.png (default ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--max-images", defaultValue = "48", paramLabel = "N",
            description = "Misclassified images to draw at most, most confident mistake first (default ${DEFAULT-VALUE}).")
    int maxImages;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OptionChecks check = new OptionChecks(spec);
        backendOptions.validate(check);
        DataSource trainedOn = trained.trainedOnSource(check);
        DataSource requested = null;
        if (data != null) {
            try {
                requested = DataSource.parse(data);
            } catch (IllegalArgumentException e) {
                requested = DataSource.AUTO;
            }
            if (requested == DataSource.AUTO) throw check.invalid("--data", "one of cifar10, fashion-mnist, synthetic", data);
        }
        check.existingFolder("--data-dir", dataDir);
        if (numTest != null) check.atLeast("--num-test", 1, numTest);
        check.atLeast("--max-images", 0, maxImages);
        FileChecks.writableFolder("output folder", out, "--out");

        PrintStream o = System.out;
        ModelFile.Loaded loaded = trained.load(backendOptions.ops());
        Predictor predictor = trained.predictor(loaded, trainedOn);
        String dataset = predictor.preprocessing().dataset();
        Map<String, String> meta = loaded.meta();
        DataSource source = requested;
        if (source == null) {
            try {
                source = DataSource.parse(dataset);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(trained.model + " was trained on '" + dataset
                        + "', which is not a data set this command loads: pass --data cifar10|fashion-mnist|synthetic");
            }
        }
        // the split train scored: same data set, same test size, same seed (the synthetic set's images depend on it)
        boolean asTrained = source.cliName().equals(dataset);
        int n = numTest != null ? numTest : asTrained && meta.containsKey("num_test")
                ? Integer.parseInt(meta.get("num_test")) : LoadOptions.DEFAULT;
        long seed = asTrained && meta.containsKey("data_seed") ? Long.parseLong(meta.get("data_seed")) : Synthetic.DEFAULT_SEED;
        DataChoice choice = DataLocator.system().resolve(source, dataDir);
        DataSplits splits = choice.load(new LoadOptions(0, 0, n, false, loaded.model().dtype(), seed));
        Dataset test = splits.test();
        o.println("model: " + trained.model + ": " + loaded.toString().replace("\n", "\n  "));
        o.println("data: " + choice.reason() + "; test split: " + test.size() + " images" + (source == DataSource.SYNTHETIC
                ? " (seed " + seed + ")" : ""));

        Evaluation e = predictor.evaluate(test);
        o.printf(Locale.ROOT, "test accuracy: %.4f (%d of %d correct)%n", e.accuracy(), e.correct(), e.size());
        String recorded = meta.get("test_acc");
        if (recorded != null && asTrained && (numTest == null || meta.containsKey("num_test")
                && numTest == Integer.parseInt(meta.get("num_test")))) {
            o.printf(Locale.ROOT, "train recorded test accuracy %.4f on this split%s%n", Double.parseDouble(recorded),
                    Double.parseDouble(recorded) == e.accuracy() ? " (the same)" : " (DIFFERENT)");
        }
        o.println();
        o.print(e.perClassTable());
        o.println();
        o.println("confusion matrix (rows: true class, columns: predicted class):");
        o.print(e.confusionTable());

        Path confusion = out.resolve("confusion.png");
        String what = dataset + " test split, " + e.size() + " images";
        ConfusionMatrixPlot.write(confusion, e.confusion(), e.classNames(),
                String.format(Locale.ROOT, "Confusion matrix: %s (accuracy %.4f)", what, e.accuracy()));
        int[] wrong = e.misclassified();
        int[] show = Arrays.copyOf(wrong, Math.min(wrong.length, maxImages));
        Path grid = out.resolve("misclassified.png");
        MisclassifiedGrid.write(grid, test.images(), show, e.labels(), e.predicted(), e.confidence(), e.classNames(),
                String.format(Locale.ROOT, "Misclassified: %d of %d %s test images, most confident first", wrong.length,
                        e.size(), dataset));
        o.println("wrote " + confusion + ", " + grid);
        return 0;
    }
}
