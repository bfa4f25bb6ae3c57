package org.convnet4j.data;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * The train / validation / test sets of one source, as the seed's {@code get_CIFAR10_data} returns
 * them ({@code X_train, y_train, X_val, y_val, X_test, y_test}), plus what preprocessing was done.
 *
 * @param train the training set (N_train, C, H, W)
 * @param val the validation set (N_val, C, H, W)
 * @param test the test set (N_test, C, H, W)
 * @param mean the mean image (C, H, W) of the training part, already subtracted from all three sets;
 *     {@code null} when no mean was subtracted. A model that is used later on new images must subtract
 *     the same mean, so it is kept (and saved) with the model.
 * @param source a human description of where the data came from, e.g. {@code "CIFAR-10 binary at /data/x"}
 */
public record DataSplits(Dataset train, Dataset val, Dataset test, Tensor mean, String source) {
    public DataSplits {
        Checks.notNull("DataSplits", "train", train);
        Checks.notNull("DataSplits", "val", val);
        Checks.notNull("DataSplits", "test", test);
        Checks.notNull("DataSplits", "source", source);
        int[] img = train.images().shape();
        int[] chw = Arrays.copyOfRange(img, 1, 4);
        for (Dataset d : new Dataset[] {val, test}) {
            int[] s = d.images().shape();
            if (!Arrays.equals(chw, Arrays.copyOfRange(s, 1, 4)) || d.images().dtype() != train.images().dtype()
                    || !d.classNames().equals(train.classNames())) {
                throw new IllegalArgumentException("DataSplits: val/test must have train's (C, H, W) "
                        + Arrays.toString(chw) + ", dtype and classes, got " + Arrays.toString(s) + " "
                        + d.images().dtype());
            }
        }
        if (mean != null) Checks.shape("DataSplits", "mean", mean, chw, "(C, H, W) of the images");
    }

    /**
     * The argument checks every loader's {@code load(dir, numTrain, numVal, numTest, subtractMean, dtype)}
     * starts with; {@code op} names the loader in the messages.
     *
     * @throws IllegalArgumentException if a count is negative or dtype is null
     */
    static void checkCounts(String op, int numTrain, int numVal, int numTest, DType dtype) {
        Checks.nonNegative(op, "numTrain", numTrain);
        Checks.nonNegative(op, "numVal", numVal);
        Checks.nonNegative(op, "numTest", numTest);
        Checks.notNull(op, "dtype", dtype);
    }

    /**
     * Builds splits from raw (not yet centred) sets: when {@code subtractMean}, the mean image of
     * {@code train} is computed and subtracted <em>in place</em> from all three (the sets must be owned
     * by the caller), as {@code get_CIFAR10_data} does.
     */
    public static DataSplits of(Dataset train, Dataset val, Dataset test, boolean subtractMean, String source) {
        Checks.notNull("DataSplits", "train", train);
        Checks.notNull("DataSplits", "val", val);
        Checks.notNull("DataSplits", "test", test);
        Tensor mean = null;
        if (subtractMean) {
            if (train.size() == 0) {
                throw new IllegalArgumentException("DataSplits: cannot subtract the mean of an empty training set");
            }
            mean = MeanImage.compute(train.images());
            MeanImage.subtractInPlace(train.images(), mean);
            MeanImage.subtractInPlace(val.images(), mean);
            MeanImage.subtractInPlace(test.images(), mean);
        }
        return new DataSplits(train, val, test, mean, source);
    }

    /** Whether the training mean image was subtracted. */
    public boolean meanSubtracted() {
        return mean != null;
    }

    /** One line like {@code train 49000, val 1000, test 1000 of (3, 32, 32), 10 classes; <source>}. */
    public String summary() {
        Dataset t = train;
        return "train " + t.size() + ", val " + val.size() + ", test " + test.size() + " of (" + t.channels() + ", "
                + t.height() + ", " + t.width() + "), " + t.numClasses() + " classes"
                + (mean != null ? ", mean image subtracted" : "") + "; " + source;
    }
}
