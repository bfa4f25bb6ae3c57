package org.convnet4j.fast;

/**
 * Sizes of one native convolution, computed in {@code long} with {@link Math#multiplyExact} and checked
 * against what GEMM (32-bit {@code blasint}) and the workspace accept. Built before any native call; any
 * violation is an {@link IllegalArgumentException} naming the sizes.
 *
 * @param chunk images per native call (one JNI critical region)
 * @param group images per GEMM within a call ({@link Tuning#convGemmImages})
 * @param K {@code C*HH*WW}, the GEMM reduction size
 * @param P {@code Hout*Wout}
 * @param img {@code C*H*W}
 * @param outImg {@code F*Hout*Wout}
 */
record ConvPlan(String op, long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad, long Hout,
                long Wout, long K, long P, long img, long outImg, int chunk, int group) {

    static ConvPlan of(String op, long N, long C, long H, long W, long F, long HH, long WW, long stride, long pad,
                       long chunkElements) {
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
            if (perImage > Tuning.maxImageScratchElements) {
                throw new IllegalArgumentException(op + ": one image needs " + perImage + " native elements (C*H*W + "
                        + "F*Hout*Wout + (C*HH*WW + F)*Hout*Wout), more than Tuning.maxImageScratchElements="
                        + Tuning.maxImageScratchElements);
            }
            long chunk = Math.max(1, Math.min(N, chunkElements / perImage));
            chunk = Math.min(chunk, Integer.MAX_VALUE / P); // GEMM's column count chunk*P must fit in int
            long group = Tuning.convGemmImages > 0 ? Math.min(chunk, Tuning.convGemmImages) : chunk;
            return new ConvPlan(op, N, C, H, W, F, HH, WW, stride, pad, Hout, Wout, K, P, img, outImg, (int) chunk,
                    (int) group);
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

    /** Scratch elements for a chunk of {@code n} images: columns (K, n*P), an (F, n*P) matrix, then dw^T (K, F). */
    long scratch(long n) {
        return Math.addExact(Math.multiplyExact(Math.addExact(K, F), Math.multiplyExact(n, P)), Math.multiplyExact(K, F));
    }
}
