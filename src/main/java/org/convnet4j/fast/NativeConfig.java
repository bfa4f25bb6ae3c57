package org.convnet4j.fast;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BLAS thread knob, the native workspaces' release, and build facts for the CLI {@code info} command.
 * Every method works without the native library (then there is nothing to set or free).
 *
 * <p>One knob: the system property {@value #THREADS_PROPERTY} (read once, when the native library
 * loads) or {@link #setBlasThreads(int)}; the default is {@link Runtime#availableProcessors()}. Rule:
 * parallelise over the batch in Java <em>or</em> inside OpenBLAS, not both — when several Java threads
 * run layers at once, set this to 1. The setting is process-wide (OpenBLAS has one pool).
 *
 * <p>Measured on a 2-core machine: 2 threads help the big GEMMs (S4 float32 about 1.3–1.4x over 1
 * thread when the machine is otherwise idle) and do nothing for the seed's small S1 convolution, whose
 * GEMMs are too small to split. But when another process keeps one core busy, OpenBLAS's threads wait on
 * each other and 2 threads became 10–20x <em>slower</em> than 1 (S4 forward 1.5 s instead of 70 ms). On a
 * shared machine, use 1.
 *
 * <p>With more than one thread, convolutions split their batch over our own threads and pin OpenBLAS to one
 * thread meanwhile ({@link Tuning#convSplitBatch}); other BLAS calls (the affine layers) use OpenBLAS's pool.
 * OpenBLAS's idle workers spin for a while after each threaded call, which took CPU from the next conv's
 * threads: a ThreeLayerConvNet training step at 2 threads measured 42–49 ms by default and 30–36 ms with the
 * environment variable {@code OPENBLAS_THREAD_TIMEOUT=4} (read when OpenBLAS loads, so it must be set before
 * the JVM starts; the {@code ./convnet4j} launcher sets it).
 */
public final class NativeConfig {
    /** System property holding the BLAS thread count. */
    public static final String THREADS_PROPERTY = "convnet4j.blas.threads";

    private static final Logger LOG = LoggerFactory.getLogger(NativeConfig.class);
    private static volatile int requested = initialThreads();

    private NativeConfig() {}

    static int initialThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        int def = Runtime.getRuntime().availableProcessors();
        if (p == null || p.isBlank()) return def;
        try {
            int n = Integer.parseInt(p.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // fall through to the warning
        }
        LOG.warn("{}={} is not a positive integer; using {}", THREADS_PROPERTY, p, def);
        return def;
    }

    /** Called once by NativeStatus after a successful load. */
    static void applyInitialThreads() {
        NativeKernels.setBlasThreads(requested);
        LOG.info("convnet4j: BLAS threads {} ({})", NativeKernels.getBlasThreads(), NativeKernels.blasConfig());
    }

    /**
     * Sets the number of OpenBLAS threads for all subsequent native calls.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setBlasThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("setBlasThreads: n must be >= 1, got " + n);
        synchronized (PIN) {
            requested = n;
            // while a batch split runs, OpenBLAS stays at 1 thread; unpin() applies n when the last one ends
            if (pinned == 0 && NativeStatus.isAvailable()) {
                NativeKernels.setBlasThreads(n);
                int got = NativeKernels.getBlasThreads();
                if (got < n) LOG.warn("setBlasThreads({}): this OpenBLAS build runs at most {} threads", n, got);
            }
        }
    }

    /**
     * Frees every thread's cached native workspace (the im2col scratch the fast convolutions keep between
     * calls); they grow again on the next call. Safe at any time: a thread inside a kernel is waited for.
     * Does nothing when the native library is unavailable.
     */
    public static void releaseWorkspaces() {
        if (NativeStatus.isAvailable()) NativeKernels.releaseWorkspaces();
    }

    /** Bytes held by cached native workspaces across all threads (0 without the native library). */
    public static long workspaceBytes() {
        return NativeStatus.isAvailable() ? NativeKernels.workspaceBytes() : 0;
    }

    /** The thread count set by the property or {@link #setBlasThreads(int)} (also while a split pins 1). */
    static int requestedThreads() {
        return requested;
    }

    private static final Object PIN = new Object();
    private static int pinned;

    /**
     * Runs OpenBLAS single-threaded until the matching {@link #unpin()}: a convolution that splits its batch
     * over our own threads wants one-thread GEMMs in each (process-wide, so nested and concurrent splits
     * are counted; other BLAS calls made meanwhile also run on one thread).
     */
    static void pinSingleThreaded() {
        synchronized (PIN) {
            if (pinned++ == 0 && requested > 1) NativeKernels.setBlasThreads(1);
        }
    }

    /** Ends a {@link #pinSingleThreaded()}; the last one restores the requested thread count. */
    static void unpin() {
        synchronized (PIN) {
            if (--pinned == 0 && requested > 1) NativeKernels.setBlasThreads(requested);
        }
    }

    /** The effective OpenBLAS thread count, or the requested one when the native library is unavailable. */
    public static int getBlasThreads() {
        return NativeStatus.isAvailable() ? NativeKernels.getBlasThreads() : requested;
    }

    /** The BLAS vendor: {@code "OpenBLAS"}, or {@code "unavailable"}. */
    public static String blasVendor() {
        return NativeStatus.isAvailable() ? "OpenBLAS" : "unavailable";
    }

    /** OpenBLAS's build string ({@code openblas_get_config}), or {@code "unavailable"}. */
    public static String blasConfig() {
        return NativeStatus.isAvailable() ? NativeKernels.blasConfig() : "unavailable";
    }

    /** The CPU kernel OpenBLAS picked ({@code openblas_get_corename}, e.g. "Haswell"), or {@code "unavailable"}. */
    public static String blasCorename() {
        return NativeStatus.isAvailable() ? NativeKernels.blasCorename() : "unavailable";
    }

    /** The JavaCPP version on the classpath, or null if unknown. */
    public static String javacppVersion() {
        return NativeKernels.Env.javacppVersion();
    }

    /** The org.bytedeco:openblas version on the classpath (e.g. {@code 0.3.31-1.5.13}), or null if unknown. */
    public static String openblasVersion() {
        return NativeKernels.Env.openblasVersion();
    }

    /** Whether the OpenBLAS preset was built for this JavaCPP (its version ends with {@code -<javacpp>}). */
    public static boolean versionsMatch() {
        return versionsMatch(javacppVersion(), openblasVersion());
    }

    static boolean versionsMatch(String javacpp, String openblas) {
        return javacpp != null && openblas != null && openblas.endsWith("-" + javacpp);
    }
}
