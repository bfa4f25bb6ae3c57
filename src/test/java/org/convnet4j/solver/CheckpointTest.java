package org.convnet4j.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.convnet4j.io.TensorFile;
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

    // ---- issue 9, kind 4: a checkpoint is checked whole before training resumes ----

    /** A trained 2-epoch Adam run's checkpoint, and a fresh solver to resume it into (4 epochs). */
    private record Saved(Path file, TensorFile content, Solver target) {}

    private Saved saved(UpdateRule rule) throws IOException {
        Rng r = new Rng(11);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 8, 1, 6, 6);
        int[] y = r.randint(3, 8);
        Solver.Options opt = Solver.Options.defaults().withUpdateRule(rule).withBatchSize(4).withNumEpochs(2);
        Solver first = new Solver(net(r), x, y, x, y, opt);
        Path ck = dir.resolve("checkpoint.cnv");
        first.addListener(Checkpoint.everyEpoch(ck));
        first.train();
        Solver target = new Solver(Checkpoint.model(ck, Ops.naive()), x, y, x, y, opt.withNumEpochs(4));
        return new Saved(ck, TensorFile.read(ck), target);
    }

    /** Writes {@code s}'s checkpoint with one change and returns the message of resume's refusal. */
    private static String refusal(Saved s, java.util.function.BiConsumer<Map<String, String>, Map<String, Tensor>> change)
            throws IOException {
        Map<String, String> meta = new java.util.LinkedHashMap<>(s.content().meta());
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : s.content().tensors().entrySet()) tensors.put(e.getKey(), e.getValue().copy());
        change.accept(meta, tensors);
        Path bad = s.file().resolveSibling("bad.cnv");
        new TensorFile(meta, tensors).write(bad);
        Map<String, Tensor> before = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : s.target().model().params().entrySet()) before.put(e.getKey(), e.getValue().copy());
        IOException e = assertThrows(IOException.class, () -> Checkpoint.resume(bad, s.target()));
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        // nothing changed
        assertEquals(0, s.target().epoch());
        assertTrue(s.target().lossHistory().isEmpty());
        for (Map.Entry<String, Tensor> p : s.target().model().params().entrySet()) {
            assertTrue(p.getValue().contentEquals(before.get(p.getKey())), p.getKey());
        }
        return e.getMessage().substring(bad.toString().length() + 2);
    }

    private static Tensor with(Tensor t, int index, double value) {
        Tensor c = t.copy();
        c.setFlat(index, value);
        return c;
    }

    @Test
    void learningRatesOutOfRangeAreRefused() throws IOException {
        Saved s = saved(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8));
        assertEquals("bad checkpoint: optim/W1/lr (the learning rate of W1) is -1.0, must be a finite number > 0",
                refusal(s, (m, t) -> m.put("optim/W1/lr", "-1")));
        assertEquals("bad checkpoint: optim/b3/lr (the learning rate of b3) is Infinity, must be a finite number > 0",
                refusal(s, (m, t) -> m.put("optim/b3/lr", "Infinity")));
        assertEquals("bad checkpoint: optim/W2/lr is 'fast', not a number", refusal(s, (m, t) -> m.put("optim/W2/lr", "fast")));
        assertEquals("bad checkpoint: optim/W2/t (the step count of W2) is -3, must be >= 0",
                refusal(s, (m, t) -> m.put("optim/W2/t", "-3")));
    }

    /** Checkpoints written before float32 weights kept float32 moments hold float64 ones: they resume, converted. */
    @Test
    void float64MomentsOfFloat32WeightsResume() throws IOException {
        Saved adam = saved(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8));
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : adam.content().tensors().entrySet()) {
            tensors.put(e.getKey(), e.getKey().startsWith("optim/") ? e.getValue().as(DType.FLOAT64) : e.getValue());
        }
        Path old = adam.file().resolveSibling("float64-moments.cnv");
        new TensorFile(adam.content().meta(), tensors).write(old);
        assertEquals(2, Checkpoint.resume(old, adam.target()));
        for (Map.Entry<String, UpdateRule.State> e : adam.target().states().entrySet()) {
            assertEquals(DType.FLOAT32, e.getValue().dtype(), e.getKey());
            assertTrue(e.getValue().m.contentEquals(adam.content().tensors().get("optim/" + e.getKey() + "/m")), e.getKey());
            assertTrue(e.getValue().v.contentEquals(adam.content().tensors().get("optim/" + e.getKey() + "/v")), e.getKey());
        }
    }

    @Test
    void missingOrForeignUpdateRuleStateIsRefused() throws IOException {
        Saved adam = saved(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8));
        // this one used to be silently zeroed
        assertEquals("bad checkpoint: optim/W1/m is missing (adam keeps it for every parameter)",
                refusal(adam, (m, t) -> t.remove("optim/W1/m")));
        assertEquals("bad checkpoint: optim/b2/v is missing (adam keeps it for every parameter)",
                refusal(adam, (m, t) -> t.remove("optim/b2/v")));
        assertTrue(refusal(adam, (m, t) -> t.put("optim/W1/m", Tensor.zeros(DType.FLOAT64, 3)))
                .startsWith("bad checkpoint: optim/W1/m must be "), "wrong size");
        assertTrue(refusal(adam, (m, t) -> t.put("optim/W1/m", t.get("optim/W1/m").reshape(1, t.get("optim/W1/m").size())))
                .startsWith("bad checkpoint: optim/W1/m must be "), "wrong rank");
        // float64 moments of float32 weights (checkpoints from before float32 moments) are converted, unless too big
        assertEquals("bad checkpoint: optim/W3/m has 1 value(s) that are not finite (the first, Infinity, at flat index 2)",
                refusal(adam, (m, t) -> t.put("optim/W3/m", with(t.get("optim/W3/m").as(DType.FLOAT64), 2, 1e300))));
        assertEquals("bad checkpoint: optim/W3/v has 1 value(s) that are not finite and >= 0 (the first, -0.5, at flat index 4)",
                refusal(adam, (m, t) -> t.put("optim/W3/v", with(t.get("optim/W3/v"), 4, -0.5))));
        assertEquals("bad checkpoint: optim/W3/m has 1 value(s) that are not finite (the first, NaN, at flat index 0)",
                refusal(adam, (m, t) -> t.put("optim/W3/m", with(t.get("optim/W3/m"), 0, Double.NaN))));
        Saved momentum = saved(new UpdateRules.SgdMomentum(1e-2, 0.9));
        assertEquals("bad checkpoint: optim/W1/v is present, but sgd_momentum keeps no such state",
                refusal(momentum, (m, t) -> t.put("optim/W1/v", t.get("optim/W1/m"))));
        assertEquals("bad checkpoint: optim/b1/m is missing (sgd_momentum keeps it for every parameter)",
                refusal(momentum, (m, t) -> t.remove("optim/b1/m")));
    }

    @Test
    void nonFiniteOrMissingWeightsAreRefused() throws IOException {
        Saved s = saved(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8));
        assertEquals("bad checkpoint: W2 has 2 value(s) that are not finite (the first, NaN, at flat index 3)",
                refusal(s, (m, t) -> t.put("W2", with(with(t.get("W2"), 3, Double.NaN), 9, Double.POSITIVE_INFINITY))));
        assertEquals("bad checkpoint: b1 is missing", refusal(s, (m, t) -> t.remove("b1")));
        assertTrue(refusal(s, (m, t) -> t.put("b1", Tensor.zeros(DType.FLOAT32, 7))).startsWith("bad checkpoint: b1 has shape [7], must be [2]"));
        assertEquals("bad checkpoint: best/W1 has 1 value(s) that are not finite (the first, -Infinity, at flat index 0)",
                refusal(s, (m, t) -> t.put("best/W1", with(t.get("best/W1"), 0, Double.NEGATIVE_INFINITY))));
        assertTrue(refusal(s, (m, t) -> t.remove("best/b3"))
                .startsWith("bad checkpoint: best/b3 is missing (the best parameters are stored all or none; present: [best/W1"));
        // and the model built from a checkpoint refuses them too
        Map<String, String> meta = s.content().meta();
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(s.content().tensors());
        tensors.put("W3", with(tensors.get("W3"), 1, Double.NaN));
        Path bad = dir.resolve("nan.cnv");
        new TensorFile(meta, tensors).write(bad);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.model(bad, Ops.naive()));
        assertEquals(bad + ": bad checkpoint: W3 has 1 value(s) that are not finite (the first, NaN, at flat index 1)", e.getMessage());
    }

    @Test
    void epochsAndHistoriesOutOfRangeAreRefused() throws IOException {
        Saved s = saved(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8));
        assertEquals("bad checkpoint: epoch is 5, must be in [1, 4] (the solver's num_epochs)", refusal(s, (m, t) -> m.put("epoch", "5")));
        assertEquals("bad checkpoint: epoch is 0, must be in [1, 4] (the solver's num_epochs)", refusal(s, (m, t) -> m.put("epoch", "0")));
        assertEquals("bad checkpoint: history/loss has 4 values, but 1 epoch(s) of 2 iterations make 2: the checkpoint was "
                + "trained on other data or with another batch size", refusal(s, (m, t) -> m.put("epoch", "1")));
        assertEquals("bad checkpoint: history/loss[1] is NaN, must be finite",
                refusal(s, (m, t) -> t.put("history/loss", with(t.get("history/loss"), 1, Double.NaN))));
        assertEquals("bad checkpoint: history/val_acc[0] is 1.5, must be in [0, 1]",
                refusal(s, (m, t) -> t.put("history/val_acc", with(t.get("history/val_acc"), 0, 1.5))));
        assertEquals("bad checkpoint: best_val_acc is 2.0, must be in [0, 1]", refusal(s, (m, t) -> m.put("best_val_acc", "2")));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.resume(s.file(),
                new Solver(s.target().model(), Tensor.randn(rng, DType.FLOAT32, 8, 1, 6, 6), new int[8],
                        Tensor.randn(rng, DType.FLOAT32, 2, 1, 6, 6), new int[2],
                        s.target().options().withUpdateRule(new UpdateRules.Sgd(1e-2)))));
        assertEquals(s.file() + ": checkpoint was trained with adam, not sgd", e.getMessage());
    }

    /** The options go into the checkpoint and come back (the command line resumes with them). */
    @Test
    void theSolverOptionsAndExtraMetadataAreStored() throws IOException {
        Rng r = new Rng(3);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 8, 1, 6, 6);
        int[] y = r.randint(3, 8);
        for (UpdateRule rule : new UpdateRule[] {new UpdateRules.Sgd(0.03), new UpdateRules.SgdMomentum(0.02, 0.8),
            new UpdateRules.RmsProp(0.01, 0.95, 1e-7), new UpdateRules.Adam(0.005, 0.8, 0.99, 1e-6)}) {
            Solver.Options opt = new Solver.Options(rule, 0.9, 4, 3, 5, 6, 77);
            Solver solver = new Solver(net(r), x, y, x, y, opt);
            solver.train();
            Path ck = dir.resolve(rule.name() + ".cnv");
            Checkpoint.save(ck, solver, Map.of("cli/data", "synthetic"));
            Checkpoint.Info info = Checkpoint.info(ck);
            assertEquals(opt, info.options(), rule.name());
            assertEquals(3, info.epoch());
            assertEquals("synthetic", info.meta().get("cli/data"));
        }
        Solver solver = new Solver(net(r), x, y, x, y, Solver.Options.defaults().withBatchSize(4).withNumEpochs(1));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(dir.resolve("x.cnv"), solver, Map.of("epoch", "9")));
    }

    /** Nets (the net builder's) are checked the same way, with their batch-norm running statistics. */
    @Test
    void aNetsRunningStatisticsAreCheckedToo() throws IOException {
        Rng r = new Rng(5);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 8, 1, 6, 6);
        int[] y = r.randint(3, 8);
        java.util.function.Supplier<org.convnet4j.model.Net> build = () -> org.convnet4j.model.Sequential
                .parse("conv(2,3)-sbn-relu-pool(2)-affine(5)-bn-relu-affine(3)")
                .build(org.convnet4j.model.Net.Config.defaults(1, 6, 6), Ops.naive(), new Rng(5));
        Solver.Options opt = Solver.Options.defaults().withUpdateRule(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8))
                .withBatchSize(4).withNumEpochs(2);
        Solver first = new Solver(build.get(), x, y, x, y, opt);
        Path ck = dir.resolve("net.cnv");
        first.addListener(Checkpoint.everyEpoch(ck));
        first.train();
        Saved s = new Saved(ck, TensorFile.read(ck), new Solver(Checkpoint.net(ck, Ops.naive()), x, y, x, y, opt.withNumEpochs(3)));
        assertTrue(s.content().tensors().containsKey("running_var1"), s.content().tensors().keySet().toString());
        assertEquals("bad checkpoint: running_var1 has 1 value(s) that are not finite and >= 0 (the first, -0.5, at flat index 1)",
                refusal(s, (m, t) -> t.put("running_var1", with(t.get("running_var1"), 1, -0.5))));
        assertEquals("bad checkpoint: running_mean2 has 1 value(s) that are not finite (the first, NaN, at flat index 0)",
                refusal(s, (m, t) -> t.put("running_mean2", with(t.get("running_mean2"), 0, Double.NaN))));
        assertEquals("bad checkpoint: best/running_var2 has 1 value(s) that are not finite and >= 0 (the first, Infinity, at "
                + "flat index 2)", refusal(s, (m, t) -> t.put("best/running_var2", with(t.get("best/running_var2"), 2,
                        Double.POSITIVE_INFINITY))));
        assertEquals("bad checkpoint: optim/gamma1/m is missing (adam keeps it for every parameter)",
                refusal(s, (m, t) -> t.remove("optim/gamma1/m")));
        assertEquals(2, Checkpoint.resume(ck, s.target()), "the checkpoint itself resumes");
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(s.content().tensors());
        tensors.put("W1", with(tensors.get("W1"), 0, Double.NaN));
        Path bad = dir.resolve("nan-net.cnv");
        new TensorFile(s.content().meta(), tensors).write(bad);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.net(bad, Ops.naive()));
        assertEquals(bad + ": bad checkpoint: W1 has 1 value(s) that are not finite (the first, NaN, at flat index 0)", e.getMessage());
    }
}
