package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Ops;
import org.convnet4j.tensor.DType;
import org.convnet4j.viz.FilterGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The notebook's "Visualize Filters" cell: visualize_grid of a trained model's first-layer weights. */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "Write the first-layer filters of a trained model as a grid picture (the notebook's visualize_grid).")
final class FiltersCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "out/model.cnv", description = "Model file (default ${DEFAULT-VALUE}).")
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
        ModelFile.Loaded loaded = ModelFile.load(model, Ops.naive());
        var w1 = loaded.model().params().get("W1").as(DType.FLOAT64);
        if (w1.rank() != 4) {
            String first = loaded.model().layers().stream().filter(l -> l.paramNames().contains("W1")).findFirst()
                    .map(l -> l.spec().text()).orElse("not a conv");
            throw new IllegalArgumentException(model + ": the first layer is " + first + " (W1 " + java.util.Arrays.toString(w1.shape())
                    + "), not a conv: there are no filters to draw");
        }
        if (scale > 0) FilterGrid.write(png, w1, scale);
        else FilterGrid.write(png, w1);
        System.out.println("wrote " + png + " (" + w1.dim(0) + " filters " + w1.dim(2) + "x" + w1.dim(3) + " from " + model + ")");
        return 0;
    }
}
