package org.convnet4j.fast;

/**
 * Every threshold of the fast package in one place (EJML keeps its switch points in
 * {@code EjmlParameters}). Values are plain static fields so a benchmark or an application can adjust
 * them before use; they are read on each call and are not meant to be changed concurrently with calls.
 *
 * <p><b>JVM flags for speed.</b> Each layer call returns freshly allocated Java arrays (outputs, gradients,
 * argmax), and on these machines touching memory for the first time costs about 8 µs per 4 KiB page. With
 * the JVM defaults (G1, a heap that grows, regions of a few MB) the seed's S1 output (5 MB, a "humongous"
 * object for G1) and the pool's outputs land on fresh pages again and again, and that dominates the fast
 * paths. Measured with {@code BenchRunner} on S1/S2 (float64, 1 BLAS thread, same classes, back-to-back runs):
 * conv forward 3.2–4.4 ms with defaults vs 1.7 ms with the flags below, conv backward 4.3–4.9 vs 3.9 ms, pool
 * forward 0.60 vs 0.16 ms, pool backward 0.39–0.43 vs 0.32–0.35 ms. Recommended for training and benchmarks:
 * <pre>
 * -Xms2g -Xmx2g -Xmn1g -XX:+AlwaysPreTouch -XX:G1HeapRegionSize=32m
 * </pre>
 * (a fixed heap touched once at start-up, a fixed young generation whose pages are reused, and regions big
 * enough that layer outputs are ordinary young objects). {@code -XX:+UseParallelGC} with the same sizes
 * measured about the same; {@code -XX:+UseTransparentHugePages} alone did not help reliably.
 */
public final class Tuning {
    private Tuning() {}

    /**
     * {@link Backend#AUTO} runs a convolution natively when its forward cost
     * {@code N*F*C*HH*WW*Hout*Wout} multiply-adds reaches this; below it the JNI round trip is not worth it.
     */
    public static long autoConvMinMacs = 20_000L;

    /**
     * {@link Backend#AUTO} runs an affine layer natively when its forward cost {@code N*D*M} multiply-adds
     * reaches this (the same JNI round-trip argument as {@link #autoConvMinMacs}).
     */
    public static long autoAffineMinMacs = 20_000L;

    /** {@link Backend#AUTO} pools natively when the input has at least this many elements. */
    public static long autoPoolMinElements = 4_096L;

    /**
     * Target size, in elements, of one batch chunk's native working set for convolution (the chunk's
     * images, outputs and im2col columns). A chunk this size stays in the last-level cache, so the
     * columns are written and read while warm; one image is the minimum whatever its size.
     */
    public static long convChunkElements = 1L << 19;

    /**
     * Images per GEMM inside a convolution chunk; 0 means the whole chunk (one GEMM over
     * {@code chunk*Hout*Wout} columns, then a re-layout pass to NCHW). Default 1: one image's
     * (F, Hout*Wout) result already is NCHW, so GEMM writes the output directly and the columns stay in L2.
     * Measured with BenchRunner (same classes, back-to-back): S1 float64 at 1 BLAS thread as fast or faster
     * (forward 1.6-1.8 vs 1.7-2.2 ms); at 2 threads 1.64-1.70 vs 4.7-4.9 ms forward and 3.55-3.58 vs
     * 7.6-8.2 ms backward, because the whole-chunk GEMM is big enough for OpenBLAS to thread and its
     * 2-thread run of this small-K product was slower than 1 thread. S3 at 2 threads lost about 10% in
     * the runs where threading behaved; S4 chunks are single images anyway.
     */
    public static long convGemmImages = 1;

    /**
     * With more than one BLAS thread requested, a convolution splits its batch over that many of our own
     * threads (each running one-thread GEMMs, see {@code BatchSplit}) instead of threading each GEMM inside
     * OpenBLAS. Measured with {@code ./convnet4j bench --threads 2}, medians of three runs interleaved with
     * the previous build: S3 float32 forward 9.2 -> 5.5 ms, backward 31.8 -> 9.4 ms (both builds' runs
     * vary by up to 2x on this shared machine); S1 float64 2.0 -> 1.1 / 3.5 -> 1.6 ms; S4 40 -> 37 / 98 -> 70
     * ms. The split alone (same build, S3 forward and backward alternating as in training): forward 24.7 ->
     * 5.0 ms, backward 25.8 -> 9.8 ms against OpenBLAS threading each per-image GEMM, whose threads woke up
     * and lost the cache between GEMMs. {@code false} restores OpenBLAS's own threading.
     */
    public static boolean convSplitBatch = true;

    /**
     * A float32 convolution with at least this many output pixels ({@code Hout*Wout}) per image computes each image
     * pixel-major, {@code (Hout*Wout, F) = columns (Hout*Wout, K) * w^T}, then writes NCHW with the bias (a fused
     * conv-relu-pool pools straight from the pixel-major rows). OpenBLAS runs that orientation faster for few filters:
     * measured in C++ at one thread (thread CPU time), the GEMM alone took 0.65-0.96 of the (F, Hout*Wout) orientation's
     * time in float32 for every shape tried with the Haswell kernel (F 16-128, K 27-1152, 256-1024 pixels; 0.72 for
     * ThreeLayerConvNet's F 32, K 147), 0.57-0.93 with SkylakeX and Cooperlake from 784 pixels, but 2x slower for the
     * seed's 256-pixel S1 with those; float64 gained nothing (0.89-1.13), so it keeps the (F, P) orientation.
     * Only for windows at least {@link #convPixelMajorMinWidth} wide. Default 512. {@code Integer.MAX_VALUE} turns it off.
     */
    public static int convPixelMajorMinPixels = 512;

    /**
     * The narrowest window ({@code WW}) computed pixel-major ({@link #convPixelMajorMinPixels}): narrower window
     * rows are copied into the columns element by element, and with 3x3 filters the whole forward was slower
     * pixel-major (batch 64 at one thread: S4 72 ms against 64; 64 channels to 32 filters 48 against 41), while
     * 7x7 and 5x5 gained (3 to 32 channels, 7x7: 9.5 against 11.8; 16 to 32, 5x5: 23.9 against 28.5). Float32
     * only; like the orientation itself, it changes the last bits of float32 conv outputs. Default 4.
     */
    public static int convPixelMajorMinWidth = 4;

    /** {@link Backend#AUTO} runs a ReLU natively when its input has at least this many elements. */
    public static long autoReluMinElements = 4_096L;

    /**
     * Elements per native call of an elementwise op (ReLU). Each call holds a JNI critical region, during
     * which the GC waits, so a big tensor is done in several calls.
     */
    public static long eltwiseChunkElements = 1L << 20;

    /**
     * Elements per thread from which an elementwise loop ({@link Parallel}: the update rules) is split over the
     * configured threads; below it one thread does the whole loop, since waking a helper costs more than it saves.
     */
    public static long eltwiseParallelMinElements = 1L << 16;

    /**
     * Input elements per thread from which max pooling (forward and backward) splits its batch over the
     * configured threads. A pool is one pass over memory, so the split pays only when the helper is awake
     * ({@link #helperSpinNanos}): at 2 threads with helpers that parked at once, S2 (307,200 values) float64
     * forward took 0.34-0.49 ms split and 0.28-0.34 unsplit; with spinning helpers 0.20-0.24 split and
     * 0.28-0.36 unsplit; float32 backward into a kept dx 0.036-0.040 split, 0.050-0.053 unsplit (S5: 0.12-0.14
     * against 0.23-0.27). Default 65,536; must be at least 1. Splitting never changes a pool's result.
     */
    public static long poolParallelMinElements = 1L << 16;

    /**
     * Max pooling forward with stride 2 runs AVX2 kernels when the CPU has AVX2 ({@link NativeConfig#poolAvx2Available()}):
     * one vector holds a row of 4 (float64) or 8 (float32) neighbouring windows, with ties and NaN handled as in the
     * naive {@code MaxPool2d}. The same kernels pool inside the fused conv-relu-pool when its conv output is NCHW
     * (float64, or float32 below {@link #convPixelMajorMinPixels}). The library itself is built for baseline x86-64,
     * so this is chosen at run time; other CPUs and strides use the scalar kernels. Both give the same bits, output and
     * argmax, so turning it off changes only the speed: S5 (50, 32, 32, 32), 3x3 stride 2, at one thread took about
     * 1 ms (float64) and 0.5 ms (float32) with these kernels against 2.2 and 1.4 ms with the scalar ones (see the
     * README's benchmarks). {@code false} forces the scalar kernels, e.g. to compare the two or to rule the vector
     * kernels out when chasing a problem. Default {@code true}.
     */
    public static boolean poolAvx2 = true;

    /**
     * How long, in ns, an idle helper thread ({@code convnet4j-conv-*}) and a caller waiting for one spin before
     * they park; 0 parks at once. Back-to-back splits (a training step's layers, a benchmark's loop) then skip
     * waking a parked thread, about 0.1 ms here each way; the price is up to this much CPU time per split
     * spent polling. Default 200,000 (0.2 ms); set 0 on a machine shared with other busy processes, where a
     * spinning thread takes a core another process wants.
     */
    public static long helperSpinNanos = 200_000;

    /** Target size, in elements, of one batch chunk's input for max pooling. */
    public static long poolChunkElements = 1L << 20;

    /**
     * Most bytes a thread's cached native workspace may grow to. A convolution plans its scratch to fit (fewer
     * images per GEMM, or one image in bands of output rows, see {@link Conv2dFast}); if even one output row
     * needs more, that call gets a one-off buffer freed before it returns, so the cache never exceeds this.
     * Independently of this cap, a call's scratch stays within half of JavaCPP's {@code maxBytes}
     * ({@link NativeMemoryError} otherwise).
     */
    public static long workspaceCapBytes = 256L << 20;
}
