package org.convnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convnet4j.fast.Backend;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Ops;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest extends TestBase {
    @TempDir
    Path dir;

    private static List<Trial> trials() {
        TrainSettings s = new TrainSettings(new DataSpec("synthetic", null, 20, 10, 10, "float32", 231), 10, 1, 1.0, "float32", 231, 0, "weight_scale");
        return List.of(new Trial(0, new SweepConfig(1e-3, 0, 1e-3, 8, 2, 3, "adam", null), s),
                new Trial(1, new SweepConfig(1e-2, 1e-3, 1e-3, 8, 2, 3, "adam", null), s));
    }

    private static TrialResult ok(Trial t, double val) {
        TrialResult r = ConfigTrainer.train(t, Backend.NAIVE, 1, () -> false);
        return new TrialResult(r.id(), true, null, r.trainAcc(), val, r.finalLoss(), r.wallMs(), r.paramsSha256(), r.worker(),
                r.blasThreads(), r.backend(), r.data(), r.params(), r.state(), r.mean(), r.inputDim(), r.numClasses());
    }

    @Test
    void aSecondResultForTheSameConfigurationIsIgnored() throws IOException {
        List<Trial> t = trials();
        ResultsStore store = ResultsStore.open(dir, false, "t");
        assertTrue(store.record(t.get(0), ok(t.get(0), 0.5)));
        // a retried or speculative attempt delivering again, even with other numbers: the first one stays
        assertFalse(store.record(t.get(0), ok(t.get(0), 0.9)));
        assertEquals(0.5, store.row(t.get(0).id()).valAcc());
        assertEquals(1, store.rows().size());
    }

    @Test
    void theBestIsTheHighestValidationAccuracyWhateverTheOrderOfArrival() throws IOException {
        List<Trial> t = trials();
        ResultsStore store = ResultsStore.open(dir, false, "t");
        store.record(t.get(1), ok(t.get(1), 0.4));
        store.record(t.get(0), ok(t.get(0), 0.4));
        assertEquals(t.get(0).id(), store.best().id(), "equal accuracy: the earlier configuration");
        assertEquals(t.get(0).id(), ModelFile.load(dir.resolve(ResultsStore.MODEL), Ops.naive()).meta().get(ResultsStore.MODEL_ID_KEY));
        assertTrue(store.bestModelOnDisk());

        ResultsStore resumed = ResultsStore.open(dir, true, "t");
        assertEquals(t.get(0).id(), resumed.best().id());
        assertEquals(2, resumed.finished(false).size());
        Files.delete(dir.resolve(ResultsStore.MODEL));
        assertFalse(resumed.bestModelOnDisk(), "a resumed sweep trains the best again when its model is gone");
    }

    @Test
    void failedConfigurationsAreFinishedUnlessRetried() throws IOException {
        List<Trial> t = trials();
        ResultsStore store = ResultsStore.open(dir, false, "t");
        store.record(t.get(0), TrialResult.failed(t.get(0).id(), "diverged: x", 5, "w", 1, "naive", "d"));
        store.record(t.get(1), ok(t.get(1), 0.3));
        ResultsStore resumed = ResultsStore.open(dir, true, "t");
        assertEquals(2, resumed.finished(false).size());
        assertEquals(java.util.Set.of(t.get(1).id()), resumed.finished(true));
        assertEquals("diverged: x", resumed.row(t.get(0).id()).reason());
        assertEquals(null, resumed.row(t.get(0).id()).valAcc());
    }

    @Test
    void aDamagedResultsFileIsRefusedNamingIt() throws IOException {
        Files.writeString(dir.resolve(ResultsStore.JSON), "{\"format\": \"convnet4j-sweep\", \"version\": 1, \"results\": [{\"id\": ");
        IOException e = assertThrows(IOException.class, () -> ResultsStore.open(dir, true, "t"));
        assertTrue(e.getMessage().startsWith(dir.resolve(ResultsStore.JSON) + ": not a readable sweep results file"), e.getMessage());
        Files.writeString(dir.resolve(ResultsStore.JSON), "{\"format\": \"convnet4j-sweep\", \"version\": 1, \"results\": [{\"id\": \"a\"}]}");
        e = assertThrows(IOException.class, () -> ResultsStore.open(dir, true, "t"));
        assertEquals(dir.resolve(ResultsStore.JSON) + ": results[0] lacks an id, a status or (for status ok) val_acc", e.getMessage());
    }

    @Test
    void csvQuotesCellsWithCommasQuotesAndLineBreaks() {
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\",\r\n", ResultsStore.csvLine(List.of("a", "b,c", "say \"hi\"", "x\ny", "")));
    }
}
