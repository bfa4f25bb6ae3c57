package org.convnet4j.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.convnet4j.data.DataSplits;
import org.convnet4j.data.FashionMnist;
import org.convnet4j.fast.Backend;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.testing.DataAssume;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * A stack with every layer type (conv, spatial batch norm, ReLU, max pool, affine, batch norm, dropout)
 * learns real data: 300 Adam iterations (3 epochs of 5,000 Fashion-MNIST images, batch 50) on the native
 * layers. Its loss must fall and its validation accuracy end well above chance (0.1). Not timed. Skipped
 * without the data unless {@code -Dcnn.requireData=true} (CI), which makes that a failure.
 */
class FashionMnistNetTrainingTest extends TestBase {
    static final String ARCH = "[conv(8,3)-sbn-relu-pool(2)]x2-affine(64)-bn-relu-dropout(0.8)-affine(10)";

    @Test
    void aStackWithEveryLayerTypeLearnsFashionMnist() throws IOException {
        Path dir = DataAssume.fashionMnist();
        NativeAssume.nativeAvailable();

        DataSplits data = FashionMnist.load(dir, 5000, 1000, 1000, true, DType.FLOAT32);
        Sequential arch = Sequential.parse(ARCH);
        Set<String> kinds = arch.layers().stream().map(l -> l.getClass().getSimpleName()).collect(Collectors.toSet());
        assertTrue(kinds.equals(Set.of("Conv", "SpatialBatchNorm", "Relu", "Pool", "Affine", "BatchNorm", "Dropout")), kinds.toString());
        Net net = arch.build(Net.Config.defaults(1, 28, 28).withInit(Net.Init.HE).withReg(1e-4), Ops.of(Backend.NATIVE),
                new Rng(231));
        Solver solver = new Solver(net, data.train().images(), data.train().labels(), data.val().images(),
                data.val().labels(), Solver.Options.defaults().withUpdateRule(new UpdateRules.Adam(1e-3, 0.9, 0.999, 1e-8))
                        .withBatchSize(50).withNumEpochs(3));
        solver.train();
        List<Double> loss = solver.lossHistory();
        double first = mean(loss.subList(0, 20)), last = mean(loss.subList(loss.size() - 20, loss.size()));
        assertTrue(loss.size() == 300, "300 iterations, got " + loss.size());
        assertTrue(last < first - 0.8, "loss fell: mean of the first 20 " + first + ", of the last 20 " + last);
        double val = solver.bestValAcc();
        double test = solver.checkAccuracy(data.test().images(), data.test().labels(), 0);
        assertTrue(val >= 0.75, "validation accuracy " + val + " (chance 0.1)");
        assertTrue(test >= 0.72, "test accuracy " + test);
    }

    private static double mean(List<Double> l) {
        double s = 0;
        for (double d : l) s += d;
        return s / l.size();
    }
}
