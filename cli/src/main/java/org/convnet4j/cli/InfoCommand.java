package org.convnet4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Loader;
import org.convnet4j.data.Cifar10Binary;
import org.convnet4j.data.DataLocator;
import org.convnet4j.data.DataNotFoundException;
import org.convnet4j.data.FashionMnist;
import org.convnet4j.fast.NativeConfig;
import org.convnet4j.fast.NativeStatus;
import org.convnet4j.fast.Tuning;
import picocli.CommandLine.Command;

/** Platform, native status, BLAS vendor/kernel/threads and versions. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print platform, native status, BLAS and versions.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("convnet4j:        " + Versions.project());
        System.out.println("java:             " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("platform:         " + Loader.getPlatform() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        printData();
        System.out.println("native library:   " + (NativeStatus.isAvailable() ? "loaded" : "NOT loaded"));
        if (!NativeStatus.isAvailable()) {
            System.out.println(NativeStatus.describe());
            return 1;
        }
        System.out.println("blas vendor:      " + NativeConfig.blasVendor());
        System.out.println("blas kernel:      " + NativeConfig.blasCorename());
        System.out.println("blas config:      " + NativeConfig.blasConfig());
        System.out.println("max-pool kernels: " + (NativeConfig.poolAvx2Available() ? "AVX2 for stride 2" : "baseline x86-64 (no AVX2)")
                + (Tuning.poolAvx2 ? "" : ", AVX2 turned off (Tuning.poolAvx2)"));
        System.out.println("blas threads:     " + NativeConfig.getBlasThreads() + " (at most " + NativeConfig.maxThreads()
                + ", the cores; set with --blas-threads N on train, overfit, gradcheck, bench, predict and evaluate, per task on"
                + " sweep, or CONVNET4J_JAVA_OPTS=\"-D" + NativeConfig.THREADS_PROPERTY + "=N\")");
        System.out.println("OPENBLAS_CORETYPE: " + System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
        System.out.println("javacpp:          " + NativeConfig.javacppVersion());
        System.out.println("openblas preset:  " + NativeConfig.openblasVersion() + (NativeConfig.versionsMatch() ? " (matches javacpp)"
                : " (DOES NOT match javacpp)"));
        return 0;
    }

    /** Which data sets were found where (every place searched, in the order train --data auto searches them). */
    private static void printData() {
        DataLocator locator = DataLocator.system();
        List<Path> cifarDirs, fashionDirs;
        try {
            cifarDirs = locator.searchDirs(null);
            fashionDirs = locator.fashionSearchDirs(null);
        } catch (DataNotFoundException e) {
            // a $CONVNET4J_DATA that is not a folder: train and the others refuse it too
            System.out.println("data:             " + e.getMessage());
            return;
        }
        List<String> cifar = new ArrayList<>(), fashion = new ArrayList<>();
        for (Path d : cifarDirs) Cifar10Binary.find(d).ifPresent(p -> cifar.add(p.toString()));
        for (Path d : fashionDirs) FashionMnist.find(d).ifPresent(p -> fashion.add(p.toString()));
        System.out.println("data cifar10:     " + (cifar.isEmpty() ? "not found in " + cifarDirs
                + " (get it with: data fetch cifar10)" : String.join(", ", new LinkedHashSet<>(cifar))));
        System.out.println("data fashion-mnist: " + (fashion.isEmpty() ? "not found in " + fashionDirs
                + " (apt-get install dataset-fashion-mnist)" : String.join(", ", new LinkedHashSet<>(fashion))));
        System.out.println("data synthetic:   built in");
    }
}
