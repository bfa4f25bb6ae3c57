package org.convnet4j.fast;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Measures the BLAS's own GEMM speed, the ceiling a GEMM-based convolution can approach:
 * {@code C = A * B} for square {@code n x n} row-major matrices, {@code 2 n^3} flops per call.
 *
 * <p>It calls the same OpenBLAS library the native kernels link against, through the OpenBLAS preset,
 * on native buffers allocated and filled once (touching fresh memory and copying Java arrays at the
 * JNI boundary are both slow on the target machines; see BENCH.md), after one untimed warm-up call.
 * The thread count is whatever the BLAS is set to ({@link NativeConfig#setBlasThreads}).
 */
public final class BlasCeiling {
    private BlasCeiling() {}

    /**
     * One GEMM measurement.
     *
     * @param routine {@code "sgemm"} or {@code "dgemm"}
     * @param n matrix order
     * @param repeats timed calls
     * @param medianMs median time of one call
     * @param minMs fastest call
     * @param gflops {@code 2 n^3 / median}, in 1e9 flops per second
     */
    public record Measurement(String routine, int n, int repeats, double medianMs, double minMs, double gflops) {}

    /** Times {@code cblas_sgemm} on {@code n x n} float32 matrices, {@code repeats} timed calls. */
    public static Measurement sgemm(int n, int repeats) {
        check("sgemm", n, repeats, Float.BYTES);
        NativeStatus.require("sgemm"); // also applies the configured BLAS thread count
        long nn = (long) n * n;
        try (FloatPointer a = new FloatPointer(nn); FloatPointer b = new FloatPointer(nn);
             FloatPointer c = new FloatPointer(nn)) {
            fill(a.asBuffer(), 1);
            fill(b.asBuffer(), 2);
            Runnable call = () -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                    openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans, n, n, n,
                    1f, a, n, b, n, 0f, c, n);
            return time("sgemm", n, repeats, call);
        }
    }

    /** Times {@code cblas_dgemm} on {@code n x n} float64 matrices, {@code repeats} timed calls. */
    public static Measurement dgemm(int n, int repeats) {
        check("dgemm", n, repeats, Double.BYTES);
        NativeStatus.require("dgemm");
        long nn = (long) n * n;
        try (DoublePointer a = new DoublePointer(nn); DoublePointer b = new DoublePointer(nn);
             DoublePointer c = new DoublePointer(nn)) {
            fill(a.asBuffer(), 1);
            fill(b.asBuffer(), 2);
            Runnable call = () -> openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor,
                    openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans, n, n, n,
                    1.0, a, n, b, n, 0.0, c, n);
            return time("dgemm", n, repeats, call);
        }
    }

    private static void check(String routine, int n, int repeats, int elementBytes) {
        if (n <= 0) throw new IllegalArgumentException(routine + ": n must be > 0, got " + n);
        if (repeats <= 0) throw new IllegalArgumentException(routine + ": repeats must be > 0, got " + repeats);
        // cblas takes int dimensions; one matrix must also be addressable as one direct buffer
        if ((long) n * n > Integer.MAX_VALUE / elementBytes) {
            throw new IllegalArgumentException(routine + ": n must be <= " + (int) Math.sqrt(Integer.MAX_VALUE / elementBytes)
                    + " (n*n elements in one buffer), got " + n);
        }
    }

    // Small values in [-1, 1) from a fixed pattern: no denormals or overflow to slow the arithmetic.
    private static void fill(FloatBuffer buf, int salt) {
        for (int i = 0, len = buf.capacity(); i < len; i++) buf.put(i, (int) ((i * 31L + salt * 17L) % 97) / 48.5f - 1f);
    }

    private static void fill(DoubleBuffer buf, int salt) {
        for (int i = 0, len = buf.capacity(); i < len; i++) buf.put(i, (int) ((i * 31L + salt * 17L) % 97) / 48.5 - 1.0);
    }

    private static Measurement time(String routine, int n, int repeats, Runnable call) {
        call.run(); // warm-up: first touch of C, BLAS thread start-up
        double[] ms = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            call.run();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double median = repeats % 2 == 1 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
        double flops = 2.0 * n * n * (double) n;
        return new Measurement(routine, n, repeats, median, ms[0], flops / (median * 1e6));
    }
}
