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
 * thread meanwhile ({@link Tuning#convSplitBatch}); other BLAS calls (the affine layers, and convolutions that
 * do not split) use OpenBLAS's pool at the requested count. OpenBLAS's count is process-wide (in this pthreads
 * build {@code openblas_set_num_threads_local} changes it for every thread too), so the two kinds of calls
 * never overlap: one waits while calls of the other run. A call therefore always runs at the count its settings
 * give, and gets the same bits whatever other threads are doing.
 *
 * <p><b>How results depend on the thread count.</b> For a given thread count, {@link Tuning} settings, OpenBLAS
 * kernel (the CPU, or {@code OPENBLAS_CORETYPE}) and inputs, every op gives the same bits on every run and
 * beside any other calls. Between thread counts, some sums are added in another order, so the last bits differ:
 * <ul>
 * <li>a convolution that splits its batch ({@code min(threads, max(2, cores), N)} parts) sums dw and db per
 * part and adds the parts in order, so dw and db change with the number of parts; out and dx do not (each
 * image's GEMMs run on one thread either way);</li>
 * <li>a GEMM that OpenBLAS threads (the affine layers, a convolution that does not split, e.g. N = 1) is cut
 * into per-thread blocks, and an element's sum over the inner dimension is then accumulated in another order
 * or by another kernel. Measured here (OpenBLAS 0.3.31, 1 vs 2 threads): (50, 8192) x (8192, 100) float32
 * affine, 11% of out and 4.5% of dw differ; a (50, 100) x (100, 10) affine, small enough that OpenBLAS does
 * not thread it, is identical;</li>
 * <li>max pooling, ReLU, the affine db and every naive layer do not depend on the thread count.</li>
 * </ul>
 * Training amplifies such last-bit differences from step to step, so runs with different thread counts
 * follow different, equally valid trajectories: {@code train --blas-threads 2} and {@code 1} gave train
 * accuracy 0.8050 and 0.7730 on 5,000 images. Pin the thread count to reproduce a run bit for bit.
 *
 * <p>OpenBLAS's idle workers spin for a while after each threaded call, which took CPU from the next conv's
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
            if (n >= 1 && n <= def) return n;
        } catch (NumberFormatException ignored) {
            // fall through to the warning
        }
        LOG.warn("{}={} is not an integer in [1, {}] (the cores); using {}", THREADS_PROPERTY, p, def, def);
        return def;
    }

    /**
     * The most BLAS threads {@link #setBlasThreads} takes: the cores the JVM sees. More threads than cores only make
     * OpenBLAS's threads wait on each other (measured on 2 cores: 4 threads 9x slower, 100 threads a hang).
     */
    public static int maxThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Called once by NativeStatus after a successful load. */
    static void applyInitialThreads() {
        NativeKernels.setBlasThreads(requested);
        LOG.info("convnet4j: BLAS threads {} ({})", NativeKernels.getBlasThreads(), NativeKernels.blasConfig());
    }

    /**
     * Sets the number of OpenBLAS threads for all subsequent native calls.
     *
     * @throws IllegalArgumentException if {@code n < 1} or {@code n > }{@link #maxThreads()} (the cores)
     */
    public static void setBlasThreads(int n) {
        if (n < 1 || n > maxThreads()) {
            throw new IllegalArgumentException("setBlasThreads: n must be in [1, " + maxThreads() + "] (the cores), got " + n);
        }
        synchronized (GATE) {
            // no BLAS call of ours is running while the count changes (a call runs at one count throughout)
            boolean interrupted = false;
            while (threaded > 0 || pinned > 0) {
                try {
                    GATE.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            requested = n;
            if (NativeStatus.isAvailable()) {
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

    // The gate. OpenBLAS has one, process-wide thread count (openblas_set_num_threads_local is global too in
    // this pthreads build: one thread's call changes every thread's count). A batch split runs OpenBLAS at 1
    // thread; every other BLAS call of ours runs at the requested count. The two kinds never overlap: a call
    // of one kind waits while calls of the other run, so no call sees the count the other kind set, and its
    // bits do not depend on what runs beside it. Calls of the same kind run together. A kind that has
    // waiters admits no new calls of its own while it runs, so neither kind starves the other.
    private static final Object GATE = new Object();
    private static int threaded, pinned, threadedWaiting, pinnedWaiting;

    /** Before a BLAS call that runs at the requested thread count (affine, a conv that does not split). */
    static void enterThreaded() {
        synchronized (GATE) {
            threadedWaiting++;
            try {
                awaitTurn(() -> pinned > 0 || (pinnedWaiting > 0 && threaded > 0));
            } finally {
                threadedWaiting--;
            }
            threaded++;
        }
    }

    /** After the BLAS call of an {@link #enterThreaded()}. */
    static void exitThreaded() {
        synchronized (GATE) {
            threaded--;
            GATE.notifyAll();
        }
    }

    /**
     * Runs OpenBLAS single-threaded until the matching {@link #unpin()}: a convolution that splits its batch
     * over our own threads wants one-thread GEMMs in each. Waits until no call of the other kind runs; nested
     * and concurrent splits are counted.
     */
    static void pinSingleThreaded() {
        synchronized (GATE) {
            pinnedWaiting++;
            try {
                awaitTurn(() -> threaded > 0 || (threadedWaiting > 0 && pinned > 0));
            } finally {
                pinnedWaiting--;
            }
            if (pinned++ == 0 && requested > 1) NativeKernels.setBlasThreads(1);
        }
    }

    /** Ends a {@link #pinSingleThreaded()}; the last one restores the requested thread count. */
    static void unpin() {
        synchronized (GATE) {
            if (--pinned == 0 && requested > 1) NativeKernels.setBlasThreads(requested);
            GATE.notifyAll();
        }
    }

    /** Waits on the gate while {@code blocked} holds; an interrupt is kept for the caller, not thrown. */
    private static void awaitTurn(java.util.function.BooleanSupplier blocked) {
        boolean interrupted = false;
        while (blocked.getAsBoolean()) {
            try {
                GATE.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
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

    /**
     * Whether this CPU (and OS) runs the AVX2 max-pool kernels that {@link Tuning#poolAvx2} enables: CPUID's AVX2
     * flag with the YMM state enabled. False when the native library is unavailable.
     */
    public static boolean poolAvx2Available() {
        return NativeStatus.isAvailable() && NativeKernels.cnn_pool_avx2_available() == 1;
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
