package org.convnet4j.solver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.convnet4j.tensor.Tensor;

/**
 * A training checkpoint in the {@link TensorFile} format ({@code format=convnet4j-checkpoint}): the
 * model's architecture ({@link ModelFile#architectureMeta}, format version 2), parameters and batch-norm
 * running statistics, the completed epoch count, the histories, the best parameters (and the running
 * statistics taken with them, {@code best/NAME}) and validation accuracy, and each parameter's
 * update-rule state ({@code optim/NAME/m}, {@code optim/NAME/v} in the parameter's dtype (float64 in files
 * written before float32 parameters kept float32 moments; they are converted on resume), with {@code t} and the
 * decayed learning rate in the metadata). {@link #net} rebuilds the net of any checkpoint, {@link #model} the
 * ThreeLayerConvNet of one that holds it, and {@link #resume} puts the rest back into a {@link Solver}.
 * Version 1 checkpoints (ThreeLayerConvNet only, no {@code format_version}) still load.
 *
 * <p>A net's dropout Rng is not saved: a resumed run draws new masks, as its minibatches are re-seeded
 * (see {@link Solver#restore}).
 */
public final class Checkpoint {
    public static final String FORMAT = "convnet4j-checkpoint";

    private Checkpoint() {}

    /** A listener that writes a checkpoint at the end of every epoch (atomically, replacing the last). */
    public static TrainingListener everyEpoch(Path file) {
        Checks.notNull("checkpoint", "file", file);
        return new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, Solver solver) {
                try {
                    save(file, solver);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("could not write checkpoint " + file + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /**
     * Writes the solver's state atomically.
     *
     * @throws IllegalArgumentException unless the model is a {@link org.convnet4j.model.Net} or a
     *     {@link ThreeLayerConvNet}
     */
    public static void save(Path file, Solver solver) throws IOException {
        Checks.notNull("checkpoint", "file", file);
        Checks.notNull("checkpoint", "solver", solver);
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
        new TensorFile(meta, t).write(file);
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
     * The net of any checkpoint (version 1 or 2) with its parameters and running statistics, to be trained
     * on by {@link #resume}.
     */
    public static Net net(Path file, Ops ops) throws IOException {
        return ModelFile.readNet(file, read(file), ops);
    }

    /**
     * The ThreeLayerConvNet of a checkpoint that holds one, to be trained on by {@link #resume}.
     *
     * @throws IOException naming the file when it holds another kind of net (use {@link #net})
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
        return new ThreeLayerConvNet(config, ops, params);
    }

    private static TensorFile read(Path file) throws IOException {
        Checks.notNull("checkpoint", "file", file);
        TensorFile f = TensorFile.read(file);
        if (!FORMAT.equals(f.meta().get("format"))) {
            throw new IOException(file + ": not a convnet4j checkpoint (format '" + f.meta().get("format") + "')");
        }
        return f;
    }

    /** Restores epoch, histories, best parameters and update-rule states into {@code solver}; returns the epoch. */
    public static int resume(Path file, Solver solver) throws IOException {
        Checks.notNull("checkpoint", "solver", solver);
        TensorFile f = read(file);
        String rule = f.require(file, "update_rule");
        if (!rule.equals(solver.options().updateRule().name())) {
            throw new IOException(file + ": checkpoint was trained with " + rule + ", not "
                    + solver.options().updateRule().name());
        }
        Map<String, Tensor> best = null, bestState = null;
        Map<String, UpdateRule.State> states = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : solver.model().params().entrySet()) {
                String name = e.getKey();
                int size = e.getValue().size();
                Tensor b = f.tensors().get("best/" + name);
                if (b != null) {
                    if (best == null) best = new LinkedHashMap<>();
                    best.put(name, f.requireTensor(file, "best/" + name, e.getValue().shape()).as(solver.model().dtype()));
                }
                String p = "optim/" + name + "/";
                Tensor m = f.tensors().get(p + "m"), v = f.tensors().get(p + "v");
                UpdateRule.State s = new UpdateRule.State(Double.parseDouble(f.require(file, p + "lr")),
                        solver.model().dtype(), size, v != null ? 2 : m != null ? 1 : 0);
                s.t = Long.parseLong(f.require(file, p + "t"));
                if (m != null) copy(file, p + "m", m, s.m);
                if (v != null) copy(file, p + "v", v, s.v);
                states.put(name, s);
            }
            for (Map.Entry<String, Tensor> e : solver.model().state().entrySet()) {
                String name = "best/" + e.getKey();
                if (best == null || !f.tensors().containsKey(name)) continue;
                if (bestState == null) bestState = new LinkedHashMap<>();
                bestState.put(e.getKey(), f.requireTensor(file, name, e.getValue().shape()).as(solver.model().dtype()));
            }
            int epoch = Integer.parseInt(f.require(file, "epoch"));
            solver.restore(epoch, unlist(f.requireTensor(file, "history/loss")),
                    unlist(f.requireTensor(file, "history/train_acc")), unlist(f.requireTensor(file, "history/val_acc")),
                    Double.parseDouble(f.require(file, "best_val_acc")), best, bestState, states);
            return epoch;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": bad checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Copies saved moments into a state's, converting the dtype: version 1 files and checkpoints written before
     * float32 parameters kept float32 moments hold float64 ones.
     */
    private static void copy(Path file, String name, Tensor from, Tensor to) throws IOException {
        if (from.size() != to.size() || from.rank() != 1) {
            throw new IOException(file + ": " + name + " must be " + to.size() + " values (rank 1), got " + from);
        }
        for (int i = 0; i < to.size(); i++) to.setFlat(i, from.getFlat(i));
    }
}
