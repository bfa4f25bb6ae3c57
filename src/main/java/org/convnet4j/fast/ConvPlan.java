package org.convnet4j.fast;

/**
 * Sizes of one native convolution, computed in {@code long} with {@link Math#multiplyExact} and checked
 * against what GEMM (32-bit {@code blasint}) and native memory accept. Built before any native call; a size
 * violation is an {@link IllegalArgumentException} naming the sizes, scratch that cannot fit the native memory
 * JavaCPP allows is a {@link NativeMemoryError} naming the setting to raise.
 *
 * <p>Scratch: each of the call's {@code parts} threads needs {@link #scratch()} elements. The plan keeps that
 * within the {@link Budget}: fewer images per GEMM when several do not fit, and when one image's columns do not
 * fit, that image is done in bands of {@code rows} output rows. The plan depends only on the sizes and on
 * settings (the budget's inputs), never on what other threads hold, so a call's bits do not either.
 *
 * @param chunk images per native call (one JNI critical region)
 * @param group images per GEMM within a call ({@link Tuning#convGemmImages}, fewer if scratch is short)
 * @param rows output rows per band when {@code group == 1} ({@code Hout}: one band, the whole image)
 * @param parts threads the batch is split over ({@link BatchSplit#parts})
 * @param elementBytes 4 (float32) or 8 (float64)
 * @param poolFits whether a fused conv-relu-pool ({@link #pooledScratch()}: one whole image per GEMM plus its (F, P)
 *        output) fits the cached budget
 * @param pixelMajor whether the forward computes each image as (Hout*Wout, F) = columns (Hout*Wout, K) * w^T
 *        (float32 from {@link Tuning#convPixelMajorMinPixels} output pixels and windows
 *        {@link Tuning#convPixelMajorMinWidth} wide, whole images, when its scratch fits)
 * @param paddedFits whether a whole image's zero-padded copy fits beside its columns, so that the columns are
 *        copied from it (conv.h's im2col_padded: S3 backward's columns took 1.8 ms per batch the other way, 0.46 so)
 * @param K {@code C*HH*WW}, the GEMM reduction size
 * @param P {@code Hout*Wout}
 * @param img {@code C*H*W}
 * @param outImg {@code F*Hout*Wout}
 */
record ConvPlan(String op, long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad, long Hout,
                long Wout, long K, long P, long img, long outImg, int chunk, int group, long rows, int parts,
                int elementBytes, boolean poolFits, boolean pixelMajor, boolean paddedFits) {

    /**
     * Native scratch one call may use, per part (thread): up to {@code cachedBytes} in the thread's cached
     * workspace, and never more than {@code limitBytes} at all (a one-off buffer in between).
     */
    record Budget(int parts, long cachedBytes, long limitBytes) {
        /** No limit: sizes are checked, memory is not (when the native library is unavailable anyway). */
        static final Budget UNLIMITED = new Budget(1, Long.MAX_VALUE, Long.MAX_VALUE);

        /**
         * The current settings: a call's parts together stay within half of JavaCPP's {@code maxBytes} (the rest
         * is left to other threads' workspaces and other JavaCPP users), and each part's cached scratch within
         * {@link Tuning#workspaceCapBytes}.
         */
        static Budget of(long N) {
            int parts = BatchSplit.parts(N);
            long max = NativeKernels.javacppMaxBytes();
            long limit = max > 0 ? max / 2 / parts : Long.MAX_VALUE;
            return new Budget(parts, Math.min(Tuning.workspaceCapBytes, limit), limit);
        }
    }

    static ConvPlan of(String op, long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad,
                       int elementBytes, long chunkElements, Budget budget) {
        if (N <= 0 || C <= 0 || H <= 0 || W <= 0 || F <= 0 || HH <= 0 || WW <= 0) {
            throw new IllegalArgumentException(op + ": sizes must be > 0, got N=" + N + " C=" + C + " H=" + H + " W=" + W
                    + " F=" + F + " HH=" + HH + " WW=" + WW);
        }
        if (stride <= 0 || pad < 0) {
            throw new IllegalArgumentException(op + ": stride must be > 0 and pad >= 0, got stride=" + stride + " pad=" + pad);
        }
        try {
            long Hp = Math.addExact(H, Math.multiplyExact(2L, pad));
            long Wp = Math.addExact(W, Math.multiplyExact(2L, pad));
            if (HH > Hp || WW > Wp) {
                throw new IllegalArgumentException(op + ": filter " + HH + "x" + WW + " does not fit the padded input "
                        + Hp + "x" + Wp);
            }
            long Hout = 1 + (Hp - HH) / stride, Wout = 1 + (Wp - WW) / stride;
            long K = Math.multiplyExact(Math.multiplyExact(C, HH), WW);
            long P = Math.multiplyExact(Hout, Wout);
            long img = Math.multiplyExact(Math.multiplyExact(C, H), W);
            long outImg = Math.multiplyExact(F, P);
            fitsInt(op, "F", F);
            fitsInt(op, "K = C*HH*WW", K);
            fitsInt(op, "Hout*Wout", P);
            Math.multiplyExact(N, img);
            Math.multiplyExact(N, outImg);
            long perImage = Math.addExact(Math.addExact(img, outImg), Math.multiplyExact(Math.addExact(K, F), P));
            long chunk = Math.max(1, Math.min(N, chunkElements / perImage));
            chunk = Math.min(chunk, Integer.MAX_VALUE / P); // GEMM's column count chunk*P must fit in int
            long group = Tuning.convGemmImages > 0 ? Math.min(chunk, Tuning.convGemmImages) : chunk;
            long cached = budget.cachedBytes() / elementBytes, KF = Math.multiplyExact(K, F);
            // several images per GEMM: (K + F) * group * P + K * F elements; shrink the group to fit
            long perGroupImage = Math.multiplyExact(Math.addExact(K, F), P);
            if (group > 1 && Math.addExact(Math.multiplyExact(perGroupImage, group), KF) > cached) {
                group = Math.max(1, (cached - KF) / perGroupImage);
            }
            long rows = Hout;
            if (group == 1 && scratch(K, F, P, Wout, 1, Hout) > cached) {
                // one image's columns do not fit: bands of output rows, as many as fit (at least one)
                rows = Math.max(1, Math.min(Hout, (cached - KF) / Math.multiplyExact(K, Wout)));
            }
            long need = Math.multiplyExact(scratch(K, F, P, Wout, group, rows), (long) elementBytes);
            if (need > budget.limitBytes()) {
                throw NativeMemoryError.planned(op, need, K, Wout, F, elementBytes, budget,
                        NativeKernels.javacppMaxBytes());
            }
            long padded = Math.multiplyExact(C, Math.multiplyExact(Hp, Wp));
            boolean poolFits = group == 1 && rows == Hout && pooled(K, F, P, Wout, padded) <= cached;
            boolean pixelMajor = elementBytes == Float.BYTES && P >= Tuning.convPixelMajorMinPixels
                    && WW >= Tuning.convPixelMajorMinWidth
                    && group == 1 && rows == Hout && pixels(K, F, P, padded) <= cached;
            // and only when the padded copy is no larger than the columns it feeds (a huge pad on a small image
            // would otherwise zero megabytes per call for a few outputs)
            boolean paddedFits = group == 1 && rows == Hout && padded <= Math.multiplyExact(K, P)
                    && Math.addExact(scratch(K, F, P, Wout, 1, Hout), padded) <= cached;
            return new ConvPlan(op, N, C, H, W, F, HH, WW, stride, pad, Hout, Wout, K, P, img, outImg, (int) chunk,
                    (int) group, rows, budget.parts(), elementBytes, poolFits, pixelMajor, paddedFits);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(op + ": size product overflows (N=" + N + " C=" + C + " H=" + H + " W="
                    + W + " F=" + F + " HH=" + HH + " WW=" + WW + " stride=" + stride + " pad=" + pad + ")", e);
        }
    }

    private static void fitsInt(String op, String what, long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + what + " = " + v + " does not fit in a 32-bit BLAS int");
        }
    }

    /**
     * Scratch elements (native/include/cnn/conv.h's conv_scratch): one image, in bands of {@code rows} output
     * rows, needs columns (K, rows*Wout) and dw^T (K, F); {@code n > 1} images per GEMM need columns (K, n*P), an
     * (F, n*P) matrix and dw^T.
     */
    static long scratch(long K, long F, long P, long Wout, long n, long rows) {
        if (n == 1) return Math.addExact(Math.multiplyExact(K, Math.multiplyExact(rows, Wout)), Math.multiplyExact(K, F));
        return Math.addExact(Math.multiplyExact(Math.addExact(K, F), Math.multiplyExact(n, P)), Math.multiplyExact(K, F));
    }

    /**
     * Scratch elements of the pixel-major path for one whole image (conv.h's conv_scratch_pixels for the forward,
     * conv_scratch for the backward, which the same plan serves): columns (K, P), then dw^T (K, F) or the (P, F)
     * product and the zero-padded image.
     */
    static long pixels(long K, long F, long P, long padded) {
        return Math.addExact(Math.multiplyExact(K, P), Math.max(Math.multiplyExact(K, F),
                Math.addExact(Math.multiplyExact(P, F), padded)));
    }

    /**
     * Scratch elements of a fused conv-relu-pool (conv.h's conv_pool_scratch): one whole image's columns (K, P), dw^T
     * (K, F), its (F, P) output or output gradient, and for the pixel-major forward the zero-padded image and a pooled
     * row's maxima and winners (2 * Wout * F).
     */
    static long pooled(long K, long F, long P, long Wout, long padded) {
        return Math.addExact(Math.addExact(Math.addExact(Math.multiplyExact(K, P), Math.multiplyExact(K, F)),
                Math.addExact(Math.multiplyExact(F, P), padded)), Math.multiplyExact(2, Math.multiplyExact(Wout, F)));
    }

    /**
     * Scratch elements one part (thread) of this call needs; with {@link #paddedFits}, the zero-padded image after
     * the columns and dw^T (conv.h's padded_scratch looks for it there).
     */
    long scratch() {
        if (pixelMajor) return pixels(K, F, P, padded());
        return paddedFits ? scratch(K, F, P, Wout, 1, Hout) + padded() : scratch(K, F, P, Wout, group, rows);
    }

    /** Scratch elements per part of a fused conv-relu-pool; only when {@link #poolFits}. */
    long pooledScratch() {
        return pooled(K, F, P, Wout, padded());
    }

    /** Elements of one zero-padded image, {@code C * (H + 2*pad) * (W + 2*pad)} (checked for overflow in {@link #of}). */
    private long padded() {
        return C * (H + 2 * pad) * (W + 2 * pad);
    }
}
