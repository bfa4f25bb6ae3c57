package org.convnet4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BenchFormatTest {

    @Test
    void pyReprMatchesPythonFloatRepr() {
        // expected strings are Python 3's repr() of the same doubles
        assertEquals("4.926407851494105e-11", BenchRunner.pyRepr(4.926407851494105e-11));
        assertEquals("0.0", BenchRunner.pyRepr(0.0));
        assertEquals("-0.0", BenchRunner.pyRepr(-0.0));
        assertEquals("1e-05", BenchRunner.pyRepr(1e-5));
        assertEquals("0.0001", BenchRunner.pyRepr(1e-4));
        assertEquals("1.5", BenchRunner.pyRepr(1.5));
        assertEquals("123.0", BenchRunner.pyRepr(123.0));
        assertEquals("-2.5e-07", BenchRunner.pyRepr(-2.5e-7));
        assertEquals("1e+16", BenchRunner.pyRepr(1e16));
        assertEquals("1234567890123456.0", BenchRunner.pyRepr(1234567890123456.0));
        assertEquals("nan", BenchRunner.pyRepr(Double.NaN));
    }

    @Test
    void relErrorIsTheNotebookFormula() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2, 0}, 3);
        Tensor y = Tensor.of(DType.FLOAT64, new double[] {1, 2.5, 0}, 3);
        assertEquals(0.5 / 4.5, BenchRunner.relError(x, y), 1e-15);
        assertEquals(0.0, BenchRunner.relError(x, x.copy()));
        // below 1e-8 in magnitude the denominator is clamped
        Tensor tiny = Tensor.of(DType.FLOAT64, new double[] {1e-10, 0, 0}, 3);
        assertEquals(1e-10 / 1e-8, BenchRunner.relError(tiny, Tensor.zeros(DType.FLOAT64, 3)), 1e-15);
        assertThrows(IllegalArgumentException.class,
                () -> BenchRunner.relError(x, Tensor.zeros(DType.FLOAT64, 4)));
    }

    @Test
    void jsonEscapesAndNullsNonFiniteNumbers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n");
        m.put("nan", Double.NaN);
        m.put("x", 1.5);
        m.put("n", 3);
        m.put("l", List.of(true, "t"));
        m.put("none", null);
        m.put("empty", Map.of());
        String expected = "{\n"
                + "  \"s\": \"a\\\"b\\\\c\\n\",\n"
                + "  \"nan\": null,\n"
                + "  \"x\": 1.5,\n"
                + "  \"n\": 3,\n"
                + "  \"l\": [\n    true,\n    \"t\"\n  ],\n"
                + "  \"none\": null,\n"
                + "  \"empty\": {}\n"
                + "}\n";
        assertEquals(expected, Json.write(m));
    }

    @Test
    void optionsRejectBadValues() {
        BenchOptions o = new BenchOptions();
        assertThrows(IllegalArgumentException.class, () -> o.repeats(0));
        assertThrows(IllegalArgumentException.class, () -> o.blasThreads(0));
        assertThrows(IllegalArgumentException.class, () -> o.warmup(-1));
        assertThrows(IllegalArgumentException.class, () -> o.warmupMs(-1));
        // in ns it would overflow a long: the warm-up deadline wrapped round and no time-based warm-up ran at all
        assertThrows(IllegalArgumentException.class, () -> o.warmupMs(Long.MAX_VALUE / 1_000_000 + 1));
        assertThrows(IllegalArgumentException.class, () -> o.warmupMs(Long.MAX_VALUE));
        assertEquals(600_000, o.warmupMs(600_000).warmupMs());
        assertThrows(IllegalArgumentException.class, () -> o.naiveRepeats(-1));
        assertThrows(IllegalArgumentException.class, () -> o.gemmSize(-1));
        assertThrows(IllegalArgumentException.class, () -> o.naiveFlopLimit(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> o.cases(null));
        assertEquals(List.of(BenchCase.values()), o.cases());
    }

    @Test
    void timingTakesTheMedian() {
        BenchReport.Timing t = BenchReport.Timing.of(new double[] {5, 1, 3, 100});
        assertEquals(4.0, t.medianMs());
        assertEquals(1.0, t.minMs());
        assertEquals(100.0, t.maxMs());
        assertEquals(3.0, BenchReport.Timing.of(new double[] {9, 3, 1}).medianMs());
    }
}
