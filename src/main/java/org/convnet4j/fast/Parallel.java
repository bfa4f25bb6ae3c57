package org.convnet4j.fast;

/**
 * Splits a large elementwise loop (an update rule over a weight matrix, a ReLU-masked pool backward) over the
 * configured threads ({@link NativeConfig#setBlasThreads}): contiguous ranges, part 0 on the calling thread and
 * the others on the same fixed helper threads the convolutions use ({@code convnet4j-conv-*}). Below
 * {@code minPerPart} elements per part the loop runs on the calling thread alone, since waking a helper costs
 * more than it saves.
 *
 * <p>Only for loops whose elements are independent: every element gets the same bits whatever the split, so
 * results never depend on the thread count. Unlike a convolution's split, no BLAS runs inside, so OpenBLAS's
 * thread count is left alone. Called from a helper thread itself, the loop runs inline (a helper never waits
 * for another helper). Works without the native library.
 */
public final class Parallel {
    private Parallel() {}

    /** Work on elements {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * How many parts {@link #forRange} splits {@code n} elements into: {@code min(threads, cores, n / minPerPart)},
     * at least 1.
     *
     * @throws IllegalArgumentException when {@code n < 0} or {@code minPerPart < 1}
     */
    public static int parts(long n, long minPerPart) {
        if (n < 0) throw new IllegalArgumentException("parallel: n must be >= 0, got " + n);
        if (minPerPart < 1) throw new IllegalArgumentException("parallel: minPerPart must be >= 1, got " + minPerPart);
        if (BatchSplit.onHelper()) return 1;
        long t = Math.min(NativeConfig.requestedThreads(), BatchSplit.maxParts());
        return (int) Math.max(1, Math.min(t, n / minPerPart));
    }

    /**
     * Runs {@code body} over {@code [0, n)} in {@link #parts} contiguous ranges (the first {@code n % parts} one
     * element longer) and returns when all are done; the first failure is rethrown after every part finished.
     *
     * @throws IllegalArgumentException when {@code n < 0}, {@code minPerPart < 1} or body is null
     */
    public static void forRange(int n, long minPerPart, Range body) {
        if (body == null) throw new IllegalArgumentException("parallel: body must not be null");
        int parts = parts(n, minPerPart);
        if (parts == 1) {
            if (n > 0) body.run(0, n);
            return;
        }
        BatchSplit.runUnpinned(n, parts, (k, first, count) -> body.run((int) first, (int) (first + count)));
    }
}
