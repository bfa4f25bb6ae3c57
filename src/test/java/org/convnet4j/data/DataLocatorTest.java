package org.convnet4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
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
        assertTrue(e.getMessage().contains(given.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(home.resolve(".convnet4j").resolve("data").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("data fetch cifar10"), e.getMessage());
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
