package org.convnet4j.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * The notebook's "Aside: Image processing via convolutions": two hand-set 3x3 filters run through the
 * naive {@link Conv2d} (stride 1, pad 1) on two photos, shown as a 2x3 panel.
 *
 * <pre>
 * x: (2, 3, S, S) float64, values 0..255; x[0] = image a, x[1] = image b, each centre-cropped to a
 *    square (the longer side loses floor(d/2) pixels at the start, d = |W - H|, as the notebook's
 *    kitten[:, d//2:-d//2]) and resized to S x S
 * w: (2, 3, 3, 3) zeros except
 *    w[0, :, 1, 1] = (0.3, 0.6, 0.1)                           grayscale: out = 0.3 R + 0.6 G + 0.1 B
 *    w[1, 2]       = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]]      horizontal edges (Sobel) on blue
 * b: (0, 128)                                                  so that edge outputs stay positive
 * out: (2, 2, S, S) = conv(x, w, b, stride 1, pad 1)
 * </pre>
 *
 * Panel: one row per image — the cropped original, {@code out[n, 0]}, {@code out[n, 1]} — with titles
 * "Original image", "Grayscale", "Edges" above the first row. Outputs are shown as the notebook's
 * {@code imshow_noax}: {@code uint8(255 * (img - min) / (max - min))} (truncated; a constant map, where
 * NumPy would divide 0 by 0, is shown black) through a gray colour map, enlarged by the integer factor
 * {@code k = ceil(200 / S)} with nearest neighbour (the notebook's {@code image.interpolation = 'nearest'}).
 * Each cell is {@code S*k} pixels square; the layout is {@value #MARGIN} px margins, {@value #GAP} px
 * gaps and a {@value #TITLE_BAND} px title band, so the panel is
 * {@code (2*MARGIN + 3*cell + 2*GAP) x (2*MARGIN + TITLE_BAND + 2*cell + GAP)}.
 *
 * <p>Resizing (both to S and of the originals to the cell size) is bilinear: a triangle filter widened
 * by the shrink factor when shrinking, so a large photo is averaged rather than aliased — like PIL's
 * bilinear that {@code scipy.misc.imresize} used, though not bit-identical to it. Equal sizes copy the
 * pixels exactly. Alpha channels are ignored. Headless-safe: only {@link BufferedImage} and Java2D.
 */
public final class ConvolveAside {
    private static final String OP = "convolve aside";

    /** The notebook's {@code img_size}. */
    public static final int DEFAULT_IMG_SIZE = 200;
    public static final int MARGIN = 20, GAP = 20, TITLE_BAND = 30;
    /** Conv outputs are enlarged (nearest neighbour) to at least this many pixels per cell. */
    public static final int MIN_CELL = 200;
    /** Column titles of the first panel row, as in the notebook. */
    public static final String[] TITLES = {"Original image", "Grayscale", "Edges"};

    private ConvolveAside() {}

    /**
     * What the aside computed and drew.
     *
     * @param croppedA image a after the square centre crop (full resolution)
     * @param croppedB image b after the square centre crop (full resolution)
     * @param x        conv input (2, 3, S, S) float64
     * @param out      conv output (2, 2, S, S) float64: [n, 0] grayscale, [n, 1] edges + 128
     * @param panel    the 2x3 picture
     */
    public record Result(BufferedImage croppedA, BufferedImage croppedB, Tensor x, Tensor out, BufferedImage panel) {}

    /** The aside on the built-in {@link SampleImages} (puppy first, kitten second) at size 200. */
    public static Result render() {
        return render(SampleImages.puppy(), SampleImages.kitten(), DEFAULT_IMG_SIZE);
    }

    /**
     * Runs the aside on two images.
     *
     * @param a       first image (the notebook's puppy), any size and type
     * @param b       second image (the notebook's kitten), any size and type
     * @param imgSize S, the side both images are resized to, > 0 (at most 2048: the naive conv is slow)
     * @throws IllegalArgumentException if an image is null or imgSize is out of range
     */
    public static Result render(BufferedImage a, BufferedImage b, int imgSize) {
        Checks.notNull(OP, "a", a);
        Checks.notNull(OP, "b", b);
        Checks.positive(OP, "imgSize", imgSize);
        if (imgSize > 2048) {
            throw new IllegalArgumentException(OP + ": imgSize must be <= 2048, got " + imgSize);
        }
        BufferedImage ca = centreCropSquare(a), cb = centreCropSquare(b);
        int S = imgSize;
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3, S, S);
        BufferedImage[] small = {resize(ca, S, S), resize(cb, S, S)};
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    int rgb = small[n].getRGB(j, i);
                    x.set((rgb >> 16) & 0xff, n, 0, i, j);
                    x.set((rgb >> 8) & 0xff, n, 1, i, j);
                    x.set(rgb & 0xff, n, 2, i, j);
                }
            }
        }
        Tensor out = new Conv2d().forward(x, weights(), bias(), new ConvParam(1, 1)).out();
        return new Result(ca, cb, x, out, panel(ca, cb, out));
    }

    /**
     * Runs the aside and writes the panel as a picture, atomically, in the format the file name's extension
     * names ({@link ImageFiles#EXTENSIONS}).
     *
     * @throws IllegalArgumentException as {@link #render(BufferedImage, BufferedImage, int)} and
     *     {@link ImageFiles#format}, or png null
     * @throws IOException              if the file cannot be written
     */
    public static Result write(Path png, BufferedImage a, BufferedImage b, int imgSize) throws IOException {
        Checks.notNull(OP, "png", png);
        Result r = render(a, b, imgSize);
        ImageFiles.write(png, r.panel());
        return r;
    }

    /** The aside on the built-in sample images at size 200, written as a PNG. */
    public static Result write(Path png) throws IOException {
        return write(png, SampleImages.puppy(), SampleImages.kitten(), DEFAULT_IMG_SIZE);
    }

    /**
     * Reads an image file that ImageIO can decode (PNG, JPEG, GIF, BMP).
     *
     * @throws IOException if the file cannot be read or is not a decodable image
     */
    public static BufferedImage read(Path file) throws IOException {
        Checks.notNull(OP, "file", file);
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) throw new IOException(OP + ": no ImageIO decoder understands " + file.getFileName());
        return img;
    }

    /** The seed's weights, (2, 3, 3, 3) float64: grayscale filter and blue-channel horizontal Sobel. */
    public static Tensor weights() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 2, 3, 3, 3);
        w.set(0.3, 0, 0, 1, 1);
        w.set(0.6, 0, 1, 1, 1);
        w.set(0.1, 0, 2, 1, 1);
        double[][] sobel = {{1, 2, 1}, {0, 0, 0}, {-1, -2, -1}};
        for (int p = 0; p < 3; p++) {
            for (int q = 0; q < 3; q++) w.set(sobel[p][q], 1, 2, p, q);
        }
        return w;
    }

    /** The seed's bias, (2) float64: (0, 128). */
    public static Tensor bias() {
        return Tensor.of(DType.FLOAT64, new double[] {0, 128}, 2);
    }

    /**
     * The centred square: the longer side keeps {@code min(W, H)} pixels starting at {@code floor(d/2)},
     * {@code d = |W - H|}. A square image comes back as a copy.
     */
    public static BufferedImage centreCropSquare(BufferedImage img) {
        Checks.notNull(OP, "img", img);
        int w = img.getWidth(), h = img.getHeight(), side = Math.min(w, h);
        int x0 = (w - side) / 2, y0 = (h - side) / 2;
        int[] px = img.getRGB(x0, y0, side, side, null, 0, side);
        for (int i = 0; i < px.length; i++) px[i] &= 0xffffff; // alpha is ignored
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, side, side, px, 0, side);
        return out;
    }

    /**
     * Bilinear resize to {@code width x height} (triangle filter, widened when shrinking; see the class
     * comment), rounded to 0..255. Equal sizes give an exact copy.
     *
     * @throws IllegalArgumentException if img is null or a size is not > 0
     */
    public static BufferedImage resize(BufferedImage img, int width, int height) {
        Checks.notNull(OP, "img", img);
        Checks.positive(OP, "width", width);
        Checks.positive(OP, "height", height);
        int W = img.getWidth(), H = img.getHeight();
        Checks.elementCount(OP, "resized image (height, width)", height, width);
        Checks.elementCount(OP, "intermediate (H, width)", H, width);
        Taps tx = Taps.of(W, width), ty = Taps.of(H, height);
        // horizontal pass one source row at a time, so a large photo never sits in memory as doubles
        double[][] rows = new double[3][width * H];
        int[] line = new int[W];
        for (int y = 0; y < H; y++) {
            img.getRGB(0, y, W, 1, line, 0, W);
            for (int x = 0; x < width; x++) {
                double r = 0, g = 0, b = 0;
                for (int k = 0; k < tx.w[x].length; k++) {
                    int rgb = line[tx.start[x] + k];
                    double t = tx.w[x][k];
                    r += t * ((rgb >> 16) & 0xff);
                    g += t * ((rgb >> 8) & 0xff);
                    b += t * (rgb & 0xff);
                }
                rows[0][y * width + x] = r;
                rows[1][y * width + x] = g;
                rows[2][y * width + x] = b;
            }
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[width * height];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double s = 0;
                    for (int k = 0; k < ty.w[y].length; k++) s += ty.w[y][k] * rows[c][(ty.start[y] + k) * width + x];
                    int v = (int) Math.max(0, Math.min(255, Math.round(s)));
                    px[y * width + x] |= v << (16 - 8 * c);
                }
            }
        }
        out.setRGB(0, 0, width, height, px, 0, width);
        return out;
    }

    /** Per output pixel: first input index and normalised triangle-filter weights. */
    private record Taps(int[] start, double[][] w) {
        static Taps of(int in, int out) {
            double scale = (double) in / out;
            double support = Math.max(1.0, scale); // filter radius in input pixels
            int[] start = new int[out];
            double[][] w = new double[out][];
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(centre - support));
                int hi = Math.min(in - 1, (int) Math.ceil(centre + support));
                double[] ws = new double[hi - lo + 1];
                double sum = 0;
                for (int j = lo; j <= hi; j++) {
                    double t = 1 - Math.abs((j + 0.5 - centre) / support);
                    ws[j - lo] = t > 0 ? t : 0;
                    sum += ws[j - lo];
                }
                for (int k = 0; k < ws.length; k++) ws[k] /= sum;
                start[i] = lo;
                w[i] = ws;
            }
            return new Taps(start, w);
        }
    }

    /**
     * The notebook's {@code imshow_noax(img)}: {@code uint8(255 * (img - min) / (max - min))} of
     * {@code out[n, f]} as a gray image (S x S); a constant map gives 0 everywhere.
     */
    public static BufferedImage normalized(Tensor out, int n, int f) {
        Checks.rank(OP, "out", out, 4, "N, F, H, W");
        int H = out.dim(2), W = out.dim(3);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < W; j++) {
                double v = out.get(n, f, i, j);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < W; j++) {
                int g = max > min ? (int) (255.0 * (out.get(n, f, i, j) - min) / (max - min)) : 0;
                img.setRGB(j, i, (g << 16) | (g << 8) | g);
            }
        }
        return img;
    }

    /** Cell side for conv outputs of side S: S times the integer factor ceil(MIN_CELL / S). */
    static int cellSize(int S) {
        return S * ((MIN_CELL + S - 1) / S);
    }

    /** Nearest neighbour by an integer factor: each pixel becomes a k x k block. */
    private static BufferedImage enlarge(BufferedImage img, int k) {
        if (k == 1) return img;
        int w = img.getWidth(), h = img.getHeight();
        BufferedImage out = new BufferedImage(w * k, h * k, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * k; y++) {
            for (int x = 0; x < w * k; x++) out.setRGB(x, y, img.getRGB(x / k, y / k));
        }
        return out;
    }

    private static BufferedImage panel(BufferedImage ca, BufferedImage cb, Tensor out) {
        int S = out.dim(2), cell = cellSize(S), k = cell / S;
        int width = 2 * MARGIN + 3 * cell + 2 * GAP;
        int height = 2 * MARGIN + TITLE_BAND + 2 * cell + GAP;
        BufferedImage panel = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = panel.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            g.setColor(Color.BLACK);
            FontMetrics fm = g.getFontMetrics();
            for (int col = 0; col < 3; col++) {
                int x0 = MARGIN + col * (cell + GAP);
                int tw = fm.stringWidth(TITLES[col]);
                g.drawString(TITLES[col], x0 + (cell - tw) / 2, MARGIN + TITLE_BAND - fm.getDescent() - 6);
            }
            BufferedImage[] originals = {ca, cb};
            for (int n = 0; n < 2; n++) {
                int y0 = MARGIN + TITLE_BAND + n * (cell + GAP);
                g.drawImage(resize(originals[n], cell, cell), MARGIN, y0, null);
                for (int f = 0; f < 2; f++) {
                    int x0 = MARGIN + (f + 1) * (cell + GAP);
                    g.drawImage(enlarge(normalized(out, n, f), k), x0, y0, null);
                }
            }
        } finally {
            g.dispose();
        }
        return panel;
    }
}
