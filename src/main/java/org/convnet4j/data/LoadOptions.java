package org.convnet4j.data;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;

/**
 * How much of a data set to load and how: split sizes ({@code -1} = the source's default, e.g. 49,000 /
 * 1,000 / 1,000 for CIFAR-10), mean subtraction, dtype, and the seed of the synthetic set.
 */
public record LoadOptions(int numTrain, int numVal, int numTest, boolean subtractMean, DType dtype, long seed) {
    /** Use the source's default for this split size. */
    public static final int DEFAULT = -1;

    public LoadOptions {
        for (int v : new int[] {numTrain, numVal, numTest}) {
            if (v < DEFAULT) throw new IllegalArgumentException("LoadOptions: split sizes must be >= 0 or -1 (default), got " + v);
        }
        Checks.notNull("LoadOptions", "dtype", dtype);
    }

    /** Source defaults, mean subtracted, float32, seed 231. */
    public static LoadOptions defaults() {
        return new LoadOptions(DEFAULT, DEFAULT, DEFAULT, true, DType.FLOAT32, Synthetic.DEFAULT_SEED);
    }

    public LoadOptions withSizes(int train, int val, int test) {
        return new LoadOptions(train, val, test, subtractMean, dtype, seed);
    }

    public LoadOptions withDtype(DType d) {
        return new LoadOptions(numTrain, numVal, numTest, subtractMean, d, seed);
    }

    public LoadOptions withSubtractMean(boolean s) {
        return new LoadOptions(numTrain, numVal, numTest, s, dtype, seed);
    }

    public LoadOptions withSeed(long s) {
        return new LoadOptions(numTrain, numVal, numTest, subtractMean, dtype, s);
    }

    int trainOr(int dflt) {
        return numTrain == DEFAULT ? dflt : numTrain;
    }

    int valOr(int dflt) {
        return numVal == DEFAULT ? dflt : numVal;
    }

    int testOr(int dflt) {
        return numTest == DEFAULT ? dflt : numTest;
    }
}
