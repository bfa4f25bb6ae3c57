package org.convnet4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.convnet4j.tensor.DType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
    @TempDir
    Path tmp;
    Path home;
    Path system;

    @BeforeEach
    void dirs() {
        home = tmp.resolve("home");
        system = tmp.resolve("usr-share-datasets-fashion-mnist");
    }

    private DataLocator locator(Map<String, String> env) {
        return new DataLocator(env, home, system);
    }

    @Test
    void autoFallsBackToSyntheticAndSaysWhere() throws IOException {
        DataChoice c = locator(Map.of()).resolve("auto", null);
        assertEquals(DataSource.SYNTHETIC, c.source());
        assertNull(c.dir());
        assertTrue(c.reason().contains(home.resolve(".convnet4j").resolve("data").toString()), c.reason());
        assertTrue(c.reason().contains(system.toString()), c.reason());
        DataSplits s = c.load(LoadOptions.defaults().withSizes(20, 5, 5));
        assertEquals(20, s.train().size());
    }

    @Test
    void autoPrefersFashionMnistOverSynthetic() throws IOException {
        IdxFixtures.writeFashion(system, 4, 2, true);
        DataChoice c = locator(Map.of()).resolve(DataSource.AUTO, null);
        assertEquals(DataSource.FASHION_MNIST, c.source());
        assertEquals(system, c.dir());
        assertTrue(c.reason().startsWith("auto: no CIFAR-10 in"), c.reason());
        DataSplits s = c.load(LoadOptions.defaults().withSizes(3, 1, 2));
        assertEquals(1, s.train().channels());
    }

    @Test
    void autoPrefersCifarInHome() throws IOException {
        IdxFixtures.writeFashion(system, 4, 2, true);
        Path cifar = CifarFixtures.writeAll(home.resolve(".convnet4j/data").resolve(Cifar10Binary.FOLDER), 2);
        DataChoice c = locator(Map.of()).resolve("auto", null);
        assertEquals(DataSource.CIFAR10, c.source());
        assertEquals(cifar, c.dir());
        assertTrue(c.reason().contains("CIFAR-10 found at " + cifar), c.reason());
        DataSplits s = c.load(LoadOptions.defaults().withSizes(6, 2, 2).withDtype(DType.FLOAT64));
        assertEquals(6, s.train().size());
        assertTrue(s.meanSubtracted());
    }

    @Test
    void dataDirThenEnvThenHome() throws IOException {
        Path given = CifarFixtures.writeAll(tmp.resolve("given"), 1);
        Path env = CifarFixtures.writeAll(tmp.resolve("env").resolve(Cifar10Binary.FOLDER), 1);
        CifarFixtures.writeAll(home.resolve(".convnet4j/data"), 1);
        DataLocator loc = locator(Map.of(DataLocator.ENV_VAR, tmp.resolve("env").toString()));
        assertEquals(given, loc.resolve("cifar10", given).dir());
        assertEquals(env, loc.resolve("cifar10", null).dir());
        assertEquals(tmp.resolve("env"), loc.defaultDataHome());
        assertEquals(home.resolve(".convnet4j/data"), locator(Map.of()).defaultDataHome());
    }

    @Test
    void missingCifarSaysWhereAndHow() {
        Path given = tmp.resolve("nothing-here");
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> locator(Map.of()).resolve("cifar10", given));
        // a given data dir is the only place searched (issue 9), so only it is named
        assertTrue(e.getMessage().contains("in [" + given + "]"), e.getMessage());
        assertTrue(e.getMessage().contains("data fetch cifar10"), e.getMessage());
        e = assertThrows(DataNotFoundException.class, () -> locator(Map.of()).resolve("cifar10", null));
        assertTrue(e.getMessage().contains(home.resolve(".convnet4j").resolve("data").toString()), e.getMessage());
    }

    /** Issue 9: "--data fashion-mnist --data-dir D ignores D" (it found the system copy instead). */
    @Test
    void aGivenDataDirIsTheOnlyPlaceSearched() throws IOException {
        IdxFixtures.writeFashion(system, 4, 2, true);
        CifarFixtures.writeAll(home.resolve(".convnet4j/data"), 1);
        Path given = java.nio.file.Files.createDirectories(tmp.resolve("given"));
        DataLocator loc = locator(Map.of());
        for (String name : new String[] {"fashion-mnist", "cifar10", "auto"}) {
            DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> loc.resolve(name, given), name);
            assertTrue(e.getMessage().contains(given.toString()), e.getMessage());
        }
        assertEquals(List.of(given), loc.searchDirs(given));
        assertEquals(List.of(given), loc.fashionSearchDirs(given));
        Path fashion = IdxFixtures.writeFashion(given.resolve("fashion-mnist"), 4, 2, false);
        assertEquals(fashion, loc.resolve("fashion-mnist", given).dir());
        assertEquals(fashion, loc.resolve("auto", given).dir());
        assertEquals(system, loc.resolve("fashion-mnist", null).dir(), "without a data dir the system copy is found");
    }

    /** Issue 9: "CONVNET4J_DATA pointing nowhere is ignored". */
    @Test
    void aDataVariablePointingNowhereIsAnError() throws IOException {
        IdxFixtures.writeFashion(system, 4, 2, true);
        Path typo = tmp.resolve("typo");
        DataLocator loc = locator(Map.of(DataLocator.ENV_VAR, typo.toString()));
        for (String name : new String[] {"fashion-mnist", "cifar10", "auto"}) {
            DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> loc.resolve(name, null), name);
            assertEquals("$" + DataLocator.ENV_VAR + " is " + typo + ", which does not exist: point it at a data folder or "
                    + "unset it", e.getMessage());
        }
        Path file = java.nio.file.Files.writeString(tmp.resolve("file"), "x");
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> locator(Map.of(DataLocator.ENV_VAR, file.toString())).envDataDir());
        assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
        assertEquals(DataSource.SYNTHETIC, loc.resolve("synthetic", null).source(), "not needed for synthetic data");
        assertEquals(system, loc.resolve("fashion-mnist", system).dir(), "not searched with a data dir");
        assertNull(locator(Map.of(DataLocator.ENV_VAR, " ")).envDataDir());
    }

    @Test
    void missingFashionSaysWhereAndHow() {
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> locator(Map.of()).resolve("fashion-mnist", null));
        assertTrue(e.getMessage().contains(system.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void explicitSyntheticAndParsing() throws IOException {
        assertEquals(DataSource.SYNTHETIC, locator(Map.of()).resolve("synthetic", null).source());
        assertEquals(DataSource.CIFAR10, DataSource.parse("CIFAR-10"));
        assertEquals(DataSource.FASHION_MNIST, DataSource.parse("fashion_mnist"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSource.parse("mnist"));
        assertTrue(e.getMessage().contains("cifar10, fashion-mnist, synthetic, auto"), e.getMessage());
    }
}
