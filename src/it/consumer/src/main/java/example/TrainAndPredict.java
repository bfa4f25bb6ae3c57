package example;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.convnet4j.data.DataChoice;
import org.convnet4j.data.DataLocator;
import org.convnet4j.data.DataSource;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.LoadOptions;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.fast.Backend;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.predict.Evaluation;
import org.convnet4j.predict.Predictor;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.UpdateRule;
import org.convnet4j.tensor.Rng;
import org.convnet4j.viz.SampleImages;
import org.convnet4j.viz.TrainingPlots;

/** Loads data, trains a small net with the Solver, plots, saves, loads it back and predicts. */
public final class TrainAndPredict {
    public static void main(String[] args) throws Exception {
        // 1. data: CIFAR-10 if found, else Fashion-MNIST, else the built-in synthetic set; mean image subtracted
        DataChoice choice = DataLocator.system().resolve(DataSource.AUTO, null);
        DataSplits data = choice.load(LoadOptions.defaults().withSizes(2000, 500, 500));
        System.out.println(data.summary());

        // 2. a net, trained by the Solver with Adam (learning rate 1e-3), 2 epochs of batches of 50
        int[] shape = {data.train().channels(), data.train().height(), data.train().width()};
        Net net = Sequential.parse("conv(16,5)-relu-pool(2)-affine(100)-relu-affine(10)")
                .build(Net.Config.defaults(shape).withReg(1e-3), Ops.of(Backend.AUTO), new Rng(231));
        Solver solver = new Solver(net, data.train().images(), data.train().labels(),
                data.val().images(), data.val().labels(), Solver.Options.defaults()
                        .withUpdateRule(UpdateRule.of("adam", 1e-3)).withBatchSize(50).withNumEpochs(2));
        solver.train();

        // 3. the notebook's loss/accuracy figure (convnet4j-viz)
        Path out = Files.createDirectories(Path.of("out"));
        TrainingPlots.write(out.resolve("loss_acc.png"), solver, "my net on " + choice.source());

        // 4. save the net with its preprocessing (class names, mean image), and load it back
        Path file = out.resolve("model.cnv");
        ModelFile.save(file, net, Preprocessing.of(data, choice.source().cliName()));
        ModelFile.Loaded loaded = ModelFile.load(file, Ops.of(Backend.AUTO));
        System.out.println(loaded);

        // 5. predict: the test split (already centred), then pictures of any size (PNG, JPEG)
        Predictor predictor = Predictor.of(loaded);
        Evaluation test = predictor.evaluatePrepared(data.test());
        System.out.printf("test accuracy %.4f%n", test.accuracy());
        Path kitten = out.resolve("kitten.png");
        ImageIO.write(SampleImages.kitten(), "png", kitten.toFile());
        System.out.println(kitten + ": " + predictor.predict(kitten).top(3));
        for (String picture : args) System.out.println(picture + ": " + predictor.predict(Path.of(picture)).top(3));
    }
}
