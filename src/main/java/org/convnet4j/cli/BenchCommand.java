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
import picocli.CommandLine.Option;

/** The seed's speed tables and the BENCH.md cases, with the sgemm ceiling measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Naive vs fast speed tables (the seed's format) and S1..S5 GFLOPS against the same-run sgemm ceiling.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--cases", split = ",", description = "Cases, e.g. S1,S2,S4,T1 (default: all of S1..S5 and T1).")
    List<String> cases;
    @Option(names = "--threads", defaultValue = "1", description = "OpenBLAS threads, pinned for the run (default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--dtype", defaultValue = "float32", description = "dtype of S3..S5 (S1, S2 use float64 like the seed). Default ${DEFAULT-VALUE}.")
    String dtype;
    @Option(names = "--repeats", defaultValue = "7", description = "Timed repeats per fast case (median reported; default ${DEFAULT-VALUE}).")
    int repeats;
    @Option(names = "--json", description = "Also write the report as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws IOException {
        BenchOptions o = new BenchOptions().blasThreads(threads).dtype(DType.parse(dtype)).repeats(repeats);
        if (cases != null) {
            List<BenchCase> list = new ArrayList<>();
            boolean t1 = false;
            for (String c : cases) {
                if (c.trim().equalsIgnoreCase("T1")) t1 = true;
                else list.add(BenchCase.parse(c));
            }
            o.cases(list).trainStep(t1);
        }
        if (json != null) o.jsonOut(json);
        new BenchRunner(o).run(System.out);
        return 0;
    }
}
