package org.convnet4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.Mode;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;

/**
 * The standard grids: the shapes that break implementations, in both dtypes. Each reference grid has named
 * edge cases (batch 1, C = 1, odd and non-square sizes, strides 1-3, pads 0-2, 1x1 filters, sizes where the
 * floor of the output size drops rows, pooling ties, NaN and infinities in each input) followed by random
 * shapes drawn from a fixed {@link Random}, so every run and every user gets the same cases.
 *
 * <p>The gradient grids are float64 (centred differences drown in float32 rounding): the named gradient
 * cases convnet4j's own layers were always checked on, then the reference grid's float64 cases with finite
 * inputs whose full numerical gradient costs at most {@link #GRADIENT_BUDGET_MACS} multiply-adds (bigger
 * ones stay with the reference check). Pooling ties become distinct values there, because a tie is a kink.
 */
public final class Cases {
    private Cases() {}

    /** The most multiply-adds a gradient-grid case may cost: 2 forward passes per perturbed input element. */
    public static final long GRADIENT_BUDGET_MACS = 200_000_000L;

    static String name(DType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- convolution

    /** The conv grid: edge cases plus 20 random shapes, both dtypes. */
    public static List<ConvCase> conv() {
        List<ConvCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (DType t : DType.values()) {
            out.add(new ConvCase(t, new int[] {2, 3, 5, 5}, new int[] {4, 3, 3, 3}, new ConvParam(1, 1), 0, 1));
            out.add(new ConvCase(t, new int[] {1, 1, 7, 4}, new int[] {1, 1, 1, 1}, new ConvParam(1, 0), 0, 2)); // 1x1
            out.add(new ConvCase(t, new int[] {3, 2, 7, 9}, new int[] {2, 2, 2, 3}, new ConvParam(2, 0), 0, 3)); // floor drops
            out.add(new ConvCase(t, new int[] {2, 3, 31, 31}, new int[] {5, 3, 3, 3}, new ConvParam(2, 1), 0, 4)); // notebook-like
            out.add(new ConvCase(t, new int[] {1, 2, 2, 3}, new int[] {2, 2, 4, 5}, new ConvParam(3, 2), 0, 5)); // big pad
            out.add(new ConvCase(t, new int[] {5, 2, 6, 5}, new int[] {3, 2, 3, 2}, new ConvParam(1, 1), 1, 6)); // chunk of 1
            out.add(new ConvCase(t, new int[] {7, 3, 9, 8}, new int[] {4, 3, 3, 3}, new ConvParam(2, 1), 2000, 7)); // uneven chunks
            // non-finite values: in x, in w (an infinite weight on taps that meet the padding), in dout (which
            // reaches dw through the padded zeros: 0 * Inf = NaN), everywhere
            out.add(new ConvCase(t, new int[] {2, 3, 6, 5}, new int[] {4, 3, 3, 3}, new ConvParam(1, 1), 0, 8, Special.X));
            out.add(new ConvCase(t, new int[] {2, 2, 5, 5}, new int[] {3, 2, 3, 3}, new ConvParam(1, 1), 0, 9, Special.W));
            out.add(new ConvCase(t, new int[] {3, 2, 5, 6}, new int[] {2, 2, 3, 2}, new ConvParam(2, 2), 1, 10, Special.DOUT));
            out.add(new ConvCase(t, new int[] {4, 3, 7, 7}, new int[] {5, 3, 3, 3}, new ConvParam(1, 1), 0, 11, Special.ALL));
            out.add(new ConvCase(t, new int[] {1, 1, 1, 1}, new int[] {1, 1, 3, 3}, new ConvParam(1, 1), 0, 12, Special.W));
            Special[] kinds = Special.values();
            for (int k = 0; k < 20; k++) {
                int N = 1 + r.nextInt(4), C = 1 + r.nextInt(3), H = 1 + r.nextInt(9), W = 1 + r.nextInt(9);
                int F = 1 + r.nextInt(4), stride = 1 + r.nextInt(3), pad = r.nextInt(3);
                int HH = 1 + r.nextInt(Math.min(4, H + 2 * pad)), WW = 1 + r.nextInt(Math.min(4, W + 2 * pad));
                long chunk = r.nextInt(3) == 0 ? 1 + r.nextInt(3000) : 0;
                out.add(new ConvCase(t, new int[] {N, C, H, W}, new int[] {F, C, HH, WW}, new ConvParam(stride, pad),
                        chunk, 100 + k, k % 3 == 2 ? kinds[1 + k / 3 % 4] : Special.NONE));
            }
        }
        return out;
    }

    /**
     * The conv gradient grid (float64): 6 named and 8 random cases (seed 231), then the float64 cases of
     * {@link #conv()} with finite inputs within {@link #GRADIENT_BUDGET_MACS}.
     */
    public static List<ConvCase> convGradient() {
        List<ConvCase> out = new ArrayList<>();
        DType t = DType.FLOAT64;
        out.add(new ConvCase(t, new int[] {2, 2, 7, 7}, new int[] {2, 2, 3, 3}, new ConvParam(3, 0), 0, 231)); // stride 3
        out.add(new ConvCase(t, new int[] {1, 2, 7, 6}, new int[] {2, 2, 3, 3}, new ConvParam(3, 2), 0, 231)); // stride 3, pad 2
        out.add(new ConvCase(t, new int[] {2, 3, 5, 6}, new int[] {2, 3, 2, 3}, new ConvParam(1, 1), 0, 231)); // non-square
        out.add(new ConvCase(t, new int[] {2, 3, 4, 4}, new int[] {4, 3, 1, 1}, new ConvParam(1, 0), 0, 231)); // 1x1
        out.add(new ConvCase(t, new int[] {1, 2, 6, 7}, new int[] {3, 2, 3, 2}, new ConvParam(2, 1), 0, 231)); // floor drops
        out.add(new ConvCase(t, new int[] {1, 1, 3, 4}, new int[] {2, 1, 3, 3}, new ConvParam(1, 2), 0, 231)); // pad 2, N=C=1
        Rng r = new Rng(232);
        for (int k = 0; k < 8; k++) {
            int pad = r.randint(3), stride = 1 + r.randint(3);
            int H = 1 + r.randint(7), W = 1 + r.randint(7);
            int HH = 1 + r.randint(Math.min(4, H + 2 * pad)), WW = 1 + r.randint(Math.min(4, W + 2 * pad));
            int N = 1 + r.randint(2), C = 1 + r.randint(3), F = 1 + r.randint(3);
            out.add(new ConvCase(t, new int[] {N, C, H, W}, new int[] {F, C, HH, WW}, new ConvParam(stride, pad), 0, 231));
        }
        for (ConvCase c : conv()) {
            if (c.dtype() == t && !c.nonFinite() && convGradientMacs(c) <= GRADIENT_BUDGET_MACS) out.add(c);
        }
        return out;
    }

    static long convGradientMacs(ConvCase c) {
        int[] x = c.xShape(), w = c.wShape();
        long forward = (long) x[0] * w[0] * c.hOut() * c.wOut() * w[1] * w[2] * w[3];
        long inputs = (long) x[0] * x[1] * x[2] * x[3] + (long) w[0] * w[1] * w[2] * w[3] + w[0];
        return 2 * inputs * forward;
    }

    // ---------------------------------------------------------------- conv-relu-pool

    /**
     * The conv-relu-pool grid (a net's conv-relu-pool block, which a fast op may fuse): ThreeLayerConvNet's tiled
     * 2x2 pool, overlapping 3x3 windows, a floor that drops the last row, a 1x1 pool (the ReLU alone), a strided
     * conv with a non-square pool, one image with 7x7 filters, one image per chunk, NaN and infinities in each
     * input, rows of 16 pooling windows, then 10 random shapes; both dtypes.
     */
    public static List<ConvPoolCase> convReluPool() {
        List<ConvPoolCase> out = new ArrayList<>();
        Random r = new Random(231);
        PoolParam two = new PoolParam(2, 2, 2);
        ConvParam same = new ConvParam(1, 1);
        for (DType t : DType.values()) {
            out.add(new ConvPoolCase(t, new int[] {3, 3, 8, 8}, new int[] {4, 3, 3, 3}, same, two, 0, 1, Special.NONE));
            out.add(new ConvPoolCase(t, new int[] {2, 2, 9, 9}, new int[] {3, 2, 3, 3}, same, new PoolParam(3, 3, 2), 0, 2,
                    Special.NONE)); // overlapping windows
            out.add(new ConvPoolCase(t, new int[] {2, 1, 7, 7}, new int[] {2, 1, 3, 3}, same, two, 0, 3,
                    Special.NONE)); // the floor drops the last row and column
            out.add(new ConvPoolCase(t, new int[] {2, 2, 5, 6}, new int[] {3, 2, 3, 3}, same, new PoolParam(1, 1, 1), 0, 4,
                    Special.NONE)); // 1x1 pool
            out.add(new ConvPoolCase(t, new int[] {2, 3, 11, 10}, new int[] {2, 3, 3, 3}, new ConvParam(2, 1),
                    new PoolParam(2, 3, 1), 0, 5, Special.NONE)); // strided conv, non-square pool
            out.add(new ConvPoolCase(t, new int[] {1, 3, 8, 8}, new int[] {5, 3, 7, 7}, new ConvParam(1, 3), two, 0, 6,
                    Special.NONE)); // one image, 7x7 filters
            out.add(new ConvPoolCase(t, new int[] {5, 2, 6, 6}, new int[] {3, 2, 3, 3}, same, two, 1, 7,
                    Special.NONE)); // one image per chunk
            out.add(new ConvPoolCase(t, new int[] {2, 3, 8, 8}, new int[] {4, 3, 3, 3}, same, two, 0, 8, Special.X));
            out.add(new ConvPoolCase(t, new int[] {2, 2, 6, 6}, new int[] {3, 2, 3, 3}, same, new PoolParam(3, 3, 2), 0, 9,
                    Special.W));
            out.add(new ConvPoolCase(t, new int[] {3, 2, 6, 8}, new int[] {2, 2, 3, 3}, same, two, 0, 10, Special.DOUT));
            out.add(new ConvPoolCase(t, new int[] {1, 2, 9, 34}, new int[] {3, 2, 3, 3}, same, new PoolParam(3, 3, 2), 0, 11,
                    Special.X)); // 16 windows a row
            for (int k = 0; k < 10; k++) {
                int N = 1 + r.nextInt(4), C = 1 + r.nextInt(3), H = 2 + r.nextInt(8), W = 2 + r.nextInt(8);
                int F = 1 + r.nextInt(4), stride = 1 + r.nextInt(2), pad = r.nextInt(3);
                int HH = 1 + r.nextInt(Math.min(4, H + 2 * pad)), WW = 1 + r.nextInt(Math.min(4, W + 2 * pad));
                int hOut = 1 + (H + 2 * pad - HH) / stride, wOut = 1 + (W + 2 * pad - WW) / stride;
                int PH = 1 + r.nextInt(Math.min(3, hOut)), PW = 1 + r.nextInt(Math.min(3, wOut));
                out.add(new ConvPoolCase(t, new int[] {N, C, H, W}, new int[] {F, C, HH, WW}, new ConvParam(stride, pad),
                        new PoolParam(PH, PW, 1 + r.nextInt(3)), r.nextInt(3) == 0 ? 1 + r.nextInt(2000) : 0, 100 + k,
                        k % 4 == 3 ? Special.ALL : Special.NONE));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- max pooling

    /**
     * The max-pool grid: tiled and overlapping windows, ties, floors that drop rows, non-finite values, rows of 8 to
     * 19 windows (for kernels that take several windows at a time), random shapes.
     */
    public static List<PoolCase> pool() {
        List<PoolCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (DType t : DType.values()) {
            out.add(new PoolCase(t, new int[] {2, 3, 8, 8}, new PoolParam(2, 2, 2), false, 0, 1)); // tiled 2x2
            out.add(new PoolCase(t, new int[] {2, 3, 8, 6}, new PoolParam(2, 2, 2), true, 0, 2)); // tiled, ties
            out.add(new PoolCase(t, new int[] {1, 1, 9, 6}, new PoolParam(3, 3, 3), true, 0, 3)); // tiled 3x3
            out.add(new PoolCase(t, new int[] {3, 2, 9, 9}, new PoolParam(3, 3, 2), true, 0, 4)); // overlap
            out.add(new PoolCase(t, new int[] {2, 2, 7, 7}, new PoolParam(2, 2, 2), false, 0, 5)); // floor drops
            out.add(new PoolCase(t, new int[] {2, 1, 5, 7}, new PoolParam(2, 3, 1), true, 0, 6)); // non-square
            out.add(new PoolCase(t, new int[] {5, 2, 6, 6}, new PoolParam(2, 2, 2), true, 1, 7)); // chunk of 1
            out.add(new PoolCase(t, new int[] {5, 3, 7, 5}, new PoolParam(3, 2, 2), true, 200, 8)); // chunks, general
            // NaN, +Inf and -Inf at every window position: tiled 2x2, tiled 3x3, overlapping, floor drops, in dout
            out.add(new PoolCase(t, new int[] {2, 3, 8, 8}, new PoolParam(2, 2, 2), false, 0, 9, Special.X));
            out.add(new PoolCase(t, new int[] {2, 2, 8, 6}, new PoolParam(2, 2, 2), true, 0, 10, Special.ALL));
            out.add(new PoolCase(t, new int[] {1, 3, 9, 9}, new PoolParam(3, 3, 3), false, 0, 11, Special.X));
            out.add(new PoolCase(t, new int[] {3, 2, 9, 9}, new PoolParam(3, 3, 2), true, 0, 12, Special.X));
            out.add(new PoolCase(t, new int[] {2, 2, 7, 7}, new PoolParam(2, 2, 2), false, 40, 13, Special.ALL));
            out.add(new PoolCase(t, new int[] {2, 1, 5, 7}, new PoolParam(2, 3, 1), false, 0, 14, Special.DOUT));
            // rows of 8 to 19 windows: vectorised kernels that take a row's windows 4 or 8 at a time, with a last
            // group that overlaps the one before
            out.add(new PoolCase(t, new int[] {2, 2, 9, 33}, new PoolParam(3, 3, 2), false, 0, 15, Special.X)); // 16
            out.add(new PoolCase(t, new int[] {1, 2, 6, 22}, new PoolParam(2, 2, 2), true, 0, 16)); // tiled, 11
            out.add(new PoolCase(t, new int[] {2, 1, 7, 37}, new PoolParam(3, 3, 2), true, 0, 17, Special.ALL)); // 18
            out.add(new PoolCase(t, new int[] {1, 2, 8, 40}, new PoolParam(4, 4, 2), false, 0, 18, Special.X)); // 19
            out.add(new PoolCase(t, new int[] {2, 1, 5, 17}, new PoolParam(3, 2, 2), true, 0, 19)); // 8
            for (int k = 0; k < 20; k++) {
                int N = 1 + r.nextInt(4), C = 1 + r.nextInt(3), H = 1 + r.nextInt(9), W = 1 + r.nextInt(9);
                int PH = 1 + r.nextInt(Math.min(3, H)), PW = 1 + r.nextInt(Math.min(3, W)), stride = 1 + r.nextInt(3);
                out.add(new PoolCase(t, new int[] {N, C, H, W}, new PoolParam(PH, PW, stride), r.nextBoolean(),
                        r.nextInt(3) == 0 ? 1 + r.nextInt(300) : 0, 100 + k, k % 3 == 2 ? Special.ALL : Special.NONE));
            }
        }
        return out;
    }

    /**
     * The max-pool gradient grid (float64, inputs at least 0.01 apart so that a step of 1e-5 never changes a
     * window's winner): 7 named cases (seed 231), then {@link #pool()}'s float64 cases with finite inputs.
     */
    public static List<PoolCase> poolGradient() {
        List<PoolCase> out = new ArrayList<>();
        DType t = DType.FLOAT64;
        out.add(new PoolCase(t, new int[] {2, 2, 6, 6}, new PoolParam(2, 2, 2), false, 0, 231)); // tiles
        out.add(new PoolCase(t, new int[] {1, 2, 5, 6}, new PoolParam(3, 3, 1), false, 0, 231)); // overlapping, stride 1
        out.add(new PoolCase(t, new int[] {2, 1, 7, 7}, new PoolParam(3, 3, 2), false, 0, 231)); // overlapping, stride 2
        out.add(new PoolCase(t, new int[] {2, 2, 5, 7}, new PoolParam(2, 2, 2), false, 0, 231)); // floor drops
        out.add(new PoolCase(t, new int[] {1, 1, 4, 5}, new PoolParam(2, 3, 1), false, 0, 231)); // non-square window
        out.add(new PoolCase(t, new int[] {2, 3, 3, 2}, new PoolParam(3, 2, 1), false, 0, 231)); // window = input
        out.add(new PoolCase(t, new int[] {1, 2, 8, 8}, new PoolParam(2, 2, 3), false, 0, 231)); // gaps between windows
        for (PoolCase c : pool()) {
            if (c.dtype() == t && !c.nonFinite()) {
                out.add(new PoolCase(t, c.xShape(), c.param(), false, c.chunkElements(), c.seed()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- affine

    /** The affine grid: rank-2, 3 and 4 x, N = 1, M = 1, D = 1, non-finite values, random shapes, both dtypes. */
    public static List<AffineCase> affine() {
        List<AffineCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (DType t : DType.values()) {
            out.add(new AffineCase(t, new int[] {2, 4, 5, 6}, 3, 1)); // the notebook's affine_forward shapes
            out.add(new AffineCase(t, new int[] {1, 7}, 5, 2)); // N = 1, rank 2
            out.add(new AffineCase(t, new int[] {3, 1}, 1, 3)); // D = 1, M = 1
            out.add(new AffineCase(t, new int[] {1, 3, 8, 8}, 10, 4)); // N = 1, rank 4
            out.add(new AffineCase(t, new int[] {50, 32, 4, 4}, 100, 5)); // ThreeLayerConvNet-like hidden layer
            out.add(new AffineCase(t, new int[] {4, 2, 3}, 7, 6)); // rank 3
            out.add(new AffineCase(t, new int[] {5, 40}, 9, 7, Special.X)); // non-finite values
            out.add(new AffineCase(t, new int[] {6, 2, 4, 4}, 11, 8, Special.W));
            out.add(new AffineCase(t, new int[] {7, 30}, 13, 9, Special.DOUT));
            out.add(new AffineCase(t, new int[] {3, 50}, 100, 10, Special.ALL));
            for (int k = 0; k < 20; k++) {
                int N = 1 + r.nextInt(6), M = 1 + r.nextInt(12);
                int[] shape = r.nextBoolean()
                        ? new int[] {N, 1 + r.nextInt(40)}
                        : new int[] {N, 1 + r.nextInt(4), 1 + r.nextInt(6), 1 + r.nextInt(6)};
                out.add(new AffineCase(t, shape, M, 100 + k, k % 4 == 3 ? Special.ALL : Special.NONE));
            }
        }
        return out;
    }

    /** The affine gradient grid (float64): x (3, 2, 3, 2) and M = 5 (seed 231), then {@link #affine()}'s float64 finite cases within budget. */
    public static List<AffineCase> affineGradient() {
        List<AffineCase> out = new ArrayList<>();
        out.add(new AffineCase(DType.FLOAT64, new int[] {3, 2, 3, 2}, 5, 231));
        for (AffineCase c : affine()) {
            long N = c.xShape()[0], D = c.D(), M = c.M();
            long macs = 2 * (N * D + D * M + M) * (N * D * M);
            if (c.dtype() == DType.FLOAT64 && !c.nonFinite() && macs <= GRADIENT_BUDGET_MACS) out.add(c);
        }
        return out;
    }

    // ---------------------------------------------------------------- relu

    /** The ReLU grid: ranks 1 to 4, one element, 0, -0, NaN and infinities, random shapes, both dtypes. */
    public static List<ReluCase> relu() {
        List<ReluCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (DType t : DType.values()) {
            out.add(new ReluCase(t, new int[] {2, 3, 8, 8}, false, 0, 1));
            out.add(new ReluCase(t, new int[] {1}, false, 0, 2)); // one element
            out.add(new ReluCase(t, new int[] {4, 10}, true, 0, 3)); // 0, -0, NaN, +-inf
            out.add(new ReluCase(t, new int[] {3, 5, 7}, true, 16, 4)); // chunks of 16, the last one short
            out.add(new ReluCase(t, new int[] {5, 4, 9, 9}, false, 1, 5)); // chunks of one element
            out.add(new ReluCase(t, new int[] {50, 32, 8, 8}, false, 0, 6)); // past convnet4j's autoReluMinElements
            for (int k = 0; k < 10; k++) {
                int[] shape = new int[1 + r.nextInt(4)];
                for (int i = 0; i < shape.length; i++) shape[i] = 1 + r.nextInt(9);
                out.add(new ReluCase(t, shape, r.nextBoolean(), r.nextInt(3) == 0 ? 1 + r.nextInt(50) : 0, 100 + k));
            }
        }
        return out;
    }

    /**
     * The ReLU gradient grid (float64, inputs at least 0.01 away from the kink at 0): x (4, 3, 5) (seed 231),
     * then {@link #relu()}'s float64 cases without special values within budget.
     */
    public static List<ReluCase> reluGradient() {
        List<ReluCase> out = new ArrayList<>();
        out.add(new ReluCase(DType.FLOAT64, new int[] {4, 3, 5}, false, 0, 231));
        for (ReluCase c : relu()) {
            long size = 1;
            for (int d : c.xShape()) size *= d;
            if (c.dtype() == DType.FLOAT64 && !c.specials() && 2 * size * size <= GRADIENT_BUDGET_MACS) out.add(c);
        }
        return out;
    }

    // ---------------------------------------------------------------- net layers

    /**
     * Every layer type of the net builder on its own, in both dtypes: conv (stride 1-3, pad 0-2, a 1x1 filter on
     * C = 1 and N = 1, a floor that drops rows), pool (overlapping, gaps, a floor that drops rows), affine on
     * images and vectors, ReLU on images and vectors, bn and sbn in train and test mode, dropout at a fixed
     * mask in both modes, and NaN and infinities in the inputs of conv, pool and ReLU.
     */
    public static List<LayerCase> layers() {
        List<LayerCase> out = new ArrayList<>();
        for (DType t : DType.values()) {
            out.add(new LayerCase("conv(3,3,stride=2,pad=1)-affine(2)", 0, new int[] {2, 5, 5}, 3, t, Mode.TRAIN, 1));
            out.add(new LayerCase("conv(2,1,stride=1,pad=0)-affine(2)", 0, new int[] {1, 4, 3}, 1, t, Mode.TRAIN, 2));
            out.add(new LayerCase("conv(4,3,stride=3,pad=2)-affine(2)", 0, new int[] {3, 7, 6}, 2, t, Mode.TEST, 3));
            out.add(new LayerCase("conv(2,2,stride=2,pad=0)-affine(2)", 0, new int[] {2, 7, 5}, 2, t, Mode.TRAIN, 4));
            out.add(new LayerCase("conv(3,3,stride=1,pad=1)-affine(2)", 0, new int[] {2, 4, 4}, 2, t, Mode.TRAIN, 5, Special.X));
            out.add(new LayerCase("pool(2,stride=1)-affine(2)", 0, new int[] {2, 4, 5}, 3, t, Mode.TRAIN, 6));
            out.add(new LayerCase("pool(3,stride=2)-affine(2)", 0, new int[] {2, 7, 7}, 2, t, Mode.TRAIN, 7));
            out.add(new LayerCase("pool(2)-affine(2)", 0, new int[] {1, 5, 7}, 1, t, Mode.TEST, 8));
            out.add(new LayerCase("pool(2,stride=3)-affine(2)", 0, new int[] {2, 8, 8}, 2, t, Mode.TRAIN, 9));
            out.add(new LayerCase("pool(2)-affine(2)", 0, new int[] {2, 6, 6}, 2, t, Mode.TRAIN, 10, Special.X));
            out.add(new LayerCase("affine(4)", 0, new int[] {2, 3, 2}, 3, t, Mode.TRAIN, 11));
            out.add(new LayerCase("affine(3)-affine(2)", 0, new int[] {7}, 1, t, Mode.TEST, 12));
            out.add(new LayerCase("relu-affine(2)", 0, new int[] {6}, 4, t, Mode.TRAIN, 13));
            out.add(new LayerCase("conv(2,3)-relu-affine(2)", 1, new int[] {1, 3, 4}, 2, t, Mode.TEST, 14));
            out.add(new LayerCase("relu-affine(2)", 0, new int[] {9}, 3, t, Mode.TRAIN, 15, Special.X));
            for (Mode m : Mode.values()) {
                out.add(new LayerCase("affine(5)-bn-affine(2)", 1, new int[] {3}, 4, t, m, 16));
                out.add(new LayerCase("conv(3,1)-sbn-affine(2)", 1, new int[] {2, 3, 4}, 2, t, m, 17));
                out.add(new LayerCase("dropout(0.6)-affine(2)", 0, new int[] {8}, 4, t, m, 18));
            }
            out.add(new LayerCase("conv(2,3)-dropout(0.5)-affine(2)", 1, new int[] {1, 4, 4}, 2, t, Mode.TRAIN, 19));
        }
        return out;
    }

    /** The layer gradient grid: {@link #layers()}'s float64 cases with finite inputs. */
    public static List<LayerCase> layersGradient() {
        return layers().stream().filter(c -> c.dtype() == DType.FLOAT64 && !c.nonFinite()).toList();
    }

    // ---------------------------------------------------------------- whole nets

    /**
     * 24 random small nets (random depth, layer types and shapes, both losses; {@link RandomNets#cases} of seed
     * 231), each in a random dtype, on 3 to 6 examples (batch norm of one or two examples is degenerate: its
     * output does not depend on its input, so every gradient before it is zero up to rounding), reg 0.01.
     */
    public static List<NetCase> nets() {
        List<NetCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (RandomNets.Case c : RandomNets.cases(231, 24)) {
            out.add(new NetCase(r.nextBoolean() ? DType.FLOAT64 : DType.FLOAT32, c, 3 + r.nextInt(4), 0.01));
        }
        return out;
    }

    /** 24 random small nets for gradient checks ({@link RandomNets#cases} of seed 8): float64, 4 examples, reg 0.1 or 0. */
    public static List<NetCase> netsGradient() {
        List<NetCase> out = new ArrayList<>();
        for (RandomNets.Case c : RandomNets.cases(8, 24)) {
            out.add(new NetCase(DType.FLOAT64, c, 4, c.seed() % 2 == 0 ? 0.1 : 0.0));
        }
        return out;
    }
}
