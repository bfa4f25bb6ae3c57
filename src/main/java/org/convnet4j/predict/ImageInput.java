package org.convnet4j.predict;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Turns pictures into a model's input, the way {@link Preprocessing} says the training images were made.
 * For a picture of any size, in this order:
 *
 * <ol>
 * <li><b>Decode</b> with {@code javax.imageio} (PNG, JPEG, GIF, BMP and whatever other readers are
 *     installed). A colour pixel is taken as 8-bit sRGB ({@link BufferedImage#getRGB}). A grey picture
 *     (a grey PNG or JPEG) is read from its samples, scaled to 0..255 ({@code v·255/(2^bits − 1)}), and used
 *     as {@code r = g = b = v}: {@code getRGB} would first convert Java's linear grey to sRGB, turning 128
 *     into 188. A pixel with alpha {@code a} (0..1) is composited over black: {@code r·a} (likewise g, b),
 *     so a transparent background becomes black, as Fashion-MNIST's background is.</li>
 * <li><b>Channels:</b> a 3-channel model takes red, green, blue (CIFAR-10's plane order); a 1-channel model
 *     takes the ITU-R BT.601 luma {@code 0.299 r + 0.587 g + 0.114 b} of the 8-bit values (no gamma
 *     correction; the formula of PIL's {@code convert("L")} and OpenCV's {@code COLOR_RGB2GRAY}, without
 *     their rounding). A grey picture has {@code r = g = b}, so its luma is its grey level.</li>
 * <li><b>Resize</b> to the model's {@code H × W} by area averaging (a box filter, PIL's {@code BOX}): output
 *     pixel {@code (i, j)} covers the source rectangle {@code [j·w/W, (j+1)·w/W) × [i·h/H, (i+1)·h/H)} of a
 *     {@code w × h} picture, and is the mean of the source pixels weighted by the area of each that it
 *     covers. The whole picture is scaled, so a picture whose aspect ratio differs from the model's is
 *     stretched; crop it first to keep the shape of things. A picture already {@code H × W} is unchanged.
 *     Nothing is rounded: values stay in double until the last step.</li>
 * <li><b>Scale</b> to the training data's values: {@code black + (white − black) · v / 255} (0..255 for
 *     this library's loaders), then convert to the model's dtype.</li>
 * <li><b>Centre:</b> subtract the training mean ({@link Preprocessing#apply}).</li>
 * </ol>
 *
 * Only 1- and 3-channel models take pictures.
 */
public final class ImageInput {
    /** ITU-R BT.601 luma weights of red, green and blue. */
    public static final double LUMA_R = 0.299, LUMA_G = 0.587, LUMA_B = 0.114;

    private ImageInput() {}

    /**
     * Reads a picture file.
     *
     * @throws IOException naming the file when it is missing, unreadable, not a picture ImageIO can
     *     decode, or corrupt
     */
    public static BufferedImage read(Path file) throws IOException {
        Checks.notNull("image", "file", file);
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        if (Files.isDirectory(file)) throw new IOException(file + ": is a folder, not a picture");
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            // ImageIO's decoders throw IIOException, and for some corrupt files runtime exceptions
            throw new IOException(file + ": not a readable picture (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (img == null) {
            throw new IOException(file + ": not a picture ImageIO can read (PNG, JPEG, GIF or BMP)");
        }
        return img;
    }

    /**
     * Steps 1–4 for one picture: the {@code (C, H, W)} values of the model's shape, before the mean is
     * subtracted, written row-major into {@code out} at {@code offset}.
     *
     * @throws IllegalArgumentException if the model does not have 1 or 3 channels
     */
    static void pixels(BufferedImage img, Preprocessing p, double[] out, int offset) {
        Checks.notNull("image", "image", img);
        int c = p.channels();
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("image: pictures need a model with C = 1 (grey) or 3 (RGB) channels, "
                    + "got C = " + c);
        }
        int w = img.getWidth(), h = img.getHeight();
        double[][] planes = new double[c][];
        double[] grey = greySamples(img);
        if (grey != null) {
            for (int k = 0; k < c; k++) planes[k] = grey;
        } else {
            for (int k = 0; k < c; k++) planes[k] = new double[w * h];
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                int px = argb[i];
                double a = (px >>> 24) / 255.0;
                double r = ((px >> 16) & 0xFF) * a, g = ((px >> 8) & 0xFF) * a, b = (px & 0xFF) * a;
                if (c == 3) {
                    planes[0][i] = r;
                    planes[1][i] = g;
                    planes[2][i] = b;
                } else {
                    // r = g = b is a grey level already: no rounding through the weights
                    planes[0][i] = r == g && g == b ? r : LUMA_R * r + LUMA_G * g + LUMA_B * b;
                }
            }
        }
        int H = p.height(), W = p.width();
        double scale = (p.white() - p.black()) / 255.0;
        for (int k = 0; k < c; k++) {
            double[] resized = resize(planes[k], w, h, W, H);
            int base = offset + k * H * W;
            for (int j = 0; j < resized.length; j++) out[base + j] = p.black() + scale * resized[j];
        }
    }

    /**
     * The grey levels 0..255 (alpha applied) of a picture whose colour space is grey, read from the raster;
     * null for any other picture.
     */
    private static double[] greySamples(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel || cm.getColorSpace().getType() != ColorSpace.TYPE_GRAY
                || cm.getNumColorComponents() != 1) {
            return null;
        }
        Raster r = img.getRaster();
        int w = img.getWidth(), h = img.getHeight();
        double vMax = (1L << cm.getComponentSize(0)) - 1;
        double aMax = cm.hasAlpha() ? (1L << cm.getComponentSize(1)) - 1 : 1;
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = r.getSample(x, y, 0) * 255.0 / vMax;
                if (cm.hasAlpha()) v *= r.getSample(x, y, 1) / aMax;
                out[y * w + x] = v;
            }
        }
        return out;
    }

    /**
     * Area-averaging resize of one row-major {@code h × w} plane to {@code outH × outW} (see the class
     * comment); separable: rows first, then columns.
     *
     * @throws IllegalArgumentException if a size is not positive or {@code src} is not {@code h·w} long
     */
    public static double[] resize(double[] src, int w, int h, int outW, int outH) {
        Checks.notNull("resize", "src", src);
        Checks.positive("resize", "w", w);
        Checks.positive("resize", "h", h);
        Checks.positive("resize", "outW", outW);
        Checks.positive("resize", "outH", outH);
        if ((long) w * h != src.length) {
            throw new IllegalArgumentException("resize: src must hold w*h = " + (long) w * h + " values, got " + src.length);
        }
        if (w == outW && h == outH) return src.clone();
        double[][] wx = weights(w, outW), wy = weights(h, outH);
        int[] x0 = first(w, outW), y0 = first(h, outH);
        double[] rows = new double[h * outW];
        for (int y = 0; y < h; y++) {
            for (int j = 0; j < outW; j++) {
                double s = 0;
                for (int k = 0; k < wx[j].length; k++) s += wx[j][k] * src[y * w + x0[j] + k];
                rows[y * outW + j] = s;
            }
        }
        double[] out = new double[outH * outW];
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                double s = 0;
                for (int k = 0; k < wy[i].length; k++) s += wy[i][k] * rows[(y0[i] + k) * outW + j];
                out[i * outW + j] = s;
            }
        }
        return out;
    }

    /** The first source pixel each output pixel overlaps. */
    private static int[] first(int n, int outN) {
        int[] f = new int[outN];
        for (int j = 0; j < outN; j++) f[j] = (int) ((long) j * n / outN);
        return f;
    }

    /**
     * For each output pixel j, the weights of the source pixels from {@link #first} on: the length of
     * {@code [x, x+1) ∩ [j·n/outN, (j+1)·n/outN)} divided by the interval's length {@code n/outN}. Computed
     * in units of {@code 1/outN} so the interval ends are exact integers.
     */
    private static double[][] weights(int n, int outN) {
        double[][] wts = new double[outN][];
        for (int j = 0; j < outN; j++) {
            long lo = (long) j * n, hi = (long) (j + 1) * n; // the interval, times outN
            int x0 = (int) (lo / outN);
            int x1 = (int) ((hi + outN - 1) / outN); // exclusive
            wts[j] = new double[x1 - x0];
            for (int x = x0; x < x1; x++) {
                long a = Math.max(lo, (long) x * outN), b = Math.min(hi, (long) (x + 1) * outN);
                wts[j][x - x0] = (double) (b - a) / n;
            }
        }
        return wts;
    }

    /**
     * Steps 1–4 for a batch: {@code (N, C, H, W)} in {@code out}'s dtype, before the mean is subtracted.
     *
     * @param out a tensor of shape {@code (N, C, H, W)} to fill from row {@code row}
     */
    static void write(BufferedImage img, Preprocessing p, Tensor out, int row) {
        int per = p.channels() * p.height() * p.width();
        double[] v = new double[per];
        pixels(img, p, v, 0);
        int base = row * per;
        for (int j = 0; j < per; j++) out.setFlat(base + j, v[j]);
    }
}
