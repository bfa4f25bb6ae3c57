package org.convnet4j.model;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.io.TensorFile;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A model file carries how its training images were prepared; files without that record still load. */
class ModelFilePreprocessingTest extends TestBase {
    @TempDir
    Path dir;

    private static final List<String> NAMES = List.of("cat", "dog", "T-shirt/top");

    private Net net() {
        return Sequential.parse("conv(2,3)-relu-pool(2)-affine(3)").build(Net.Config.defaults(3, 6, 6), Ops.naive(), rng);
    }

    @Test
    void preprocessingRoundTripsWithTheModel() throws IOException {
        Net net = net();
        for (Tensor mean : new Tensor[] {Tensor.randn(rng, DType.FLOAT32, 3, 6, 6), Tensor.randn(rng, DType.FLOAT32, 3), null}) {
            Preprocessing p = new Preprocessing("pets", NAMES, new int[] {3, 6, 6}, -1, 1, mean);
            Path f = dir.resolve("m.cnv");
            ModelFile.saveWithPreprocessing(f, net, p, Map.of("data", "somewhere"));
            ModelFile.Loaded loaded = ModelFile.load(f, Ops.naive());
            assertTrue(loaded.preprocessingKnown());
            assertEquals(p, loaded.preprocessing());
            assertEquals("somewhere", loaded.meta().get("data"));
            assertEquals("T-shirt/top", loaded.meta().get("preprocess/class/2"));
            if (mean != null) assertTrue(mean.contentEquals(loaded.mean()));
            else assertNull(loaded.mean());
        }
        ModelFile.save(dir.resolve("n.cnv"), net, new Preprocessing("pets", NAMES, new int[] {3, 6, 6}, 0, 255, null));
        assertEquals("pets", ModelFile.load(dir.resolve("n.cnv"), Ops.naive()).preprocessing().dataset());
    }

    @Test
    void aVectorNetTakesImagesOfItsSize() throws IOException {
        Net fc = Sequential.parse("affine(4)-relu-affine(3)").build(Net.Config.defaults(12), Ops.naive(), rng);
        Preprocessing p = new Preprocessing("v", NAMES, new int[] {3, 2, 2}, 0, 255, Tensor.randn(rng, DType.FLOAT32, 3));
        Path f = dir.resolve("fc.cnv");
        ModelFile.saveWithPreprocessing(f, fc, p, null);
        assertEquals(p, ModelFile.load(f, Ops.naive()).preprocessing());
        rejects(() -> ModelFile.saveWithPreprocessing(f, fc, new Preprocessing("v", NAMES, new int[] {3, 2, 3}, 0, 255, null),
                null), "model file", "[3, 2, 3]", "(12)", "C*H*W must equal D");
    }

    @Test
    void preprocessingThatDoesNotFitTheModelIsRefused() {
        Net net = net();
        Path f = dir.resolve("m.cnv");
        rejects(() -> ModelFile.saveWithPreprocessing(f, net, new Preprocessing("x", NAMES, new int[] {1, 6, 6}, 0, 255, null),
                null), "model file", "image shape [1, 6, 6]", "(3, 6, 6)");
        rejects(() -> ModelFile.saveWithPreprocessing(f, net, new Preprocessing("x", List.of("a", "b"), new int[] {3, 6, 6}, 0,
                255, null), null), "model file", "2 class names", "3 class scores");
        rejects(() -> ModelFile.saveWithPreprocessing(f, net, null, null), "model file", "preprocessing");
        assertFalse(Files.exists(f), "nothing written");
    }

    @Test
    void aMalformedRecordIsAnErrorNamingTheFile() throws IOException {
        Net net = net();
        Path good = dir.resolve("good.cnv");
        ModelFile.saveWithPreprocessing(good, net, new Preprocessing("x", NAMES, new int[] {3, 6, 6}, 0, 255, null), null);
        TensorFile t = TensorFile.read(good);
        assertMalformed(t, m -> m.put("preprocess/image_shape", "3,6"), "image_shape must be C,H,W");
        assertMalformed(t, m -> m.put("preprocess/image_shape", "1,6,6"), "does not fit the model's input");
        assertMalformed(t, m -> m.remove("preprocess/class/2"), "2 class names but the model gives 3");
        assertMalformed(t, m -> m.remove("preprocess/white"), "'preprocess/white' is missing");
        assertMalformed(t, m -> m.put("preprocess/black", "dark"), "dark");
    }

    private void assertMalformed(TensorFile t, Consumer<Map<String, String>> edit, String fragment) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(t.meta());
        edit.accept(meta);
        Path bad = dir.resolve("bad.cnv");
        new TensorFile(meta, t.tensors()).write(bad);
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(bad, Ops.naive()));
        assertTrue(e.getMessage().contains("bad.cnv: at offset ") && e.getMessage().contains("bad preprocessing record")
                && e.getMessage().contains(fragment), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"model-v1.cnv", "model-v2.cnv", "net-v2.cnv"})
    void olderFilesLoadWithTheirPreprocessingUnknown(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, p);
        }
        ModelFile.Loaded loaded = ModelFile.load(p, Ops.naive());
        assertFalse(loaded.preprocessingKnown());
        assertNull(loaded.preprocessing());
        assertTrue(loaded.toString().contains("preprocessing: unknown"), loaded.toString());
    }

    @Test
    void aLoadedModelDescribesItself() throws IOException {
        ThreeLayerConvNet t = new ThreeLayerConvNet(new ThreeLayerConvNet.Config(new int[] {1, 28, 28}, 4, 5, 20, 3, 1e-3,
                0, DType.FLOAT64), Ops.naive(), rng);
        Path f = dir.resolve("t.cnv");
        ModelFile.saveWithPreprocessing(f, t, new Preprocessing("fashion-mnist", NAMES, new int[] {1, 28, 28}, 0, 255,
                Tensor.zeros(DType.FLOAT64, 1, 28, 28)), Map.of("test_acc", "0.875"));
        String s = ModelFile.load(f, Ops.naive()).toString();
        // 4*1*5*5+4 + 4*14*14*20+20 + 20*3+3 = 104 + 15700 + 63
        assertEquals("ThreeLayerConvNet conv(4,5)-relu-pool(2)-affine(20)-relu-affine(3) on input (1, 28, 28), float64, "
                + "15,867 parameters\n"
                + "trained on fashion-mnist: classes cat, dog, T-shirt/top\n"
                + "preprocessing: fashion-mnist, 3 classes, (1, 28, 28) grey, pixels 0..255 minus the mean image\n"
                + "test accuracy recorded at training: 0.875", s);
        Net bn = Sequential.parse("conv(2,3)-sbn-relu-pool(2)-affine(3)").build(Net.Config.defaults(3, 6, 6), Ops.naive(), rng);
        ModelFile.save(f, bn, null, null);
        assertEquals("Net conv(2,3)-sbn-relu-pool(2)-affine(3) on input (3, 6, 6), float32, 117 parameters (+4 batch-norm "
                + "running statistics)\npreprocessing: unknown (the file does not record it)", ModelFile.load(f, Ops.naive()).toString());
    }
}
