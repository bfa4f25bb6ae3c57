package org.convnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

class SearchSpaceTest extends TestBase {
    static final TrainSettings SETTINGS = new TrainSettings(new DataSpec("synthetic", null, 100, 20, 20, "float32", 231),
            50, 1, 1.0, "float32", 231, 1000, "weight_scale");

    static SearchSpace space(String lr, String reg, String rules) {
        return new SearchSpace(
                ParamSpec.numbers("--lr", ParamSpec.Kind.DOUBLE, lr, v -> v > 0, "> 0"),
                ParamSpec.numbers("--reg", ParamSpec.Kind.DOUBLE, reg, v -> v >= 0, ">= 0"),
                ParamSpec.numbers("--weight-scale", ParamSpec.Kind.DOUBLE, "1e-3", v -> v > 0, "> 0"),
                ParamSpec.numbers("--hidden-dim", ParamSpec.Kind.INT, "20", v -> v >= 1, ">= 1"),
                ParamSpec.numbers("--num-filters", ParamSpec.Kind.INT, "4", v -> v >= 1, ">= 1"),
                ParamSpec.numbers("--filter-size", ParamSpec.Kind.INT, "3", v -> v >= 1, ">= 1"),
                ParamSpec.names("--update-rule", rules, List.of("sgd", "adam")), null);
    }

    @Test
    void aGridIsEveryCombinationWithTheFirstParameterSlowest() {
        List<Trial> g = space("1e-3,1e-2", "0,1e-4,1e-3", "adam,sgd").grid(SETTINGS);
        assertEquals(12, g.size());
        assertEquals(1e-3, g.get(0).config().lr());
        assertEquals(1e-3, g.get(5).config().lr());
        assertEquals(1e-2, g.get(6).config().lr());
        assertEquals("adam", g.get(0).config().updateRule());
        assertEquals("sgd", g.get(1).config().updateRule());
        assertEquals(1e-4, g.get(2).config().reg());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < g.size(); i++) {
            assertEquals(i, g.get(i).index());
            ids.add(g.get(i).id());
        }
        assertEquals(12, ids.size(), "every configuration has its own id");
    }

    @Test
    void anIdDependsOnEverySettingButNotOnThePosition() {
        Trial a = space("1e-3", "1e-4", "adam").grid(SETTINGS).get(0);
        Trial moved = new Trial(7, a.config(), a.settings());
        assertEquals(a.id(), moved.id());
        assertTrue(a.id().matches("[0-9a-f]{12}"), a.id());
        TrainSettings moreData = new TrainSettings(new DataSpec("synthetic", null, 200, 20, 20, "float32", 231), 50, 1, 1.0,
                "float32", 231, 1000, "weight_scale");
        assertNotEquals(a.id(), new Trial(0, a.config(), moreData).id());
        TrainSettings otherSeed = new TrainSettings(SETTINGS.data(), 50, 1, 1.0, "float32", 232, 1000, "weight_scale");
        assertNotEquals(a.id(), new Trial(0, a.config(), otherSeed).id());
    }

    @Test
    void randomSearchIsReproducibleFromItsSeedAndDropsRepeats() {
        SearchSpace s = space("1e-5:1e-1:log", "1e-6:1e-2:log", "adam,sgd");
        List<Trial> a = s.random(20, 3, SETTINGS), b = s.random(20, 3, SETTINGS), c = s.random(20, 4, SETTINGS);
        assertEquals(20, a.size());
        for (int i = 0; i < a.size(); i++) assertEquals(a.get(i).config(), b.get(i).config());
        assertNotEquals(a.get(0).config(), c.get(0).config());
        List<Trial> few = space("1e-3,1e-2", "0", "adam").random(50, 1, SETTINGS);
        assertEquals(2, few.size(), "two distinct configurations exist");
        assertEquals(0, few.get(0).index());
        assertEquals(1, few.get(1).index());
    }

    @Test
    void aGridNeedsListsAndAReasonableSize() {
        ParamSpec.SpecException e = assertThrows(ParamSpec.SpecException.class,
                () -> space("1e-5:1e-1:log", "0", "adam").grid(SETTINGS));
        assertEquals("--lr", e.option());
        e = assertThrows(ParamSpec.SpecException.class,
                () -> space("1e-5:1e-1:log:1000", "1e-6:1e-1:log:1000", "adam").grid(SETTINGS));
        assertEquals("--search", e.option());
        assertThrows(ParamSpec.SpecException.class, () -> space("1e-3", "0", "adam").random(0, 1, SETTINGS));
    }
}
