package org.convnet4j.cli;

import org.convnet4j.fast.NativeConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.convnet4j.bench.BenchCase;
import org.convnet4j.bench.BenchOptions;
import org.convnet4j.bench.BenchRunner;
import org.convnet4j.bench.TrainCase;
import org.convnet4j.data.FashionMnist;
import org.convnet4j.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The notebook's speed tables and the BENCH.md cases, with the sgemm ceiling measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Naive vs fast speed tables (the notebook's format), S1..S5 GFLOPS against the same-run sgemm ceiling,"
                + " training steps T1/T2 and (--epoch) one Fashion-MNIST epoch.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--cases", split = ",", description = "Cases, e.g. S1,S2,S4,T1,T2 (default: all of S1..S5 and T1;"
            + " T2 is T1 with hidden 500, train's default).")
    List<String> cases;
    @Option(names = "--epoch", description = "Also time one Fashion-MNIST epoch with train's defaults (hidden 500, reg 1e-3,"
            + " adam 1e-3, batch 50, 55,000 images), training time only.")
    boolean epoch;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Fashion-MNIST folder for --epoch (default "
            + FashionMnist.SYSTEM_DIR + ").")
    Path dataDir;
    @Option(names = "--blas-threads", paramLabel = "N",
            description = "OpenBLAS threads, pinned for the run (default 1; --threads is an old alias).")
    Integer blasThreads;
    // the first name of --blas-threads, kept for old scripts; hidden, as picocli would list the shorter name first
    @Option(names = "--threads", hidden = true, paramLabel = "N")
    Integer threadsAlias;
    @Option(names = "--dtype", defaultValue = "float32", description = "dtype of S3..S5, T1, T2 and the epoch (S1, S2 run in"
            + " float64 like the notebook, and in float32 too when that is the dtype). Default ${DEFAULT-VALUE}.")
    String dtype;
    @Option(names = "--repeats", defaultValue = "7", description = "Timed repeats per fast case (median reported; default ${DEFAULT-VALUE}).")
    int repeats;
    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N",
            description = "Untimed calls of the fast path before timing, for the JIT and the caches (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--warmup-ms", defaultValue = "500", paramLabel = "MS",
            description = "Untimed calls also last at least this many ms per measurement: the JIT compiles during the"
                    + " first calls, and on 2 cores its threads delay work split over both (default ${DEFAULT-VALUE}).")
    long warmupMs;
    @Option(names = "--naive-repeats", defaultValue = "3", paramLabel = "N",
            description = "Timed calls of the naive layers per case, 0 for none (default ${DEFAULT-VALUE}).")
    int naiveRepeats;
    @Option(names = "--gemm-size", defaultValue = "2048", paramLabel = "N",
            description = "Order of the sgemm/dgemm ceiling measured first, 0 to skip it (default ${DEFAULT-VALUE}).")
    int gemmSize;
    @Option(names = "--json", description = "Also write the report as JSON to this file.")
    Path json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        new BenchRunner(options()).run(System.out);
        return 0;
    }

    /** The run's options, every value checked (and the --json file found writable) before anything is timed. */
    BenchOptions options() throws IOException {
        OptionChecks check = new OptionChecks(spec);
        int threads = blasThreads != null ? blasThreads : threadsAlias != null ? threadsAlias : 1;
        check.inRange(blasThreads == null && threadsAlias != null ? "--threads" : "--blas-threads", 1, NativeConfig.maxThreads(),
                threads);
        check.atLeast("--repeats", 1, repeats);
        check.atLeast("--naive-repeats", 0, naiveRepeats);
        check.atLeast("--warmup", 0, warmup);
        check.inRange("--warmup-ms", 0, 600_000, warmupMs);
        check.inRange("--gemm-size", 0, 8192, gemmSize);
        BenchOptions o = new BenchOptions().blasThreads(threads).dtype(TrainCommand.parseDtype(check, dtype)).repeats(repeats)
                .naiveRepeats(naiveRepeats).gemmSize(gemmSize).warmup(warmup).warmupMs(warmupMs);
        if (cases != null) {
            List<BenchCase> list = new ArrayList<>();
            List<TrainCase> train = new ArrayList<>();
            for (String c : cases) {
                if (isTrainCase(c)) train.add(TrainCase.parse(c));
                else list.add(parseCase(check, c));
            }
            o.cases(list).trainCases(train);
        } else if (epoch) {
            o.cases(List.of()).trainCases(List.of()); // --epoch alone: just the epoch
        }
        if (epoch) {
            Path dir = dataDir != null ? dataDir : Path.of(FashionMnist.SYSTEM_DIR);
            if (FashionMnist.find(dir).isEmpty()) {
                throw check.invalid("--data-dir", "a folder with the Fashion-MNIST IDX files (apt-get install"
                        + " dataset-fashion-mnist puts them in " + FashionMnist.SYSTEM_DIR + ")", dir);
            }
            o.epoch(true).epochDataDir(dir);
        } else if (dataDir != null) {
            throw check.invalid("--data-dir", "--epoch with it (the folder is for the epoch only)", dataDir);
        }
        if (json != null) {
            FileChecks.writableFile("JSON report", json, "--json");
            o.jsonOut(json);
        }
        return o;
    }

    private static boolean isTrainCase(String name) {
        for (TrainCase t : TrainCase.values()) if (t.name().equalsIgnoreCase(name.trim())) return true;
        return false;
    }

    private static BenchCase parseCase(OptionChecks check, String name) {
        try {
            return BenchCase.parse(name);
        } catch (IllegalArgumentException e) {
            List<String> all = new ArrayList<>();
            for (BenchCase c : BenchCase.values()) all.add(c.name());
            for (TrainCase t : TrainCase.values()) all.add(t.name());
            throw check.invalid("--cases", "a list of " + all, name);
        }
    }
}
