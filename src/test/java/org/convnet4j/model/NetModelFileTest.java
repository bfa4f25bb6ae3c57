package org.convnet4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.convnet4j.io.TensorFile;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testkit.RandomNets;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Model files of any net: the architecture is recorded, so loading rebuilds the net without code. */
class NetModelFileTest extends TestBase {
    @TempDir
    Path dir;

    static Stream<RandomNets.Case> nets() {
        return RandomNets.cases(77, 12).stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("nets")
    void randomNetsRoundTrip(RandomNets.Case c) throws IOException {
        Rng r = new Rng(c.seed());
        DType dtype = c.seed() % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
        Net.Init init = c.seed() % 3 == 0 ? Net.Init.HE : Net.Init.WEIGHT_SCALE;
        Net net = c.arch().build(Net.Config.defaults(c.inputDim()).withDtype(dtype).withInit(init).withWeightScale(0.2)
                .withReg(0.003), Ops.naive(), r);
        int[] in = c.inputDim();
        Tensor x = Tensor.randn(r, dtype, 5, in[0], in[1], in[2]);
        net.loss(x, r.randint(net.numClasses(), 5)); // running statistics away from their zeros
        net.setReg(0.02);
        Tensor mean = Tensor.randn(r, dtype, in);
        Path p = dir.resolve("net.cnv");
        ModelFile.save(p, net, mean, Map.of("data", "random"));

        ModelFile.Loaded loaded = ModelFile.load(p, Ops.naive());
        Net back = loaded.model();
        assertEquals(net.architecture(), back.architecture());
        assertEquals(net.config().withReg(0.02), back.config(), "input shape, dtype, init, weight scale; reg as set");
        assertEquals(0.02, back.reg());
        for (String name : net.params().keySet()) assertTrue(net.params().get(name).contentEquals(back.params().get(name)), name);
        assertEquals(net.state().keySet(), back.state().keySet());
        for (String name : net.state().keySet()) assertTrue(net.state().get(name).contentEquals(back.state().get(name)), name);
        assertTrue(net.scores(x).contentEquals(back.scores(x)), "same test-mode scores");
        assertTrue(mean.contentEquals(loaded.mean()));
        assertEquals("random", loaded.meta().get("data"));
        assertEquals("2", loaded.meta().get("format_version"));
        assertEquals(net.architecture().toString(), loaded.meta().get("arch"));
    }

    private Net bnNet(Rng r) {
        return Sequential.parse("conv(2,3)-sbn-relu-pool(2)-affine(4)-bn-relu-dropout(0.8)-affine(3)")
                .build(Net.Config.defaults(1, 6, 6), Ops.naive(), r);
    }

    @Test
    void filesThatDoNotFitTheirArchitectureAreRefusedNamingTheFile() throws IOException {
        Net net = bnNet(rng);
        Path good = dir.resolve("good.cnv");
        ModelFile.save(good, net, null, null);
        TensorFile f = TensorFile.read(good);

        IOException e = edit(f, m -> m.put("arch", "conv(2,3)-sbn-relu-pool(2)-affine(5)-bn-relu-affine(3)"), null);
        assertTrue(e.getMessage().contains("edited.cnv") && e.getMessage().contains("do not fit the architecture")
                && e.getMessage().contains("W2"), e.getMessage());
        e = edit(f, m -> m.put("arch", "conv(2,3)-sbn-relu-pool(2)-affine(4)-bn-relu-dropout(0.8)-affine(3)x"), null);
        assertTrue(e.getMessage().contains("bad architecture metadata") && e.getMessage().contains("offset 67"), e.getMessage());
        e = edit(f, m -> m.put("format_version", "3"), null);
        assertTrue(e.getMessage().contains("format_version 3") && e.getMessage().contains("newer"), e.getMessage());
        e = edit(f, m -> m.put("input_dim", "1,6"), null);
        assertTrue(e.getMessage().contains("input_dim must be (C, H, W) or (D)"), e.getMessage());
        e = edit(f, m -> m.remove("init"), null);
        assertTrue(e.getMessage().contains("'init' is missing"), e.getMessage());
        e = edit(f, null, "running_var2");
        assertTrue(e.getMessage().contains("batch-norm state running_var2 is missing"), e.getMessage());
        e = edit(f, null, "gamma1");
        assertTrue(e.getMessage().contains("parameter gamma1 is missing"), e.getMessage());
        e = edit(f, m -> m.put("arch", "conv(2,3)-relu-pool(9)-affine(3)"), null);
        assertTrue(e.getMessage().contains("pool(9)") && e.getMessage().contains("larger than"), e.getMessage());
    }

    /** Saves f with its metadata edited and/or one tensor dropped, and returns the IOException loading it gives. */
    private IOException edit(TensorFile f, java.util.function.Consumer<Map<String, String>> meta, String drop) throws IOException {
        Map<String, String> m = new LinkedHashMap<>(f.meta());
        if (meta != null) meta.accept(m);
        Map<String, Tensor> t = new LinkedHashMap<>(f.tensors());
        if (drop != null) t.remove(drop);
        Path p = dir.resolve("edited.cnv");
        new TensorFile(m, t).write(p);
        return assertThrows(IOException.class, () -> ModelFile.load(p, Ops.naive()));
    }

    /** A ThreeLayerConvNet file keeps version 1's config keys beside the architecture, so both readers work. */
    @Test
    void aThreeLayerConvNetFileRecordsItsConfigAndItsArchitecture() throws IOException {
        ThreeLayerConvNet model = new ThreeLayerConvNet(WriteFormatFixtures.config(), Ops.naive(), rng);
        Path p = dir.resolve("tlc.cnv");
        ModelFile.save(p, model, null, null);
        TensorFile f = TensorFile.read(p);
        assertEquals("ThreeLayerConvNet", f.meta().get("model"));
        assertEquals("conv(2,3)-relu-pool(2)-affine(5)-relu-affine(3)", f.meta().get("arch"));
        assertEquals(ModelFile.configMeta(WriteFormatFixtures.config()), ModelFile.configMeta(ModelFile.parseConfig(p, f)));
        Tensor x = WriteFormatFixtures.inputs();
        assertTrue(model.scores(x).contentEquals(ModelFile.load(p, Ops.naive()).model().scores(x)));
        assertNotNull(ModelFile.load(p, Ops.naive()).model().architecture());
    }

    @Test
    void modelsOtherThanNetsAreRefused() {
        Model other = new Model() {
            @Override
            public Map<String, Tensor> params() {
                return Map.of();
            }

            @Override
            public Tensor scores(Tensor X) {
                return X;
            }

            @Override
            public LossAndGrads loss(Tensor X, int[] y) {
                return null;
            }

            @Override
            public DType dtype() {
                return DType.FLOAT32;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(dir.resolve("x.cnv"), other, null, null));
        assertTrue(e.getMessage().contains("only a Net or a ThreeLayerConvNet"), e.getMessage());
        assertEquals(List.of(), List.copyOf(other.state().keySet()), "state() is empty by default");
    }
}
