package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.convnet4j.data.DataChoice;
import org.convnet4j.data.DataLocator;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.LoadOptions;
import org.convnet4j.tensor.DType;
import picocli.CommandLine.Option;

/** Which data set to load and how much of it: {@code --data}, {@code --data-dir}, {@code --num-train/val/test}. */
public final class DataOptions {
    @Option(names = "--data", defaultValue = "auto", paramLabel = "cifar10|fashion-mnist|synthetic|auto",
            description = "Data set. auto: CIFAR-10 if found, else Fashion-MNIST if installed, else synthetic. Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where to look for the data; must exist if given (default: $CONVNET4J_DATA, then ~/.convnet4j/data; "
                    + "Fashion-MNIST also in /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    // null: the data set's default size
    @Option(names = "--num-train", paramLabel = "N",
            description = "Training images, >= 1 (default: the data set's, e.g. 49000 for CIFAR-10, 55000 for Fashion-MNIST).")
    Integer numTrain;

    @Option(names = "--num-val", paramLabel = "N", description = "Validation images, >= 1 (default: the data set's).")
    Integer numVal;

    @Option(names = "--num-test", paramLabel = "N", description = "Test images, >= 1 (default: the data set's).")
    Integer numTest;

    /** What the last {@link #load} chose (the data set, for the model file's record). */
    DataChoice chosen;

    /** Checks the values given, before anything is loaded. */
    public void validate(OptionChecks check) {
        check.existingFolder("--data-dir", dataDir);
        if (numTrain != null) check.atLeast("--num-train", 1, numTrain);
        if (numVal != null) check.atLeast("--num-val", 1, numVal);
        if (numTest != null) check.atLeast("--num-test", 1, numTest);
    }

    /** Resolves and loads the splits, saying which data set was chosen and why. */
    public DataSplits load(PrintStream out, DType dtype, long seed) throws IOException {
        DataChoice choice = DataLocator.system().resolve(data, dataDir);
        chosen = choice;
        out.println("data: " + choice.reason());
        DataSplits splits = choice.load(LoadOptions.defaults()
                .withSizes(orDefault(numTrain), orDefault(numVal), orDefault(numTest)).withDtype(dtype).withSeed(seed));
        out.println("data: " + splits.summary());
        return splits;
    }

    /** The {@code --data} value as typed (cifar10, fashion-mnist, synthetic or auto). */
    public String data() {
        return data;
    }

    /** The {@code --data-dir} folder, or null when not given. */
    public Path dataDir() {
        return dataDir;
    }

    /** The split sizes given, with {@link LoadOptions#DEFAULT} for the data set's own: {train, val, test}. */
    public int[] sizes() {
        return new int[] {orDefault(numTrain), orDefault(numVal), orDefault(numTest)};
    }

    private static int orDefault(Integer size) {
        return size == null ? LoadOptions.DEFAULT : size;
    }
}
