package org.convnet4j.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.convnet4j.tensor.Checks;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion matrix as a heat map, drawn with JFreeChart: one cell per (true class, predicted class), rows
 * the true classes top to bottom, columns the predicted classes left to right, both axes labelled with
 * the class names. A cell shows its count; its colour is the count as a fraction of its row (the share
 * of that true class predicted as each class, so the diagonal reads as per-class recall), from white (0)
 * to dark blue (1), matplotlib's "Blues"; the colour bar on the right gives the scale. A row with no
 * images stays white. The picture grows with the number of classes (about 56 pixels per cell, at least
 * {@value #MIN_SIDE} pixels a side).
 *
 * <p>Rendering uses only {@link BufferedImage}, so it works with {@code java.awt.headless=true}.
 */
public final class ConfusionMatrixPlot {
    private static final String OP = "confusion matrix plot";
    /** The picture's smallest side in pixels. */
    public static final int MIN_SIDE = 500;
    private static final int CELL = 56;
    // matplotlib's Blues at 0 and 1
    private static final Color LOW = new Color(0xf7, 0xfb, 0xff);
    private static final Color HIGH = new Color(0x08, 0x30, 0x6b);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font CELL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);

    private ConfusionMatrixPlot() {}

    /**
     * Writes the heat map atomically, in the format the file name's extension names ({@link ImageFiles}: PNG
     * for {@code .png}).
     *
     * @param confusion {@code [true class][predicted class]} counts, K x K, each &ge; 0
     * @param classNames K names, for both axes
     * @param title drawn above the map, or null / blank for none
     * @throws IllegalArgumentException if the matrix is not K x K with K = classNames.size() &ge; 1, a count is
     *     negative, or the extension is not one of {@link ImageFiles#EXTENSIONS}
     * @throws IOException if the file cannot be written
     */
    public static void write(Path png, long[][] confusion, List<String> classNames, String title) throws IOException {
        Checks.notNull(OP, "png", png);
        ImageFiles.write(png, render(confusion, classNames, title));
    }

    /** Draws the heat map into a new {@code TYPE_INT_RGB} image; arguments as {@link #write}. */
    public static BufferedImage render(long[][] confusion, List<String> classNames, String title) {
        int k = check(confusion, classNames);
        DefaultXYZDataset data = new DefaultXYZDataset();
        double[][] xyz = new double[3][k * k];
        XYPlot plot = new XYPlot();
        for (int t = 0; t < k; t++) {
            long row = 0;
            for (long v : confusion[t]) row += v;
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                double share = row == 0 ? 0 : (double) confusion[t][p] / row;
                xyz[0][i] = p;
                xyz[1][i] = t;
                xyz[2][i] = share;
                XYTextAnnotation count = new XYTextAnnotation(Long.toString(confusion[t][p]), p, t);
                count.setFont(CELL_FONT);
                // dark cells get white text, as matplotlib's confusion-matrix display does
                count.setPaint(share > 0.5 ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(count);
            }
        }
        data.addSeries("confusion", xyz);
        plot.setDataset(data);

        String[] names = classNames.toArray(new String[0]);
        SymbolAxis x = axis("predicted class", names);
        x.setVerticalTickLabels(true);
        SymbolAxis y = axis("true class", names);
        y.setInverted(true); // class 0 on top, as the matrix is printed
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setDomainAxisLocation(AxisLocation.BOTTOM_OR_LEFT);

        XYBlockRenderer r = new XYBlockRenderer();
        PaintScale scale = new Blues();
        r.setPaintScale(scale);
        r.setBlockWidth(1.0);
        r.setBlockHeight(1.0);
        plot.setRenderer(r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 10));
        if (title != null && !title.isBlank()) chart.setTitle(new TextTitle(title, TITLE_FONT));
        NumberAxis bar = new NumberAxis("share of the true class");
        bar.setRange(0, 1);
        bar.setTickUnit(new NumberTickUnit(0.1));
        bar.setLabelFont(TICK_FONT);
        bar.setTickLabelFont(TICK_FONT);
        PaintScaleLegend legend = new PaintScaleLegend(scale, bar);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(40, 10, 90, 0));
        legend.setStripWidth(16);
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);

        int longest = 0;
        for (String n : names) longest = Math.max(longest, n.length());
        // room for the names: about 7 pixels a character beside and below the cells
        int width = Math.max(MIN_SIDE, k * CELL + 7 * longest + 200);
        int height = Math.max(MIN_SIDE, k * CELL + 7 * longest + 120);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        return img;
    }

    private static SymbolAxis axis(String label, String[] names) {
        SymbolAxis a = new SymbolAxis(label, names);
        a.setLabelFont(LABEL_FONT);
        a.setTickLabelFont(TICK_FONT);
        a.setLabelPaint(Color.BLACK);
        a.setTickLabelPaint(Color.BLACK);
        a.setGridBandsVisible(false);
        a.setLowerMargin(0);
        a.setUpperMargin(0);
        a.setRange(-0.5, names.length - 0.5);
        return a;
    }

    private static int check(long[][] confusion, List<String> classNames) {
        Checks.notNull(OP, "confusion", confusion);
        Checks.notNull(OP, "classNames", classNames);
        int k = classNames.size();
        if (k < 1 || confusion.length != k) {
            throw new IllegalArgumentException(OP + ": confusion must be K x K with K = " + k
                    + " (one row per class name), got " + confusion.length + " rows");
        }
        for (int t = 0; t < k; t++) {
            if (confusion[t] == null || confusion[t].length != k) {
                throw new IllegalArgumentException(OP + ": confusion[" + t + "] must have " + k + " entries, got "
                        + (confusion[t] == null ? "null" : Integer.toString(confusion[t].length)));
            }
            for (int p = 0; p < k; p++) {
                if (confusion[t][p] < 0) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "%s: confusion[%d][%d] must be >= 0, got %d", OP, t, p, confusion[t][p]));
                }
            }
        }
        return k;
    }

    /** White to dark blue over [0, 1], linear in each RGB component. */
    private static final class Blues implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            double v = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
            return new Color(mix(LOW.getRed(), HIGH.getRed(), v), mix(LOW.getGreen(), HIGH.getGreen(), v),
                    mix(LOW.getBlue(), HIGH.getBlue(), v));
        }

        private static int mix(int a, int b, double v) {
            return (int) Math.round(a + (b - a) * v);
        }
    }
}
