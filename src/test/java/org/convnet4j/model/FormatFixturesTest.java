package org.convnet4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.UpdateRules;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.Compare;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by older versions of the code still load and give the numbers they gave then
 * ({@code src/test/resources/fixtures}, written by {@link WriteFormatFixtures}; STYLE section 7): format
 * version 1 (before nets had an architecture text) and version 2.
 */
class FormatFixturesTest extends TestBase {
    @TempDir
    Path dir;

    /** Copies a fixture out of the classpath, so the loaders see a real file. */
    Path fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            if (in == null) throw new IOException("missing test resource /fixtures/" + name);
            Files.copy(in, p);
        }
        return p;
    }

    /** The lines of NAME.expected as key -> numbers. */
    Map<String, double[]> expected(String name) throws IOException {
        Map<String, double[]> m = new HashMap<>();
        for (String line : Files.readAllLines(fixture(name), StandardCharsets.UTF_8)) {
            String[] f = line.trim().split(" ");
            double[] v = new double[f.length - 1];
            for (int i = 1; i < f.length; i++) v[i - 1] = Double.parseDouble(f[i]);
            m.put(f[0], v);
        }
        return m;
    }

    private static Tensor scoresOf(double[] v) {
        return Tensor.of(DType.FLOAT32, v, 4, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void aThreeLayerConvNetModelFileLoadsWithItsScoresAndMean(String v) throws IOException {
        ModelFile.Loaded loaded = ModelFile.load(fixture("model-" + v + ".cnv"), Ops.naive());
        Compare.assertAllClose(v + " model scores", scoresOf(expected("model-" + v + ".expected").get("scores")),
                loaded.model().scores(WriteFormatFixtures.inputs()));
        Rng r = new Rng(231); // the writer drew the model, then the mean, from this stream
        new ThreeLayerConvNet(WriteFormatFixtures.config(), Ops.naive(), r);
        assertTrue(Tensor.randn(r, DType.FLOAT32, 1, 6, 6).contentEquals(loaded.mean()), "preprocess/mean");
        assertEquals("fixture", loaded.meta().get("data"));
        assertEquals(0.01, loaded.model().reg());
    }

    /**
     * A fresh ThreeLayerConvNet from {@code new Rng(231)} still draws the weights the code of the v1 format
     * drew (W1, W2, W3 in that order) and computes the same scores: the stack it runs as changed nothing.
     */
    @Test
    void aFreshThreeLayerConvNetGivesTheScoresOfTheCodeThatWroteVersion1() throws IOException {
        ThreeLayerConvNet model = new ThreeLayerConvNet(WriteFormatFixtures.config(), Ops.naive(), new Rng(231));
        Tensor expected = scoresOf(expected("model-v1.expected").get("scores"));
        assertTrue(expected.contentEquals(model.scores(WriteFormatFixtures.inputs())),
                "bit-identical to the scores printed (9 digits round-trip float32)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void aThreeLayerConvNetCheckpointResumesWithItsHistoryAndParameters(String v) throws IOException {
        Path ck = fixture("checkpoint-" + v + ".cnv");
        Map<String, double[]> exp = expected("checkpoint-" + v + ".expected");
        ThreeLayerConvNet model = Checkpoint.model(ck, Ops.naive());
        Compare.assertAllClose(v + " checkpoint scores", scoresOf(exp.get("scores")), model.scores(WriteFormatFixtures.inputs()));
        Rng r = new Rng(7);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 8, 1, 6, 6);
        int[] y = r.randint(3, 8);
        assertEquals(exp.get("train_loss")[0], model.loss(x, y).loss(), 1e-12, "loss of the checkpoint's parameters");
        Solver s = new Solver(model, x, y, x, y, Solver.Options.defaults()
                .withUpdateRule(new UpdateRules.Adam(1e-2, 0.9, 0.999, 1e-8)).withBatchSize(4).withNumEpochs(3)
                .withLrDecay(0.5));
        assertEquals(2, Checkpoint.resume(ck, s));
        List<Double> loss = new ArrayList<>();
        for (double d : exp.get("loss")) loss.add(d);
        assertEquals(loss, s.lossHistory());
        assertEquals(4, s.states().get("W1").t, "Adam t after 2 epochs of 2 iterations");
        s.train();
        assertEquals(6, s.lossHistory().size());
        assertTrue(Double.isFinite(s.lossHistory().get(5)));
    }

    /** A version 2 net with batch norm, spatial batch norm and dropout: its scores need its running statistics. */
    @Test
    void aVersion2NetLoadsWithItsRunningStatistics() throws IOException {
        ModelFile.Loaded loaded = ModelFile.load(fixture("net-v2.cnv"), Ops.naive());
        assertEquals(WriteFormatFixtures.NET, loaded.model().architecture().toString());
        assertEquals(Net.Init.HE, loaded.model().config().init());
        Compare.assertAllClose("v2 net scores", scoresOf(expected("net-v2.expected").get("scores")),
                loaded.model().scores(WriteFormatFixtures.inputs()));
        assertTrue(loaded.model().state().get("running_var2").getFlat(0) > 0, "running statistics were saved");
    }

    /** Version 1 files also load as the general Net they now run as, with the same numbers. */
    @Test
    void version1FilesLoadAsNets() throws IOException {
        Net fromCheckpoint = Checkpoint.net(fixture("checkpoint-v1.cnv"), Ops.naive());
        assertEquals("conv(2,3)-relu-pool(2)-affine(5)-relu-affine(3)", fromCheckpoint.architecture().toString());
        Compare.assertAllClose("v1 checkpoint as a Net", scoresOf(expected("checkpoint-v1.expected").get("scores")),
                fromCheckpoint.scores(WriteFormatFixtures.inputs()));
        Net fromModel = ModelFile.load(fixture("model-v1.cnv"), Ops.naive()).model();
        assertEquals(List.of(1, 6, 6), java.util.Arrays.stream(fromModel.config().inputDim()).boxed().toList());
        assertEquals(0.1, fromModel.config().weightScale());
        assertEquals(DType.FLOAT32, fromModel.dtype());
    }
}
