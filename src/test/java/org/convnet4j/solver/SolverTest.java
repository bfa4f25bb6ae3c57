package org.convnet4j.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.convnet4j.model.Model;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

class SolverTest extends TestBase {

    private static ThreeLayerConvNet smallNet(Rng r, double scale) {
        return new ThreeLayerConvNet(ThreeLayerConvNet.Config.defaults().withInputDim(3, 8, 8).withFilters(4, 3)
                .withHiddenDim(32).withWeightScale(scale), Ops.naive(), r);
    }

    /**
     * With reg > 0 the solver leaves each weight's L2 term to the update rule (Model.lossForUpdate); the run is bit
     * for bit the one of adding the term to the gradients first (loss(), then the plain update), both dtypes.
     */
    @Test
    void foldingTheL2TermIntoTheUpdateChangesNoBit() {
        for (DType dt : DType.values()) {
            Rng r = new Rng(7);
            Tensor x = Tensor.randn(r, dt, 12, 3, 8, 8);
            int[] y = r.randint(10, 12);
            ThreeLayerConvNet.Config config = ThreeLayerConvNet.Config.defaults().withInputDim(3, 8, 8).withFilters(4, 3)
                    .withHiddenDim(16).withWeightScale(1e-1).withReg(0.05).withDtype(dt);
            ThreeLayerConvNet folded = new ThreeLayerConvNet(config, Ops.naive(), new Rng(1));
            ThreeLayerConvNet added = new ThreeLayerConvNet(config, Ops.naive(), new Rng(1));
            UpdateRule adam = new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8);
            Solver.Options opt = Solver.Options.defaults().withUpdateRule(adam).withBatchSize(4).withNumEpochs(2)
                    .withSeed(3);
            Solver solver = new Solver(folded, x, y, x, y, opt);
            solver.train();
            // the same minibatches (12 rows: the accuracy checks take all, drawing nothing from the solver's Rng),
            // with the term added to the gradients by the model; equal losses at every iteration mean equal weights
            java.util.Map<String, UpdateRule.State> states = new java.util.LinkedHashMap<>();
            added.params().forEach((k, v) -> states.put(k, adam.init(v)));
            Rng sampler = new Rng(3);
            for (int t = 0; t < solver.numIterations(); t++) {
                int[] mask = sampler.choice(12, 4);
                int[] yb = new int[4];
                for (int i = 0; i < 4; i++) yb[i] = y[mask[i]];
                Model.LossAndGrads lg = added.loss(x.takeRows(mask), yb);
                assertEquals(solver.lossHistory().get(t), lg.loss(), dt + " loss at iteration " + t);
                added.params().forEach((k, v) -> adam.update(v, lg.grads().get(k), states.get(k)));
            }
        }
    }

    /** The seed's "overfit small data" experiment in miniature: 20 random samples reach train accuracy 1.0. */
    @Test
    void overfitsASmallSetWithAdamAndKeepsTheSeedsHistories() {
        Rng r = new Rng(231);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 20, 3, 8, 8);
        int[] y = r.randint(10, 20);
        ThreeLayerConvNet model = smallNet(r, 1e-1);
        Solver.Options opt = Solver.Options.defaults().withUpdateRule(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8))
                .withBatchSize(10).withNumEpochs(25);
        Solver solver = new Solver(model, x, y, x.sliceRows(0, 10), java.util.Arrays.copyOf(y, 10), opt);
        List<String> events = new ArrayList<>();
        solver.addListener(new TrainingListener() {
            @Override
            public void onTrainingStart(int numIterations, int perEpoch, int startEpoch, int numEpochs) {
                events.add("start " + numIterations + " " + perEpoch);
            }

            @Override
            public void onAccuracyCheck(int epoch, int numEpochs, double trainAcc, double valAcc) {
                events.add("check " + epoch);
            }

            @Override
            public void onTrainingEnd(Solver s) {
                events.add("end");
            }
        });
        solver.train();
        assertEquals(50, solver.lossHistory().size(), "25 epochs x 2 iterations");
        assertEquals(26, solver.trainAccHistory().size(), "epoch 0 plus one per epoch, as the seed logs");
        assertEquals(26, solver.valAccHistory().size());
        assertEquals("start 50 2", events.get(0));
        assertEquals("check 0", events.get(1));
        assertEquals("check 25", events.get(events.size() - 2));
        assertEquals("end", events.get(events.size() - 1));
        assertEquals(1.0, solver.trainAccHistory().get(25), "train accuracy after 25 epochs");
        assertTrue(solver.lossHistory().get(49) < solver.lossHistory().get(0) / 4, "loss fell: " + solver.lossHistory());
    }

    @Test
    void seedLogHasTheSeedsLineFormat() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        NotebookLog log = new NotebookLog(ps, 20);
        log.onIteration(1, 980, 0, 2.304740);
        log.onIteration(2, 980, 0, 2.2);
        log.onIteration(21, 980, 0, 2.132736);
        log.onAccuracyCheck(0, 1, 0.103, 0.107);
        assertEquals("(Iteration 1 / 980) loss: 2.304740\n(Iteration 21 / 980) loss: 2.132736\n"
                + "(Epoch 0 / 1) train acc: 0.103000; val_acc: 0.107000\n",
                bytes.toString(java.nio.charset.StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    /** A loss that becomes NaN stops training with the iteration named and the best parameters restored. */
    @Test
    void nonFiniteLossStopsTraining() {
        Rng r = new Rng(1);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 10, 3, 8, 8);
        int[] y = r.randint(10, 10);
        ThreeLayerConvNet net = smallNet(r, 1e-2);
        int[] calls = {0};
        Model poisoned = new Model() {
            public Map<String, Tensor> params() { return net.params(); }
            public Tensor scores(Tensor X) { return net.scores(X); }
            public DType dtype() { return net.dtype(); }
            public LossAndGrads loss(Tensor X, int[] yy) {
                LossAndGrads lg = net.loss(X, yy);
                return ++calls[0] == 4 ? new LossAndGrads(Double.NaN, lg.grads()) : lg;
            }
        };
        Solver solver = new Solver(poisoned, x, y, x, y, Solver.Options.defaults().withBatchSize(5).withNumEpochs(3));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, solver::train);
        assertEquals(4, e.getIteration());
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("iteration 4"), e.getMessage());
        Tensor w1 = net.params().get("W1");
        Map<String, Tensor> best = solver.bestParams();
        assertTrue(best.get("W1").contentEquals(w1), "best parameters restored");
    }

    @Test
    void badDataIsRejected() {
        ThreeLayerConvNet net = smallNet(rng, 1e-2);
        Tensor x = Tensor.zeros(DType.FLOAT32, 4, 3, 8, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Solver(net, x, new int[3], x, new int[4], Solver.Options.defaults()));
        assertTrue(e.getMessage().contains("y_train must have 4 labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Solver(net, x.as(DType.FLOAT64), new int[4], x, new int[4], Solver.Options.defaults()));
        assertTrue(e.getMessage().contains("X_train") && e.getMessage().contains("FLOAT32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Solver.Options.defaults().withBatchSize(0));
        assertTrue(e.getMessage().contains("batch_size"), e.getMessage());
    }

    /** 2^31 - 1 epochs of 2 iterations overflow int: refused, not run as a negative iteration count. */
    @Test
    void tooManyIterationsAreRejectedNotWrappedAround() {
        ThreeLayerConvNet net = smallNet(rng, 1e-2);
        Tensor x = Tensor.zeros(DType.FLOAT32, 4, 3, 8, 8);
        Solver.Options opt = Solver.Options.defaults().withBatchSize(2).withNumEpochs(Integer.MAX_VALUE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Solver(net, x, new int[4], x, new int[4], opt));
        assertTrue(e.getMessage().contains("num_epochs") && e.getMessage().contains("4294967294"), e.getMessage());
        Solver ok = new Solver(net, x, new int[4], x, new int[4], opt.withNumEpochs(Integer.MAX_VALUE / 2));
        assertEquals(Integer.MAX_VALUE - 1, ok.numIterations());
    }

    /**
     * A one-parameter model the test steers: every step moves {@code w} by {@code +lr} (gradient -1), and a
     * row is classified correctly while {@code w < limit}, so validation accuracy is 1.0 early and 0.0
     * once {@code w} passes the limit. Counts the rows {@link #scores} sees.
     */
    private static final class SteeredModel implements Model {
        final Tensor w = Tensor.zeros(DType.FLOAT64, 1);
        final double limit;
        int scoredRows;

        SteeredModel(double limit) {
            this.limit = limit;
        }

        public Map<String, Tensor> params() { return Map.of("w", w); }

        public DType dtype() { return DType.FLOAT64; }

        public Tensor scores(Tensor X) {
            int n = X.dim(0);
            scoredRows += n;
            Tensor s = Tensor.zeros(DType.FLOAT64, n, 2);
            // class 0 (every label in these tests) wins while w < limit
            for (int i = 0; i < n; i++) s.set(w.getFlat(0) < limit ? 1 : -1, i, 0);
            return s;
        }

        public LossAndGrads loss(Tensor X, int[] y) {
            return new LossAndGrads(1.0, Map.of("w", Tensor.full(-1, DType.FLOAT64, 1)));
        }
    }

    /** A model whose scores are its input rows, so a test can hand check_accuracy any scores. */
    private static final class EchoModel implements Model {
        public Map<String, Tensor> params() { return Map.of("w", Tensor.zeros(DType.FLOAT64, 1)); }

        public DType dtype() { return DType.FLOAT64; }

        public Tensor scores(Tensor X) { return X.copy(); }

        public LossAndGrads loss(Tensor X, int[] y) {
            return new LossAndGrads(1.0, Map.of("w", Tensor.zeros(DType.FLOAT64, 1)));
        }
    }

    /**
     * check_accuracy predicts with np.argmax (issue 9): the first maximum of a row, or its first NaN. Each row
     * is labelled with what np.argmax returns for it, so the accuracy must be 1.0 (it was 2/3: a NaN never won).
     */
    @Test
    void accuracyPredictsLikeNpArgmax() {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        double[] rows = {
            1, nan, 3, //   np.argmax -> 1
            nan, 5, nan, // 0
            -inf, -inf, -inf, // 0
            1, 3, 3, //     1
            2, inf, inf, // 1
            0, 1, nan}; //  2
        int[] npArgmax = {1, 0, 0, 1, 1, 2};
        Tensor x = Tensor.wrap(rows, 6, 3);
        Solver solver = new Solver(new EchoModel(), x, npArgmax, x, npArgmax, Solver.Options.defaults());
        assertEquals(1.0, solver.checkAccuracy(x, npArgmax, 0));
    }

    /** The learning rate of every state is lr * lr_decay^epochs after training (the seed decays once per epoch). */
    @Test
    void learningRateDecaysOncePerEpoch() {
        SteeredModel m = new SteeredModel(1e9);
        Tensor x = Tensor.zeros(DType.FLOAT64, 6, 1);
        Solver solver = new Solver(m, x, new int[6], x, new int[6], Solver.Options.defaults()
                .withUpdateRule(new UpdateRules.Sgd(0.1)).withBatchSize(2).withNumEpochs(4).withLrDecay(0.9));
        double[] lastW = {Double.NaN};
        solver.addListener(new TrainingListener() {
            @Override
            public void onIteration(int t, int numIterations, int epoch, double loss) {
                lastW[0] = m.w.getFlat(0); // before restoreBest() puts the best (first) w back
            }
        });
        solver.train();
        assertEquals(0.1 * Math.pow(0.9, 4), solver.states().get("w").learningRate, 1e-15);
        // 3 iterations per epoch at lr 0.1, 0.09, 0.081, 0.0729: the last w is their sum times 3
        assertEquals(3 * (0.1 + 0.09 + 0.081 + 0.0729), lastW[0], 1e-12);
    }

    /** After a normal run the model holds the parameters of the best validation accuracy, not the last ones. */
    @Test
    void trainEndsWithTheBestValidationParameters() {
        SteeredModel m = new SteeredModel(0.35); // w = 0.1 after the first step, 0.3 at epoch 1, 0.6 at epoch 2
        Tensor x = Tensor.zeros(DType.FLOAT64, 6, 1);
        Solver solver = new Solver(m, x, new int[6], x, new int[6], Solver.Options.defaults()
                .withUpdateRule(new UpdateRules.Sgd(0.1)).withBatchSize(2).withNumEpochs(3));
        solver.train();
        assertEquals(List.of(1.0, 1.0, 0.0, 0.0), solver.valAccHistory(), "accuracy peaks before the end");
        assertEquals(1.0, solver.bestValAcc());
        assertEquals(0.1, m.w.getFlat(0), 1e-12, "w of the first best check (after iteration 1), not the final 0.9");
        assertTrue(solver.bestParams().get("w").contentEquals(m.w));
    }

    /** With num_samples set, check_accuracy scores exactly that many rows; 0 or a larger value scores all. */
    @Test
    void accuracyCheckScoresOnlyTheSampledRows() {
        SteeredModel m = new SteeredModel(1e9);
        Tensor x = Tensor.zeros(DType.FLOAT64, 250, 1);
        Solver solver = new Solver(m, x, new int[250], x.sliceRows(0, 40), new int[40], Solver.Options.defaults()
                .withBatchSize(50).withNumEpochs(1));
        assertEquals(1.0, solver.checkAccuracy(x, new int[250], 7));
        assertEquals(7, m.scoredRows);
        m.scoredRows = 0;
        solver.checkAccuracy(x, new int[250], 0);
        assertEquals(250, m.scoredRows);
        m.scoredRows = 0;
        solver.checkAccuracy(x, new int[250], 1000);
        assertEquals(250, m.scoredRows);
        m.scoredRows = 0;
        // training: defaults sample 1000 train rows (all 250 here) and the full val set; with 30 / 5 instead,
        // each of the 2 checks (after iteration 1 and at the end of the only epoch, iteration 5) scores 35 rows
        Solver sampled = new Solver(m, x, new int[250], x.sliceRows(0, 40), new int[40], new Solver.Options(
                new UpdateRules.Sgd(1e-2), 1.0, 50, 1, 30, 5, 231));
        sampled.train();
        assertEquals(2 * (30 + 5), m.scoredRows);
    }
}
