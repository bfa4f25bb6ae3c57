package org.convnet4j.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.fast.Backend;
import org.convnet4j.model.FullyConnectedNet;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.Rng;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** The README's "Your own nets" section: its Java example verbatim, its summary, its error and its examples. */
class ReadmeArchitecturesTest extends TestBase {
    private static List<String> readme() throws IOException {
        return Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    /** The lines of the first ``` block after the first line containing {@code marker}. */
    private static List<String> blockAfter(String marker) throws IOException {
        List<String> lines = readme();
        int i = 0;
        while (i < lines.size() && !lines.get(i).contains(marker)) i++;
        assertTrue(i < lines.size(), "README.md has no line containing " + marker);
        while (!lines.get(i).startsWith("```")) i++;
        List<String> block = new ArrayList<>();
        for (i++; !lines.get(i).startsWith("```"); i++) block.add(lines.get(i));
        return block;
    }

    @Test
    void javaExampleRunsAndItsSummaryIsTheOneShown() throws IOException {
        // --- from README.md, "Your own nets" ---
        Sequential arch = new Sequential()
                .conv(32, 3).spatialBatchNorm().relu().maxPool(2)
                .conv(32, 3).spatialBatchNorm().relu().maxPool(2)
                .affine(256).batchNorm().relu().dropout(0.5).affine(10);     // softmax loss by default; .svm()
        Net net = arch.build(Net.Config.defaults(1, 28, 28).withInit(Net.Init.HE).withReg(1e-4),
                Ops.of(Backend.AUTO), new Rng(231));
        String same = "[conv(32,3)-sbn-relu-pool(2)]x2-affine(256)-bn-relu-dropout(0.5)-affine(10)";
        boolean equal = Sequential.parse(same).equals(arch);                  // true
        String table = net.summary();                                         // layers, output shapes, parameter counts
        // ---
        assertTrue(equal);
        assertEquals(String.join("\n", blockAfter("gives a table like Keras")) + "\n", table);
    }

    @Test
    void theErrorShownIsTheOneGiven() throws IOException {
        List<String> shown = blockAfter("naming the character offset and what was expected there");
        String text = shown.get(1).trim();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequential.parse(text));
        assertEquals(String.join("\n", shown), e.getMessage());
    }

    @Test
    void everyExampleParsesAndBuilds() throws IOException {
        List<String> examples = blockAfter("ReadmeArchitecturesTest");
        assertTrue(examples.size() >= 3, "at least three examples, got " + examples);
        List<Sequential> parsed = new ArrayList<>();
        for (String line : examples) {
            String[] parts = line.split(" on ");
            Sequential s = Sequential.parse(parts[0].trim());
            int[] dims = Arrays.stream(parts[1].trim().split(",")).mapToInt(Integer::parseInt).toArray();
            Net net = s.build(Net.Config.defaults(dims), Ops.naive(), rng);
            assertTrue(net.paramCount() > 0, line);
            assertEquals(s, Sequential.parse(s.toString()), "canonical text round-trips: " + line);
            parsed.add(s);
        }
        assertEquals(ThreeLayerConvNet.architecture(ThreeLayerConvNet.Config.defaults()), parsed.get(0),
                "the first example is ThreeLayerConvNet's stack");
        assertEquals(FullyConnectedNet.architecture(FullyConnectedNet.Config.defaults(100, 100).withBatchNorm(true)
                .withDropoutKeepRatio(0.75)), parsed.get(2), "the third is FullyConnectedNet's");
    }
}
