package org.convnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoublePredicate;
import org.convnet4j.tensor.Rng;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

class ParamSpecTest extends TestBase {
    private static final DoublePredicate POSITIVE = v -> v > 0 && Double.isFinite(v);

    private static ParamSpec lr(String text) {
        return ParamSpec.numbers("--lr", ParamSpec.Kind.DOUBLE, text, POSITIVE, "a finite number > 0");
    }

    private static ParamSpec hidden(String text) {
        return ParamSpec.numbers("--hidden-dim", ParamSpec.Kind.INT, text, v -> v >= 1, "an integer >= 1");
    }

    @Test
    void aListIsItsValuesInOrderWithRepeatsDropped() {
        ParamSpec s = lr("1e-3, 1e-4,1e-3");
        assertFalse(s.isRange());
        assertEquals(List.of(1e-3, 1e-4), s.gridValues());
        assertEquals(List.of(64, 32), hidden("64,32").gridValues());
    }

    @Test
    void aRangeWithACountIsEvenlySpacedPointsWithExactEnds() {
        assertEquals(List.of(1e-5, 1e-4, 1e-3, 1e-2), lr("1e-5:1e-2:log:4").gridValues().stream()
                .map(v -> Double.parseDouble(String.format("%.12g", (Double) v))).toList());
        List<Object> ends = lr("1e-5:1e-2:log:4").gridValues();
        assertEquals(1e-5, (Double) ends.get(0), 0.0);
        assertEquals(1e-2, (Double) ends.get(3), 0.0);
        assertEquals(List.of(0.5, 1.0, 1.5, 2.0), lr("0.5:2:4").gridValues());
        assertEquals(List.of(16, 40, 64), hidden("16:64:3").gridValues());
        assertEquals(List.of(1, 2, 3), hidden("1:3:5").gridValues(), "rounded integer points kept once");
    }

    @Test
    void aContinuousRangeDrawsInsideItAndOnlyRandomSearchTakesIt() {
        ParamSpec log = lr("1e-5:1e-1:log");
        assertTrue(log.isRange());
        ParamSpec.SpecException e = assertThrows(ParamSpec.SpecException.class, log::gridValues);
        assertTrue(e.getMessage().contains("1e-05:0.1:log:4"), e.getMessage());
        Rng r = new Rng(5);
        int below1e3 = 0;
        for (int i = 0; i < 2000; i++) {
            double v = (Double) log.sample(r);
            assertTrue(v >= 1e-5 && v < 1e-1, "in range: " + v);
            if (v < 1e-3) below1e3++;
        }
        // log-uniform: half of the four decades lie below 1e-3 (a uniform draw would put 1% there)
        assertTrue(below1e3 > 850 && below1e3 < 1150, "about half below 1e-3: " + below1e3);
        Set<Integer> seen = new HashSet<>();
        ParamSpec ints = hidden("3:5");
        for (int i = 0; i < 200; i++) seen.add((Integer) ints.sample(r));
        assertEquals(Set.of(3, 4, 5), seen, "every integer of [lo, hi], both ends included");
        seen.clear();
        ParamSpec logInts = hidden("1:4:log");
        for (int i = 0; i < 400; i++) seen.add((Integer) logInts.sample(r));
        assertEquals(Set.of(1, 2, 3, 4), seen);
    }

    @Test
    void theSameSeedDrawsTheSameValues() {
        ParamSpec s = lr("1e-5:1e-1:log");
        Rng a = new Rng(9), b = new Rng(9);
        for (int i = 0; i < 10; i++) assertEquals((Double) s.sample(a), (Double) s.sample(b), 0.0);
    }

    @Test
    void namesAreCheckedAgainstTheAllowedOnes() {
        List<String> rules = List.of("sgd", "adam");
        assertEquals(List.of("adam", "sgd"), ParamSpec.names("--update-rule", "adam, sgd", rules).gridValues());
        ParamSpec.SpecException e = assertThrows(ParamSpec.SpecException.class,
                () -> ParamSpec.names("--update-rule", "adam,adagrad", rules));
        assertEquals("--update-rule", e.option());
        assertEquals("'adagrad' in 'adam,adagrad'", e.actual());
    }

    @Test
    void badSpecsNameTheOptionAndTheValue() {
        for (String bad : new String[] {"", "abc", "1e-3,", "-1e-3", "1e-2:1e-3", "0:1e-2:log", "1e-3:1e-2:cubic", "1e-3:1e-2:0",
                "1e-3:1e-2:4:log", "1e-3:1e-2,1e-1", "1:2:3:4:5", "NaN", "Infinity"}) {
            ParamSpec.SpecException e = assertThrows(ParamSpec.SpecException.class, () -> lr(bad), bad);
            assertEquals("--lr", e.option(), bad);
            assertTrue(e.getMessage().startsWith("Invalid value for option '--lr': expected "), e.getMessage());
        }
        assertThrows(ParamSpec.SpecException.class, () -> hidden("0"));
        assertThrows(ParamSpec.SpecException.class, () -> hidden("1.5"));
        assertThrows(ParamSpec.SpecException.class, () -> hidden("0:10"));
    }
}
