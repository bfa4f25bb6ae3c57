package org.convnet4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.convnet4j.io.TensorFile;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * Saves and loads trained models ({@link Net}s, and {@link ThreeLayerConvNet}s, which run as one) in the
 * {@link TensorFile} format. Format version 2 (metadata {@code format_version=2}) records the
 * architecture so that {@link #load} rebuilds any net without code:
 *
 * <pre>
 * format=convnet4j-model  format_version=2  model=Net (or ThreeLayerConvNet, plus its config keys)
 * arch=conv(8,3)-sbn-relu-pool(2)-affine(10)   (the {@link Sequential} text)
 * input_dim=1,28,28  dtype=float32  init=weight_scale  weight_scale=0.001  reg=0.001
 * tensors: W1, b1, gamma1, beta1, ..., running_mean1, running_var1, ..., [preprocess/mean]
 * </pre>
 *
 * {@code preprocess/mean} is the mean image subtracted from the training data, when it was, so that new
 * inputs can be prepared the same way. Version 1 files (no {@code format_version}: a ThreeLayerConvNet
 * config in the metadata, tensors W1..b3) still load. Loading checks the architecture, the config and
 * every shape before building the net; a problem is an {@link IOException} naming the file.
 */
public final class ModelFile {
    public static final String FORMAT = "convnet4j-model";
    public static final String MEAN = "preprocess/mean";
    /** The format version this code writes; it reads 1 and 2. */
    public static final int VERSION = 2;

    private ModelFile() {}

    /** A loaded net with its preprocessing mean (null when none was saved) and metadata. */
    public record Loaded(Net model, Tensor mean, Map<String, String> meta) {}

    /**
     * The ThreeLayerConvNet config as metadata entries (version 1's keys, which version 2 keeps for it).
     *
     * @throws IllegalArgumentException if c is null
     */
    public static Map<String, String> configMeta(ThreeLayerConvNet.Config c) {
        Checks.notNull("model file", "config", c);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", "ThreeLayerConvNet");
        int[] d = c.inputDim();
        m.put("input_dim", d[0] + "," + d[1] + "," + d[2]);
        m.put("num_filters", Integer.toString(c.numFilters()));
        m.put("filter_size", Integer.toString(c.filterSize()));
        m.put("hidden_dim", Integer.toString(c.hiddenDim()));
        m.put("num_classes", Integer.toString(c.numClasses()));
        m.put("weight_scale", Double.toString(c.weightScale()));
        m.put("reg", Double.toString(c.reg()));
        m.put("dtype", c.dtype().name().toLowerCase(Locale.ROOT));
        return m;
    }

    /**
     * What a model file or checkpoint records about a model's architecture (version 2): for a {@link Net}
     * the keys above, for a {@link ThreeLayerConvNet} its {@link #configMeta} plus the same keys.
     *
     * @throws IllegalArgumentException for any other kind of {@link Model}
     */
    public static Map<String, String> architectureMeta(Model model) {
        Checks.notNull("model file", "model", model);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format_version", Integer.toString(VERSION));
        Net net;
        if (model instanceof ThreeLayerConvNet t) {
            m.putAll(configMeta(t.config()));
            net = t.net();
        } else if (model instanceof Net n) {
            m.put("model", "Net");
            net = n;
        } else {
            throw new IllegalArgumentException("model file: only a Net or a ThreeLayerConvNet can be saved, got "
                    + model.getClass().getName());
        }
        Net.Config c = net.config();
        m.put("arch", net.architecture().toString());
        StringBuilder d = new StringBuilder();
        for (int v : c.inputDim()) d.append(d.length() > 0 ? "," : "").append(v);
        m.put("input_dim", d.toString());
        m.put("dtype", c.dtype().name().toLowerCase(Locale.ROOT));
        m.put("init", c.init().text());
        m.put("weight_scale", Double.toString(c.weightScale()));
        m.put("reg", Double.toString(net.reg()));
        return m;
    }

    /**
     * Parses {@link #configMeta} back.
     *
     * @throws IOException naming the file, the metadata key, its value and its byte offset if a key is
     *     missing, a value is not a number of the right kind, or the config is invalid
     * @throws IllegalArgumentException if f is null
     */
    public static ThreeLayerConvNet.Config parseConfig(Path file, TensorFile f) throws IOException {
        Checks.notNull("model file", "tensor file", f);
        if (!"ThreeLayerConvNet".equals(f.require(file, "model"))) {
            throw new IOException(at(file, f, "model") + "model type '" + f.meta().get("model") + "' is not ThreeLayerConvNet");
        }
        int[] inputDim = intList(file, f, "input_dim");
        if (inputDim.length != 3) {
            throw new IOException(at(file, f, "input_dim") + "input_dim must be C,H,W, got '" + f.meta().get("input_dim") + "'");
        }
        try {
            return new ThreeLayerConvNet.Config(inputDim, intValue(file, f, "num_filters"), intValue(file, f, "filter_size"),
                    intValue(file, f, "hidden_dim"), intValue(file, f, "num_classes"), doubleValue(file, f, "weight_scale"),
                    doubleValue(file, f, "reg"), DType.parse(f.require(file, "dtype")));
        } catch (IllegalArgumentException e) {
            throw new IOException(at(file, f, "model") + "bad model config in the metadata: " + e.getMessage(), e);
        }
    }

    /** {@code "FILE: at offset N: "} for metadata entry {@code key}, or {@code "FILE: "} when its offset is unknown. */
    private static String at(Path file, TensorFile f, String key) {
        long offset = f.metaOffset(key);
        return file + ": " + (offset >= 0 ? "at offset " + offset + ": " : "");
    }

    private static int intValue(Path file, TensorFile f, String key) throws IOException {
        return parseInt(file, f, key, f.require(file, key));
    }

    /** A comma-separated list of ints, e.g. {@code input_dim=3,32,32}. */
    private static int[] intList(Path file, TensorFile f, String key) throws IOException {
        String[] parts = f.require(file, key).split(",", -1);
        int[] v = new int[parts.length];
        for (int i = 0; i < v.length; i++) v[i] = parseInt(file, f, key, parts[i]);
        return v;
    }

    private static int parseInt(Path file, TensorFile f, String key, String part) throws IOException {
        try {
            return Integer.parseInt(part.trim());
        } catch (NumberFormatException e) {
            String value = f.meta().get(key);
            throw new IOException(at(file, f, key) + "metadata " + key + " must be "
                    + (part.equals(value) ? "an integer" : "integers") + " (32-bit), got '" + value + "'", e);
        }
    }

    private static double doubleValue(Path file, TensorFile f, String key) throws IOException {
        String v = f.require(file, key);
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IOException(at(file, f, key) + "metadata " + key + " must be a number, got '" + v + "'", e);
        }
    }

    /**
     * The net a model file or checkpoint holds, with its parameters and batch-norm running statistics:
     * from the architecture text (version 2), or from the ThreeLayerConvNet config (version 1).
     *
     * @param ops the layers it will run on
     * @throws IOException naming the file when the metadata or a tensor is missing or wrong
     */
    public static Net readNet(Path file, TensorFile f, Ops ops) throws IOException {
        Checks.notNull("model file", "ops", ops);
        String version = f.meta().getOrDefault("format_version", "1");
        if (!version.equals("1") && !version.equals(Integer.toString(VERSION))) {
            throw new IOException(at(file, f, "format_version") + "format_version " + version
                    + " is not one this convnet4j reads (1, " + VERSION + "); a newer version wrote it, or the file is corrupt");
        }
        if (!f.meta().containsKey("arch")) {
            ThreeLayerConvNet.Config config = parseConfig(file, f);
            Map<String, Tensor> params = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : ThreeLayerConvNet.expectedShapes(config).entrySet()) {
                params.put(e.getKey(), f.requireTensor(file, e.getKey(), e.getValue()));
            }
            return new ThreeLayerConvNet(config, ops, params).net();
        }
        Sequential arch;
        Net.Config config;
        int[] d = intList(file, f, "input_dim");
        double weightScale = doubleValue(file, f, "weight_scale"), reg = doubleValue(file, f, "reg");
        String key = "arch"; // the entry a refusal is about, for its offset
        try {
            arch = Sequential.parse(f.require(file, key));
            key = "dtype";
            DType dtype = DType.parse(f.require(file, key));
            key = "init";
            Net.Init init = Net.Init.parse(f.require(file, key));
            key = "input_dim";
            config = new Net.Config(d, dtype, init, weightScale, reg);
        } catch (IllegalArgumentException e) {
            throw new IOException(at(file, f, key) + "bad architecture metadata: " + e.getMessage(), e);
        }
        try {
            return new Net(arch, config, ops, f.tensors(), f.tensors());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the tensors do not fit the architecture '" + arch + "': " + e.getMessage(), e);
        }
    }

    /**
     * Writes the model (a {@link Net} or a {@link ThreeLayerConvNet}), its batch-norm running statistics
     * and the optional mean image to {@code path} atomically, in format version 2.
     *
     * @param mean the training data's mean image, or null
     * @param extraMeta more metadata (e.g. the data set, the accuracies), or null
     * @throws IllegalArgumentException if path or model is null, or for another kind of model
     */
    public static void save(Path path, Model model, Tensor mean, Map<String, String> extraMeta) throws IOException {
        Checks.notNull("model file", "path", path);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.putAll(architectureMeta(model));
        if (extraMeta != null) meta.putAll(extraMeta);
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.params());
        tensors.putAll(model.state());
        if (mean != null) tensors.put(MEAN, mean);
        new TensorFile(meta, tensors).write(path);
    }

    /**
     * Reads a model written by {@link #save} (format version 1 or 2); {@code ops} chooses the layers it will run on.
     *
     * @throws IOException naming the file if it cannot be read, is corrupt (with the byte offset), is not a
     *     model file, or holds invalid metadata (with the entry's byte offset) or a tensor of the wrong shape
     * @throws IllegalArgumentException if path or ops is null
     */
    public static Loaded load(Path path, Ops ops) throws IOException {
        Checks.notNull("model file", "path", path);
        Checks.notNull("model file", "ops", ops);
        TensorFile f = TensorFile.read(path);
        if (!FORMAT.equals(f.meta().get("format"))) {
            throw new IOException(at(path, f, "format") + "not a convnet4j model file (format '" + f.meta().get("format") + "')");
        }
        Net net = readNet(path, f, ops);
        Tensor mean = f.tensors().get(MEAN);
        if (mean != null) {
            int[] d = net.config().inputDim();
            if (d.length == 3) f.requireTensor(path, MEAN, d);
            else if (mean.size() != d[0]) {
                throw new IOException(path + ": tensor '" + MEAN + "' must have " + d[0] + " elements (input_dim), got "
                        + java.util.Arrays.toString(mean.shape()));
            }
        }
        return new Loaded(net, mean, f.meta());
    }
}
