package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convnet4j.io.TensorFile;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.viz.FilterGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The notebook's "Visualize Filters" cell: visualize_grid of a trained model's first-layer weights. */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "Write the first-layer filters of a trained model as a grid picture (the notebook's visualize_grid).")
final class FiltersCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "out/model.cnv",
            description = "Model file or checkpoint (default ${DEFAULT-VALUE}).")
    Path model;
    @Option(names = "--out", defaultValue = "out/filters.png",
            description = "Picture to write, in the format its name ends in: .png, .jpg, .jpeg or .bmp (default ${DEFAULT-VALUE}).")
    Path png;
    @Option(names = "--scale", defaultValue = "0",
            description = "Pixels per weight, >= 1; 0 (the default) picks one for a ~400 px picture.")
    int scale;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OptionChecks check = new OptionChecks(spec);
        check.atLeast("--scale", 0, scale);
        check.pictureName("--out", png);
        FileChecks.readableFile("model file", model, "--model");
        FileChecks.writableFile("filter picture", png, "--out");
        var w1 = firstLayerWeights(model).as(DType.FLOAT64);
        if (scale > 0) FilterGrid.write(png, w1, scale);
        else FilterGrid.write(png, w1);
        System.out.println("wrote " + png + " (" + w1.dim(0) + " filters " + w1.dim(2) + "x" + w1.dim(3) + " from " + model + ")");
        return 0;
    }

    /**
     * W1 of a model file or a checkpoint (a checkpoint's current parameters, those of its last epoch).
     *
     * @throws IOException naming the file when it is neither, or is damaged
     * @throws IllegalArgumentException when the first layer is not a convolution (no filters to draw)
     */
    static Tensor firstLayerWeights(Path file) throws IOException {
        TensorFile f = TensorFile.read(file);
        String format = f.meta().get("format");
        if (!ModelFile.FORMAT.equals(format) && !Checkpoint.FORMAT.equals(format)) {
            throw new IOException(file + ": neither a convnet4j model file nor a checkpoint (format '" + format + "')");
        }
        Net net = ModelFile.readNet(file, f, Ops.naive());
        Tensor w1 = net.params().get("W1");
        if (w1 == null || w1.rank() != 4) {
            throw new IllegalArgumentException(file + ": the first layer of " + net.architecture()
                    + " is not a convolution, so it has no filters to draw");
        }
        return w1;
    }
}
