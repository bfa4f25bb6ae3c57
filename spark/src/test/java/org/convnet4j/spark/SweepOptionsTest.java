package org.convnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's options: bad values are usage errors found before Spark starts; --dry-run lists the plan. */
class SweepOptionsTest extends TestBase {
    @TempDir
    Path dir;

    private String[] sweep(String... more) {
        return Cli.concat(new String[] {"sweep", "--data", "synthetic", "--num-train", "100", "--num-val", "20", "--num-test", "20",
                "--hidden-dim", "8", "--num-filters", "2", "--no-progress", "--out",
                dir.resolve("out").toString()}, more);
    }

    private static void assertUsageError(String expectedFirstLine, Cli.Run r) {
        assertEquals(2, r.exit(), r.out());
        assertEquals(expectedFirstLine, r.out().lines().findFirst().orElse(""), r.out());
        assertFalse(r.out().contains("data: "), "refused before any data or Spark: " + r.out());
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        assertUsageError("Invalid value for option '--lr': expected a list (1e-3,1e-4) or range (1e-5:1e-2, 1e-5:1e-2:log, "
                + "1e-5:1e-2:log:4) of numbers, each a finite number > 0, got -1", Cli.run(sweep("--lr", "-1")));
        assertUsageError("Invalid value for option '--lr': expected a list or a range with a point count for --search grid "
                + "(e.g. 1e-05:0.01:log:4), or --search random, got 1e-05:0.01:log", Cli.run(sweep("--lr", "1e-5:1e-2:log")));
        assertUsageError("Invalid value for option '--update-rule': expected a comma-separated list of [sgd, sgd_momentum, "
                + "rmsprop, adam], got 'adagrad' in 'adam,adagrad'", Cli.run(sweep("--update-rule", "adam,adagrad")));
        assertUsageError("Invalid value for option '--filter-size': expected a comma-separated list of odd integers >= 1, "
                + "got 4 in '3,4'", Cli.run(sweep("--filter-size", "3,4")));
        assertUsageError("Invalid value for option '--filter-size': expected a comma-separated list of odd integers >= 1, "
                + "got '3:7'", Cli.run(sweep("--filter-size", "3:7")));
        assertUsageError("Invalid value for option '--blas-threads': expected at most 2 (the cores of --master local[2]; each "
                + "task takes --blas-threads of them), got 3", Cli.run(sweep("--master", "local[2]", "--blas-threads", "3")));
        assertUsageError("Invalid value for option '--data': expected cifar10, fashion-mnist or synthetic with a cluster --master "
                + "(auto could choose differently on each machine), got auto",
                Cli.run("sweep", "--data", "auto", "--master", "spark://localhost:7077"));
        assertUsageError("Invalid value for option '--trials': expected no value with --search grid (it takes every "
                + "combination), got 4", Cli.run(sweep("--trials", "4")));
        assertUsageError("Invalid value for option '--search': expected grid or random, got bayes", Cli.run(sweep("--search", "bayes")));
        assertUsageError("Invalid value for option '--backend': expected naive, native or auto, got fast", Cli.run(sweep("--backend", "fast")));
        assertUsageError("Invalid value for option '--blas-threads': expected an integer >= 1, got 0", Cli.run(sweep("--blas-threads", "0")));
        assertUsageError("Invalid value for option '--retry-failed': expected to come with --resume, got --retry-failed alone",
                Cli.run(sweep("--retry-failed")));
        assertUsageError("Invalid value for option '--batch-size': expected an integer in [1, 100], got 500",
                Cli.run(sweep("--batch-size", "500")));
        assertUsageError("Invalid value for option '--hidden-dim': expected no value with --arch (the architecture gives the "
                + "layer sizes), got 8", Cli.run(sweep("--arch", "affine(10)")));
        assertUsageError("Invalid value for option '--init': expected weight_scale without --arch, got he",
                Cli.run(sweep("--init", "he")));
        Cli.Run bad = Cli.run("sweep", "--data", "synthetic", "--arch", "conv(8,3x2)");
        assertEquals(2, bad.exit(), bad.out());
        assertTrue(bad.out().startsWith("Invalid value for option '--arch': expected an architecture in the net builder's text "
                + "form, got conv(8,3x2) (bad architecture at offset 8: expected ',' or ')', got 'x2'"), bad.out());
    }

    @Test
    void anArchitectureThatDoesNotFitTheDataIsRefusedBeforeSparkStarts() {
        Cli.Run r = Cli.run("sweep", "--data", "synthetic", "--num-train", "50", "--num-val", "10", "--num-test", "10",
                "--arch", "conv(4,3)-relu-affine(10)", "--arch", "conv(4,3)-pool(64)-affine(10)", "--no-progress",
                "--out", dir.resolve("out").toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("Invalid value for option '--arch': expected an architecture that fits the data (3, 32, 32) "
                + "with 10 classes, got conv(4,3)-pool(64)-affine(10) (net: layer 2, pool(64)"), r.out());
        assertFalse(r.out().contains("spark: local"), r.out());
    }

    @Test
    void dryRunListsTheConfigurationsAndTrainsNothing() {
        Cli.Run r = Cli.run(sweep("--search", "random", "--trials", "3", "--lr", "1e-4:1e-2:log", "--seed", "7", "--dry-run"));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("sweep: 3 configurations (random search: 3 trials, seed 7; --lr 0.0001:0.01:log)"), r.out());
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("  #")).count(), r.out());
        assertFalse(Files.exists(dir.resolve("out")), "a dry run writes nothing");
    }

    @Test
    void aSecondSweepIntoTheSameFolderNeedsResume() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve(ResultsStore.JSON), "{}");
        Cli.Run r = Cli.run(sweep());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("error: " + out + " already holds a sweep's results.json: continue it with --resume, or "
                + "choose another --out"), r.out());
        Files.writeString(out.resolve(ResultsStore.JSON), "{\"format\": \"convnet4j-sweep\", \"version\": 1, \"results\": "
                + "[{\"id\": \"0123456789ab\", \"status\": \"failed\", \"lr\": 0.5, \"epochs\": 3, \"batch_size\": 50}]}");
        Cli.Run other = Cli.run(sweep("--resume"));
        assertEquals(1, other.exit(), other.out());
        assertTrue(other.out().contains("error: --resume: " + out.resolve(ResultsStore.JSON) + " holds 1 configuration(s) that "
                + "are not part of this sweep (other values or settings, e.g. 0123456789ab: lr 0.5, reg 0.0, 3 epoch(s)"), other.out());
        assertFalse(other.out().contains("spark: local"), other.out());
        Files.writeString(out.resolve(ResultsStore.JSON), "{}");
        Cli.Run bad = Cli.run(sweep("--resume"));
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("error: " + out.resolve(ResultsStore.JSON) + ": not a convnet4j-sweep version 1 results file"),
                bad.out());
    }
}
