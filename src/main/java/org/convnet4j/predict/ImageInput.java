package org.convnet4j.predict;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
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
    /** The largest picture {@link #read} decodes, in pixels (a 60-megapixel photo). */
    public static final long MAX_PIXELS = 60_000_000L;
    /** ITU-R BT.601 luma weights of red, green and blue. */
    public static final double LUMA_R = 0.299, LUMA_G = 0.587, LUMA_B = 0.114;

    private ImageInput() {}

    /**
     * Reads a picture file. Its size is read from the header first, and a picture of more than
     * {@value #MAX_PIXELS} pixels is refused before it is decoded (decoding it would need gigabytes).
     *
     * @throws IOException naming the file when it is missing, unreadable, not a picture ImageIO can
     *     decode, corrupt, or too large
     */
    public static BufferedImage read(Path file) throws IOException {
        Checks.notNull("image", "file", file);
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        if (Files.isDirectory(file)) throw new IOException(file + ": is a folder, not a picture");
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException(file + ": cannot be opened as a picture");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + ": not a picture ImageIO can read (PNG, JPEG, GIF or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w * h > MAX_PIXELS) {
                    throw new IOException(file + ": the picture is " + w + "x" + h + " pixels, more than the "
                            + MAX_PIXELS + " this reads; make it smaller first");
                }
                BufferedImage img = reader.read(0);
                if (img == null) throw new IOException(file + ": holds no picture");
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file + ":")) throw io;
            // ImageIO's decoders throw IIOException, and for some corrupt files runtime exceptions
            throw new IOException(file + ": not a readable picture (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
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
        int w = img.getWidth(), h = img.getHeight(), H = p.height(), W = p.width();
        Box across = new Box(w, W), down = new Box(h, H);
        // one source row at a time, shrunk across at once: only (h, W) values per channel are kept, never the
        // full-size planes (a 24-megapixel photo would need 576 MB of them)
        double[][] rows = new double[c][h * W];
        double[][] line = new double[c][w];
        int[] argb = new int[w];
        boolean grey = isGrey(img);
        for (int y = 0; y < h; y++) {
            if (grey) {
                greyRow(img, y, line[0]);
                for (int k = 1; k < c; k++) System.arraycopy(line[0], 0, line[k], 0, w);
            } else {
                img.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int px = argb[x];
                    double a = (px >>> 24) / 255.0;
                    double r = ((px >> 16) & 0xFF) * a, g = ((px >> 8) & 0xFF) * a, b = (px & 0xFF) * a;
                    if (c == 3) {
                        line[0][x] = r;
                        line[1][x] = g;
                        line[2][x] = b;
                    } else {
                        // r = g = b is a grey level already: no rounding through the weights
                        line[0][x] = r == g && g == b ? r : LUMA_R * r + LUMA_G * g + LUMA_B * b;
                    }
                }
            }
            for (int k = 0; k < c; k++) across.apply(line[k], 0, 1, rows[k], y * W, 1);
        }
        double scale = (p.white() - p.black()) / 255.0;
        double[] col = new double[H];
        for (int k = 0; k < c; k++) {
            int base = offset + k * H * W;
            for (int j = 0; j < W; j++) {
                down.apply(rows[k], j, W, col, 0, 1);
                for (int i = 0; i < H; i++) out[base + i * W + j] = p.black() + scale * col[i];
            }
        }
    }

    /** Whether the picture's colour space is grey (one colour component, not a palette). */
    private static boolean isGrey(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        return !(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && cm.getNumColorComponents() == 1;
    }

    /** Row {@code y} of a grey picture as levels 0..255 (alpha applied), read from the raster. */
    private static void greyRow(BufferedImage img, int y, double[] out) {
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        double vMax = (1L << cm.getComponentSize(0)) - 1;
        double aMax = cm.hasAlpha() ? (1L << cm.getComponentSize(1)) - 1 : 1;
        for (int x = 0; x < out.length; x++) {
            double v = r.getSample(x, y, 0) * 255.0 / vMax;
            if (cm.hasAlpha()) v *= r.getSample(x, y, 1) / aMax;
            out[x] = v;
        }
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
        Box across = new Box(w, outW), down = new Box(h, outH);
        double[] rows = new double[h * outW];
        for (int y = 0; y < h; y++) across.apply(src, y * w, 1, rows, y * outW, 1);
        double[] out = new double[outH * outW];
        for (int j = 0; j < outW; j++) down.apply(rows, j, outW, out, j, outW);
        return out;
    }

    /**
     * Area averaging along one axis, from n source pixels to outN: output pixel j is the sum over the source
     * pixels x it overlaps of {@code |[x, x+1) ∩ [j·n/outN, (j+1)·n/outN)| / (n/outN) · src[x]}. The overlaps
     * are computed in units of {@code 1/outN}, so the interval ends are exact integers; with
     * {@code n == outN} every weight is exactly 1 and the values are copied unchanged.
     */
    private static final class Box {
        final int[] first;
        final double[][] weights;

        Box(int n, int outN) {
            first = new int[outN];
            weights = new double[outN][];
            for (int j = 0; j < outN; j++) {
                long lo = (long) j * n, hi = (long) (j + 1) * n; // the interval, times outN
                int x0 = (int) (lo / outN);
                int x1 = (int) ((hi + outN - 1) / outN); // exclusive
                first[j] = x0;
                weights[j] = new double[x1 - x0];
                for (int x = x0; x < x1; x++) {
                    long a = Math.max(lo, (long) x * outN), b = Math.min(hi, (long) (x + 1) * outN);
                    weights[j][x - x0] = (double) (b - a) / n;
                }
            }
        }

        /** out[outAt + j*outStride] = the weighted sum of src[srcAt + x*srcStride], for every output j. */
        void apply(double[] src, int srcAt, int srcStride, double[] out, int outAt, int outStride) {
            for (int j = 0; j < first.length; j++) {
                double[] wj = weights[j];
                double s = 0;
                for (int k = 0; k < wj.length; k++) s += wj[k] * src[srcAt + (first[j] + k) * srcStride];
                out[outAt + j * outStride] = s;
            }
        }
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
