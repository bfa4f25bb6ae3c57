package org.convnet4j.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convnet4j.tensor.Checks;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The hyper-parameter tuning figure of CS231n's assignment 1 (the "Visualize the cross-validation results"
 * cell after the SVM and softmax searches), drawn with JFreeChart into one PNG:
 *
 * <pre>
 * top    (subplot 2,1,1): one marker per configuration at (learning rate, regularization strength), coloured
 *                         by its training accuracy, with a colour bar; title "training accuracy"
 * bottom (subplot 2,1,2): the same, coloured by validation accuracy; title "validation accuracy"
 * </pre>
 *
 * Both axes are logarithmic (the notebook plots {@code log10} of both values). The colour map is
 * matplotlib's viridis, each panel scaled to its own accuracy range as {@code plt.colorbar()} does. The best
 * configuration (given by the caller, usually the highest validation accuracy) is ringed in red and
 * labelled with its validation accuracy in both panels. Configurations that failed (accuracy NaN) are grey
 * crosses; those with a regularization strength of 0 cannot sit on a log axis and are left out, and the
 * subtitle says how many. Rendering uses only {@link BufferedImage}, so it works headless.
 */
public final class TuningPlot {
    private static final String OP = "tuning plot";

    public static final int DEFAULT_WIDTH = 1000;
    public static final int DEFAULT_HEIGHT = 900;

    /**
     * One configuration.
     *
     * @param lr learning rate, &gt; 0
     * @param reg regularization strength, &gt;= 0 (0 is not drawn)
     * @param trainAcc training accuracy in [0, 1], or NaN if the configuration failed
     * @param valAcc validation accuracy in [0, 1], or NaN if the configuration failed
     */
    public record Point(double lr, double reg, double trainAcc, double valAcc) {}

    // matplotlib's viridis at 0, 1/8, ..., 1
    private static final Color[] VIRIDIS = {new Color(0x440154), new Color(0x472d7b), new Color(0x3b528b),
            new Color(0x2c728e), new Color(0x21918c), new Color(0x28ae80), new Color(0x5ec962), new Color(0xaadc32),
            new Color(0xfde725)};
    /** The best configuration's ring. */
    static final Color BEST = new Color(0xd6, 0x27, 0x28);
    static final Color FAILED = new Color(0x99, 0x99, 0x99);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font PANEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final double MARKER = 14;

    private TuningPlot() {}

    /**
     * Writes the figure, {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT}, atomically, in the format the file name's
     * extension names (PNG for {@code .png}; see {@link ImageFiles}).
     *
     * @param png target file; its folder is created if missing
     * @param points the configurations (may be empty: the panels then say so)
     * @param best index into {@code points} of the configuration to mark, or -1 for none
     * @param title figure title, or null / blank for none
     * @throws IllegalArgumentException if png or points is null, best is out of range, or a point has
     *     lr &lt;= 0, a negative or non-finite reg, or an accuracy outside [0, 1] that is not NaN
     * @throws IOException if the file cannot be written
     */
    public static void write(Path png, List<Point> points, int best, String title) throws IOException {
        Checks.notNull(OP, "png", png);
        ImageFiles.write(png, render(points, best, title, DEFAULT_WIDTH, DEFAULT_HEIGHT));
    }

    /**
     * Draws the figure into a new {@code TYPE_INT_RGB} image.
     *
     * @throws IllegalArgumentException as {@link #write}, or if width or height is below 300 pixels
     */
    public static BufferedImage render(List<Point> points, int best, String title, int width, int height) {
        Checks.notNull(OP, "points", points);
        if (best < -1 || best >= points.size()) {
            throw new IllegalArgumentException(OP + ": best must be -1 or in [0, " + points.size() + "), got " + best);
        }
        if (width < 300 || height < 300) {
            throw new IllegalArgumentException(OP + ": width and height must be >= 300 pixels, got " + width + "x" + height);
        }
        Checks.elementCount(OP, "image (height, width)", height, width);
        int regZero = 0;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (p == null) throw new IllegalArgumentException(OP + ": points[" + i + "] is null");
            if (!(p.lr() > 0) || Double.isInfinite(p.lr())) {
                throw new IllegalArgumentException(OP + ": points[" + i + "].lr must be a finite number > 0, got " + p.lr());
            }
            if (!(p.reg() >= 0) || Double.isInfinite(p.reg())) {
                throw new IllegalArgumentException(OP + ": points[" + i + "].reg must be a finite number >= 0, got " + p.reg());
            }
            for (double a : new double[] {p.trainAcc(), p.valAcc()}) {
                if (!Double.isNaN(a) && !(a >= 0 && a <= 1)) {
                    throw new IllegalArgumentException(OP + ": points[" + i + "] accuracies must be in [0, 1] or NaN, got "
                            + p.trainAcc() + ", " + p.valAcc());
                }
            }
            if (p.reg() == 0) regZero++;
        }
        JFreeChart train = panel("training accuracy", points, best, true);
        JFreeChart val = panel("validation accuracy", points, best, false);

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double top = 0;
            List<TextTitle> titles = new ArrayList<>();
            if (title != null && !title.isBlank()) titles.add(new TextTitle(title, TITLE_FONT));
            String note = subtitle(points, regZero);
            if (!note.isEmpty()) titles.add(new TextTitle(note, TICK_FONT));
            for (TextTitle t : titles) {
                t.setPadding(new RectangleInsets(6, 8, 2, 8));
                double th = t.arrange(g).getHeight();
                t.draw(g, new Rectangle2D.Double(0, top, width, th));
                top += th;
            }
            double panelH = (height - top) / 2.0;
            train.draw(g, new Rectangle2D.Double(0, top, width, panelH));
            val.draw(g, new Rectangle2D.Double(0, top + panelH, width, panelH));
        } finally {
            g.dispose();
        }
        return img;
    }

    private static String subtitle(List<Point> points, int regZero) {
        int failed = 0;
        for (Point p : points) if (Double.isNaN(p.valAcc())) failed++;
        List<String> parts = new ArrayList<>();
        parts.add(points.size() + " configuration" + (points.size() == 1 ? "" : "s"));
        if (failed > 0) parts.add(failed + " failed (grey x)");
        if (regZero > 0) parts.add(regZero + " with reg 0 not shown (log axis)");
        return String.join(", ", parts);
    }

    private static JFreeChart panel(String name, List<Point> points, int best, boolean train) {
        List<double[]> ok = new ArrayList<>();
        List<double[]> failed = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        double xMin = Double.POSITIVE_INFINITY, xMax = 0, yMin = Double.POSITIVE_INFINITY, yMax = 0;
        for (Point p : points) {
            if (p.reg() <= 0) continue;
            double acc = train ? p.trainAcc() : p.valAcc();
            xMin = Math.min(xMin, p.lr());
            xMax = Math.max(xMax, p.lr());
            yMin = Math.min(yMin, p.reg());
            yMax = Math.max(yMax, p.reg());
            if (Double.isNaN(acc)) {
                failed.add(new double[] {p.lr(), p.reg()});
            } else {
                ok.add(new double[] {p.lr(), p.reg(), acc});
                lo = Math.min(lo, acc);
                hi = Math.max(hi, acc);
            }
        }
        if (ok.isEmpty()) {
            lo = 0;
            hi = 1;
        } else if (hi - lo < 1e-3) {
            // one value (or all equal): a small band around it, so the colour bar still has a scale
            lo = Math.max(0, lo - 0.005);
            hi = Math.min(1, hi + 0.005);
            if (hi - lo < 1e-3) hi = lo + 0.01;
        }
        PaintScale scale = new Viridis(lo, hi);

        DefaultXYZDataset okData = new DefaultXYZDataset();
        if (!ok.isEmpty()) okData.addSeries("ok", columns(ok, 3));
        XYShapeRenderer okRenderer = new XYShapeRenderer();
        okRenderer.setPaintScale(scale);
        okRenderer.setDefaultShape(new Ellipse2D.Double(-MARKER / 2, -MARKER / 2, MARKER, MARKER));
        okRenderer.setDrawOutlines(true);
        okRenderer.setDefaultOutlinePaint(new Color(0x33, 0x33, 0x33));
        okRenderer.setDefaultOutlineStroke(new BasicStroke(0.6f));

        LogAxis x = logAxis("learning rate", xMin, xMax);
        LogAxis y = logAxis("regularization strength", yMin, yMax);
        XYPlot plot = new XYPlot(okData, x, y, okRenderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setNoDataMessage("no configurations");
        plot.setNoDataMessageFont(LABEL_FONT);

        if (!failed.isEmpty()) {
            DefaultXYDataset f = new DefaultXYDataset();
            f.addSeries("failed", columns(failed, 2));
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
            r.setSeriesPaint(0, FAILED);
            r.setSeriesShape(0, ShapeUtils.createDiagonalCross(5, 1.2f));
            plot.setDataset(1, f);
            plot.setRenderer(1, r);
        }
        if (best >= 0 && points.get(best).reg() > 0) {
            Point b = points.get(best);
            DefaultXYDataset bd = new DefaultXYDataset();
            bd.addSeries("best", new double[][] {{b.lr()}, {b.reg()}});
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
            double d = MARKER + 10;
            Shape ring = new Ellipse2D.Double(-d / 2, -d / 2, d, d);
            r.setSeriesShape(0, ring);
            r.setSeriesShapesFilled(0, false);
            r.setUseOutlinePaint(true);
            r.setSeriesOutlinePaint(0, BEST);
            r.setSeriesOutlineStroke(0, new BasicStroke(2.5f));
            plot.setDataset(2, bd);
            plot.setRenderer(2, r);
            double acc = train ? b.trainAcc() : b.valAcc();
            XYTextAnnotation label = new XYTextAnnotation(String.format(Locale.ROOT, "     best %.3f", acc), b.lr(), b.reg());
            label.setFont(TICK_FONT);
            label.setPaint(BEST);
            label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(label);
        }
        // the coloured markers on top of the crosses and under the ring
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE);

        JFreeChart c = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        c.setBackgroundPaint(Color.WHITE);
        c.setAntiAlias(true);
        c.setPadding(new RectangleInsets(6, 10, 6, 10));
        TextTitle t = new TextTitle(name, PANEL_FONT);
        c.setTitle(t);
        NumberAxis barAxis = new NumberAxis(train ? "train acc" : "val acc");
        barAxis.setRange(lo, hi);
        barAxis.setTickLabelFont(TICK_FONT);
        barAxis.setLabelFont(TICK_FONT);
        PaintScaleLegend bar = new PaintScaleLegend(scale, barAxis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        bar.setStripWidth(14);
        bar.setMargin(new RectangleInsets(4, 10, 4, 4));
        bar.setBackgroundPaint(Color.WHITE);
        c.addSubtitle(bar);
        return c;
    }

    private static double[][] columns(List<double[]> rows, int n) {
        double[][] out = new double[n][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < n; k++) out[k][i] = rows.get(i)[k];
        }
        return out;
    }

    /** A log axis around [min, max] with a margin, also when all values are equal (or there are none). */
    private static LogAxis logAxis(String label, double min, double max) {
        LogAxis a = new TickedLogAxis(label);
        if (!(min > 0) || !(max >= min)) {
            min = 1e-3;
            max = 1e-1;
        }
        double span = Math.log10(max) - Math.log10(min);
        double pad = Math.pow(10, Math.max(0.25, 0.08 * span));
        a.setRange(min / pad, max * pad);
        a.setMinorTickMarksVisible(true);
        a.setLabelFont(LABEL_FONT);
        a.setTickLabelFont(TICK_FONT);
        a.setLabelPaint(Color.BLACK);
        a.setTickLabelPaint(Color.BLACK);
        a.setAxisLinePaint(Color.BLACK);
        a.setTickMarkPaint(Color.BLACK);
        a.setSmallestValue(1e-300);
        return a;
    }

    /**
     * A log axis with ticks where matplotlib puts them: at 1, 2, ..., 9 times a power of ten, labelled at the
     * powers of ten ({@code 1e-4}) when the axis spans two decades or more, and also at 2 and 5 times them
     * when it spans less (otherwise a narrow axis would have one label or none). JFreeChart's own
     * {@link LogAxis} puts ticks at even steps of the logarithm, which gives labels such as {@code 1.259E-4}.
     */
    static final class TickedLogAxis extends LogAxis {
        private static final long serialVersionUID = 1L;

        TickedLogAxis(String label) {
            super(label);
        }

        @Override
        protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return ticks(edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
        }

        @Override
        protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return ticks(edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT);
        }

        List<ValueTick> ticks(TextAnchor anchor) {
            double lo = getLowerBound(), hi = getUpperBound();
            boolean wide = Math.log10(hi) - Math.log10(lo) >= 2;
            List<ValueTick> ticks = new ArrayList<>();
            for (int e = (int) Math.floor(Math.log10(lo)); e <= (int) Math.ceil(Math.log10(hi)); e++) {
                for (int m = 1; m <= 9; m++) {
                    double v = Double.parseDouble(m + "e" + e); // exact decimal, not m * 10^e with its rounding
                    if (v < lo || v > hi) continue;
                    boolean labelled = m == 1 || !wide && (m == 2 || m == 5);
                    ticks.add(new NumberTick(labelled ? TickType.MAJOR : TickType.MINOR, v, labelled ? m + "e" + e : "",
                            anchor, TextAnchor.CENTER, 0.0));
                }
            }
            return ticks;
        }
    }

    /** matplotlib's viridis colour map over [lo, hi], linearly interpolated between nine samples. */
    static final class Viridis implements PaintScale {
        private final double lo;
        private final double hi;

        Viridis(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public double getLowerBound() {
            return lo;
        }

        @Override
        public double getUpperBound() {
            return hi;
        }

        @Override
        public Paint getPaint(double value) {
            double t = (value - lo) / (hi - lo);
            if (Double.isNaN(t)) return FAILED;
            t = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
            int i = Math.min((int) t, VIRIDIS.length - 2);
            double f = t - i;
            Color a = VIRIDIS[i], b = VIRIDIS[i + 1];
            return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
        }
    }
}
