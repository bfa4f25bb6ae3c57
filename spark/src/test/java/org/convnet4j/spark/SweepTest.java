package org.convnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.convnet4j.data.DataSplits;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.NativeConfig;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Ops;
import org.convnet4j.solver.Solver;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The sweep end to end on Spark {@code local[2]} (two tasks at a time, one BLAS thread each), as CI runs
 * it: four configurations of a small ThreeLayerConvNet on the synthetic set, one of which diverges. Checks
 * the results table, the best model file, that every configuration's numbers equal a sequential run in
 * this JVM with the same BLAS threads, and that {@code --resume} skips what is finished.
 */
class SweepTest extends TestBase {
    /** sgd at lr 1e8 diverges at iteration 3; the other three train. */
    static final String[] SWEEP = {"sweep", "--data", "synthetic", "--num-train", "200", "--num-val", "50", "--num-test", "50",
            "--hidden-dim", "20", "--num-filters", "4", "--filter-size", "3", "--epochs", "2", "--update-rule", "sgd",
            "--weight-scale", "1e-2", "--reg", "1e-3", "--master", "local[2]", "--no-progress"};
    static final String LRS = "1e-2,3e-2,1e-1,1e8";

    @TempDir
    static Path dir;
    static Path out;
    static Cli.Run first;

    @BeforeAll
    static void sweep() {
        out = dir.resolve("sweep");
        first = Cli.run(Cli.concat(SWEEP, "--lr", LRS, "--out", out.toString()));
    }

    /** The four trials exactly as the command builds them. */
    static List<Trial> trials(String lrs) {
        TrainSettings settings = new TrainSettings(new DataSpec("synthetic", null, 200, 50, 50, "float32", 231), 50, 2, 1.0,
                "float32", 231, 1000, "weight_scale");
        return new SearchSpace(
                ParamSpec.numbers("--lr", ParamSpec.Kind.DOUBLE, lrs, v -> v > 0, "> 0"),
                ParamSpec.numbers("--reg", ParamSpec.Kind.DOUBLE, "1e-3", v -> v >= 0, ">= 0"),
                ParamSpec.numbers("--weight-scale", ParamSpec.Kind.DOUBLE, "1e-2", v -> v > 0, "> 0"),
                ParamSpec.numbers("--hidden-dim", ParamSpec.Kind.INT, "20", v -> v >= 1, ">= 1"),
                ParamSpec.numbers("--num-filters", ParamSpec.Kind.INT, "4", v -> v >= 1, ">= 1"),
                ParamSpec.numbers("--filter-size", ParamSpec.Kind.INT, "3", v -> v >= 1, ">= 1"),
                ParamSpec.names("--update-rule", "sgd", List.of("sgd")), null).grid(settings);
    }

    static JsonObject json(Path sweepDir) throws IOException {
        return JsonParser.parseString(Files.readString(sweepDir.resolve(ResultsStore.JSON))).getAsJsonObject();
    }

    static Map<String, JsonObject> rowsById(JsonObject json) {
        Map<String, JsonObject> m = new LinkedHashMap<>();
        for (JsonElement e : json.getAsJsonArray("results")) m.put(e.getAsJsonObject().get("id").getAsString(), e.getAsJsonObject());
        return m;
    }

    @Test
    void theSweepFinishesAndWritesTheTableTheModelAndTheFigure() throws IOException {
        assertEquals(0, first.exit(), first.out());
        assertTrue(first.out().contains("sweep: 4 configurations (grid; --lr 0.01,0.03,0.1,1e+08)"), first.out());
        assertTrue(first.out().contains("results: 3 trained, 1 failed, 0 not run"), first.out());
        // the four result files and nothing else: no temporary files left behind
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(ResultsStore.MODEL, ResultsStore.CSV, ResultsStore.JSON, ResultsStore.PNG),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(1000, ImageIO.read(out.resolve(ResultsStore.PNG).toFile()).getWidth());
    }

    @Test
    void theTableHasEveryConfigurationWithItsScoresOrItsReason() throws IOException {
        JsonObject json = json(out);
        assertEquals(ResultsStore.FORMAT, json.get("format").getAsString());
        JsonArray rows = json.getAsJsonArray("results");
        assertEquals(4, rows.size());
        List<Trial> trials = trials(LRS);
        double bestVal = -1;
        String bestId = null;
        for (int i = 0; i < 4; i++) {
            JsonObject r = rows.get(i).getAsJsonObject();
            assertEquals(i, r.get("index").getAsInt());
            assertEquals(trials.get(i).id(), r.get("id").getAsString(), "ids are stable: the test builds the same ones");
            assertEquals(trials.get(i).config().lr(), r.get("lr").getAsDouble(), 0.0);
            assertEquals(1, r.get("blas_threads").getAsInt(), "local[2] with --blas-threads unset: 1 core per task");
            if (i < 3) {
                assertEquals("ok", r.get("status").getAsString(), r.toString());
                double val = r.get("val_acc").getAsDouble(), train = r.get("train_acc").getAsDouble();
                assertTrue(val >= 0 && val <= 1 && train >= 0 && train <= 1, r.toString());
                assertTrue(Double.isFinite(r.get("final_loss").getAsDouble()), r.toString());
                assertTrue(r.get("wall_ms").getAsLong() >= 0, r.toString());
                assertTrue(r.get("params_sha256").getAsString().matches("[0-9a-f]{64}"), r.toString());
                assertFalse(r.has("reason"), "no reason for a configuration that trained: " + r);
                if (val > bestVal) {
                    bestVal = val;
                    bestId = r.get("id").getAsString();
                }
            } else {
                assertEquals("failed", r.get("status").getAsString(), r.toString());
                assertTrue(r.get("reason").getAsString().startsWith("diverged: training stopped: loss became"), r.toString());
                assertFalse(r.has("val_acc"), "no scores for a failed configuration: " + r);
            }
        }
        assertEquals(bestId, json.get("best").getAsString(), "the best is the highest val acc, the first of equals");

        List<String> csv = Files.readAllLines(out.resolve(ResultsStore.CSV), StandardCharsets.UTF_8);
        assertEquals(5, csv.size(), "header and four rows");
        assertEquals(String.join(",", ResultRow.CSV_HEADER), csv.get(0));
        assertTrue(csv.get(4).contains(",failed,") && csv.get(4).contains(",diverged: training stopped: loss became NaN"),
                csv.get(4));
        assertTrue(csv.get(4).endsWith(",\"train 200, val 50, test 50 of (3, 32, 32), 10 classes, mean image subtracted; synthetic "
                + "stripes (10 classes, 3x32x32, seed 231)\""), "the data summary holds commas, so it is quoted: " + csv.get(4));
    }

    @Test
    void theBestModelIsANormalModelFileThatScoresItsValidationAccuracy() throws IOException {
        JsonObject json = json(out);
        JsonObject best = rowsById(json).get(json.get("best").getAsString());
        ModelFile.Loaded loaded = ModelFile.load(out.resolve(ResultsStore.MODEL), Ops.naive());
        assertEquals(best.get("id").getAsString(), loaded.meta().get(ResultsStore.MODEL_ID_KEY));
        assertEquals(best.get("params_sha256").getAsString(), ConfigTrainer.digest(loaded.model()),
                "the saved parameters are the ones the task trained, bit for bit");
        assertNotNull(loaded.mean(), "the preprocessing mean travels with the model");
        // predict and evaluate take it as they take train's model: the preprocessing and the split are recorded
        assertNotNull(loaded.preprocessing(), "best_model.cnv records its preprocessing");
        assertEquals("synthetic", loaded.preprocessing().dataset());
        assertEquals("50", loaded.meta().get("num_test"));
        assertEquals("231", loaded.meta().get("data_seed"));
        DataSplits data = ExecutorData.get(new DataSpec("synthetic", null, 200, 50, 50, "float32", 231));
        Solver scorer = new Solver(loaded.model(), data.train().images(), data.train().labels(), data.val().images(),
                data.val().labels(), Solver.Options.defaults());
        assertEquals(best.get("val_acc").getAsDouble(), scorer.checkAccuracy(data.val().images(), data.val().labels(), 0), 0.0);
    }

    @Test
    void everyConfigurationTrainsToTheSameNumbersAsASequentialRunWithTheSameThreads() throws IOException {
        Map<String, JsonObject> rows = rowsById(json(out));
        int before = NativeConfig.getBlasThreads();
        List<TrialResult> seq;
        try {
            seq = SweepRunner.runSequential(trials(LRS), Backend.AUTO, 1);
        } finally {
            NativeConfig.setBlasThreads(before);
        }
        for (TrialResult s : seq) {
            JsonObject r = rows.get(s.id());
            assertNotNull(r, s.id());
            assertEquals(s.ok() ? "ok" : "failed", r.get("status").getAsString(), r.toString());
            if (s.ok()) {
                assertEquals(s.paramsSha256(), r.get("params_sha256").getAsString(), "bit-identical parameters: " + r);
                assertEquals(s.valAcc(), r.get("val_acc").getAsDouble(), 0.0, r.toString());
                assertEquals(s.trainAcc(), r.get("train_acc").getAsDouble(), 0.0, r.toString());
                assertEquals(s.finalLoss(), r.get("final_loss").getAsDouble(), 0.0, r.toString());
            } else {
                assertEquals(s.reason(), r.get("reason").getAsString());
            }
        }
    }

    @Test
    void tasksTrainOnTheNativeLayersLoadedFromThePlatformJar() throws IOException {
        NativeAssume.nativeAvailable();
        for (JsonObject r : rowsById(json(out)).values()) assertEquals("auto/native", r.get("backend").getAsString(), r.toString());
    }

    @Test
    void resumeSkipsTheFinishedConfigurationsAndTrainsTheRest() throws IOException {
        // a sweep "killed" before one configuration finished (the first that trained and is not the best): drop
        // its row, and mark the others so that training one of them again would show
        Path killed = dir.resolve("killed");
        Files.createDirectories(killed);
        for (String f : new String[] {ResultsStore.JSON, ResultsStore.MODEL}) Files.copy(out.resolve(f), killed.resolve(f));
        JsonObject json = json(killed);
        JsonArray kept = new JsonArray();
        String dropped = null;
        for (JsonElement e : json.getAsJsonArray("results")) {
            JsonObject r = e.getAsJsonObject();
            if (dropped == null && r.get("status").getAsString().equals("ok")
                    && !r.get("id").getAsString().equals(json.get("best").getAsString())) {
                dropped = r.get("id").getAsString();
                continue;
            }
            r.addProperty("wall_ms", 987654321L);
            kept.add(r);
        }
        assertNotNull(dropped, "two of the three configurations that train are not the best");
        json.add("results", kept);
        Files.writeString(killed.resolve(ResultsStore.JSON), json.toString());

        // resumed with one more learning rate: the dropped and the new configuration train, three are skipped
        Cli.Run r = Cli.run(Cli.concat(SWEEP, "--lr", LRS + ",3e-3", "--out", killed.toString(), "--resume"));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("resume: 3 of 5 configurations already finished"), r.out());
        assertTrue(r.out().contains("2 to train"), r.out());
        Map<String, JsonObject> after = rowsById(json(killed));
        assertEquals(5, after.size());
        int untouched = 0;
        for (JsonObject row : after.values()) {
            boolean trained = row.get("id").getAsString().equals(dropped) || row.get("lr").getAsDouble() == 3e-3;
            assertEquals(!trained, row.get("wall_ms").getAsLong() == 987654321L, row.toString());
            if (!trained) untouched++;
        }
        assertEquals(3, untouched);
        assertEquals("failed", after.values().stream().filter(o -> o.get("lr").getAsDouble() == 1e8).findFirst().orElseThrow()
                .get("status").getAsString(), "a failed configuration is finished: not retried without --retry-failed");
        assertEquals(rowsById(json(out)).get(dropped).get("params_sha256").getAsString(),
                after.get(dropped).get("params_sha256").getAsString(), "trained again to the same parameters");
        assertTrue(r.out().contains("[2/2]"), r.out());
    }

    @Test
    void architecturesSweepLikeTheThreeLayerNetAndTheBestKeepsItsBatchNormStatistics() throws IOException {
        Path archOut = dir.resolve("arch");
        String[] arch = {"sweep", "--data", "synthetic", "--num-train", "200", "--num-val", "50", "--num-test", "50",
                "--epochs", "1", "--lr", "1e-3", "--master", "local[2]", "--no-progress", "--init", "he",
                "--arch", "conv(4,3)-sbn-relu-pool(2)-affine(10)", "--arch", "[affine(16)-bn-relu]x2-dropout(0.8)-affine(10)",
                "--out", archOut.toString()};
        Cli.Run r = Cli.run(arch);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("sweep: 2 configurations (grid; --arch 2 architectures)"), r.out());
        JsonObject json = json(archOut);
        Map<String, JsonObject> rows = rowsById(json);
        for (JsonObject row : rows.values()) {
            assertEquals("ok", row.get("status").getAsString(), row.toString());
            assertEquals(0, row.get("hidden_dim").getAsInt(), "the architecture gives the sizes");
        }
        JsonObject best = rows.get(json.get("best").getAsString());
        ModelFile.Loaded loaded = ModelFile.load(archOut.resolve(ResultsStore.MODEL), Ops.naive());
        assertEquals(best.get("arch").getAsString(), loaded.model().architecture().toString());
        assertFalse(loaded.model().state().isEmpty(), "running statistics saved");
        assertEquals(best.get("params_sha256").getAsString(), ConfigTrainer.digest(loaded.model()));

        TrainSettings settings = new TrainSettings(new DataSpec("synthetic", null, 200, 50, 50, "float32", 231), 50, 1, 1.0,
                "float32", 231, 1000, "he");
        List<Trial> trials = List.of(
                new Trial(0, new SweepConfig(1e-3, 1e-3, 1e-3, 0, 0, 0, "adam", "conv(4,3)-sbn-relu-pool(2)-affine(10)"), settings),
                new Trial(1, new SweepConfig(1e-3, 1e-3, 1e-3, 0, 0, 0, "adam", "[affine(16)-bn-relu]x2-dropout(0.8)-affine(10)"),
                        settings));
        int before = NativeConfig.getBlasThreads();
        try {
            for (TrialResult s : SweepRunner.runSequential(trials, Backend.AUTO, 1)) {
                assertEquals(s.paramsSha256(), rows.get(s.id()).get("params_sha256").getAsString(),
                        "same parameters and running statistics, dropout masks included");
            }
        } finally {
            NativeConfig.setBlasThreads(before);
        }
    }

    @Test
    void oneSlf4jProviderOnTheModulesClassPath() {
        List<String> providers = new ArrayList<>();
        for (SLF4JServiceProvider p : ServiceLoader.load(SLF4JServiceProvider.class)) providers.add(p.getClass().getName());
        assertEquals(List.of("org.apache.logging.slf4j.SLF4JServiceProvider"), providers,
                "Spark's log4j2 binding only: the command line's slf4j-simple is excluded");
        assertFalse(first.out().contains("SLF4J"), first.out());
        assertFalse(first.out().lines().anyMatch(l -> l.startsWith("INFO ") || l.startsWith("WARN ")),
                "Spark's own logging stays quiet: " + first.out().lines().filter(l -> l.startsWith("INFO ") || l.startsWith("WARN "))
                        .collect(Collectors.joining("\n")));
    }
}
