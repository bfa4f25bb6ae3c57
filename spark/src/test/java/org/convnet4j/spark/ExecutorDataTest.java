package org.convnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.convnet4j.data.DataSplits;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** The data are loaded once per JVM and data spec, also when several tasks ask at once. */
class ExecutorDataTest extends TestBase {
    private static DataSpec spec(int numTrain) {
        return new DataSpec("synthetic", null, numTrain, 10, 10, "float32", 7);
    }

    @Test
    void concurrentTasksShareOneLoadedCopy() throws Exception {
        DataSpec s = spec(31);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<DataSplits>> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) got.add(pool.submit(() -> ExecutorData.get(s)));
            DataSplits first = got.get(0).get();
            for (Future<DataSplits> f : got) assertSame(first, f.get(), "one load for every task");
            assertSame(first, ExecutorData.get(spec(31)), "an equal spec finds the same copy");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFewSpecsAreKeptTheLeastRecentlyUsedIsDropped() throws Exception {
        DataSplits a = ExecutorData.get(spec(32));
        DataSplits b = ExecutorData.get(spec(33));
        assertSame(a, ExecutorData.get(spec(32)));
        ExecutorData.get(spec(34)); // drops 33, the least recently used
        assertTrue(ExecutorData.size() <= ExecutorData.KEEP);
        assertSame(a, ExecutorData.get(spec(32)));
        assertNotSame(b, ExecutorData.get(spec(33)), "33 was dropped and loads again");
    }
}
