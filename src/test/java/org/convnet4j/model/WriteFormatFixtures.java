package org.convnet4j.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.UpdateRules;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * Writes the model-file and checkpoint fixtures of {@code src/test/resources/fixtures/} with whatever
 * code it is compiled with. Not a test: run it by hand, and only to add a fixture of a new format version;
 * the checked-in files pin what an older version of the code wrote (STYLE section 7, "Serialization").
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.convnet4j.model.WriteFormatFixtures \
 *     src/test/resources/fixtures v1
 * </pre>
 *
 * The {@code v1} files were written by commit 41b2ac1 (the format before issue 8: a ThreeLayerConvNet
 * config in the metadata, no architecture text); the {@code v2} files by the commit that introduced format
 * version 2 (the architecture text), which also wrote {@code net-v2.cnv}, a {@link Net} with batch norm,
 * spatial batch norm and dropout after a few training passes (so its running statistics are not zero).
 * Beside each file goes {@code NAME.expected}: the scores of the saved model on the inputs
 * {@link #inputs()} (float32 values printed with 9 significant digits, enough to round-trip) and, for the
 * checkpoint, its loss history and the trained model's loss on its training rows (17 digits).
 */
public final class WriteFormatFixtures {
    private WriteFormatFixtures() {}

    /** The fixture ThreeLayerConvNet: (1, 6, 6) inputs, 2 filters 3x3, hidden 5, 3 classes. */
    static ThreeLayerConvNet.Config config() {
        return ThreeLayerConvNet.Config.defaults().withInputDim(1, 6, 6).withFilters(2, 3).withHiddenDim(5)
                .withNumClasses(3).withWeightScale(0.1).withReg(0.01);
    }

    /** The inputs the expected scores are computed on: 4 images drawn from {@code new Rng(5)}. */
    static Tensor inputs() {
        return Tensor.randn(new Rng(5), DType.FLOAT32, 4, 1, 6, 6);
    }

    /** The architecture of the net fixture. */
    static final String NET = "conv(2,3)-sbn-relu-pool(2)-affine(5)-bn-relu-dropout(0.8)-affine(3)";

    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: WriteFormatFixtures DIR VERSION");
        Path dir = Path.of(args[0]);
        String v = args[1];
        Files.createDirectories(dir);

        Rng rng = new Rng(231);
        ThreeLayerConvNet model = new ThreeLayerConvNet(config(), Ops.naive(), rng);
        Tensor mean = Tensor.randn(rng, DType.FLOAT32, 1, 6, 6);
        Path modelFile = dir.resolve("model-" + v + ".cnv");
        ModelFile.save(modelFile, model, mean, Map.of("data", "fixture"));
        writeExpected(dir.resolve("model-" + v + ".expected"), model.scores(inputs()), List.of());

        Rng r = new Rng(7);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 8, 1, 6, 6);
        int[] y = r.randint(3, 8);
        ThreeLayerConvNet trained = new ThreeLayerConvNet(config(), Ops.naive(), r);
        Solver solver = new Solver(trained, x, y, x, y, Solver.Options.defaults()
                .withUpdateRule(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8)).withBatchSize(4).withNumEpochs(2)
                .withLrDecay(0.5));
        solver.train();
        Checkpoint.save(dir.resolve("checkpoint-" + v + ".cnv"), solver);
        if (!v.equals("v1")) {
            Rng nr = new Rng(11);
            Net net = Sequential.parse(NET).build(Net.Config.defaults(1, 6, 6).withInit(Net.Init.HE), Ops.naive(), nr);
            for (int i = 0; i < 3; i++) net.loss(Tensor.randn(nr, DType.FLOAT32, 5, 1, 6, 6), nr.randint(3, 5));
            ModelFile.save(dir.resolve("net-" + v + ".cnv"), net, null, Map.of("data", "fixture"));
            writeExpected(dir.resolve("net-" + v + ".expected"), net.scores(inputs()), List.of());
        }
        writeExpected(dir.resolve("checkpoint-" + v + ".expected"), trained.scores(inputs()), solver.lossHistory());
        // most scores of the trained net on inputs() are 0 (dead ReLUs), so also its loss on the training rows
        Files.writeString(dir.resolve("checkpoint-" + v + ".expected"), String.format(Locale.ROOT, "train_loss %.17g%n",
                trained.loss(x, y).loss()), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void writeExpected(Path file, Tensor scores, List<Double> loss) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder s = new StringBuilder("scores");
        for (int i = 0; i < scores.size(); i++) s.append(' ').append(String.format(Locale.ROOT, "%.9g", scores.getFlat(i)));
        lines.add(s.toString());
        if (!loss.isEmpty()) {
            StringBuilder l = new StringBuilder("loss");
            for (double d : loss) l.append(' ').append(String.format(Locale.ROOT, "%.17g", d));
            lines.add(l.toString());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
