package org.convnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.convnet4j.fast.Backend;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** A configuration's failures become failed results with their reason, never exceptions (that Spark would retry). */
class ConfigTrainerTest extends TestBase {
    static final DataSpec DATA = new DataSpec("synthetic", null, 20, 10, 10, "float64", 231);
    static final TrainSettings SETTINGS = new TrainSettings(DATA, 10, 1, 1.0, "float64", 231, 0, "weight_scale");

    private static Trial trial(int hidden, String arch) {
        return new Trial(0, new SweepConfig(1e-3, 0, 1e-3, hidden, 4, 3, "adam", arch), SETTINGS);
    }

    @Test
    void aConfigurationThatTrainsReturnsItsScoresAndParameters() {
        TrialResult r = ConfigTrainer.train(trial(8, null), Backend.NAIVE, 1, () -> false);
        assertTrue(r.ok(), r.reason());
        assertEquals(6, r.params().size());
        assertTrue(r.paramsSha256().matches("[0-9a-f]{64}"), r.paramsSha256());
        assertEquals("naive", r.backend());
    }

    @Test
    void runningOutOfMemoryIsAFailedResult() {
        // W2 has (4 * 16 * 16) x hidden float64 values: more bytes than the heap, fewer elements than an array may have
        long max = Runtime.getRuntime().maxMemory();
        long hidden = max / 8 / 1024 + 1;
        assumeTrue(hidden * 1024 < Integer.MAX_VALUE - 8, "heap too big for one array to exceed it");
        TrialResult r = ConfigTrainer.train(trial((int) hidden, null), Backend.NAIVE, 1, () -> false);
        assertFalse(r.ok());
        assertTrue(r.reason().startsWith("out of memory ("), r.reason());
    }

    @Test
    void anExceptionIsAFailedResultWithItsMessage() {
        TrialResult r = ConfigTrainer.train(trial(0, "conv(8,3)-relu-affine(5)"), Backend.NAIVE, 1, () -> false);
        assertFalse(r.ok());
        assertEquals("IllegalArgumentException: arch 'conv(8,3)-relu-affine(5)' ends in 5 scores, but the data have 10 classes",
                r.reason());
        r = ConfigTrainer.train(trial(0, "conv(8,3)-relu-pool(64)-affine(10)"), Backend.NAIVE, 1, () -> false);
        assertFalse(r.ok());
        assertTrue(r.reason().startsWith("IllegalArgumentException: net: layer 3, pool(64)"), r.reason());
    }

    @Test
    void anArchitectureTrainsAndItsBatchNormStatisticsComeBackWithItsParameters() {
        TrialResult r = ConfigTrainer.train(trial(0, "conv(4,3)-sbn-relu-pool(2)-affine(10)"), Backend.NAIVE, 1, () -> false);
        assertTrue(r.ok(), r.reason());
        assertEquals(java.util.Set.of("W1", "b1", "gamma1", "beta1", "W2", "b2"), r.params().keySet());
        assertEquals(java.util.Set.of("running_mean1", "running_var1"), r.state().keySet());
    }

    @Test
    void dataThatCannotBeLoadedIsAFailedResult() {
        TrainSettings missing = new TrainSettings(new DataSpec("cifar10", "/nonexistent/convnet4j-data", 20, 10, 10, "float64", 231),
                10, 1, 1.0, "float64", 231, 0, "weight_scale");
        TrialResult r = ConfigTrainer.train(new Trial(0, trial(8, null).config(), missing), Backend.NAIVE, 1, () -> false);
        assertFalse(r.ok());
        assertTrue(r.reason().startsWith("data: DataNotFoundException: CIFAR-10 (binary version) not found"), r.reason());
    }

    @Test
    void aCancelledTaskPropagatesInsteadOfBecomingAResult() {
        assertThrows(IllegalArgumentException.class,
                () -> ConfigTrainer.train(trial(0, "conv(8,3)-relu-affine(5)"), Backend.NAIVE, 1, () -> true));
    }
}
