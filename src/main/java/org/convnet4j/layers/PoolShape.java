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
        Checks.notNull(op, "pool_param", param);
        for (int k = 0; k < 4; k++) {
            if (x.dim(k) <= 0) throw new IllegalArgumentException(op + ": x dims must be > 0, got " + Arrays.toString(x.shape()));
        }
        int H = x.dim(2), W = x.dim(3);
        if (param.height() > H || param.width() > W) {
            throw new IllegalArgumentException(op + ": pool window " + param.height() + "x" + param.width()
                    + " does not fit the input " + H + "x" + W + " (x: " + Arrays.toString(x.shape()) + ")");
        }
        int Hout = 1 + (H - param.height()) / param.stride();
        int Wout = 1 + (W - param.width()) / param.stride();
        return new PoolShape(x.dim(0), x.dim(1), H, W, param.height(), param.width(), param.stride(), Hout, Wout);
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
}
