package org.convnet4j.fast;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a convolution's batch into contiguous image ranges run on our own threads, each with one-thread
 * GEMMs ({@link NativeConfig#pinSingleThreaded()}) and its own native workspace. Used when more than one
 * BLAS thread is requested ({@link Tuning#convSplitBatch}): the per-image GEMMs of a small-channel conv
 * (S3: F=32, K=147) thread poorly inside OpenBLAS, and between them the single-threaded im2col/col2im left
 * the second core idle while the cache lines it needed sat in the first core's L2.
 *
 * <p>The helpers are a fixed set of daemon threads ({@code availableProcessors - 1}) that live as long as
 * the JVM, so their thread-local workspaces are reused and never orphaned; {@link
 * NativeConfig#releaseWorkspaces()} frees them like any other thread's. Concurrent callers share the
 * helpers (a part waits in the queue; helpers never wait on each other, so there is no deadlock). The
 * split depends only on N and the requested thread count, so results are reproducible run to run. The parts
 * write disjoint image ranges of one shared output array, which is only safe when critical regions expose the
 * array itself ({@link NativeKernels#criticalArraysAreDirect()}); otherwise the batch is not split.
 */
final class BatchSplit {
    private BatchSplit() {}

    /** Work on images [first, first + count); part 0 runs on the calling thread. */
    interface Part {
        void run(int part, long first, long count);
    }

    private static final int HELPERS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final ThreadLocal<Boolean> ON_HELPER = ThreadLocal.withInitial(() -> false);
    private static final Logger LOG = LoggerFactory.getLogger(BatchSplit.class);
    private static volatile ExecutorService pool;

    /** How many parts a batch of {@code n} images is split into (1: no split). */
    static int parts(long n) {
        if (!Tuning.convSplitBatch) return 1;
        if (!NativeKernels.criticalArraysAreDirect()) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.info("this JVM copies arrays in JNI critical regions (e.g. -Xcheck:jni): convolutions run their"
                        + " batch on one thread, since parts writing one shared output array would overwrite each other");
            }
            return 1;
        }
        int t = Math.min(NativeConfig.requestedThreads(), HELPERS + 1);
        return (int) Math.max(1, Math.min(t, n));
    }

    /** Images in part {@code k} of {@code parts} over {@code n}: the first {@code n % parts} get one extra. */
    static long first(long n, int parts, int k) {
        long base = n / parts, rem = n % parts;
        return k * base + Math.min(k, rem);
    }

    static long count(long n, int parts, int k) {
        return n / parts + (k < n % parts ? 1 : 0);
    }

    /** Whether the calling thread is one of the helpers (they never split again: no helper waits on another). */
    static boolean onHelper() {
        return ON_HELPER.get();
    }

    /** The most parts a split can use: the helpers and the calling thread. */
    static int maxParts() {
        return HELPERS + 1;
    }

    /** Runs all parts (waiting for every one even when one fails) and rethrows the first failure. */
    static void run(long n, int parts, Part task) {
        run(n, parts, task, true);
    }

    /** {@link #run} for pure Java work: OpenBLAS's thread count is left alone. */
    static void runUnpinned(long n, int parts, Part task) {
        run(n, parts, task, false);
    }

    private static void run(long n, int parts, Part task, boolean pin) {
        ExecutorService ex = pool();
        @SuppressWarnings("unchecked")
        Future<?>[] fs = new Future<?>[parts];
        Throwable failure = null;
        if (pin) NativeConfig.pinSingleThreaded();
        try {
            for (int k = 1; k < parts; k++) {
                final int part = k;
                fs[k] = ex.submit(() -> task.run(part, first(n, parts, part), count(n, parts, part)));
            }
            try {
                task.run(0, first(n, parts, 0), count(n, parts, 0));
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (int k = 1; k < parts; k++) {
                spinUntilDone(fs[k]);
                boolean interrupted = false;
                while (true) {
                    try {
                        fs[k].get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // the helper still uses the caller's arrays: keep waiting
                    } catch (ExecutionException e) {
                        if (failure == null) failure = e.getCause();
                        break;
                    }
                }
                if (interrupted) Thread.currentThread().interrupt();
            }
        } finally {
            if (pin) NativeConfig.unpin();
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /**
     * Waits up to {@link Tuning#helperSpinNanos} for {@code f} without parking, since a parked caller is woken
     * late (see {@link SpinningQueue}).
     */
    private static void spinUntilDone(Future<?> f) {
        long deadline = System.nanoTime() + Tuning.helperSpinNanos;
        while (!f.isDone() && System.nanoTime() - deadline < 0) Thread.onSpinWait();
    }

    /**
     * The helpers' queue: an idle helper polls for {@link Tuning#helperSpinNanos} before it parks, as OpenMP's
     * and OpenBLAS's threads do, so that the next split of a training step (the layers follow each other
     * closely) finds it awake. Waking a parked helper took about 0.1 ms on these machines, longer than a whole
     * S2 pool backward. The wait is a CPU pause, never a yield: yielding every 256th turn made S2's split
     * backward 0.09 ms in two runs of three, against 0.036-0.040 without.
     */
    private static final class SpinningQueue extends LinkedBlockingQueue<Runnable> {
        @Override
        public Runnable take() throws InterruptedException {
            long deadline = System.nanoTime() + Tuning.helperSpinNanos;
            do {
                Runnable r = poll();
                if (r != null) return r;
                Thread.onSpinWait();
            } while (System.nanoTime() - deadline < 0);
            return super.take();
        }
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (BatchSplit.class) {
                p = pool;
                if (p == null) {
                    p = new ThreadPoolExecutor(HELPERS, HELPERS, 0L, TimeUnit.MILLISECONDS, new SpinningQueue(), r -> {
                        Thread t = new Thread(() -> {
                            ON_HELPER.set(true);
                            r.run();
                        }, "convnet4j-conv-" + NAMES.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    pool = p;
                }
            }
        }
        return p;
    }
}
