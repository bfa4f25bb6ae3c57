package org.convnet4j.spark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.convnet4j.data.DataSplits;

/**
 * The data sets loaded in this JVM, keyed by {@link DataSpec}: every task on an executor trains on the
 * same loaded copy instead of reading (or receiving) the data once per task. The first task that needs a
 * spec loads it while the others wait; the data are only read afterwards (the Solver copies the rows it
 * samples), so concurrent tasks can share them. At most {@value #KEEP} specs are kept, the least recently
 * used is dropped, so a long-lived executor that serves several sweeps does not keep every data set.
 */
public final class ExecutorData {
    static final int KEEP = 2;

    private static final Map<DataSpec, DataSplits> LOADED = new LinkedHashMap<>(4, 0.75f, true);

    private ExecutorData() {}

    /**
     * The data of {@code spec}, loaded on first use.
     *
     * @throws IOException if the data cannot be found or read on this machine
     */
    public static synchronized DataSplits get(DataSpec spec) throws IOException {
        DataSplits d = LOADED.get(spec);
        if (d == null) {
            // drop before loading, so that two big data sets are not held while a third loads
            while (LOADED.size() >= KEEP) LOADED.remove(LOADED.keySet().iterator().next());
            d = spec.load();
            LOADED.put(spec, d);
        }
        return d;
    }

    /** How many specs are held (for tests). */
    static synchronized int size() {
        return LOADED.size();
    }
}
