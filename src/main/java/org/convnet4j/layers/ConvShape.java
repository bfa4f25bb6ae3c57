package org.convnet4j.layers;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * The validated sizes of one convolution: {@code x: (N, C, H, W)}, {@code w: (F, C, HH, WW)},
 * {@code b: (F)}, {@code out: (N, F, Hout, Wout)} with {@code Hout = 1 + (H + 2*pad - HH) / stride}
 * floored (and likewise {@code Wout}). The naive and the fast paths both size themselves from here, so
 * they agree on the floor.
 */
public record ConvShape(int N, int C, int H, int W, int F, int HH, int WW, int Hout, int Wout, int stride, int pad) {

    /** Checks ranks, dtypes, channel agreement and window fit; throws {@link IllegalArgumentException}. */
    public static ConvShape of(String op, Tensor x, Tensor w, Tensor b, ConvParam param) {
        Checks.rank(op, "x", x, 4, "N, C, H, W");
        Checks.rank(op, "w", w, 4, "F, C, HH, WW");
        Checks.rank(op, "b", b, 1, "F");
        Checks.notNull(op, "conv_param", param);
        Checks.dtype(op, "w", w, x.dtype());
        Checks.dtype(op, "b", b, x.dtype());
        for (int k = 0; k < 4; k++) {
            if (x.dim(k) <= 0) throw new IllegalArgumentException(op + ": x dims must be > 0, got " + Arrays.toString(x.shape()));
            if (w.dim(k) <= 0) throw new IllegalArgumentException(op + ": w dims must be > 0, got " + Arrays.toString(w.shape()));
        }
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
        int F = w.dim(0), HH = w.dim(2), WW = w.dim(3);
        if (w.dim(1) != C) {
            throw new IllegalArgumentException(op + ": w has C=" + w.dim(1) + " but x has C=" + C + " (x: "
                    + Arrays.toString(x.shape()) + ", w: " + Arrays.toString(w.shape()) + ")");
        }
        if (b.dim(0) != F) {
            throw new IllegalArgumentException(op + ": b must have shape [" + F + "] (one bias per filter), got "
                    + Arrays.toString(b.shape()));
        }
        int stride = param.stride(), pad = param.pad();
        long Hp = (long) H + 2L * pad, Wp = (long) W + 2L * pad;
        if (HH > Hp || WW > Wp) {
            throw new IllegalArgumentException(op + ": filter " + HH + "x" + WW + " does not fit the padded input "
                    + Hp + "x" + Wp + " (x: " + Arrays.toString(x.shape()) + ", pad " + pad + ")");
        }
        long HoutL = 1 + (Hp - HH) / stride, WoutL = 1 + (Wp - WW) / stride;
        if (HoutL > Integer.MAX_VALUE || WoutL > Integer.MAX_VALUE) { // checked before the cast, not after it wrapped
            throw new IllegalArgumentException(op + ": output Hout x Wout = " + HoutL + "x" + WoutL + " must fit in int"
                    + " (<= " + Integer.MAX_VALUE + "); x: " + Arrays.toString(x.shape()) + ", filter " + HH + "x" + WW
                    + ", pad " + pad + ", stride " + stride);
        }
        int Hout = (int) HoutL, Wout = (int) WoutL;
        Checks.elementCount(op, "out", N, F, Hout, Wout);
        return new ConvShape(N, C, H, W, F, HH, WW, Hout, Wout, stride, pad);
    }

    /** The forward output shape {@code (N, F, Hout, Wout)}. */
    public int[] outShape() {
        return new int[] {N, F, Hout, Wout};
    }

    /** Checks that {@code dout} is the forward output's shape and dtype. */
    public void checkDout(String op, Tensor dout, Tensor x) {
        Checks.notNull(op, "x", x);
        Checks.shape(op, "dout", dout, outShape(), "the forward output (N, F, Hout, Wout)");
        Checks.dtype(op, "dout", dout, x.dtype());
    }
}
