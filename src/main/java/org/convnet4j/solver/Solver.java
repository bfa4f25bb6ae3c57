package org.convnet4j.solver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.model.Model;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * Trains a {@link Model} with minibatch updates, as CS231n's {@code Solver}: each iteration samples
 * {@code batchSize} training rows with replacement, computes loss and gradients, and applies the update
 * rule to every parameter (one {@link UpdateRule.State} per parameter). After the first iteration, at
 * each epoch end and at the last iteration it measures train accuracy (on {@code numTrainSamples}
 * sampled rows) and validation accuracy, records {@link #lossHistory()}, {@link #trainAccHistory()},
 * {@link #valAccHistory()}, keeps a copy of the parameters with the best validation accuracy, and
 * restores them when training ends. The model's {@link Model#state()} (batch-norm running statistics)
 * is kept and restored together with them, so the restored parameters run with the statistics they were
 * scored with. The learning rate is multiplied by {@code lrDecay} after each epoch.
 *
 * <p>A non-finite loss stops training: the best parameters seen so far are restored and
 * {@link TrainingDivergedException} says where it happened. Not thread-safe.
 */
public final class Solver {
    private final Model model;
    private final Tensor xTrain, xVal;
    private final int[] yTrain, yVal;
    private final Options opt;
    private final Rng rng;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final Map<String, UpdateRule.State> states = new LinkedHashMap<>();
    private final List<Double> lossHistory = new ArrayList<>();
    private final List<Double> trainAccHistory = new ArrayList<>();
    private final List<Double> valAccHistory = new ArrayList<>();
    private double bestValAcc = -1;
    private Map<String, Tensor> bestParams;
    /** The model's {@link Model#state()} (batch-norm running statistics) when bestParams were taken. */
    private Map<String, Tensor> bestState;
    private int epoch;

    /**
     * Solver settings, with the seed's defaults.
     *
     * @param updateRule the rule and its learning rate
     * @param lrDecay learning-rate factor applied after each epoch (1.0 = none)
     * @param batchSize rows per update
     * @param numEpochs epochs to run
     * @param numTrainSamples rows sampled for the train accuracy check (0 = all)
     * @param numValSamples rows sampled for the validation accuracy check (0 = all)
     * @param seed seed of the sampling {@link Rng}
     */
    public record Options(UpdateRule updateRule, double lrDecay, int batchSize, int numEpochs, int numTrainSamples,
                          int numValSamples, long seed) {
        public Options {
            Checks.notNull("solver", "update_rule", updateRule);
            if (!(lrDecay > 0 && lrDecay <= 1)) {
                throw new IllegalArgumentException("solver: lr_decay must be in (0, 1], got " + lrDecay);
            }
            Checks.positive("solver", "batch_size", batchSize);
            Checks.positive("solver", "num_epochs", numEpochs);
            Checks.nonNegative("solver", "num_train_samples", numTrainSamples);
            Checks.nonNegative("solver", "num_val_samples", numValSamples);
            if (seed < 0 || seed > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("solver: seed must be in [0, 2^32), got " + seed);
            }
        }

        /** The seed's defaults: sgd lr 1e-2, no decay, batch 100, 10 epochs, 1000 train samples, full val. */
        public static Options defaults() {
            return new Options(new UpdateRules.Sgd(1e-2), 1.0, 100, 10, 1000, 0, 231);
        }

        public Options withUpdateRule(UpdateRule r) {
            return new Options(r, lrDecay, batchSize, numEpochs, numTrainSamples, numValSamples, seed);
        }

        public Options withBatchSize(int b) {
            return new Options(updateRule, lrDecay, b, numEpochs, numTrainSamples, numValSamples, seed);
        }

        public Options withNumEpochs(int e) {
            return new Options(updateRule, lrDecay, batchSize, e, numTrainSamples, numValSamples, seed);
        }

        public Options withLrDecay(double d) {
            return new Options(updateRule, d, batchSize, numEpochs, numTrainSamples, numValSamples, seed);
        }

        public Options withSeed(long s) {
            return new Options(updateRule, lrDecay, batchSize, numEpochs, numTrainSamples, numValSamples, s);
        }
    }

    /**
     * @param model the model to train (its parameter tensors are updated in place)
     * @param xTrain training inputs {@code (N, ...)} in the model's dtype, {@code yTrain} their labels
     * @param xVal validation inputs, {@code yVal} their labels
     * @throws IllegalArgumentException on bad data, or if the run has more than {@link Integer#MAX_VALUE}
     *         iterations (see {@link #numIterations()})
     */
    public Solver(Model model, Tensor xTrain, int[] yTrain, Tensor xVal, int[] yVal, Options options) {
        this.model = Checks.notNull("solver", "model", model);
        this.opt = Checks.notNull("solver", "options", options);
        checkData("X_train", xTrain, "y_train", yTrain);
        checkData("X_val", xVal, "y_val", yVal);
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xVal = xVal;
        this.yVal = yVal;
        this.rng = new Rng(options.seed());
        numIterations(); // a run too long to count is refused here, before any listener or output sees it
        for (Map.Entry<String, Tensor> e : model.params().entrySet()) {
            states.put(e.getKey(), options.updateRule().init(e.getValue()));
        }
    }

    private void checkData(String xName, Tensor x, String yName, int[] y) {
        Checks.notNull("solver", xName, x);
        Checks.notNull("solver", yName, y);
        if (x.rank() < 1 || x.dim(0) == 0) {
            throw new IllegalArgumentException("solver: " + xName + " must have at least one row, got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (x.dim(0) != y.length) {
            throw new IllegalArgumentException("solver: " + yName + " must have " + x.dim(0) + " labels (one per row of "
                    + xName + "), got " + y.length);
        }
        Checks.dtype("solver", xName, x, model.dtype());
    }

    public void addListener(TrainingListener l) {
        listeners.add(Checks.notNull("solver", "listener", l));
    }

    public int iterationsPerEpoch() {
        return Math.max(xTrain.dim(0) / opt.batchSize(), 1);
    }

    /**
     * {@code numEpochs * iterationsPerEpoch()}, the iteration count of a whole run.
     *
     * @throws IllegalArgumentException if that exceeds {@link Integer#MAX_VALUE} (iterations are counted in int)
     */
    public int numIterations() {
        long n = Math.multiplyExact((long) opt.numEpochs(), iterationsPerEpoch());
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("solver: num_epochs * iterations per epoch must be <= " + Integer.MAX_VALUE
                    + ", got " + opt.numEpochs() + " * " + iterationsPerEpoch() + " = " + n);
        }
        return (int) n;
    }

    /** Runs the remaining epochs (all of them, unless {@link #restore} resumed a run). */
    public void train() {
        int perEpoch = iterationsPerEpoch();
        int numIterations = numIterations();
        int startT = epoch * perEpoch; // <= numIterations: restore() checks epoch <= numEpochs
        for (TrainingListener l : listeners) l.onTrainingStart(numIterations, perEpoch, epoch, opt.numEpochs());
        for (int t = startT; t < numIterations; t++) {
            double loss = step();
            if (!Double.isFinite(loss)) {
                restoreBest();
                throw new TrainingDivergedException("training stopped: loss became " + loss + " at iteration " + (t + 1)
                        + " (epoch " + (epoch + 1) + "); " + (bestParams == null ? "no accuracy check had run yet"
                        : "parameters restored to the best seen (val acc " + bestValAcc + ")")
                        + ". Try a smaller learning rate or weight scale.", t + 1);
            }
            for (TrainingListener l : listeners) l.onIteration(t + 1, numIterations, epoch, loss);
            boolean epochEnd = (t + 1) % perEpoch == 0;
            if (epochEnd) {
                epoch++;
                for (UpdateRule.State s : states.values()) s.learningRate *= opt.lrDecay();
            }
            if (t == startT && startT == 0 || t == numIterations - 1 || epochEnd) {
                checkAccuracies();
            }
            if (epochEnd) {
                for (TrainingListener l : listeners) l.onEpochEnd(epoch, this);
            }
        }
        restoreBest();
        for (TrainingListener l : listeners) l.onTrainingEnd(this);
    }

    private double step() {
        int[] mask = rng.choice(xTrain.dim(0), opt.batchSize());
        int[] yBatch = new int[mask.length];
        for (int i = 0; i < mask.length; i++) yBatch[i] = yTrain[mask[i]];
        // the L2 terms are left to the update rule, which folds them into its pass over each weight matrix
        Model.StepGrads lg = model.lossForUpdate(xTrain.takeRows(mask), yBatch);
        lossHistory.add(lg.loss());
        if (!Double.isFinite(lg.loss())) return lg.loss();
        for (Map.Entry<String, Tensor> e : model.params().entrySet()) {
            Tensor dw = lg.grads().get(e.getKey());
            if (dw == null) throw new IllegalStateException("solver: model gave no gradient for " + e.getKey());
            opt.updateRule().update(e.getValue(), dw, lg.decayOf(e.getKey()), states.get(e.getKey()));
        }
        return lg.loss();
    }

    private void checkAccuracies() {
        double trainAcc = checkAccuracy(xTrain, yTrain, opt.numTrainSamples());
        double valAcc = checkAccuracy(xVal, yVal, opt.numValSamples());
        trainAccHistory.add(trainAcc);
        valAccHistory.add(valAcc);
        for (TrainingListener l : listeners) l.onAccuracyCheck(epoch, opt.numEpochs(), trainAcc, valAcc);
        if (valAcc > bestValAcc) {
            bestValAcc = valAcc;
            bestParams = copyParams(model.params());
            bestState = copyParams(model.state());
        }
    }

    /**
     * Fraction of rows whose highest score is the label (the first one on ties, the first NaN in a row
     * that has one, as {@code np.argmax} picks), in batches of 100; with {@code numSamples > 0}
     * and more rows than that, on {@code numSamples} rows sampled with replacement (the seed's
     * {@code check_accuracy}).
     *
     * @param x inputs {@code (N, ...)} the model takes, N &gt; 0
     * @param y N labels
     * @param numSamples rows to sample, {@code >= 0} (0 = all)
     * @throws IllegalArgumentException if x or y is null, x has no rows, y's length is not N, or numSamples &lt; 0
     */
    public double checkAccuracy(Tensor x, int[] y, int numSamples) {
        Checks.notNull("check_accuracy", "x", x);
        Checks.notNull("check_accuracy", "y", y);
        if (x.rank() < 1 || x.dim(0) == 0) {
            throw new IllegalArgumentException("check_accuracy: x must have at least one row, got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (y.length != x.dim(0)) {
            throw new IllegalArgumentException("check_accuracy: y must have " + x.dim(0) + " labels (one per row of x), got "
                    + y.length);
        }
        Checks.nonNegative("check_accuracy", "num_samples", numSamples);
        int n = x.dim(0);
        int[] labels = y;
        if (numSamples > 0 && n > numSamples) {
            int[] mask = rng.choice(n, numSamples);
            x = x.takeRows(mask);
            labels = new int[mask.length];
            for (int i = 0; i < mask.length; i++) labels[i] = y[mask[i]];
            n = numSamples;
        }
        int correct = 0;
        for (int from = 0; from < n; from += 100) {
            int to = Math.min(n, from + 100);
            Tensor scores = model.scores(x.sliceRows(from, to));
            int classes = scores.dim(1);
            for (int i = 0; i < to - from; i++) {
                // np.argmax: the first maximum, or the first NaN when the row has one
                int best = 0;
                double bestScore = scores.getFlat(i * classes);
                for (int c = 1; c < classes; c++) {
                    double v = scores.getFlat(i * classes + c);
                    if (bestScore == bestScore && !(v <= bestScore)) {
                        best = c;
                        bestScore = v;
                    }
                }
                if (best == labels[from + i]) correct++;
            }
        }
        return (double) correct / n;
    }

    private void restoreBest() {
        if (bestParams == null) return;
        for (Map.Entry<String, Tensor> e : model.params().entrySet()) {
            Tensor best = bestParams.get(e.getKey());
            for (int i = 0; i < best.size(); i++) e.getValue().setFlat(i, best.getFlat(i));
        }
        if (bestState == null) return; // resumed from a checkpoint that did not save it
        for (Map.Entry<String, Tensor> e : model.state().entrySet()) {
            Tensor best = bestState.get(e.getKey());
            if (best == null) continue;
            for (int i = 0; i < best.size(); i++) e.getValue().setFlat(i, best.getFlat(i));
        }
    }

    private static Map<String, Tensor> copyParams(Map<String, Tensor> params) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : params.entrySet()) copy.put(e.getKey(), e.getValue().copy());
        return copy;
    }

    public Model model() {
        return model;
    }

    public Options options() {
        return opt;
    }

    /** Completed epochs. */
    public int epoch() {
        return epoch;
    }

    public List<Double> lossHistory() {
        return Collections.unmodifiableList(lossHistory);
    }

    public List<Double> trainAccHistory() {
        return Collections.unmodifiableList(trainAccHistory);
    }

    public List<Double> valAccHistory() {
        return Collections.unmodifiableList(valAccHistory);
    }

    public double bestValAcc() {
        return bestValAcc;
    }

    /** The best parameters so far (copies), or null before the first accuracy check. */
    public Map<String, Tensor> bestParams() {
        return bestParams == null ? null : Collections.unmodifiableMap(bestParams);
    }

    /** The model's state (batch-norm running statistics) taken with {@link #bestParams()} (copies), or null. */
    public Map<String, Tensor> bestState() {
        return bestState == null ? null : Collections.unmodifiableMap(bestState);
    }

    /** The per-parameter update-rule states (live objects, for checkpoints). */
    public Map<String, UpdateRule.State> states() {
        return Collections.unmodifiableMap(states);
    }

    /**
     * Continues a run from a checkpoint: completed epochs, histories, best parameters and update-rule
     * states (the model's parameters must already hold the checkpoint's values). The sampling stream is
     * re-seeded with {@code (seed + epoch) mod 2^32}, so a resumed run is reproducible but not identical to an
     * uninterrupted one.
     *
     * @param best the best parameters, or null if no accuracy check ran yet
     * @throws IllegalArgumentException if a history or the states are null, the epoch is outside
     *     {@code [0, numEpochs]}, or a parameter has no state of this rule's shape
     */
    public void restore(int completedEpochs, List<Double> loss, List<Double> trainAcc, List<Double> valAcc,
                        double bestVal, Map<String, Tensor> best, Map<String, UpdateRule.State> savedStates) {
        restore(completedEpochs, loss, trainAcc, valAcc, bestVal, best, null, savedStates);
    }

    /**
     * {@link #restore(int, List, List, List, double, Map, Map)} with the model state kept with the best
     * parameters ({@link #bestState()}; null when none was saved, and then only the parameters are restored
     * at the end).
     */
    public void restore(int completedEpochs, List<Double> loss, List<Double> trainAcc, List<Double> valAcc,
                        double bestVal, Map<String, Tensor> best, Map<String, Tensor> bestModelState,
                        Map<String, UpdateRule.State> savedStates) {
        Checks.notNull("solver", "loss history", loss);
        Checks.notNull("solver", "train_acc history", trainAcc);
        Checks.notNull("solver", "val_acc history", valAcc);
        Checks.notNull("solver", "states", savedStates);
        if (completedEpochs < 0 || completedEpochs > opt.numEpochs()) {
            throw new IllegalArgumentException("solver: checkpoint epoch must be in [0, " + opt.numEpochs() + "], got "
                    + completedEpochs);
        }
        for (String name : states.keySet()) {
            UpdateRule.State s = savedStates.get(name);
            UpdateRule.State mine = states.get(name);
            if (s == null || s.m.size() != mine.m.size() || s.v.size() != mine.v.size() || s.dtype() != mine.dtype()) {
                throw new IllegalArgumentException("solver: checkpoint has no matching " + opt.updateRule().name()
                        + " state for parameter " + name);
            }
            states.put(name, s);
        }
        epoch = completedEpochs;
        lossHistory.clear();
        lossHistory.addAll(loss);
        trainAccHistory.clear();
        trainAccHistory.addAll(trainAcc);
        valAccHistory.clear();
        valAccHistory.addAll(valAcc);
        bestValAcc = bestVal;
        bestParams = best == null ? null : copyParams(best);
        bestState = best == null || bestModelState == null ? null : copyParams(bestModelState);
        rng.seed((opt.seed() + completedEpochs) & 0xFFFFFFFFL); // seed + epoch may pass 2^32 - 1: wrap as Synthetic does
    }
}
