package org.convnet4j.solver;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** Issue 9, kind 2 in the solver package: bad arguments are IllegalArgumentExceptions naming them. */
class SolverValidationTest extends TestBase {
    private Solver solver(long seed) {
        ThreeLayerConvNet net = new ThreeLayerConvNet(new ThreeLayerConvNet.Config(new int[] {1, 2, 2}, 1, 1, 2, 2, 1e-2, 0,
                DType.FLOAT64), Ops.naive(), new Rng(1));
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 3, 1, 2, 2);
        return new Solver(net, x, new int[] {0, 1, 0}, x, new int[] {0, 1, 0},
                Solver.Options.defaults().withBatchSize(2).withNumEpochs(2).withSeed(seed));
    }

    /** Before: a NullPointerException from w.size(). */
    @Test
    void initWithoutAParameter() {
        rejects(() -> new UpdateRules.Sgd(1e-2).init(null), "sgd", "w must not be null");
        rejects(() -> new UpdateRules.Adam(1e-3, 0.9, 0.999, 1e-8).init(null), "adam", "w must not be null");
    }

    /** Before: NegativeArraySizeException for a negative size, and a NaN or negative rate was kept. */
    @Test
    void stateArguments() {
        DType f64 = DType.FLOAT64;
        rejects(() -> new UpdateRule.State(1e-2, f64, -1, 1), "update_rule", "size must be in [0, 2147483639]", "-1");
        rejects(() -> new UpdateRule.State(Double.NaN, f64, 3, 1), "update_rule", "learning_rate must be a finite number > 0",
                "NaN");
        rejects(() -> new UpdateRule.State(-1, f64, 3, 1), "learning_rate", "-1.0");
        rejects(() -> new UpdateRule.State(1e-2, f64, 3, 3), "moments must be 0, 1 or 2", "3");
        rejects(() -> new UpdateRule.State(1e-2, null, 3, 1), "update_rule", "dtype must not be null");
    }

    /** Before: y shorter than x was an ArrayIndexOutOfBoundsException, a null x a NullPointerException. */
    @Test
    void checkAccuracyArguments() {
        Solver s = solver(3);
        Tensor x = Tensor.zeros(DType.FLOAT64, 3, 1, 2, 2);
        rejects(() -> s.checkAccuracy(null, new int[3], 0), "check_accuracy", "x must not be null");
        rejects(() -> s.checkAccuracy(x, null, 0), "check_accuracy", "y must not be null");
        rejects(() -> s.checkAccuracy(x, new int[2], 0), "check_accuracy", "y must have 3 labels", "got 2");
        rejects(() -> s.checkAccuracy(x, new int[3], -1), "check_accuracy", "num_samples must be >= 0", "-1");
        rejects(() -> s.checkAccuracy(Tensor.zeros(DType.FLOAT64, 0, 1, 2, 2), new int[0], 0), "at least one row");
    }

    @Test
    void restoreArguments() {
        Solver s = solver(3);
        rejects(() -> s.restore(0, null, List.of(), List.of(), 0, null, s.states()), "solver", "loss history must not be null");
        rejects(() -> s.restore(0, List.of(), List.of(), List.of(), 0, null, null), "solver", "states must not be null");
    }

    /** The seed must be one Rng takes, checked when the options are made (before: only when the solver was). */
    @Test
    void seedOutOfRange() {
        rejects(() -> Solver.Options.defaults().withSeed(-1), "solver", "seed must be in [0, 2^32)", "-1");
        rejects(() -> Solver.Options.defaults().withSeed(1L << 32), "solver", "seed", "4294967296");
    }

    /** Resuming with the largest seed re-seeds with (seed + epoch) mod 2^32 (before: an IllegalArgumentException). */
    @Test
    void resumeWithTheLargestSeedWraps() {
        Solver s = solver(0xFFFFFFFFL);
        s.restore(1, List.of(), List.of(), List.of(), 0, null, s.states());
        assertEquals(1, s.epoch());
    }

    @Test
    void seedLogAndCheckpointNulls() {
        rejects(() -> new NotebookLog(null, 1), "out must not be null");
        rejects(() -> Checkpoint.everyEpoch(null), "checkpoint", "file must not be null");
        rejects(() -> Checkpoint.resume(java.nio.file.Path.of("x"), null), "checkpoint", "solver must not be null");
    }
}
