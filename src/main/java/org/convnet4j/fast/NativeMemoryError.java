package org.convnet4j.fast;

/**
 * A fast op's native scratch does not fit the native memory JavaCPP allows. JavaCPP caps its allocations at
 * {@code org.bytedeco.javacpp.maxbytes} (default: the maximum heap size, {@code -Xmx}) and the process's
 * resident memory at {@code org.bytedeco.javacpp.maxphysicalbytes}; the convolutions plan their scratch to fit
 * (in bands of output rows when one image's im2col columns would not), and this is thrown only when even one
 * output row does not fit, or when other threads hold the memory at the time. The message says how much was
 * needed, what the limits are and which setting to raise. {@link Backend#AUTO} catches it and runs the naive
 * layer instead.
 */
public final class NativeMemoryError extends OutOfMemoryError {
    private static final long serialVersionUID = 1L;

    NativeMemoryError(String message, Throwable cause) {
        super(message);
        if (cause != null) initCause(cause);
    }

    /** The smallest plan (one output row per band) needs more than a call may use. */
    static NativeMemoryError planned(String op, long needBytes, long K, long Wout, long F, int elementBytes,
                                     ConvPlan.Budget budget, long maxBytes) {
        return new NativeMemoryError(op + ": the smallest native scratch for this convolution, " + needBytes
                + " bytes (im2col of one output row, " + K + " x " + Wout + ", plus dw^T, " + K + " x " + F + ", of "
                + elementBytes + "-byte elements), is more than a call may use: half of JavaCPP's maxBytes "
                + maxBytes + " over " + budget.parts() + " thread(s) = " + budget.limitBytes() + " bytes each. Raise"
                + " -Dorg.bytedeco.javacpp.maxbytes (its default is the -Xmx heap size), or use Backend.NAIVE.", null);
    }

    /** JavaCPP refused the allocation (other threads' native memory, or the resident-memory limit). */
    static NativeMemoryError allocation(long wantBytes, long maxBytes, long maxPhysicalBytes, long totalBytes,
                                        long workspaceBytes, OutOfMemoryError cause) {
        return new NativeMemoryError("native scratch of " + wantBytes + " bytes could not be allocated (" + cause.getMessage()
                + "). JavaCPP allows " + maxBytes + " bytes (-Dorg.bytedeco.javacpp.maxbytes, default the -Xmx heap size)"
                + " and a resident size of " + maxPhysicalBytes + " bytes (-Dorg.bytedeco.javacpp.maxphysicalbytes); it"
                + " holds " + totalBytes + ", of which convnet4j workspaces " + workspaceBytes + " (NativeConfig"
                + ".releaseWorkspaces() frees them, Tuning.workspaceCapBytes bounds them). Raise those properties or -Xmx,"
                + " or use fewer threads at once.", cause);
    }
}
