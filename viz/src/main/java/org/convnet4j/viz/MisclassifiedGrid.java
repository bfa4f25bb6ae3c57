package org.convnet4j.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Test images a model got wrong, as one picture: a grid of up to {@value #COLUMNS} per row, each image
 * enlarged to about {@value #IMAGE_PX} pixels (nearest neighbour, whole multiples), and under it the caption
 * "true → predicted" with the probability the model gave its (wrong) answer. The images are drawn from
 * their raw values ({@code (N, C, H, W)}, 0..255 as the data loaders read them before centring; values
 * outside are clipped): C = 3 as RGB, C = 1 as grey. The order is the caller's (e.g. most confident mistake
 * first); a title above says how many are shown of how many there are.
 *
 * <p>Pure {@link BufferedImage} drawing: safe with {@code java.awt.headless=true}.
 */
public final class MisclassifiedGrid {
    private static final String OP = "misclassified grid";
    /** Images per grid row. */
    public static final int COLUMNS = 8;
    /** The side images are enlarged to, roughly (a whole multiple of their own). */
    public static final int IMAGE_PX = 96;
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final int PAD = 10;

    private MisclassifiedGrid() {}

    /**
     * Writes the grid atomically, in the format the file name's extension names ({@link ImageFiles}: PNG for
     * {@code .png}). Arguments as {@link #render}.
     *
     * @throws IllegalArgumentException as {@link #render}, or for an extension other than {@link ImageFiles#EXTENSIONS}
     * @throws IOException if the file cannot be written
     */
    public static void write(Path png, Tensor images, int[] show, int[] labels, int[] predicted, double[] probability,
            List<String> classNames, String title) throws IOException {
        Checks.notNull(OP, "png", png);
        ImageFiles.write(png, render(images, show, labels, predicted, probability, classNames, title));
    }

    /**
     * Draws the grid.
     *
     * @param images (N, C, H, W) raw values 0..255, C = 1 or 3
     * @param show which images to draw, in order (indices into N); may be empty (the picture then says so)
     * @param labels N true classes
     * @param predicted N predicted classes
     * @param probability N probabilities of the predicted class, or null to leave them out
     * @param classNames the names of the classes
     * @param title the first line of the title, or null for "Misclassified images"
     * @throws IllegalArgumentException on a null argument, a shape other than (N, 1|3, H, W), lengths that are
     *     not N, or an index or class out of range
     */
    public static BufferedImage render(Tensor images, int[] show, int[] labels, int[] predicted, double[] probability,
            List<String> classNames, String title) {
        Checks.rank(OP, "images", images, 4, "N, C, H, W");
        Checks.notNull(OP, "show", show);
        Checks.notNull(OP, "labels", labels);
        Checks.notNull(OP, "predicted", predicted);
        Checks.notNull(OP, "classNames", classNames);
        int n = images.dim(0), c = images.dim(1), h = images.dim(2), w = images.dim(3);
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException(OP + ": images must have C = 1 (grey) or 3 (RGB), got "
                    + Arrays.toString(images.shape()));
        }
        if (labels.length != n || predicted.length != n || probability != null && probability.length != n) {
            throw new IllegalArgumentException(OP + ": labels, predicted and probability must have N = " + n
                    + " entries, got " + labels.length + ", " + predicted.length + ", "
                    + (probability == null ? "null" : Integer.toString(probability.length)));
        }
        for (int i = 0; i < show.length; i++) {
            int s = show[i];
            if (s < 0 || s >= n) throw new IllegalArgumentException(OP + ": show[" + i + "] must be in [0, " + n + "), got " + s);
            checkClass("labels[" + s + "]", labels[s], classNames.size());
            checkClass("predicted[" + s + "]", predicted[s], classNames.size());
        }
        int scale = Math.max(1, Math.round((float) IMAGE_PX / Math.max(h, w)));
        int imgW = w * scale, imgH = h * scale;
        String arrow = CAPTION_FONT.canDisplay('\u2192') ? " \u2192 " : " -> ";

        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(CAPTION_FONT);
        FontMetrics tm = pg.getFontMetrics(TITLE_FONT);
        pg.dispose();
        String[] captions = new String[show.length];
        int cellW = imgW;
        for (int i = 0; i < show.length; i++) {
            int s = show[i];
            captions[i] = classNames.get(labels[s]) + arrow + classNames.get(predicted[s]);
            cellW = Math.max(cellW, fm.stringWidth(captions[i]));
        }
        int lines = probability == null ? 1 : 2;
        int cellH = imgH + 4 + lines * fm.getHeight();
        int cols = Math.max(1, Math.min(COLUMNS, show.length));
        int rows = (show.length + cols - 1) / cols;
        String head = title == null || title.isBlank() ? "Misclassified images" : title;
        String sub = show.length == 0 ? "none to show" : String.format(Locale.ROOT,
                "%d shown; caption: true%spredicted%s", show.length, arrow, probability == null ? "" : ", probability");
        int titleH = 2 * tm.getHeight() + 2 * PAD; // a gap under the title
        int width = Math.max(cols * (cellW + PAD) + PAD, Math.max(tm.stringWidth(head), tm.stringWidth(sub)) + 2 * PAD);
        int height = titleH + rows * (cellH + PAD) + PAD;
        Checks.elementCount(OP, "image (height, width)", height, width);

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.drawString(head, PAD, PAD + tm.getAscent());
            g.setFont(CAPTION_FONT);
            g.drawString(sub, PAD, PAD + tm.getHeight() + tm.getAscent());
            int plane = h * w;
            for (int i = 0; i < show.length; i++) {
                int s = show[i];
                int x0 = PAD + (i % cols) * (cellW + PAD), y0 = titleH + (i / cols) * (cellH + PAD);
                int ix = x0 + (cellW - imgW) / 2;
                int base = s * c * plane;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int r = pixel(images.getFlat(base + y * w + x));
                        int rgb = c == 3 ? (r << 16) | (pixel(images.getFlat(base + plane + y * w + x)) << 8)
                                | pixel(images.getFlat(base + 2 * plane + y * w + x)) : (r << 16) | (r << 8) | r;
                        g.setColor(new Color(rgb));
                        g.fillRect(ix + x * scale, y0 + y * scale, scale, scale);
                    }
                }
                g.setColor(Color.GRAY);
                g.drawRect(ix - 1, y0 - 1, imgW + 1, imgH + 1);
                g.setColor(Color.BLACK);
                int ty = y0 + imgH + 4 + fm.getAscent();
                g.drawString(captions[i], x0 + (cellW - fm.stringWidth(captions[i])) / 2, ty);
                if (probability != null) {
                    String p = String.format(Locale.ROOT, "p = %.3f", probability[s]);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(p, x0 + (cellW - fm.stringWidth(p)) / 2, ty + fm.getHeight());
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void checkClass(String what, int k, int numClasses) {
        if (k < 0 || k >= numClasses) {
            throw new IllegalArgumentException(OP + ": " + what + " must be a class in [0, " + numClasses + "), got " + k);
        }
    }

    /** A raw value as an 8-bit level: rounded, clipped to 0..255 (NaN as 0). */
    private static int pixel(double v) {
        if (!(v > 0)) return 0;
        return v >= 255 ? 255 : (int) Math.round(v);
    }
}
