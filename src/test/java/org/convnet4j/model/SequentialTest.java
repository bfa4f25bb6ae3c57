package org.convnet4j.model;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The architecture grammar: good texts make the builder calls a Java user writes; bad ones name the offset. */
class SequentialTest extends TestBase {

    @Test
    void textMakesTheSameCallsAsTheBuilder() {
        Sequential built = new Sequential().conv(32, 3).spatialBatchNorm().relu().maxPool(2).conv(32, 3)
                .spatialBatchNorm().relu().maxPool(2).affine(256).batchNorm().relu().dropout(0.5).affine(10);
        assertEquals(built, Sequential.parse("[conv(32,3)-sbn-relu-pool(2)]x2-affine(256)-bn-relu-dropout(0.5)-affine(10)"));
        assertEquals(built, Sequential.parse(built.toString()));
        assertEquals(Sequential.Loss.SOFTMAX, built.loss());
    }

    @Test
    void argumentsByPositionOrNameAndTheDefaults() {
        Sequential s = Sequential.parse(" conv( 16 , 5 , stride = 2 , pad = 0 ) - relu - pool(3,stride=2) - affine(10) - svm ");
        assertEquals(List.of(new LayerSpec.Conv(16, 5, 2, 0), new LayerSpec.Relu(), new LayerSpec.Pool(3, 2),
                new LayerSpec.Affine(10)), s.layers());
        assertEquals(Sequential.Loss.SVM, s.loss());
        assertEquals("conv(16,5,stride=2,pad=0)-relu-pool(3,stride=2)-affine(10)-svm", s.toString());
        // conv: pad (k-1)/2 and stride 1 by default, so an odd k keeps H and W; pool: stride = size
        assertEquals(new LayerSpec.Conv(8, 5, 1, 2), Sequential.parse("conv(8,5)-affine(2)").layers().get(0));
        assertEquals(new LayerSpec.Conv(8, 4, 1, 1), Sequential.parse("conv(8,4)-affine(2)").layers().get(0));
        assertEquals(new LayerSpec.Conv(8, 3, 2, 1), Sequential.parse("conv(8,3,2)-affine(2)").layers().get(0));
        assertEquals(new LayerSpec.Conv(8, 3, 2, 0), Sequential.parse("conv(8,3,2,0)-affine(2)").layers().get(0));
        assertEquals(new LayerSpec.Conv(8, 3, 1, 0), Sequential.parse("conv(8,3,pad=0)-affine(2)").layers().get(0));
        assertEquals(new LayerSpec.Pool(2, 2), Sequential.parse("pool(2)-affine(2)").layers().get(0));
        assertEquals(new LayerSpec.Pool(2, 1), Sequential.parse("pool(2,1)-affine(2)").layers().get(0));
        assertEquals(new LayerSpec.Dropout(0.1), Sequential.parse("dropout(1e-1)").layers().get(0));
        assertEquals(Sequential.Loss.SOFTMAX, Sequential.parse("affine(3)-softmax").loss());
        assertEquals(new LayerSpec.Relu(), Sequential.parse("relu()").layers().get(0));
    }

    @Test
    void repeatsNestAndExpand() {
        Sequential s = Sequential.parse("[[relu]x2-bn]x3-affine(4)");
        assertEquals("relu-relu-bn-relu-relu-bn-relu-relu-bn-affine(4)", s.toString());
        assertEquals(Sequential.parse(s.toString()), s);
    }

    @Test
    void canonicalTextRoundTrips() {
        for (String t : new String[] {"conv(32,7)-relu-pool(2)-affine(100)-relu-affine(10)",
            "affine(100)-bn-relu-dropout(0.75)-affine(10)-svm", "dropout(0.0001)-affine(2)", "dropout(1)-affine(3)",
            "conv(3,2,stride=3,pad=4)-sbn-pool(1)-pool(5,stride=7)-affine(2)"}) {
            Sequential s = Sequential.parse(t);
            assertEquals(t, s.toString());
            assertEquals(s, Sequential.parse(s.toString()));
        }
    }

    /** Each bad text: the offset named and what was expected there. */
    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', value = {
        "''|0|expected a layer (conv, pool, affine, relu, bn, sbn, dropout), a loss (softmax, svm) or '[', got the end",
        "conv(32,3x2)|9|expected ',' or ')', got 'x2'",
        "conv(32)|8|expected the argument size (the filter size k) of conv",
        "conv|4|expected the argument filters",
        "relu-|5|expected a layer",
        "relu-]|5|expected a layer",
        "relu]|4|this ']' closes no '['",
        "[relu-affine(3)|15|']' closing the '[' at offset 0",
        "[relu]2|6|expected 'x' and a repeat count",
        "[relu]x0|7|expected a repeat count >= 1, got '0'",
        "[relu]x5000|7|within 1000 layers",
        "conv(0,3)|5|the number of filters F, an integer in [1, 2147483647], got '0'",
        "conv(4,3,pad=-1)|13|the zero padding, an integer >= 0, got '-'",
        "dropout(1.5)|8|the probability of keeping a unit, a number in (0, 1], got '1.5'",
        "dropout(0)|8|a number in (0, 1], got '0'",
        "dropout(abc)|8|a number in (0, 1], got 'abc'",
        "foo(3)|0|expected a layer (conv, pool, affine, relu, bn, sbn, dropout), a loss (softmax, svm) or '[', got 'foo'",
        "relu(3)|5|relu takes no arguments",
        "svm-relu|4|the loss 'svm' at offset 0 must be the last element",
        "affine(10)-softmax-svm|19|the loss 'softmax' at offset 11 must be the last element",
        "[relu-svm]x2|6|the loss belongs at the end, outside '[...]'",
        "conv(3,3,stride=2,stride=1)|18|an argument not given before (stride is)",
        "conv(3,3,pad=1,2)|15|positional ones come first",
        "conv(3,3,bogus=1)|9|an argument name of conv(filters, size, [stride], [pad])",
        "affine(3.5)|7|an integer >= 1, got '3.5'",
        "affine(99999999999)|7|an integer in [1, 2147483647]",
        "pool(2,3,4)|9|pool takes at most 2 arguments",
        "conv(3,3|8|expected ',' or ')', got the end of the text",
        "affine(10) affine(3)|11|expected '-' or the end of the text, got 'affine'",
    })
    void badTextsNameTheOffsetAndWhatWasExpected(String text, int offset, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequential.parse(text));
        String m = e.getMessage();
        assertTrue(m.startsWith("bad architecture at offset " + offset + ": "), m);
        assertTrue(m.contains(expected), m);
        // the text and a caret under the offset follow
        String[] lines = m.split("\n");
        assertEquals("  " + text, lines[1]);
        assertEquals(offset + 2, lines[2].indexOf('^'), m);
    }

    /** Nesting is bounded (no stack overflow), and a long text is shown around the offset, not whole. */
    @Test
    void deepNestingAndLongTextsGiveShortErrors() {
        String deep = "[".repeat(100_000) + "relu";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequential.parse(deep));
        assertTrue(e.getMessage().startsWith("bad architecture at offset 20: expected a layer: blocks nest at most 20 deep"),
                e.getMessage());
        assertTrue(e.getMessage().length() < 400, "a window of the text, not all of it");
        assertEquals("relu-relu", Sequential.parse("[[[relu]x1]x1]x2").toString());
        String longText = "relu-".repeat(200) + "conv(3,3x)";
        e = assertThrows(IllegalArgumentException.class, () -> Sequential.parse(longText));
        String[] lines = e.getMessage().split("\n");
        assertTrue(lines[0].startsWith("bad architecture at offset 1008: expected ',' or ')', got 'x'"), lines[0]);
        assertEquals("  ..." + longText.substring(948), lines[1]);
        assertEquals('x', lines[1].charAt(lines[2].indexOf('^')), "the caret is under the offending character");
    }

    @Test
    void builderRefusesValuesOutOfRange() {
        rejects(() -> new Sequential().conv(0, 3), "conv", "filters", "> 0", "got 0");
        rejects(() -> new Sequential().conv(3, 3, 0, 1), "conv", "stride", "got 0");
        rejects(() -> new Sequential().conv(3, 3, 1, -1), "conv", "pad", ">= 0", "got -1");
        rejects(() -> new Sequential().maxPool(0), "pool", "size");
        rejects(() -> new Sequential().affine(-2), "affine", "units", "got -2");
        rejects(() -> new Sequential().dropout(0), "dropout", "(0, 1]");
        rejects(() -> new Sequential().add(null), "layer");
        rejects(() -> new Sequential().loss(null), "loss");
        rejects(() -> Sequential.parse(null), "text");
        Sequential s = new Sequential();
        for (int i = 0; i < Sequential.MAX_LAYERS; i++) s.relu();
        rejects(s::relu, "at most 1000 layers");
    }
}
