package org.convnet4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import org.convnet4j.data.DataChoice;
import org.convnet4j.data.DataLocator;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.LoadOptions;
import org.convnet4j.tensor.DType;

/**
 * Which data a sweep trains on, small enough to ship with every task: each executor loads the data itself
 * (once, {@link ExecutorData}) instead of receiving it with each task.
 *
 * @param source {@code cifar10}, {@code fashion-mnist}, {@code synthetic} or {@code auto} (a local sweep
 *     resolves {@code auto} on the driver first, so every task sees the same choice)
 * @param dataDir the folder to look in on each machine, or null for the usual places
 *     ({@code $CONVNET4J_DATA}, {@code ~/.convnet4j/data}, the Debian package's folder)
 * @param numTrain training rows, or {@link LoadOptions#DEFAULT} for the data set's
 * @param numVal validation rows, or {@link LoadOptions#DEFAULT}
 * @param numTest test rows, or {@link LoadOptions#DEFAULT}
 * @param dtype float32 or float64
 * @param seed the synthetic set's seed
 */
public record DataSpec(String source, String dataDir, int numTrain, int numVal, int numTest, String dtype, long seed)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Finds and loads the data on this machine. */
    public DataSplits load() throws IOException {
        return choice().load(LoadOptions.defaults().withSizes(numTrain, numVal, numTest).withDtype(DType.parse(dtype))
                .withSeed(seed));
    }

    /** Finds the data on this machine, without loading them. */
    public DataChoice choice() throws IOException {
        return DataLocator.system().resolve(source, dataDir == null ? null : Path.of(dataDir));
    }

    /** The canonical text of this spec, part of every configuration's identity. */
    public String key() {
        return "data=" + source + ";data_dir=" + (dataDir == null ? "" : dataDir) + ";num_train=" + numTrain
                + ";num_val=" + numVal + ";num_test=" + numTest + ";data_dtype=" + dtype + ";data_seed=" + seed;
    }
}
