package org.convnet4j.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints of any net, with its batch-norm running statistics; the solver keeps them with the best parameters. */
class NetCheckpointTest extends TestBase {
    @TempDir
    Path dir;

    private static Net net(Rng r) {
        return Sequential.parse("conv(2,3)-sbn-relu-pool(2)-affine(5)-bn-relu-dropout(0.8)-affine(3)")
                .build(Net.Config.defaults(1, 6, 6).withInit(Net.Init.HE).withReg(0.01), Ops.naive(), r);
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> m) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : m.entrySet()) c.put(e.getKey(), e.getValue().copy());
        return c;
    }

    private static void assertSameTensors(Map<String, Tensor> expected, Map<String, Tensor> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String k : expected.keySet()) assertTrue(expected.get(k).contentEquals(actual.get(k)), what + " " + k);
    }

    /** The model's parameters and state as they were at each accuracy check, and at the last epoch end. */
    private static final class Recorder implements TrainingListener {
        final List<Map<String, Tensor>> stateAtCheck = new ArrayList<>();
        final List<Double> valAcc = new ArrayList<>();
        final Net net;
        Map<String, Tensor> paramsAtEnd, stateAtEnd;

        Recorder(Net net) {
            this.net = net;
        }

        @Override
        public void onAccuracyCheck(int epoch, int numEpochs, double trainAcc, double val) {
            stateAtCheck.add(copy(net.state()));
            valAcc.add(val);
        }

        @Override
        public void onEpochEnd(int epoch, Solver s) {
            paramsAtEnd = copy(net.params());
            stateAtEnd = copy(net.state());
        }
    }

    /**
     * The parameters restored at the end run with the running statistics they were scored with, not the
     * last ones (fails with Solver's state restore removed: the last epoch's statistics stay).
     */
    @Test
    void theBestParametersComeBackWithTheirRunningStatistics() {
        Rng r = new Rng(3);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 12, 1, 6, 6);
        int[] y = r.randint(3, 12);
        Tensor xv = Tensor.randn(r, DType.FLOAT32, 9, 1, 6, 6);
        int[] yv = r.randint(3, 9);
        Net net = net(r);
        Solver s = new Solver(net, x, y, xv, yv, Solver.Options.defaults().withUpdateRule(new UpdateRules.Adam(1e-2, 0.9,
                0.999, 1e-8)).withBatchSize(4).withNumEpochs(6));
        Recorder rec = new Recorder(net);
        s.addListener(rec);
        s.train();
        int best = rec.valAcc.indexOf(rec.valAcc.stream().max(Double::compare).orElseThrow());
        assertNotEquals(rec.valAcc.size() - 1, best, "the best check must not be the last for this test to mean anything: "
                + rec.valAcc);
        assertSameTensors(rec.stateAtCheck.get(best), net.state(), "running statistics of the best check");
        assertSameTensors(rec.stateAtCheck.get(best), s.bestState(), "bestState()");
        assertFalse(rec.stateAtEnd.get("running_mean1").contentEquals(net.state().get("running_mean1")),
                "the last epoch's statistics were replaced");
    }

    /** A net's checkpoint rebuilds the net with its running statistics and resumes with the best ones. */
    @Test
    void aBatchNormNetCheckpointRebuildsAndResumes() throws IOException {
        Rng r = new Rng(5);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 8, 1, 6, 6);
        int[] y = r.randint(3, 8);
        Net net = net(r);
        Solver.Options opt = Solver.Options.defaults().withUpdateRule(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8))
                .withBatchSize(4).withNumEpochs(2);
        Solver first = new Solver(net, x, y, x, y, opt);
        Path ck = dir.resolve("checkpoint.cnv");
        first.addListener(Checkpoint.everyEpoch(ck));
        Recorder rec = new Recorder(net);
        first.addListener(rec);
        first.train();

        Net back = Checkpoint.net(ck, Ops.naive());
        assertEquals(net.architecture(), back.architecture());
        assertSameTensors(rec.paramsAtEnd, back.params(), "parameters at the last epoch end");
        assertSameTensors(rec.stateAtEnd, back.state(), "running statistics at the last epoch end");
        assertEquals(0.01, back.reg());

        Solver second = new Solver(back, x, y, x, y, opt.withNumEpochs(4));
        assertEquals(2, Checkpoint.resume(ck, second));
        assertEquals(first.lossHistory(), second.lossHistory());
        assertSameTensors(first.bestState(), second.bestState(), "best running statistics");
        second.train();
        assertEquals(4, second.epoch());
        assertEquals(4 * 2, second.lossHistory().size(), "2 saved epochs + 2 new, 2 iterations each");

        IOException e = assertThrows(IOException.class, () -> Checkpoint.model(ck, Ops.naive()));
        assertTrue(e.getMessage().contains("not a ThreeLayerConvNet") && e.getMessage().contains("Checkpoint.net"),
                e.getMessage());
    }
}
