package org.convnet4j.layers;

import java.util.Arrays;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * The validated sizes of one max pool: {@code x: (N, C, H, W)}, {@code out: (N, C, Hout, Wout)} with
 * {@code Hout = 1 + (H - height) / stride} floored (and likewise {@code Wout}).
 */
public record PoolShape(int N, int C, int H, int W, int PH, int PW, int stride, int Hout, int Wout) {

    public static PoolShape of(String op, Tensor x, PoolParam param) {
        Checks.rank(op, "x", x, 4, "N, C, H, W");
        return of(op, x.shape(), param);
    }

    /**
     * The pool of an input shaped {@code xShape = (N, C, H, W)} that need not exist as a tensor (a fused
     * conv-relu-pool pools the convolution's output as it is computed).
     *
     * @throws IllegalArgumentException on a null param, a dim that is not positive, or a window larger than H x W
     */
    public static PoolShape of(String op, int[] xShape, PoolParam param) {
        Checks.notNull(op, "pool_param", param);
        for (int k = 0; k < 4; k++) {
            if (xShape[k] <= 0) throw new IllegalArgumentException(op + ": x dims must be > 0, got " + Arrays.toString(xShape));
        }
        int H = xShape[2], W = xShape[3];
        if (param.height() > H || param.width() > W) {
            throw new IllegalArgumentException(op + ": pool window " + param.height() + "x" + param.width()
                    + " does not fit the input " + H + "x" + W + " (x: " + Arrays.toString(xShape) + ")");
        }
        int Hout = 1 + (H - param.height()) / param.stride();
        int Wout = 1 + (W - param.width()) / param.stride();
        return new PoolShape(xShape[0], xShape[1], H, W, param.height(), param.width(), param.stride(), Hout, Wout);
    }

    public int[] outShape() {
        return new int[] {N, C, Hout, Wout};
    }

    /** Whether windows tile the input exactly: no overlap, no gap, nothing dropped by the floor. */
    public boolean tiles() {
        return PH == stride && PW == stride && H % PH == 0 && W % PW == 0;
    }

    public void checkDout(String op, Tensor dout, Tensor x) {
        Checks.notNull(op, "x", x);
        Checks.shape(op, "dout", dout, outShape(), "the forward output (N, C, Hout, Wout)");
        Checks.dtype(op, "dout", dout, x.dtype());
    }

    /**
     * A caller's dx for {@link PoolOp#backward(Tensor, PoolCache, Tensor)}: shaped and typed like x, sharing
     * storage with neither x nor dout (it is overwritten before they are read to the end).
     */
    public void checkDxOut(String op, Tensor dx, Tensor dout, Tensor x) {
        Checks.shape(op, "dx", dx, x.shape(), "the input x (N, C, H, W)");
        Checks.dtype(op, "dx", dx, x.dtype());
        Checks.distinct(op, "dx", dx, "dout", dout);
        Checks.distinct(op, "dx", dx, "x", x);
    }
}
