package org.convnet4j.fast;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the native kernels loaded, and if not, why and how to fix it. Loading is attempted once, in
 * this class's initialiser; the failure (if any) is kept and rendered by {@link #describe()}: the
 * platform detected, the resource expected, the Maven artifact that provides it and the JavaCPP debug
 * switch. Thread-safe (immutable after class initialisation).
 */
public final class NativeStatus {
    /** The platforms whose classifier jar convnet4j builds and tests (JavaCPP's platform names). */
    public static final java.util.List<String> SUPPORTED_PLATFORMS = java.util.List.of("linux-x86_64");

    private static final Logger LOG = LoggerFactory.getLogger(NativeStatus.class);
    private static final Throwable FAILURE;

    static {
        Throwable failure = null;
        try {
            NativeKernels.ensureLoaded();
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError...
            failure = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
        }
        FAILURE = failure;
        if (failure == null) {
            try {
                NativeConfig.applyInitialThreads();
            } catch (RuntimeException e) {
                LOG.warn("convnet4j: could not set the BLAS thread count: {}", e.toString());
            }
        }
    }

    private NativeStatus() {}

    /** True when the native kernels and OpenBLAS loaded. */
    public static boolean isAvailable() {
        return FAILURE == null;
    }

    /** The load failure, or null when loading succeeded. */
    public static Throwable failure() {
        return FAILURE;
    }

    /** One paragraph for logs, exceptions, test skips and the CLI {@code info} command. */
    public static String describe() {
        return render(FAILURE, safe(NativeKernels.Env::platform), NativeKernels.Env.expectedResource(),
                NativeKernels.Env.resourcePresent(), NativeKernels.Env.ourVersion());
    }

    /** Throws {@link IllegalStateException} with {@link #describe()} unless the kernels loaded. */
    static void require(String op) {
        if (!isAvailable()) throw new IllegalStateException(op + ": native kernels unavailable. " + describe());
    }

    static String render(Throwable failure, String platform, String resource, boolean resourcePresent, String version) {
        if (failure == null) {
            return "convnet4j native kernels loaded (platform " + platform + ", " + resource + ")";
        }
        String v = version == null ? "<version>" : version;
        StringBuilder s = new StringBuilder("convnet4j native kernels failed to load: ").append(failure);
        s.append(". Platform detected: ").append(platform).append("; expected resource ").append(resource)
                .append(resourcePresent ? " (present on the classpath, so a dependency such as libopenblas failed to load)"
                        : " (not on the classpath)");
        if (!SUPPORTED_PLATFORMS.contains(platform)) {
            s.append(". convnet4j ships native kernels for ").append(String.join(", ", SUPPORTED_PLATFORMS))
                    .append(" only: on ").append(platform).append(" build them from the sources with `bash cppbuild.sh")
                    .append(" -platform ").append(platform).append(" install`, or use Backend.NAIVE.");
            return s.toString();
        }
        s.append(". Add the dependency org.convnet4j:convnet4j:").append(v).append(':').append(platform)
                .append(" (classifier ").append(platform).append(") with org.bytedeco:openblas:<version>:")
                .append(platform).append(", or org.convnet4j:convnet4j-platform:").append(v)
                .append(" for all platforms. Run with -Dorg.bytedeco.javacpp.logger.debug=true to see what JavaCPP tried.");
        return s.toString();
    }

    private static String safe(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException | LinkageError e) {
            return System.getProperty("os.name") + "-" + System.getProperty("os.arch");
        }
    }
}
