package org.convnet4j.solver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.io.TensorFile;
import org.convnet4j.model.Model;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * A training checkpoint in the {@link TensorFile} format ({@code format=convnet4j-checkpoint}): the
 * model's architecture ({@link ModelFile#architectureMeta}, format version 2), parameters and batch-norm
 * running statistics, the completed epoch count, the solver's options ({@code solver/...}: the update rule
 * with its settings, lr decay, batch size, epochs, samples, seed), the histories, the best parameters (and
 * the running statistics taken with them, {@code best/NAME}) and validation accuracy, and each parameter's
 * update-rule state ({@code optim/NAME/m}, {@code optim/NAME/v} in the parameter's dtype (float64 in files
 * written before float32 parameters kept float32 moments; they are converted on resume), with {@code t} and the
 * decayed learning rate in the metadata), plus any metadata the caller adds (the command line stores its data settings
 * there). {@link #net} rebuilds the net of any checkpoint, {@link #model} the ThreeLayerConvNet of one
 * that holds it, and {@link #resume} puts the rest back into a {@link Solver}, after checking all of it.
 * Version 1 checkpoints (ThreeLayerConvNet only, no {@code format_version}) still load.
 *
 * <p>What {@link #resume} checks, before it changes anything: every parameter and running statistic of
 * the model, present with its shape and finite (running variances also {@code >= 0}); the best parameters
 * all present or all absent, shaped and finite; for every parameter the state its update rule keeps (sgd
 * none, sgd_momentum and rmsprop {@code m}, adam {@code m} and {@code v}), float64 with one value per
 * weight, finite (rmsprop's {@code m} and adam's {@code v}, sums of squares, also {@code >= 0}), and no
 * state the rule does not keep; learning rates finite and {@code > 0}; step counts {@code >= 0}; the epoch
 * count in {@code [1, numEpochs]}; the loss history finite, one value per iteration of the epochs done;
 * accuracies in [0, 1]. Any violation is an {@link IOException} naming the file and what is wrong.
 *
 * <p>A net's dropout Rng is not saved: a resumed run draws new masks, as its minibatches are re-seeded
 * (see {@link Solver#restore}).
 */
public final class Checkpoint {
    public static final String FORMAT = "convnet4j-checkpoint";

    private Checkpoint() {}

    /** A listener that writes a checkpoint at the end of every epoch (atomically, replacing the last). */
    public static TrainingListener everyEpoch(Path file) {
        return everyEpoch(file, Map.of());
    }

    /**
     * As {@link #everyEpoch(Path)}, with {@code extraMeta} stored in each checkpoint (keys must not clash
     * with the checkpoint's own).
     */
    public static TrainingListener everyEpoch(Path file, Map<String, String> extraMeta) {
        Checks.notNull("checkpoint", "file", file);
        Map<String, String> extra = Map.copyOf(Checks.notNull("checkpoint", "extraMeta", extraMeta));
        return new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, Solver solver) {
                try {
                    save(file, solver, extra);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("could not write checkpoint " + file + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /**
     * Writes the solver's state atomically.
     *
     * @throws IllegalArgumentException unless the model is a {@link Net} or a {@link ThreeLayerConvNet}
     */
    public static void save(Path file, Solver solver) throws IOException {
        save(file, solver, Map.of());
    }

    /**
     * Writes the solver's state and {@code extraMeta} atomically.
     *
     * @throws IllegalArgumentException unless the model is a {@link Net} or a {@link ThreeLayerConvNet}, or
     *     if an extra key clashes with one of the checkpoint's own
     */
    public static void save(Path file, Solver solver, Map<String, String> extraMeta) throws IOException {
        Checks.notNull("checkpoint", "file", file);
        Checks.notNull("checkpoint", "solver", solver);
        Checks.notNull("checkpoint", "extraMeta", extraMeta);
        Model net = solver.model();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        try {
            meta.putAll(ModelFile.architectureMeta(net));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint: " + e.getMessage(), e);
        }
        meta.put("epoch", Integer.toString(solver.epoch()));
        meta.put("update_rule", solver.options().updateRule().name());
        meta.putAll(optionsMeta(solver.options()));
        meta.put("best_val_acc", Double.toString(solver.bestValAcc()));
        Map<String, Tensor> t = new LinkedHashMap<>(net.params());
        t.putAll(net.state());
        t.put("history/loss", list(solver.lossHistory()));
        t.put("history/train_acc", list(solver.trainAccHistory()));
        t.put("history/val_acc", list(solver.valAccHistory()));
        if (solver.bestParams() != null) {
            for (Map.Entry<String, Tensor> e : solver.bestParams().entrySet()) t.put("best/" + e.getKey(), e.getValue());
        }
        if (solver.bestState() != null) {
            for (Map.Entry<String, Tensor> e : solver.bestState().entrySet()) t.put("best/" + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, UpdateRule.State> e : solver.states().entrySet()) {
            UpdateRule.State s = e.getValue();
            String p = "optim/" + e.getKey() + "/";
            meta.put(p + "t", Long.toString(s.t));
            meta.put(p + "lr", Double.toString(s.learningRate));
            if (s.m.size() > 0) t.put(p + "m", s.m.copy());
            if (s.v.size() > 0) t.put(p + "v", s.v.copy());
        }
        for (Map.Entry<String, String> e : extraMeta.entrySet()) {
            if (meta.containsKey(e.getKey())) {
                throw new IllegalArgumentException("checkpoint: extra metadata key '" + e.getKey() + "' is the checkpoint's own");
            }
            meta.put(e.getKey(), e.getValue());
        }
        new TensorFile(meta, t).write(file);
    }

    /** The solver options as {@code solver/...} metadata; the update rule's settings where the rule is one of ours. */
    private static Map<String, String> optionsMeta(Solver.Options o) {
        Map<String, String> m = new LinkedHashMap<>();
        UpdateRule r = o.updateRule();
        m.put("solver/update_rule", r.name());
        if (r instanceof UpdateRules.Sgd s) {
            m.put("solver/learning_rate", Double.toString(s.learningRate()));
        } else if (r instanceof UpdateRules.SgdMomentum s) {
            m.put("solver/learning_rate", Double.toString(s.learningRate()));
            m.put("solver/momentum", Double.toString(s.momentum()));
        } else if (r instanceof UpdateRules.RmsProp s) {
            m.put("solver/learning_rate", Double.toString(s.learningRate()));
            m.put("solver/decay_rate", Double.toString(s.decayRate()));
            m.put("solver/epsilon", Double.toString(s.epsilon()));
        } else if (r instanceof UpdateRules.Adam s) {
            m.put("solver/learning_rate", Double.toString(s.learningRate()));
            m.put("solver/beta1", Double.toString(s.beta1()));
            m.put("solver/beta2", Double.toString(s.beta2()));
            m.put("solver/epsilon", Double.toString(s.epsilon()));
        }
        m.put("solver/lr_decay", Double.toString(o.lrDecay()));
        m.put("solver/batch_size", Integer.toString(o.batchSize()));
        m.put("solver/num_epochs", Integer.toString(o.numEpochs()));
        m.put("solver/num_train_samples", Integer.toString(o.numTrainSamples()));
        m.put("solver/num_val_samples", Integer.toString(o.numValSamples()));
        m.put("solver/seed", Long.toString(o.seed()));
        return m;
    }

    private static Tensor list(List<Double> values) {
        double[] a = new double[Math.max(1, values.size())];
        for (int i = 0; i < values.size(); i++) a[i] = values.get(i);
        // a rank-1 tensor needs one element; an empty history is stored as [NaN] and read back as empty
        if (values.isEmpty()) a[0] = Double.NaN;
        return Tensor.wrap(a, a.length);
    }

    private static List<Double> unlist(Tensor t) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) out.add(t.getFlat(i));
        if (out.size() == 1 && Double.isNaN(out.get(0))) out.clear();
        return out;
    }

    /**
     * What a checkpoint says about its run, read without building anything: the completed epochs, the
     * solver options it was trained with (null for checkpoints written before they were stored), and all
     * its metadata (the model config, and what the caller added).
     */
    public record Info(int epoch, Solver.Options options, Map<String, String> meta) {}

    /**
     * Reads a checkpoint's {@link Info}.
     *
     * @throws IOException if the file cannot be read, is not a checkpoint, or its epoch or options are malformed
     */
    public static Info info(Path file) throws IOException {
        TensorFile f = read(file);
        int epoch = parseInt(file, f, "epoch");
        return new Info(epoch, options(file, f), f.meta());
    }

    /** The stored options, or null if the checkpoint predates them. */
    private static Solver.Options options(Path file, TensorFile f) throws IOException {
        Map<String, String> m = f.meta();
        if (!m.containsKey("solver/update_rule")) return null;
        String rule = f.require(file, "solver/update_rule");
        try {
            UpdateRule r;
            switch (rule) {
                case "sgd":
                    r = new UpdateRules.Sgd(parseDouble(file, f, "solver/learning_rate"));
                    break;
                case "sgd_momentum":
                    r = new UpdateRules.SgdMomentum(parseDouble(file, f, "solver/learning_rate"),
                            parseDouble(file, f, "solver/momentum"));
                    break;
                case "rmsprop":
                    r = new UpdateRules.RmsProp(parseDouble(file, f, "solver/learning_rate"),
                            parseDouble(file, f, "solver/decay_rate"), parseDouble(file, f, "solver/epsilon"));
                    break;
                case "adam":
                    r = new UpdateRules.Adam(parseDouble(file, f, "solver/learning_rate"), parseDouble(file, f, "solver/beta1"),
                            parseDouble(file, f, "solver/beta2"), parseDouble(file, f, "solver/epsilon"));
                    break;
                default:
                    return null; // a rule of the caller's own: its settings were not stored
            }
            return new Solver.Options(r, parseDouble(file, f, "solver/lr_decay"), parseInt(file, f, "solver/batch_size"),
                    parseInt(file, f, "solver/num_epochs"), parseInt(file, f, "solver/num_train_samples"),
                    parseInt(file, f, "solver/num_val_samples"), parseLong(file, f, "solver/seed"));
        } catch (IllegalArgumentException e) {
            throw bad(file, "the stored solver options are invalid: " + e.getMessage());
        }
    }

    /**
     * The net of any checkpoint (version 1 or 2) with its parameters and running statistics, to be trained
     * on by {@link #resume}.
     *
     * @throws IOException if the file is not a checkpoint, its architecture is malformed, or a parameter or
     *     running statistic is missing, misshapen or not finite
     */
    public static Net net(Path file, Ops ops) throws IOException {
        TensorFile f = read(file);
        Net net = ModelFile.readNet(file, f, ops);
        checkFinite(file, net);
        return net;
    }

    /**
     * The ThreeLayerConvNet of a checkpoint that holds one, to be trained on by {@link #resume}.
     *
     * @throws IOException naming the file when it holds another kind of net (use {@link #net}), or a
     *     parameter is missing, misshapen or not finite
     */
    public static ThreeLayerConvNet model(Path file, Ops ops) throws IOException {
        TensorFile f = read(file);
        if (!"ThreeLayerConvNet".equals(f.meta().get("model"))) {
            throw new IOException(file + ": the checkpoint holds a " + f.meta().get("model") + " ("
                    + f.meta().get("arch") + "), not a ThreeLayerConvNet; load it with Checkpoint.net");
        }
        ThreeLayerConvNet.Config config = ModelFile.parseConfig(file, f);
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : ThreeLayerConvNet.expectedShapes(config).entrySet()) {
            params.put(e.getKey(), f.requireTensor(file, e.getKey(), e.getValue()));
        }
        ThreeLayerConvNet model = new ThreeLayerConvNet(config, ops, params);
        checkFinite(file, model);
        return model;
    }

    /** A model's parameters and running statistics must be finite (running variances also >= 0). */
    private static void checkFinite(Path file, Model model) throws IOException {
        for (Map.Entry<String, Tensor> e : model.params().entrySet()) checkFinite(file, e.getKey(), e.getValue(), false);
        for (Map.Entry<String, Tensor> e : model.state().entrySet()) {
            checkFinite(file, e.getKey(), e.getValue(), isVariance(e.getKey()));
        }
    }

    private static boolean isVariance(String name) {
        String n = name.startsWith("best/") ? name.substring(5) : name;
        return n.startsWith("running_var");
    }

    private static TensorFile read(Path file) throws IOException {
        Checks.notNull("checkpoint", "file", file);
        TensorFile f = TensorFile.read(file);
        if (!FORMAT.equals(f.meta().get("format"))) {
            throw new IOException(file + ": not a convnet4j checkpoint (format '" + f.meta().get("format") + "')");
        }
        return f;
    }

    /**
     * Checks the whole checkpoint against {@code solver} (see the class comment), then restores its
     * parameters and running statistics (into the model), epoch, histories, best parameters (with their
     * running statistics) and update-rule states. Nothing changes if a check fails.
     *
     * @return the completed epochs
     * @throws IOException naming the file and what is wrong, if the checkpoint cannot be read or does not
     *     fit the solver: another update rule, another parameter set, more epochs done than
     *     {@code numEpochs}, a loss history of another length (other data or batch size), or any value
     *     out of range
     */
    public static int resume(Path file, Solver solver) throws IOException {
        Checks.notNull("checkpoint", "solver", solver);
        TensorFile f = read(file);
        String ruleName = solver.options().updateRule().name();
        String rule = f.require(file, "update_rule");
        if (!rule.equals(ruleName)) {
            throw new IOException(file + ": checkpoint was trained with " + rule + ", not " + ruleName);
        }
        int epoch = parseInt(file, f, "epoch");
        int numEpochs = solver.options().numEpochs();
        if (epoch < 1 || epoch > numEpochs) {
            throw bad(file, "epoch is " + epoch + ", must be in [1, " + numEpochs + "] (the solver's num_epochs)");
        }
        // the model's parameters and running statistics
        Map<String, Tensor> own = solver.model().params(), ownState = solver.model().state();
        Map<String, Tensor> params = new LinkedHashMap<>(), state = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            params.put(e.getKey(), tensor(file, f, e.getKey(), e.getValue(), false));
        }
        for (Map.Entry<String, Tensor> e : ownState.entrySet()) {
            state.put(e.getKey(), tensor(file, f, e.getKey(), e.getValue(), isVariance(e.getKey())));
        }
        // the best parameters: all or none
        Map<String, Tensor> best = null;
        List<String> bestPresent = new ArrayList<>();
        for (String name : own.keySet()) if (f.tensors().containsKey("best/" + name)) bestPresent.add("best/" + name);
        if (!bestPresent.isEmpty()) {
            best = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                if (!f.tensors().containsKey("best/" + e.getKey())) {
                    throw bad(file, "best/" + e.getKey() + " is missing (the best parameters are stored all or none; "
                            + "present: " + bestPresent + ")");
                }
                best.put(e.getKey(), tensor(file, f, "best/" + e.getKey(), e.getValue(), false));
            }
        }
        // the running statistics taken with the best parameters: checkpoints before version 2 have none
        Map<String, Tensor> bestState = null;
        if (best != null) {
            for (Map.Entry<String, Tensor> e : ownState.entrySet()) {
                String name = "best/" + e.getKey();
                if (!f.tensors().containsKey(name)) continue;
                if (bestState == null) bestState = new LinkedHashMap<>();
                bestState.put(e.getKey(), tensor(file, f, name, e.getValue(), isVariance(e.getKey())));
            }
        }
        // the update rule's state, for every parameter, with the moments the rule keeps (as its fresh states show)
        Map<String, UpdateRule.State> states = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            String name = e.getKey(), p = "optim/" + name + "/";
            int size = e.getValue().size();
            double lr = parseDouble(file, f, p + "lr");
            if (!(lr > 0 && Double.isFinite(lr))) {
                throw bad(file, p + "lr (the learning rate of " + name + ") is " + lr + ", must be a finite number > 0");
            }
            long t = parseLong(file, f, p + "t");
            if (t < 0) throw bad(file, p + "t (the step count of " + name + ") is " + t + ", must be >= 0");
            UpdateRule.State fresh = solver.states().get(name);
            int moments = fresh.v.size() > 0 ? 2 : fresh.m.size() > 0 ? 1 : 0;
            UpdateRule.State s = new UpdateRule.State(lr, fresh.dtype(), size, moments);
            s.t = t;
            // rmsprop's m is its cache of squared gradients, adam's v its second moment: sums of squares, never < 0
            moment(file, f, p + "m", rule, moments >= 1, rule.equals("rmsprop"), s.m);
            moment(file, f, p + "v", rule, moments >= 2, true, s.v);
            states.put(name, s);
        }
        // the histories
        List<Double> loss = unlist(tensor(file, f, "history/loss", null, false));
        long iterations = (long) epoch * solver.iterationsPerEpoch();
        if (loss.size() != iterations) {
            throw bad(file, "history/loss has " + loss.size() + " values, but " + epoch + " epoch(s) of "
                    + solver.iterationsPerEpoch() + " iterations make " + iterations
                    + ": the checkpoint was trained on other data or with another batch size");
        }
        for (int i = 0; i < loss.size(); i++) {
            if (!Double.isFinite(loss.get(i))) throw bad(file, "history/loss[" + i + "] is " + loss.get(i) + ", must be finite");
        }
        List<Double> trainAcc = accuracies(file, f, "history/train_acc");
        List<Double> valAcc = accuracies(file, f, "history/val_acc");
        double bestVal = parseDouble(file, f, "best_val_acc");
        if (best != null ? !(bestVal >= 0 && bestVal <= 1) : bestVal != -1) {
            throw bad(file, "best_val_acc is " + bestVal + ", must be " + (best != null ? "in [0, 1]"
                    : "-1 (no best parameters are stored)"));
        }
        try {
            solver.restore(epoch, loss, trainAcc, valAcc, bestVal, best, bestState, states);
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
        copyInto(own, params);
        copyInto(ownState, state);
        return epoch;
    }

    /** Copies each tensor of {@code from} into the live tensor of the same name in {@code to}. */
    private static void copyInto(Map<String, Tensor> to, Map<String, Tensor> from) {
        for (Map.Entry<String, Tensor> e : to.entrySet()) {
            Tensor src = from.get(e.getKey()), dst = e.getValue();
            for (int i = 0; i < dst.size(); i++) dst.setFlat(i, src.getFlat(i));
        }
    }

    /** A tensor that must be present, shaped like {@code like} (when given) and finite. */
    private static Tensor tensor(Path file, TensorFile f, String name, Tensor like, boolean nonNegative) throws IOException {
        Tensor t = f.tensors().get(name);
        if (t == null) throw bad(file, name + " is missing");
        if (like != null && !Arrays.equals(t.shape(), like.shape())) {
            throw bad(file, name + " has shape " + Arrays.toString(t.shape()) + ", must be " + Arrays.toString(like.shape()));
        }
        if (!name.startsWith("history/")) checkFinite(file, name, t, nonNegative);
        return like != null ? t.as(like.dtype()) : t;
    }

    /**
     * An update-rule moment: required or forbidden. A required one is {@code to.size()} finite values (rank 1) in
     * the parameter's dtype or in float64 (checkpoints written before float32 parameters kept float32 moments),
     * converted into {@code to} and checked again there (a float64 value beyond float32's range would be infinite).
     */
    private static void moment(Path file, TensorFile f, String name, String rule, boolean kept, boolean nonNegative,
            Tensor to) throws IOException {
        Tensor t = f.tensors().get(name);
        if (!kept) {
            if (t != null) throw bad(file, name + " is present, but " + rule + " keeps no such state");
            return;
        }
        if (t == null) throw bad(file, name + " is missing (" + rule + " keeps it for every parameter)");
        if (t.rank() != 1 || t.size() != to.size() || t.dtype() != DType.FLOAT64 && t.dtype() != to.dtype()) {
            throw bad(file, name + " must be " + to.size() + " " + DType.FLOAT64 + " or " + to.dtype()
                    + " values (rank 1), got " + t.size() + " " + t.dtype() + " of rank " + t.rank());
        }
        checkFinite(file, name, t, nonNegative);
        for (int i = 0; i < to.size(); i++) to.setFlat(i, t.getFlat(i));
        checkFinite(file, name, to, nonNegative);
    }

    private static List<Double> accuracies(Path file, TensorFile f, String name) throws IOException {
        List<Double> a = unlist(tensor(file, f, name, null, false));
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) >= 0 && a.get(i) <= 1)) throw bad(file, name + "[" + i + "] is " + a.get(i) + ", must be in [0, 1]");
        }
        return a;
    }

    /** Refuses NaN and infinite values (and negative ones if {@code nonNegative}), naming the first. */
    private static void checkFinite(Path file, String name, Tensor t, boolean nonNegative) throws IOException {
        int bad = 0, first = -1;
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            if (!Double.isFinite(v) || nonNegative && v < 0) {
                if (first < 0) first = i;
                bad++;
            }
        }
        if (bad > 0) {
            throw bad(file, name + " has " + bad + " value(s) that are not " + (nonNegative ? "finite and >= 0" : "finite")
                    + " (the first, " + t.getFlat(first) + ", at flat index " + first + ")");
        }
    }

    private static int parseInt(Path file, TensorFile f, String key) throws IOException {
        long v = parseLong(file, f, key);
        if (v != (int) v) throw bad(file, key + " is " + v + ", beyond the int range");
        return (int) v;
    }

    private static long parseLong(Path file, TensorFile f, String key) throws IOException {
        String v = f.require(file, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(file, key + " is '" + v + "', not an integer");
        }
    }

    private static double parseDouble(Path file, TensorFile f, String key) throws IOException {
        String v = f.require(file, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(file, key + " is '" + v + "', not a number");
        }
    }

    private static IOException bad(Path file, String what) {
        return new IOException(file + ": bad checkpoint: " + what);
    }
}
