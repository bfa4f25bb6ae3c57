package org.convnet4j.cli;

import org.convnet4j.fast.Backend;
import org.convnet4j.fast.NativeConfig;
import org.convnet4j.model.Ops;
import picocli.CommandLine.Option;

/** The options shared by commands that run layers: which backend, how many BLAS threads. */
final class BackendOptions {
    @Option(names = "--backend", defaultValue = "auto", paramLabel = "naive|native|auto",
            description = "Layer implementation: naive Java, native OpenBLAS, or auto (native when loaded). Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--blas-threads", paramLabel = "N",
            description = "OpenBLAS threads, at most the number of cores (default: the convnet4j.blas.threads property, else the"
                    + " number of cores).")
    Integer blasThreads;

    void validate(OptionChecks check) {
        try {
            Backend.parse(backend);
        } catch (IllegalArgumentException e) {
            throw check.invalid("--backend", "naive, native or auto", backend);
        }
        // more threads than cores only make OpenBLAS's threads wait on each other (4 on 2 cores: 9x slower, 100: a hang)
        if (blasThreads != null) check.inRange("--blas-threads", 1, NativeConfig.maxThreads(), blasThreads);
    }

    Backend backend() {
        Backend b = Backend.parse(backend);
        if (blasThreads != null && b != Backend.NAIVE) NativeConfig.setBlasThreads(blasThreads);
        return b;
    }

    Ops ops() {
        return Ops.of(backend());
    }
}
