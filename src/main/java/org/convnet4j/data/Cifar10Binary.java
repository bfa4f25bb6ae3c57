package org.convnet4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
 * Reader for the official CIFAR-10 <em>binary</em> version ({@code cifar-10-binary.tar.gz}, see
 * https://www.cs.toronto.edu/~kriz/cifar.html), and the preprocessing of CS231n's {@code get_CIFAR10_data}.
 *
 * <p>Layout: folder {@code cifar-10-batches-bin/} with {@code data_batch_1.bin} … {@code data_batch_5.bin}
 * (50,000 training images) and {@code test_batch.bin} (10,000). Each file is a sequence of 3073-byte
 * records: one label byte (0-9), then 1024 red, 1024 green and 1024 blue bytes, each plane row-major
 * 32×32. So a record's pixel bytes are already in (C, H, W) order, and image {@code n} lands at
 * {@code images[n, c, h, w] = record[1 + c*1024 + h*32 + w]} as a float in 0..255 (before centring).
 *
 * <p>Files are checked before decoding: the length must be a multiple of 3073 and every label &lt; 10;
 * failures are {@link CorruptDataException}s naming the file and the byte offset.
 */
public final class Cifar10Binary {
    private static final Logger LOG = LoggerFactory.getLogger(Cifar10Binary.class);

    /**
     * The official binary archive (https://www.cs.toronto.edu/~kriz/cifar.html); the command line's
     * {@code data fetch cifar10} downloads and verifies it.
     */
    public static final java.net.URI ARCHIVE_URL = java.net.URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    /** The folder the official archive extracts to. */
    public static final String FOLDER = "cifar-10-batches-bin";
    /** The five training batch files, in the order their records are concatenated. */
    public static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    /** The test batch file. */
    public static final String TEST_FILE = "test_batch.bin";
    /** All six data files (training batches, then test). */
    public static final List<String> ALL_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
            "test_batch.bin");
    /** The class names, in label order (as in the archive's {@code batches.meta.txt}). */
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    public static final int CHANNELS = 3;
    public static final int HEIGHT = 32;
    public static final int WIDTH = 32;
    /** Pixel bytes per image: 3 × 32 × 32. */
    public static final int IMAGE_BYTES = CHANNELS * HEIGHT * WIDTH;
    /** Bytes per record: the label byte plus the image. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** Records in each official file. */
    public static final int RECORDS_PER_FILE = 10_000;

    /** The seed notebook's split: {@code get_CIFAR10_data(num_training=49000, num_validation=1000, num_test=1000)}. */
    public static final int DEFAULT_NUM_TRAIN = 49_000;
    public static final int DEFAULT_NUM_VAL = 1_000;
    public static final int DEFAULT_NUM_TEST = 1_000;

    private Cifar10Binary() {}

    /**
     * The folder holding the six {@code .bin} files: {@code dir} itself, or {@code dir/cifar-10-batches-bin}.
     *
     * @return empty if neither holds all six files (or {@code dir} is null)
     */
    public static Optional<Path> find(Path dir) {
        if (dir == null) return Optional.empty();
        for (Path candidate : new Path[] {dir, dir.resolve(FOLDER)}) {
            if (missingFiles(candidate).isEmpty()) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The names among {@link #ALL_FILES} that are not regular files in {@code folder}. @throws IllegalArgumentException if folder is null */
    public static List<String> missingFiles(Path folder) {
        Checks.notNull("cifar10", "folder", folder);
        List<String> missing = new ArrayList<>();
        for (String name : ALL_FILES) {
            if (!Files.isRegularFile(folder.resolve(name))) missing.add(name);
        }
        return missing;
    }

    /**
     * Like {@link #find} but fails with a message saying what is missing and how to get it.
     *
     * @throws IOException if neither {@code dir} nor {@code dir/cifar-10-batches-bin} holds all six files
     */
    public static Path resolve(Path dir) throws IOException {
        Checks.notNull("cifar10", "dir", dir);
        Optional<Path> found = find(dir);
        if (found.isPresent()) return found.get();
        Path nested = dir.resolve(FOLDER);
        Path shown = Files.isDirectory(nested) ? nested : dir;
        throw new IOException("CIFAR-10 binary files not found in " + dir + " (nor in " + nested + "): missing "
                + missingFiles(shown) + " in " + shown + ". Get them with `data fetch cifar10` or extract "
                + "cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html there.");
    }

    /**
     * The seed's {@code get_CIFAR10_data()}: 49,000 train / 1,000 val / 1,000 test, mean image subtracted.
     *
     * @see #load(Path, int, int, int, boolean, DType)
     */
    public static DataSplits load(Path dir, DType dtype) throws IOException {
        return load(dir, DEFAULT_NUM_TRAIN, DEFAULT_NUM_VAL, DEFAULT_NUM_TEST, true, dtype);
    }

    /**
     * CS231n's {@code get_CIFAR10_data(num_training, num_validation, num_test, subtract_mean)}:
     * train = the first {@code numTrain} of the 50,000 training records (batches 1..5 in order),
     * val = the next {@code numVal}, test = the first {@code numTest} of {@code test_batch.bin}; with
     * {@code subtractMean}, the mean image of the training part is subtracted from all three. Images are
     * (N, 3, 32, 32) with values 0..255 before centring. Only the records needed are read, so small
     * counts load quickly.
     *
     * @param dir the {@code cifar-10-batches-bin} folder or its parent
     * @param numTrain training images, &ge; 1 when {@code subtractMean}
     * @param numVal validation images, &ge; 0; {@code numTrain + numVal} must not exceed the records available
     * @param numTest test images, &ge; 0
     * @throws IOException if a file is missing or corrupt ({@link CorruptDataException}, with file and offset)
     * @throws IllegalArgumentException if a count is negative or more than the files hold
     */
    public static DataSplits load(Path dir, int numTrain, int numVal, int numTest, boolean subtractMean, DType dtype)
            throws IOException {
        DataSplits.checkCounts("cifar10", numTrain, numVal, numTest, dtype);
        Path folder = resolve(dir);
        long trainAvailable = 0;
        for (String name : TRAIN_FILES) trainAvailable += recordCount(folder.resolve(name));
        long testAvailable = recordCount(folder.resolve(TEST_FILE));
        if ((long) numTrain + numVal > trainAvailable) {
            throw new IllegalArgumentException("cifar10: numTrain + numVal = " + ((long) numTrain + numVal)
                    + " exceeds the " + trainAvailable + " training records in " + folder
                    + " (the official files hold " + RECORDS_PER_FILE * TRAIN_FILES.size() + ")");
        }
        if (numTest > testAvailable) {
            throw new IllegalArgumentException("cifar10: numTest = " + numTest + " exceeds the " + testAvailable
                    + " records in " + folder.resolve(TEST_FILE) + " (the official file holds " + RECORDS_PER_FILE + ")");
        }
        warnIfLarge((long) numTrain + numVal + numTest, dtype);
        // Train and val are read straight into their own tensors: slicing one combined copy would need
        // twice the memory (49,000 float32 images are 600 MB).
        Dataset train = readRange(folder, TRAIN_FILES, 0, numTrain, dtype);
        Dataset val = readRange(folder, TRAIN_FILES, numTrain, numVal, dtype);
        Dataset test = readFile(folder.resolve(TEST_FILE), numTest, dtype);
        LOG.info("CIFAR-10: loaded {} train, {} val, {} test images from {}", numTrain, numVal, numTest, folder);
        return DataSplits.of(train, val, test, subtractMean, "CIFAR-10 binary at " + folder);
    }

    /**
     * The first {@code maxRecords} training records, reading {@code data_batch_1.bin}, then 2, … as needed.
     * Values 0..255, not centred.
     */
    public static Dataset readTrain(Path dir, int maxRecords, DType dtype) throws IOException {
        Checks.nonNegative("cifar10", "maxRecords", maxRecords);
        Checks.notNull("cifar10", "dtype", dtype);
        return readRange(resolve(dir), TRAIN_FILES, 0, maxRecords, dtype);
    }

    /**
     * Records {@code [start, start + count)} of the concatenation of {@code files} in {@code folder}
     * (fewer if the files end first).
     */
    private static Dataset readRange(Path folder, List<String> files, long start, int count, DType dtype)
            throws IOException {
        long[] sizes = new long[files.size()];
        long available = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = recordCount(folder.resolve(files.get(i)));
            available += sizes[i];
        }
        int n = (int) Math.max(0, Math.min(count, available - start));
        Tensor images = Tensor.zeros(dtype, fitsOneTensor(n, folder + " " + files), CHANNELS, HEIGHT, WIDTH);
        int[] labels = new int[n];
        int done = 0;
        long skip = start;
        for (int i = 0; i < sizes.length && done < n; i++) {
            if (skip >= sizes[i]) {
                skip -= sizes[i];
                continue;
            }
            Path file = folder.resolve(files.get(i));
            int take = (int) Math.min(n - done, sizes[i] - skip);
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(skip * RECORD_BYTES);
                decode(in, file.toString(), (int) skip, take, images, labels, done);
            }
            done += take;
            skip = 0;
        }
        return new Dataset(images, labels, CLASS_NAMES);
    }

    /**
     * Reads up to {@code maxRecords} records of one binary file (all of it if it holds fewer).
     * Values 0..255, not centred.
     *
     * @throws CorruptDataException if the file is empty, its length is not a multiple of 3073, a label is &ge; 10, or the
     *     file ends early; the message names the file and the byte offset
     */
    public static Dataset readFile(Path file, int maxRecords, DType dtype) throws IOException {
        Checks.nonNegative("cifar10", "maxRecords", maxRecords);
        Checks.notNull("cifar10", "dtype", dtype);
        int n = (int) Math.min(maxRecords, recordCount(file));
        Tensor images = Tensor.zeros(dtype, fitsOneTensor(n, file.toString()), CHANNELS, HEIGHT, WIDTH);
        int[] labels = new int[n];
        try (InputStream in = Files.newInputStream(file)) {
            decode(in, file.toString(), 0, n, images, labels, 0);
        }
        return new Dataset(images, labels, CLASS_NAMES);
    }

    /** The most images one (N, 3, 32, 32) tensor holds: 699,050. */
    static final int MAX_IMAGES = Checks.MAX_ARRAY_LENGTH / IMAGE_BYTES;

    /** n images must fit one tensor; else the message names where they come from and the limit. */
    private static int fitsOneTensor(int n, String from) {
        if (n > MAX_IMAGES) {
            throw new IllegalArgumentException("cifar10: " + n + " images of " + from + " do not fit one tensor (at most "
                    + MAX_IMAGES + " images of 3x32x32); load fewer records");
        }
        return n;
    }

    /**
     * The number of records in {@code file}, after checking its length is a whole, non-zero number of records.
     *
     * @throws CorruptDataException if the file is empty or its length is not a multiple of 3073
     * @throws IllegalArgumentException if file is null
     */
    public static long recordCount(Path file) throws IOException {
        Checks.notNull("cifar10", "file", file);
        long len = Files.size(file);
        if (len == 0) {
            // an empty batch is a failed download or copy, never a data set: reading it as 0 records would
            // train on less data than the user has without a word
            throw new CorruptDataException(file + ": the file is empty: truncated at byte offset 0 (a CIFAR-10 batch "
                    + "is a sequence of " + RECORD_BYTES + "-byte records, " + RECORDS_PER_FILE + " in an official file)");
        }
        if (len % RECORD_BYTES != 0) {
            long lastStart = len - len % RECORD_BYTES;
            throw new CorruptDataException(file + ": length " + len + " is not a multiple of the " + RECORD_BYTES
                    + "-byte CIFAR-10 record (1 label byte + 3072 pixel bytes); the file is truncated or padded: "
                    + "the record at byte offset " + lastStart + " has only " + (len - lastStart) + " bytes");
        }
        return len / RECORD_BYTES;
    }

    /**
     * Decodes {@code count} records from {@code in} into images {@code [row0, row0 + count)} of
     * {@code images} (N, 3, 32, 32) and {@code labels}; {@code firstRecord} is the index in the file of the
     * stream's first record (for the offsets in messages). Package-private so tests can feed a stream that
     * ends early.
     */
    static void decode(InputStream raw, String fileName, int firstRecord, int count, Tensor images, int[] labels,
            int row0) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        byte[] record = new byte[RECORD_BYTES];
        float[] f = images.dtype() == DType.FLOAT32 ? images.data32() : null;
        double[] d = images.dtype() == DType.FLOAT64 ? images.data64() : null;
        for (int r = 0; r < count; r++) {
            long offset = (long) (firstRecord + r) * RECORD_BYTES;
            try {
                in.readFully(record);
            } catch (EOFException e) {
                throw new CorruptDataException(fileName + ": truncated: record " + (firstRecord + r) + " at byte offset " + offset
                        + " is incomplete (expected " + (firstRecord + count) + " records of " + RECORD_BYTES + " bytes)", e);
            }
            int label = record[0] & 0xFF;
            if (label >= CLASS_NAMES.size()) {
                throw new CorruptDataException(fileName + ": label " + label + " at byte offset " + offset
                        + " (record " + (firstRecord + r) + ") is not in 0..9; is this really a CIFAR-10 binary file?");
            }
            labels[row0 + r] = label;
            int base = (row0 + r) * IMAGE_BYTES;
            if (f != null) {
                for (int j = 0; j < IMAGE_BYTES; j++) f[base + j] = record[1 + j] & 0xFF;
            } else {
                for (int j = 0; j < IMAGE_BYTES; j++) d[base + j] = record[1 + j] & 0xFF;
            }
        }
    }

    private static void warnIfLarge(long images, DType dtype) {
        long bytes = images * IMAGE_BYTES * (dtype == DType.FLOAT64 ? 8L : 4L);
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max / 2) {
            LOG.warn("CIFAR-10: {} images as {} need about {} MB, the JVM may use at most {} MB; raise -Xmx or "
                    + "load fewer images", images, dtype, bytes >> 20, max >> 20);
        }
    }
}
