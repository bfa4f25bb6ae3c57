package org.convnet4j.model;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.convnet4j.io.TensorFile;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, kind 2: a config whose parameter or activation sizes overflow is refused by the config itself,
 * naming the arguments and the product, so the constructor, {@link ModelFile#load} and checkpoints never
 * meet an int overflow. Before, input_dim {1, 65536, 65536} was accepted and those three then threw
 * ArithmeticException.
 */
class ConfigValidationTest extends TestBase {
    @TempDir
    Path dir;

    private static ThreeLayerConvNet.Config withDims(int c, int h, int w) {
        return ThreeLayerConvNet.Config.defaults().withInputDim(c, h, w);
    }

    @Test
    void theIssuesInputDimsAreRefusedByTheConfig() {
        rejects(() -> withDims(1, 65536, 65536), "ThreeLayerConvNet", "the Java array limit", "input_dim [1, 65536, 65536]",
                "num_filters 32", "one image (C*H*W)", "1*65536*65536 = 4294967296");
        rejects(() -> withDims(1, 16384, 65536), "one image's conv output (num_filters*H*W)", "32*16384*65536 = 34359738368");
    }

    @Test
    void everyParameterProductIsChecked() {
        ThreeLayerConvNet.Config ok = withDims(1, 8, 8);
        rejects(() -> ok.withFilters(1 << 20, 3).withInputDim(4096, 8, 8), "W1 (num_filters*C*filter_size*filter_size)",
                "1048576*4096*3*3");
        rejects(() -> ok.withFilters(1, 1).withHiddenDim(1 << 30).withInputDim(1, 8, 8),
                "W2 (num_filters*(H/2)*(W/2)*hidden_dim)", "1*4*4*1073741824");
        rejects(() -> ok.withHiddenDim(1 << 16).withNumClasses(1 << 16), "W3 (hidden_dim*num_classes)", "65536*65536");
        rejects(() -> ok.withFilters(1, 1).withInputDim(Integer.MAX_VALUE, 2, 2), "one image (C*H*W)", "2147483647*2*2");
    }

    /** A file that says so is refused with an IOException naming the file, not an ArithmeticException. */
    @Test
    void modelFilesAndCheckpointsWithTheIssuesDimsNameTheFile() throws IOException {
        for (String format : new String[] {ModelFile.FORMAT, Checkpoint.FORMAT}) {
            ThreeLayerConvNet.Config small = withDims(1, 8, 8).withHiddenDim(4);
            Map<String, String> meta = new LinkedHashMap<>(ModelFile.configMeta(small));
            meta.put("format", format);
            meta.put("input_dim", "1,65536,65536");
            Map<String, Tensor> none = new LinkedHashMap<>();
            none.put("unused", Tensor.zeros(DType.FLOAT32, 1));
            Path p = dir.resolve(format + ".cnv");
            new TensorFile(meta, none).write(p);
            IOException e = assertThrows(IOException.class, () -> {
                if (format.equals(ModelFile.FORMAT)) ModelFile.load(p, Ops.naive());
                else Checkpoint.model(p, Ops.naive());
            });
            assertTrue(e.getMessage().startsWith(p.toString()) && e.getMessage().contains("input_dim [1, 65536, 65536]"),
                    e.getMessage());
        }
    }

    /**
     * A metadata value that is not a number names the key, the value and the entry's offset (before: only
     * "bad model config: For input string: \"abc\"").
     */
    @Test
    void aBadNumberInTheMetadataNamesTheKey() throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(ModelFile.configMeta(withDims(1, 8, 8)));
        meta.put("format", ModelFile.FORMAT);
        meta.put("hidden_dim", "abc");
        Path p = dir.resolve("bad.cnv");
        new TensorFile(meta, Map.of()).write(p);
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(p, Ops.naive()));
        assertTrue(e.getMessage().startsWith(p.toString()) && e.getMessage().contains("hidden_dim")
                && e.getMessage().contains("'abc'") && e.getMessage().contains("at offset "), e.getMessage());
    }

    /** A tensor of the wrong shape is named with its offset in the file. */
    @Test
    void aTensorOfTheWrongShapeNamesItsOffset() throws IOException {
        ThreeLayerConvNet net = new ThreeLayerConvNet(withDims(1, 8, 8).withHiddenDim(4), Ops.naive(), rng);
        Map<String, String> meta = new LinkedHashMap<>(ModelFile.configMeta(net.config()));
        meta.put("format", ModelFile.FORMAT);
        Map<String, Tensor> params = new LinkedHashMap<>(net.params());
        params.put("b2", Tensor.zeros(DType.FLOAT32, 5));
        Path p = dir.resolve("shape.cnv");
        TensorFile written = new TensorFile(meta, params);
        written.write(p);
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(p, Ops.naive()));
        long at = TensorFile.read(p).tensorOffset("b2");
        assertTrue(at > 0 && e.getMessage().startsWith(p + ": at offset " + at + ": tensor 'b2' must have shape [4]"),
                e.getMessage());
    }

    /** An input no tensor can hold is refused by the net's config (before: accepted, then out of memory building W). */
    @Test
    void netInputDimsBeyondOneArray() {
        rejects(() -> Net.Config.defaults(1, 46341, 46341), "net", "input_dim (one image) [1, 46341, 46341]",
                "the Java array limit");
        rejects(() -> Net.Config.defaults(Integer.MAX_VALUE), "net", "input_dim (one image) [2147483647]");
    }

    @Test
    void nullArguments() {
        rejects(() -> ModelFile.load(null, Ops.naive()), "model file", "path must not be null");
        rejects(() -> ModelFile.load(dir.resolve("x"), null), "model file", "ops must not be null");
        rejects(() -> ModelFile.configMeta(null), "model file", "config must not be null");
        rejects(() -> ThreeLayerConvNet.expectedShapes(null), "ThreeLayerConvNet", "config must not be null");
    }
}
