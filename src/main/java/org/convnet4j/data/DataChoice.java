package org.convnet4j.data;

import java.io.IOException;
import java.nio.file.Path;
import org.convnet4j.tensor.Checks;

/**
 * What {@link DataLocator#resolve} chose: the source, the folder its files are in ({@code null} for the
 * synthetic set), and a one-line reason to show the user (which places were searched and why this one).
 */
public record DataChoice(DataSource source, Path dir, String reason) {
    public DataChoice {
        Checks.notNull("DataChoice", "source", source);
        Checks.notNull("DataChoice", "reason", reason);
        if (source == DataSource.AUTO) throw new IllegalArgumentException("DataChoice: source must be resolved, got auto");
        if (source != DataSource.SYNTHETIC && dir == null) {
            throw new IllegalArgumentException("DataChoice: dir is required for " + source);
        }
    }

    /**
     * Loads the chosen data with the given options (a {@code -1} size means the source's default:
     * CIFAR-10 49,000/1,000/1,000, Fashion-MNIST 55,000/5,000/10,000, synthetic 2,000/500/500 of 3×32×32).
     */
    public DataSplits load(LoadOptions o) throws IOException {
        Checks.notNull("DataChoice", "options", o);
        switch (source) {
            case CIFAR10:
                return Cifar10Binary.load(dir, o.trainOr(Cifar10Binary.DEFAULT_NUM_TRAIN),
                        o.valOr(Cifar10Binary.DEFAULT_NUM_VAL), o.testOr(Cifar10Binary.DEFAULT_NUM_TEST),
                        o.subtractMean(), o.dtype());
            case FASHION_MNIST:
                return FashionMnist.load(dir, o.trainOr(FashionMnist.DEFAULT_NUM_TRAIN),
                        o.valOr(FashionMnist.DEFAULT_NUM_VAL), o.testOr(FashionMnist.DEFAULT_NUM_TEST),
                        o.subtractMean(), o.dtype());
            case SYNTHETIC:
                return Synthetic.load(o.trainOr(Synthetic.DEFAULT_NUM_TRAIN), o.valOr(Synthetic.DEFAULT_NUM_VAL),
                        o.testOr(Synthetic.DEFAULT_NUM_TEST), Synthetic.DEFAULT_CHANNELS, Synthetic.DEFAULT_SIZE,
                        o.seed(), o.subtractMean(), o.dtype());
            default:
                throw new IllegalStateException("unresolved source " + source);
        }
    }
}
