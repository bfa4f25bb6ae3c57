package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.convnet4j.bench.BenchCase;
import org.convnet4j.bench.BenchOptions;
import org.convnet4j.bench.BenchRunner;
import org.convnet4j.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The notebook's speed tables and the BENCH.md cases, with the sgemm ceiling measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Naive vs fast speed tables (the notebook's format) and S1..S5 GFLOPS against the same-run sgemm ceiling.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--cases", split = ",", description = "Cases, e.g. S1,S2,S4,T1 (default: all of S1..S5 and T1).")
    List<String> cases;
    @Option(names = "--blas-threads", paramLabel = "N",
            description = "OpenBLAS threads, pinned for the run (default 1; --threads is an old alias).")
    Integer blasThreads;
    // the first name of --blas-threads, kept for old scripts; hidden, as picocli would list the shorter name first
    @Option(names = "--threads", hidden = true, paramLabel = "N")
    Integer threadsAlias;
    @Option(names = "--dtype", defaultValue = "float32", description = "dtype of S3..S5 (S1, S2 use float64 like the notebook). Default ${DEFAULT-VALUE}.")
    String dtype;
    @Option(names = "--repeats", defaultValue = "7", description = "Timed repeats per fast case (median reported; default ${DEFAULT-VALUE}).")
    int repeats;
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
        check.atLeast(blasThreads == null && threadsAlias != null ? "--threads" : "--blas-threads", 1, threads);
        check.atLeast("--repeats", 1, repeats);
        BenchOptions o = new BenchOptions().blasThreads(threads).dtype(TrainCommand.parseDtype(check, dtype)).repeats(repeats);
        if (cases != null) {
            List<BenchCase> list = new ArrayList<>();
            boolean t1 = false;
            for (String c : cases) {
                if (c.trim().equalsIgnoreCase("T1")) t1 = true;
                else list.add(parseCase(check, c));
            }
            o.cases(list).trainStep(t1);
        }
        if (json != null) {
            FileChecks.writableFile("JSON report", json, "--json");
            o.jsonOut(json);
        }
        return o;
    }

    private static BenchCase parseCase(OptionChecks check, String name) {
        try {
            return BenchCase.parse(name);
        } catch (IllegalArgumentException e) {
            List<String> all = new ArrayList<>();
            for (BenchCase c : BenchCase.values()) all.add(c.name());
            all.add("T1");
            throw check.invalid("--cases", "a list of " + all, name);
        }
    }
}
