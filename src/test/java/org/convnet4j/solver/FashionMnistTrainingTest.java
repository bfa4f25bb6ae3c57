package org.convnet4j.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.FashionMnist;
import org.convnet4j.fast.Backend;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.testing.DataAssume;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * A short training run on real data: 5,000 Fashion-MNIST images (Debian's dataset-fashion-mnist), one
 * epoch with the notebook's training settings (hidden 500, Adam lr 1e-3, batch 50, weight scale 1e-3, reg 1e-3) on the native
 * layers, must reach validation accuracy 0.75 (chance is 0.1). Skipped without the data unless
 * {@code -Dcnn.requireData=true} (CI), which makes that a failure.
 */
class FashionMnistTrainingTest extends TestBase {

    @Test
    void learnsFashionMnistFromFiveThousandImages() throws IOException {
        Path dir = DataAssume.fashionMnist();
        NativeAssume.nativeAvailable();

        DataSplits data = FashionMnist.load(dir, 5000, 1000, 1000, true, DType.FLOAT32);
        ThreeLayerConvNet model = new ThreeLayerConvNet(ThreeLayerConvNet.Config.defaults().withInputDim(1, 28, 28)
                .withHiddenDim(500).withReg(1e-3), Ops.of(Backend.NATIVE), new Rng(231));
        Solver solver = new Solver(model, data.train().images(), data.train().labels(), data.val().images(),
                data.val().labels(), Solver.Options.defaults().withUpdateRule(new UpdateRules.Adam(1e-3, 0.9, 0.999, 1e-8))
                        .withBatchSize(50).withNumEpochs(1));
        solver.train();
        double val = solver.bestValAcc();
        double test = solver.checkAccuracy(data.test().images(), data.test().labels(), 0);
        assertTrue(val >= 0.75, "validation accuracy " + val + " after one epoch on 5,000 images");
        assertTrue(test >= 0.70, "test accuracy " + test);
        assertTrue(solver.lossHistory().get(solver.lossHistory().size() - 1) < solver.lossHistory().get(0),
                "loss fell: " + solver.lossHistory().get(0) + " -> " + solver.lossHistory().get(solver.lossHistory().size() - 1));
    }
}
