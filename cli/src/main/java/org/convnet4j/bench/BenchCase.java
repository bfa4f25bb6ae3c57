package org.convnet4j.bench;

import java.util.Arrays;
import java.util.Locale;

import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.PoolParam;

/**
 * The benchmark cases of {@code BENCH.md} (all NCHW). S1 and S2 are the notebook's speed tables;
 * S3 is ThreeLayerConvNet's convolution on CIFAR-10, S4 a mid-network convolution, S5 an overlapping
 * pool whose windows do not tile the input.
 *
 * <p>Work counted for a convolution: {@code flops = 2 * N * F * C * HH * WW * Hout * Wout} forward, the
 * backward counted as twice that (dx and dw are each one forward's worth of multiply-adds). Pools get no
 * flop count: they move memory rather than compute.
 */
public enum BenchCase {
    /** The notebook's conv table: x (100,3,31,31), w (25,3,3,3), stride 2, pad 1. */
    S1(new int[] {100, 3, 31, 31}, new int[] {25, 3, 3, 3}, new ConvParam(2, 1), null),
    /** The notebook's pool table: x (100,3,32,32), 2x2 pool, stride 2. */
    S2(new int[] {100, 3, 32, 32}, null, null, new PoolParam(2, 2, 2)),
    /** ThreeLayerConvNet's conv on CIFAR-10: x (50,3,32,32), w (32,3,7,7), stride 1, pad 3. */
    S3(new int[] {50, 3, 32, 32}, new int[] {32, 3, 7, 7}, new ConvParam(1, 3), null),
    /** A mid-network conv: x (64,64,32,32), w (64,64,3,3), stride 1, pad 1. */
    S4(new int[] {64, 64, 32, 32}, new int[] {64, 64, 3, 3}, new ConvParam(1, 1), null),
    /** Overlapping pool: x (50,32,32,32), 3x3 pool, stride 2 (the floor drops the last row/column). */
    S5(new int[] {50, 32, 32, 32}, null, null, new PoolParam(3, 3, 2));

    private final int[] xShape;
    private final int[] wShape;
    private final ConvParam convParam;
    private final PoolParam poolParam;

    BenchCase(int[] xShape, int[] wShape, ConvParam convParam, PoolParam poolParam) {
        this.xShape = xShape;
        this.wShape = wShape;
        this.convParam = convParam;
        this.poolParam = poolParam;
    }

    /** Looks a case up by its name, case-insensitively ({@code "s3"} works). */
    public static BenchCase parse(String name) {
        for (BenchCase c : values()) {
            if (c.name().equalsIgnoreCase(name.trim())) return c;
        }
        throw new IllegalArgumentException("bench: case must be one of " + Arrays.toString(values())
                + ", got '" + name + "'");
    }

    /** True for a convolution case, false for a max pool case. */
    public boolean isConv() {
        return wShape != null;
    }

    /** {@code "conv"} or {@code "pool"}. */
    public String op() {
        return isConv() ? "conv" : "pool";
    }

    /** Input shape {@code (N, C, H, W)} (a copy). */
    public int[] xShape() {
        return xShape.clone();
    }

    /** Filter shape {@code (F, C, HH, WW)} (a copy); only for a convolution case. */
    public int[] wShape() {
        requireConv("wShape");
        return wShape.clone();
    }

    /** Bias shape {@code (F)}; only for a convolution case. */
    public int[] bShape() {
        requireConv("bShape");
        return new int[] {wShape[0]};
    }

    /** Stride and pad; only for a convolution case. */
    public ConvParam convParam() {
        requireConv("convParam");
        return convParam;
    }

    /** Window and stride; only for a pool case. */
    public PoolParam poolParam() {
        if (isConv()) throw new IllegalStateException("bench: " + name() + " is a conv case, it has no pool param");
        return poolParam;
    }

    /** Output shape {@code (N, F, Hout, Wout)} for a conv, {@code (N, C, Hout, Wout)} for a pool. */
    public int[] outShape() {
        int n = xShape[0], h = xShape[2], w = xShape[3];
        if (isConv()) {
            int hout = 1 + (h + 2 * convParam.pad() - wShape[2]) / convParam.stride();
            int wout = 1 + (w + 2 * convParam.pad() - wShape[3]) / convParam.stride();
            return new int[] {n, wShape[0], hout, wout};
        }
        int hout = 1 + (h - poolParam.height()) / poolParam.stride();
        int wout = 1 + (w - poolParam.width()) / poolParam.stride();
        return new int[] {n, xShape[1], hout, wout};
    }

    /** {@code 2 * N * F * C * HH * WW * Hout * Wout} for a conv; 0 for a pool. */
    public double forwardFlops() {
        if (!isConv()) return 0;
        int[] out = outShape();
        return 2.0 * xShape[0] * wShape[0] * wShape[1] * wShape[2] * wShape[3] * out[2] * out[3];
    }

    /** Twice {@link #forwardFlops()}. */
    public double backwardFlops() {
        return 2 * forwardFlops();
    }

    /** A one-line description, e.g. {@code conv x(100,3,31,31) w(25,3,3,3) stride 2 pad 1}. */
    public String describe() {
        if (isConv()) {
            return String.format(Locale.ROOT, "conv x%s w%s stride %d pad %d", tuple(xShape), tuple(wShape),
                    convParam.stride(), convParam.pad());
        }
        return String.format(Locale.ROOT, "pool x%s %dx%d stride %d", tuple(xShape), poolParam.height(),
                poolParam.width(), poolParam.stride());
    }

    private void requireConv(String what) {
        if (!isConv()) throw new IllegalStateException("bench: " + name() + " is a pool case, it has no " + what);
    }

    static String tuple(int[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(s[i]);
        }
        return sb.append(')').toString();
    }
}
