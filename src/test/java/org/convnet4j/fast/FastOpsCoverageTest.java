package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.convnet4j.testing.FastOpHarness;
import org.convnet4j.testing.NativeAssume;
import org.junit.jupiter.api.Test;

/** Every entry of FastOps.ALL has a naive-vs-native harness, and running the harnesses exercises it. */
class FastOpsCoverageTest {
    private static final List<FastOpHarness> HARNESSES = List.of(new ConvNaiveVsNativeTest(), new PoolNaiveVsNativeTest(),
            new AffineNaiveVsNativeTest(), new ReluNaiveVsNativeTest());

    @Test
    void everyFastOpHasAHarnessThatExercisesIt() {
        NativeAssume.nativeAvailable();
        for (FastOps.Entry e : FastOps.ALL) {
            FastOpHarness h = HARNESSES.stream().filter(x -> x.entry().equals(e)).findFirst().orElse(null);
            assertNotNull(h, "no naive-vs-native harness for " + e);
            h.sample();
        }
        FastOpHarness.assertAllExercised(1);
        assertEquals(FastOps.ALL.size(), HARNESSES.size(), "a harness covers an op that is not in FastOps.ALL");
    }
}
