package org.convnet4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; https://github.com/zalandoresearch/fashion-mnist): 70,000
 * grey 28×28 images of 10 clothing classes, in MNIST's IDX format. Debian/Ubuntu ship it as the package
 * {@code dataset-fashion-mnist}, which installs {@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz}
 * into {@value #SYSTEM_DIR}. Uncompressed copies (same names without {@code .gz}) are accepted too.
 *
 * <p>Splits: train = the first {@code numTrain} (default 55,000) of the 60,000 training images, val = the
 * next {@code numVal} (default 5,000), test = the first {@code numTest} (default all 10,000) of t10k.
 * Images are (N, 1, 28, 28).
 *
 * <p>Scaling: exactly as CIFAR-10 in the seed — pixel values 0..255 as floats, then the training mean
 * image subtracted. Keeping CIFAR's scale means the seed's hyper-parameters (weight_scale 1e-3, Adam with
 * learning rate 1e-3) apply unchanged: centred pixels are of order ±80, so a 7×7 first-layer filter with
 * weights of scale 1e-3 gives activations of order 1e-3·80·√49 ≈ 0.5, the scores start near zero and the
 * initial loss is ≈ ln 10 as the notebook expects; Adam's step size does not depend on the input scale.
 */
public final class FashionMnist {
    private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);

    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four base names (each may carry a {@code .gz} suffix on disk). */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    /** Class names in label order, from the dataset's README. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int DEFAULT_NUM_TRAIN = 55_000;
    public static final int DEFAULT_NUM_VAL = 5_000;
    public static final int DEFAULT_NUM_TEST = 10_000;

    private FashionMnist() {}

    /** The folder holding the four files: {@code dir} itself or {@code dir/fashion-mnist}; empty if neither. */
    public static Optional<Path> find(Path dir) {
        if (dir == null) return Optional.empty();
        for (Path candidate : new Path[] {dir, dir.resolve("fashion-mnist")}) {
            if (missingFiles(candidate).isEmpty()) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The base names of {@link #FILES} present in {@code folder} neither gzipped nor raw. @throws IllegalArgumentException if folder is null */
    public static List<String> missingFiles(Path folder) {
        Checks.notNull("fashionMnist", "folder", folder);
        List<String> missing = new ArrayList<>();
        for (String base : FILES) {
            if (file(folder, base).isEmpty()) missing.add(base);
        }
        return missing;
    }

    /** {@code folder/base.gz} if it exists, else {@code folder/base} if it exists. */
    public static Optional<Path> file(Path folder, String base) {
        Checks.notNull("fashionMnist", "folder", folder);
        Checks.notNull("fashionMnist", "base", base);
        Path gz = folder.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) return Optional.of(gz);
        Path raw = folder.resolve(base);
        return Files.isRegularFile(raw) ? Optional.of(raw) : Optional.empty();
    }

    /** Default splits (55,000 / 5,000 / 10,000), mean image subtracted. */
    public static DataSplits load(Path dir, DType dtype) throws IOException {
        return load(dir, DEFAULT_NUM_TRAIN, DEFAULT_NUM_VAL, DEFAULT_NUM_TEST, true, dtype);
    }

    /**
     * Loads the splits; only the images needed are decoded.
     *
     * @param dir the folder with the four IDX files, or its parent
     * @throws IOException if files are missing or corrupt (file and offset named)
     * @throws IllegalArgumentException if a count is negative or exceeds the files
     */
    public static DataSplits load(Path dir, int numTrain, int numVal, int numTest, boolean subtractMean, DType dtype)
            throws IOException {
        DataSplits.checkCounts("fashionMnist", numTrain, numVal, numTest, dtype);
        Checks.notNull("fashionMnist", "dir", dir);
        Path folder = find(dir).orElseThrow(() -> new IOException("Fashion-MNIST files not found in " + dir
                + " (nor in " + dir.resolve("fashion-mnist") + "): need " + FILES
                + " (optionally .gz). Install them with `apt-get install dataset-fashion-mnist` (into "
                + SYSTEM_DIR + ")."));
        long need = (long) numTrain + numVal;
        if (need > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fashionMnist: numTrain + numVal = " + need + " is more than any IDX file holds");
        }
        int trainNeed = (int) need;
        Dataset trainAll = readPair(folder, TRAIN_IMAGES, TRAIN_LABELS, trainNeed, dtype);
        if (trainAll.size() < trainNeed) {
            throw new IllegalArgumentException("fashionMnist: numTrain + numVal = " + trainNeed + " exceeds the "
                    + trainAll.size() + " training images in " + folder);
        }
        Dataset test = readPair(folder, TEST_IMAGES, TEST_LABELS, numTest, dtype);
        if (test.size() < numTest) {
            throw new IllegalArgumentException("fashionMnist: numTest = " + numTest + " exceeds the " + test.size()
                    + " test images in " + folder);
        }
        Dataset train = trainAll.slice(0, numTrain);
        Dataset val = trainAll.slice(numTrain, trainNeed);
        LOG.info("Fashion-MNIST: loaded {} train, {} val, {} test images from {}", numTrain, numVal, numTest, folder);
        return DataSplits.of(train, val, test, subtractMean, "Fashion-MNIST IDX at " + folder);
    }

    /** The first {@code max} images and labels of one images/labels pair, as (n, 1, 28, 28) floats 0..255. */
    static Dataset readPair(Path folder, String imagesBase, String labelsBase, int max, DType dtype)
            throws IOException {
        Path imagesFile = file(folder, imagesBase).orElseThrow(() -> new IOException("missing " + imagesBase
                + "(.gz) in " + folder));
        Path labelsFile = file(folder, labelsBase).orElseThrow(() -> new IOException("missing " + labelsBase
                + "(.gz) in " + folder));
        MnistIdx.Images img = MnistIdx.readImages(imagesFile, max);
        if (img.rows() != ROWS || img.cols() != COLS) {
            throw new CorruptDataException(imagesFile + ": images must be " + ROWS + "x" + COLS + ", the header "
                    + "(dims at byte offset 8) says " + img.rows() + "x" + img.cols());
        }
        int[] labels = MnistIdx.readLabels(labelsFile, max);
        if (labels.length != img.count()) {
            throw new CorruptDataException(labelsFile + ": holds " + labels.length + " labels but " + imagesFile
                    + " holds " + img.count() + " images (counts at byte offset 4)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASS_NAMES.size()) {
                throw new CorruptDataException(labelsFile + ": label " + labels[i] + " at byte offset " + (8 + i)
                        + " is not in 0..9");
            }
        }
        int n = img.count();
        Tensor images = Tensor.zeros(dtype, n, 1, ROWS, COLS);
        byte[] px = img.pixels();
        for (int j = 0; j < px.length; j++) images.setFlat(j, px[j] & 0xFF);
        return new Dataset(images, labels, CLASS_NAMES);
    }
}
