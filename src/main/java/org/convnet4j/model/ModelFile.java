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
 * Saves and loads a trained {@link ThreeLayerConvNet} in the {@link TensorFile} format: metadata
 * {@code format=convnet4j-model}, {@code model=ThreeLayerConvNet} and the config, tensors W1..b3 and,
 * when the training data were mean-subtracted, {@code preprocess/mean (C, H, W)} so that new inputs can
 * be prepared the same way. Loading checks the config and every shape before building the model.
 */
public final class ModelFile {
    public static final String FORMAT = "convnet4j-model";
    public static final String MEAN = "preprocess/mean";

    private ModelFile() {}

    /** A loaded model with its preprocessing mean (null when none was saved) and metadata. */
    public record Loaded(ThreeLayerConvNet model, Tensor mean, Map<String, String> meta) {}

    /** The config as metadata entries (also used by checkpoints). @throws IllegalArgumentException if c is null */
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
     * Parses {@link #configMeta} back.
     *
     * @throws IOException naming the file, the metadata key and its value if a key is missing, a value is
     *     not a number of the right kind, or the config is invalid
     * @throws IllegalArgumentException if f is null
     */
    public static ThreeLayerConvNet.Config parseConfig(Path file, TensorFile f) throws IOException {
        Checks.notNull("model file", "tensor file", f);
        if (!"ThreeLayerConvNet".equals(f.require(file, "model"))) {
            throw new IOException(at(file, f, "model") + "model type '" + f.meta().get("model") + "' is not ThreeLayerConvNet");
        }
        String[] dims = f.require(file, "input_dim").split(",", -1);
        if (dims.length != 3) {
            throw new IOException(at(file, f, "input_dim") + "input_dim must be C,H,W, got '" + f.meta().get("input_dim") + "'");
        }
        int[] inputDim = new int[3];
        for (int k = 0; k < 3; k++) inputDim[k] = parseInt(file, f, "input_dim", dims[k]);
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
     * Writes the model (and the optional mean image) to {@code path} atomically.
     *
     * @throws IllegalArgumentException if path or model is null
     */
    public static void save(Path path, ThreeLayerConvNet model, Tensor mean, Map<String, String> extraMeta)
            throws IOException {
        Checks.notNull("model file", "path", path);
        Checks.notNull("model file", "model", model);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.putAll(configMeta(model.config()));
        meta.put("reg", Double.toString(model.reg()));
        if (extraMeta != null) meta.putAll(extraMeta);
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.params());
        if (mean != null) tensors.put(MEAN, mean);
        new TensorFile(meta, tensors).write(path);
    }

    /**
     * Reads a model written by {@link #save}; {@code ops} chooses the layers it will run on.
     *
     * @throws IOException naming the file if it cannot be read, is corrupt (with the byte offset), is not a
     *     model file, or holds an invalid config or a tensor of the wrong shape
     * @throws IllegalArgumentException if path or ops is null
     */
    public static Loaded load(Path path, Ops ops) throws IOException {
        Checks.notNull("model file", "path", path);
        Checks.notNull("model file", "ops", ops);
        TensorFile f = TensorFile.read(path);
        if (!FORMAT.equals(f.meta().get("format"))) {
            throw new IOException(at(path, f, "format") + "not a convnet4j model file (format '" + f.meta().get("format") + "')");
        }
        ThreeLayerConvNet.Config config = parseConfig(path, f);
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : ThreeLayerConvNet.expectedShapes(config).entrySet()) {
            params.put(e.getKey(), f.requireTensor(path, e.getKey(), e.getValue()));
        }
        Tensor mean = f.tensors().get(MEAN);
        if (mean != null) f.requireTensor(path, MEAN, config.inputDim());
        return new Loaded(new ThreeLayerConvNet(config, ops, params), mean, f.meta());
    }
}
