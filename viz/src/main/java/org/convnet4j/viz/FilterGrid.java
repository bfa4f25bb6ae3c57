package org.convnet4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * First-layer filters as one picture: CS231n {@code vis_utils.visualize_grid(Xs, ubound=255.0, padding=1)}
 * applied to {@code W1.transpose(0, 2, 3, 1)}, as the notebook's "Visualize Filters" cell does.
 *
 * <pre>
 * w: (F, C, HH, WW), C = 3 (RGB) or C = 1 (grayscale)
 * G = ceil(sqrt(F))                                        filters per grid row and column
 * grid: (HH*G + padding*(G-1), WW*G + padding*(G-1), C), zeros everywhere first
 * filter k goes to cell (k / G, k % G), its top-left corner at (row*(HH+padding), col*(WW+padding)):
 *   grid[.., .., c] = ubound * (w[k, c, p, q] - low_k) / (high_k - low_k)
 * with low_k, high_k the min and max of filter k over all its channels (each filter on its own scale)
 * </pre>
 *
 * Padding and unused cells stay 0 (black). A constant filter ({@code high_k == low_k}, where NumPy would
 * divide 0 by 0) is drawn as 0. The image is {@code grid.astype('uint8')}: values are truncated toward
 * zero, as NumPy's cast does, so {@code ubound} must lie in (0, 255]. {@link #toImage(Tensor, int)} then
 * enlarges every grid pixel to a {@code scale x scale} block (nearest neighbour), since 7x7 filters are
 * too small to see at one pixel each; the notebook shows the grid at 5x5 inches instead.
 *
 * <p>Pure computation plus {@link BufferedImage}: safe with {@code java.awt.headless=true}. Stateless.
 */
public final class FilterGrid {
    private static final String OP = "filter grid";

    /** Default padding between cells, as in {@code visualize_grid}. */
    public static final int PADDING = 1;
    /** Default upper bound of the normalised values, as in {@code visualize_grid}. */
    public static final double UBOUND = 255.0;
    /** {@link #write(Path, Tensor)} picks the largest integer scale whose image side stays at most this. */
    public static final int AUTO_TARGET_PX = 400;

    private FilterGrid() {}

    /**
     * The grid as numbers, exactly {@code visualize_grid(w.transpose(0, 2, 3, 1), ubound, padding)}.
     *
     * @param w       filters (F, C, HH, WW), any dtype, C = 1 or 3, all values finite
     * @param ubound  upper bound of each filter's normalised range, finite and > 0
     * @param padding pixels of zeros between cells, >= 0
     * @return float64 tensor (gridH, gridW, C)
     * @throws IllegalArgumentException if w is null, not rank 4, has C other than 1 or 3, has a zero
     *                                  dimension or a non-finite value; if ubound or padding is out of range
     */
    public static Tensor grid(Tensor w, double ubound, int padding) {
        checkFilters(w);
        Checks.finitePositive(OP, "ubound", ubound);
        Checks.nonNegative(OP, "padding", padding);
        int F = w.dim(0), C = w.dim(1), HH = w.dim(2), WW = w.dim(3);
        int G = gridSize(F);
        int gridH = Math.addExact(Math.multiplyExact(HH, G), Math.multiplyExact(padding, G - 1));
        int gridW = Math.addExact(Math.multiplyExact(WW, G), Math.multiplyExact(padding, G - 1));
        Tensor grid = Tensor.zeros(DType.FLOAT64, gridH, gridW, C);
        int per = C * HH * WW;
        for (int k = 0; k < F; k++) {
            double low = Double.POSITIVE_INFINITY, high = Double.NEGATIVE_INFINITY;
            for (int i = k * per; i < (k + 1) * per; i++) {
                double v = w.getFlat(i);
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
            int y0 = (k / G) * (HH + padding), x0 = (k % G) * (WW + padding);
            for (int c = 0; c < C; c++) {
                for (int p = 0; p < HH; p++) {
                    for (int q = 0; q < WW; q++) {
                        double v = w.getFlat(((k * C + c) * HH + p) * WW + q);
                        double scaled = high > low ? ubound * (v - low) / (high - low) : 0.0;
                        grid.set(scaled, y0 + p, x0 + q, c);
                    }
                }
            }
        }
        return grid;
    }

    /** {@code ceil(sqrt(F))} in integers, so no rounding of the square root can miscount. */
    static int gridSize(int F) {
        int g = (int) Math.sqrt(F);
        while ((long) g * g < F) g++;
        while (g > 1 && (long) (g - 1) * (g - 1) >= F) g--;
        return g;
    }

    /** The grid with the defaults (ubound 255, padding 1), one pixel per grid value. */
    public static BufferedImage toImage(Tensor w) {
        return toImage(w, 1);
    }

    /**
     * The grid with the defaults (ubound 255, padding 1) as an image, each grid value a
     * {@code scale x scale} block: {@code TYPE_INT_RGB} for C = 3, {@code TYPE_BYTE_GRAY} for C = 1.
     *
     * @throws IllegalArgumentException as {@link #grid}, or if scale is not > 0 or the image would be
     *                                  larger than the Java array limit
     */
    public static BufferedImage toImage(Tensor w, int scale) {
        return gridToImage(grid(w, UBOUND, PADDING), scale);
    }

    /**
     * A grid from {@link #grid} as an image (values cast to uint8 like {@code astype('uint8')}).
     *
     * @param grid  (gridH, gridW, C) with C = 1 or 3 and values in [0, 255]
     * @param scale nearest-neighbour enlargement, > 0
     */
    public static BufferedImage gridToImage(Tensor grid, int scale) {
        Checks.rank(OP, "grid", grid, 3, "gridH, gridW, C");
        Checks.positive(OP, "scale", scale);
        int gh = grid.dim(0), gw = grid.dim(1), C = grid.dim(2);
        if (C != 1 && C != 3) {
            throw new IllegalArgumentException(OP + ": grid must have C = 1 or 3 channels, got "
                    + Arrays.toString(grid.shape()));
        }
        Checks.elementCount(OP, "image (height, width)", Math.multiplyExact(gh, scale), Math.multiplyExact(gw, scale));
        int h = gh * scale, wd = gw * scale;
        BufferedImage img = new BufferedImage(wd, h, C == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                int r = toUint8(grid.get(y, x, 0));
                int rgb = C == 3 ? (r << 16) | (toUint8(grid.get(y, x, 1)) << 8) | toUint8(grid.get(y, x, 2)) : r;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        if (C == 3) {
                            img.setRGB(x * scale + dx, y * scale + dy, rgb);
                        } else {
                            // raster write: setRGB on a gray image would apply a colour-space conversion
                            img.getRaster().setSample(x * scale + dx, y * scale + dy, 0, rgb);
                        }
                    }
                }
            }
        }
        return img;
    }

    /** NumPy's {@code astype('uint8')} on values already in [0, 255]: truncation toward zero. */
    private static int toUint8(double v) {
        if (!(v >= 0 && v < 256)) {
            throw new IllegalArgumentException(OP + ": grid values must lie in [0, 255] to be drawn as uint8, got " + v);
        }
        return (int) v;
    }

    /**
     * Writes the grid (ubound 255, padding 1) as a picture, atomically, each grid value a
     * {@code scale x scale} block, in the format the file name's extension names ({@link ImageFiles#EXTENSIONS}).
     *
     * @throws IllegalArgumentException as {@link #toImage(Tensor, int)} and {@link ImageFiles#format}, or if png is null
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, Tensor w, int scale) throws IOException {
        Checks.notNull(OP, "png", png);
        ImageFiles.write(png, toImage(w, scale));
    }

    /**
     * As {@link #write(Path, Tensor, int)} with the largest scale (at least 1) that keeps the longer
     * image side at most {@value #AUTO_TARGET_PX} pixels, roughly the notebook's 5x5-inch figure.
     */
    public static void write(Path png, Tensor w) throws IOException {
        checkFilters(w);
        int G = gridSize(w.dim(0));
        int side = Math.max(w.dim(2), w.dim(3)) * G + PADDING * (G - 1);
        write(png, w, Math.max(1, AUTO_TARGET_PX / side));
    }

    private static void checkFilters(Tensor w) {
        Checks.rank(OP, "w", w, 4, "F, C, HH, WW");
        int[] s = w.shape();
        if (s[1] != 1 && s[1] != 3) {
            throw new IllegalArgumentException(OP + ": w must have C = 3 (RGB) or C = 1 (grayscale) channels, got C = "
                    + s[1] + " in " + Arrays.toString(s));
        }
        for (int d : s) {
            if (d == 0) throw new IllegalArgumentException(OP + ": w must have no zero dimension, got " + Arrays.toString(s));
        }
        for (int i = 0; i < w.size(); i++) {
            if (!Double.isFinite(w.getFlat(i))) {
                throw new IllegalArgumentException(OP + ": w must be finite, got " + w.getFlat(i) + " at flat index " + i);
            }
        }
    }
}
