package org.convnet4j.cli;

import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Loader;
import org.convnet4j.fast.NativeConfig;
import org.convnet4j.fast.NativeStatus;
import picocli.CommandLine.Command;

/** Platform, native status, BLAS vendor/kernel/threads and versions. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print platform, native status, BLAS and versions.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("convnet4j:        " + Versions.project());
        System.out.println("java:             " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("platform:         " + Loader.getPlatform() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("native library:   " + (NativeStatus.isAvailable() ? "loaded" : "NOT loaded"));
        if (!NativeStatus.isAvailable()) {
            System.out.println(NativeStatus.describe());
            return 1;
        }
        System.out.println("blas vendor:      " + NativeConfig.blasVendor());
        System.out.println("blas kernel:      " + NativeConfig.blasCorename());
        System.out.println("blas config:      " + NativeConfig.blasConfig());
        System.out.println("blas threads:     " + NativeConfig.getBlasThreads() + " (set with --blas-threads N on train, "
                + "overfit, gradcheck and bench, or CONVNET4J_JAVA_OPTS=\"-D" + NativeConfig.THREADS_PROPERTY + "=N\")");
        System.out.println("OPENBLAS_CORETYPE: " + System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
        System.out.println("javacpp:          " + NativeConfig.javacppVersion());
        System.out.println("openblas preset:  " + NativeConfig.openblasVersion() + (NativeConfig.versionsMatch() ? " (matches javacpp)"
                : " (DOES NOT match javacpp)"));
        return 0;
    }
}
