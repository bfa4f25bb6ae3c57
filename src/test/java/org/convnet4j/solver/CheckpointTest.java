package org.convnet4j.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files and checkpoints: round trips and resuming. */
class CheckpointTest extends TestBase {
    @TempDir
    Path dir;

    private static ThreeLayerConvNet net(Rng r) {
        return new ThreeLayerConvNet(ThreeLayerConvNet.Config.defaults().withInputDim(1, 6, 6).withFilters(2, 3)
                .withHiddenDim(5).withNumClasses(3).withWeightScale(0.1).withReg(0.01), Ops.naive(), r);
    }

    @Test
    void modelFileRoundTripGivesTheSameScores() throws IOException {
        ThreeLayerConvNet model = net(rng);
        Tensor mean = Tensor.randn(rng, DType.FLOAT32, 1, 6, 6);
        Path p = dir.resolve("model.cnv");
        ModelFile.save(p, model, mean, Map.of("data", "synthetic"));
        ModelFile.Loaded loaded = ModelFile.load(p, Ops.naive());
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 3, 1, 6, 6);
        assertTrue(loaded.model().scores(x).contentEquals(model.scores(x)));
        assertTrue(loaded.mean().contentEquals(mean));
        assertEquals("synthetic", loaded.meta().get("data"));
        assertEquals(0.01, loaded.model().reg());
    }

    @Test
    void aCheckpointIsNotAModelFile() throws IOException {
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 4, 1, 6, 6);
        ThreeLayerConvNet model = net(rng);
        Solver s = new Solver(model, x, new int[] {0, 1, 2, 0}, x, new int[] {0, 1, 2, 0},
                Solver.Options.defaults().withBatchSize(2).withNumEpochs(1));
        s.train();
        Path p = dir.resolve("ck.cnv");
        Checkpoint.save(p, s);
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(p, Ops.naive()));
        assertTrue(e.getMessage().contains("not a convnet4j model file"), e.getMessage());
    }

    /** A checkpoint that cannot be written says which file and why (the cause's message, not only the path). */
    @Test
    void anUnwritableCheckpointNamesTheCause() throws IOException {
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 4, 1, 6, 6);
        Solver s = new Solver(net(rng), x, new int[] {0, 1, 2, 0}, x, new int[] {0, 1, 2, 0},
                Solver.Options.defaults().withBatchSize(2).withNumEpochs(1));
        Path notADir = dir.resolve("file");
        java.nio.file.Files.writeString(notADir, "x");
        s.addListener(Checkpoint.everyEpoch(notADir.resolve("checkpoint.cnv")));
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, s::train);
        String m = e.getMessage();
        assertTrue(m.startsWith("could not write checkpoint ") && m.contains("checkpoint.cnv: ")
                && m.length() > m.indexOf("checkpoint.cnv: ") + "checkpoint.cnv: ".length(), m);
    }

    /** Two epochs, checkpoint, then a resumed solver runs epochs 3-4 from the saved state. */
    @Test
    void resumeContinuesFromTheSavedEpochWithOptimizerState() throws IOException {
        AdamRun run = adamRun(5);
        Tensor x = run.x();
        int[] y = run.y();
        Solver.Options opt = run.opt();
        Solver first = run.solver();
        Path ck = run.checkpoint();
        first.train();

        ThreeLayerConvNet restored = Checkpoint.model(ck, Ops.naive());
        Solver second = new Solver(restored, x, y, x, y, opt.withNumEpochs(4));
        assertEquals(2, Checkpoint.resume(ck, second));
        assertEquals(first.lossHistory(), second.lossHistory());
        UpdateRule.State a = first.states().get("W2"), b = second.states().get("W2");
        assertEquals(a.t, b.t);
        assertEquals(a.learningRate, b.learningRate, "decayed learning rate kept");
        for (String name : first.states().keySet()) {
            UpdateRule.State sa = first.states().get(name), sb = second.states().get(name);
            assertTrue(sa.m.contentEquals(sb.m), "Adam m of " + name);
            assertTrue(sa.v.contentEquals(sb.v), "Adam v of " + name);
        }
        second.train();
        assertEquals(4 * 2, second.lossHistory().size(), "2 saved epochs + 2 new, 2 iterations each");
        assertEquals(5, second.trainAccHistory().size(), "epoch 0, 1, 2 saved; 3, 4 new");
        assertEquals(4, second.epoch());
    }

    /** Two Adam epochs (lr decay 0.5) on 8 random images, checkpointing every epoch; not yet trained. */
    private record AdamRun(Tensor x, int[] y, ThreeLayerConvNet model, Solver.Options opt, Solver solver,
                           Path checkpoint) {}

    private AdamRun adamRun(int seed) {
        Rng r = new Rng(seed);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 8, 1, 6, 6);
        int[] y = r.randint(3, 8);
        ThreeLayerConvNet model = net(r);
        Solver.Options opt = Solver.Options.defaults().withUpdateRule(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8))
                .withBatchSize(4).withNumEpochs(2).withLrDecay(0.5);
        Solver solver = new Solver(model, x, y, x, y, opt);
        Path ck = dir.resolve("checkpoint.cnv");
        solver.addListener(Checkpoint.everyEpoch(ck));
        return new AdamRun(x, y, model, opt, solver, ck);
    }

    /** Everything a checkpoint holds, copied in memory at the end of an epoch. */
    private static final class Snapshot implements TrainingListener {
        final int atEpoch;
        Map<String, Tensor> params, best;
        final Map<String, UpdateRule.State> states = new java.util.LinkedHashMap<>();
        java.util.List<Double> loss, trainAcc, valAcc;
        double bestVal;

        Snapshot(int atEpoch) {
            this.atEpoch = atEpoch;
        }

        @Override
        public void onEpochEnd(int epoch, Solver s) {
            if (epoch != atEpoch) return;
            params = copy(s.model().params());
            best = s.bestParams() == null ? null : copy(s.bestParams());
            for (Map.Entry<String, UpdateRule.State> e : s.states().entrySet()) {
                UpdateRule.State from = e.getValue();
                UpdateRule.State to = new UpdateRule.State(from.learningRate, from.dtype(), from.m.size(),
                        from.v.size() > 0 ? 2 : 1);
                to.t = from.t;
                for (int i = 0; i < from.m.size(); i++) to.m.setFlat(i, from.m.getFlat(i));
                for (int i = 0; i < from.v.size(); i++) to.v.setFlat(i, from.v.getFlat(i));
                states.put(e.getKey(), to);
            }
            loss = new java.util.ArrayList<>(s.lossHistory());
            trainAcc = new java.util.ArrayList<>(s.trainAccHistory());
            valAcc = new java.util.ArrayList<>(s.valAccHistory());
            bestVal = s.bestValAcc();
        }

        private static Map<String, Tensor> copy(Map<String, Tensor> m) {
            Map<String, Tensor> c = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : m.entrySet()) c.put(e.getKey(), e.getValue().copy());
            return c;
        }
    }

    /**
     * Resuming from the file continues exactly like resuming from the same state kept in memory: same
     * losses and bit-identical parameters after two more Adam epochs, so every part of the optimizer
     * state (t, lr, m, v) made the round trip.
     */
    @Test
    void resumeFromFileMatchesResumeFromMemory() throws IOException {
        AdamRun run = adamRun(7);
        Tensor x = run.x();
        int[] y = run.y();
        ThreeLayerConvNet model = run.model();
        Solver.Options opt = run.opt();
        Solver first = run.solver();
        Path ck = run.checkpoint();
        Snapshot snap = new Snapshot(2);
        first.addListener(snap);
        first.train();

        Solver fromFile = new Solver(Checkpoint.model(ck, Ops.naive()), x, y, x, y, opt.withNumEpochs(4));
        Checkpoint.resume(ck, fromFile);
        fromFile.train();

        ThreeLayerConvNet memModel = new ThreeLayerConvNet(model.config(), Ops.naive(), snap.params);
        Solver fromMemory = new Solver(memModel, x, y, x, y, opt.withNumEpochs(4));
        fromMemory.restore(2, snap.loss, snap.trainAcc, snap.valAcc, snap.bestVal, snap.best, snap.states);
        fromMemory.train();

        assertEquals(fromMemory.lossHistory(), fromFile.lossHistory());
        for (String name : memModel.params().keySet()) {
            assertTrue(memModel.params().get(name).contentEquals(fromFile.model().params().get(name)), name);
        }
    }
}
