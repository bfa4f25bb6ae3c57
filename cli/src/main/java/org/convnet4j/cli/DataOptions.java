package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.convnet4j.data.Cifar10Binary;
import org.convnet4j.data.DataChoice;
import org.convnet4j.data.DataLocator;
import org.convnet4j.data.DataNotFoundException;
import org.convnet4j.data.DataSource;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.FashionMnist;
import org.convnet4j.data.LoadOptions;
import org.convnet4j.data.MnistIdx;
import org.convnet4j.tensor.DType;
import picocli.CommandLine.Option;

/** Which data set to load and how much of it: {@code --data}, {@code --data-dir}, {@code --num-train/val/test}. */
public final class DataOptions {
    @Option(names = "--data", defaultValue = "auto", paramLabel = "cifar10|fashion-mnist|synthetic|auto",
            description = "Data set. auto: CIFAR-10 if found, else Fashion-MNIST if installed, else synthetic. Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where to look for the data, and only there; must exist if given (default: $CONVNET4J_DATA, "
                    + "then ~/.convnet4j/data; Fashion-MNIST also in /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    // null: the data set's default size
    @Option(names = "--num-train", paramLabel = "N",
            description = "Training images, >= 1 (default: the data set's, e.g. 49000 for CIFAR-10, 55000 for Fashion-MNIST).")
    Integer numTrain;

    @Option(names = "--num-val", paramLabel = "N", description = "Validation images, >= 1 (default: the data set's).")
    Integer numVal;

    @Option(names = "--num-test", paramLabel = "N", description = "Test images, >= 1 (default: the data set's).")
    Integer numTest;

    /** What {@link #load} chose. */
    DataChoice chosen;

    /** The option that set {@link #numTrain}, for messages: overfit fills it from its own --num-samples. */
    String numTrainOption = "--num-train";

    /** Checks the values given, before anything is loaded. */
    public void validate(OptionChecks check) {
        DataSource source = source(check);
        check.existingFolder("--data-dir", dataDir);
        // $CONVNET4J_DATA is searched only without --data-dir, and never for the synthetic set
        if (dataDir == null && source != DataSource.SYNTHETIC) {
            try {
                DataLocator.system().envDataDir();
            } catch (DataNotFoundException e) {
                Path env = Path.of(System.getenv(DataLocator.ENV_VAR));
                throw check.invalidEnv(DataLocator.ENV_VAR, "an existing folder (or unset it)", env
                        + (java.nio.file.Files.exists(env) ? " (a file)" : " (does not exist)"));
            }
        }
        if (numTrain != null) check.atLeast(numTrainOption, 1, numTrain);
        if (numVal != null) check.atLeast("--num-val", 1, numVal);
        if (numTest != null) check.atLeast("--num-test", 1, numTest);
    }

    private DataSource source(OptionChecks check) {
        try {
            return DataSource.parse(data);
        } catch (IllegalArgumentException e) {
            throw check.invalid("--data", "one of cifar10, fashion-mnist, synthetic, auto", data);
        }
    }

    /**
     * Resolves and loads the splits, saying which data set was chosen and why. Sizes larger than the data
     * set are usage errors naming the option, found before any image is read.
     */
    public DataSplits load(OptionChecks check, PrintStream out, DType dtype, long seed) throws IOException {
        DataChoice choice = DataLocator.system().resolve(data, dataDir);
        checkSizes(check, choice);
        chosen = choice;
        out.println("data: " + choice.reason());
        DataSplits splits = choice.load(LoadOptions.defaults()
                .withSizes(orDefault(numTrain), orDefault(numVal), orDefault(numTest)).withDtype(dtype).withSeed(seed));
        out.println("data: " + splits.summary());
        return splits;
    }

    /**
     * Checks {@code --num-train + --num-val} against the training images the chosen files hold and
     * {@code --num-test} against the test images (the loaders would refuse them too, but in their own
     * parameter names, and only after reading the files).
     */
    void checkSizes(OptionChecks check, DataChoice choice) throws IOException {
        long trainAvailable, testAvailable;
        int defTrain, defVal, defTest;
        String name;
        switch (choice.source()) {
            case CIFAR10: {
                Path folder = Cifar10Binary.resolve(choice.dir());
                trainAvailable = 0;
                for (String f : Cifar10Binary.TRAIN_FILES) trainAvailable += Cifar10Binary.recordCount(folder.resolve(f));
                testAvailable = Cifar10Binary.recordCount(folder.resolve(Cifar10Binary.TEST_FILE));
                defTrain = Cifar10Binary.DEFAULT_NUM_TRAIN;
                defVal = Cifar10Binary.DEFAULT_NUM_VAL;
                defTest = Cifar10Binary.DEFAULT_NUM_TEST;
                name = "CIFAR-10 at " + folder;
                break;
            }
            case FASHION_MNIST: {
                // the label files are small (60,000 and 10,000 bytes): their counts, checked, are the images'
                trainAvailable = labels(choice.dir(), FashionMnist.TRAIN_LABELS);
                testAvailable = labels(choice.dir(), FashionMnist.TEST_LABELS);
                defTrain = FashionMnist.DEFAULT_NUM_TRAIN;
                defVal = FashionMnist.DEFAULT_NUM_VAL;
                defTest = FashionMnist.DEFAULT_NUM_TEST;
                name = "Fashion-MNIST at " + choice.dir();
                break;
            }
            default:
                return; // the synthetic set is generated in any size
        }
        long nt = numTrain != null ? numTrain : defTrain, nv = numVal != null ? numVal : defVal;
        long ns = numTest != null ? numTest : defTest;
        if (nt + nv > trainAvailable) {
            // name the option the user typed: --num-train (or overfit's --num-samples), else --num-val
            String option = numTrain != null || numVal == null ? numTrainOption : "--num-val";
            throw check.invalid(option, numTrainOption + " + --num-val <= " + trainAvailable + " (the training images of "
                    + name + ")", nt + (numTrain == null ? " (default)" : "") + " + " + nv + (numVal == null ? " (default)" : ""));
        }
        if (ns > testAvailable) {
            throw check.invalid("--num-test", "at most " + testAvailable + " (the test images of " + name + ")", ns);
        }
    }

    private static long labels(Path folder, String base) throws IOException {
        Path file = FashionMnist.file(folder, base).orElseThrow(() -> new IOException(folder + ": " + base + " is missing"));
        return MnistIdx.readLabels(file).length;
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
