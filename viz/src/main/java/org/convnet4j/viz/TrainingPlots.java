package org.convnet4j.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.convnet4j.solver.Solver;
import org.convnet4j.tensor.Checks;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notebook's training figure (CS231n "ConvolutionalNetworks", the cell after overfitting small
 * data), drawn with JFreeChart into one PNG:
 *
 * <pre>
 * top    (subplot 2,1,1): loss_history[i] against i, markers only ('o'); x "iteration", y "loss"
 * bottom (subplot 2,1,2): train_acc_history[e] and val_acc_history[e] against e, lines with markers
 *                         ('-o'); legend "train" / "val" in the upper left; x "epoch", y "accuracy"
 * </pre>
 *
 * x values are the array indices, as {@code plt.plot(y)} uses; the Solver records accuracy once before
 * training (epoch 0) and after every epoch. Colours are matplotlib's first two defaults (blue, orange).
 * The default size {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT} is the notebook's
 * {@code figure.figsize = (10, 8)} at 100 dpi.
 *
 * <p>Empty histories are allowed: the panel is still drawn, with its axes and the text
 * {@value #NO_DATA}, and the PNG is valid. Non-finite values (a diverged loss) are left out of the
 * plot, since an infinite point would wreck the axis range; how many were left out is logged at DEBUG.
 * Rendering uses only {@link BufferedImage}, so it works with {@code java.awt.headless=true}.
 */
public final class TrainingPlots {
    private static final String OP = "training plots";
    private static final Logger LOG = LoggerFactory.getLogger(TrainingPlots.class);

    public static final int DEFAULT_WIDTH = 1000;
    public static final int DEFAULT_HEIGHT = 800;
    /** Shown inside a panel whose histories hold no finite value. */
    public static final String NO_DATA = "no data";

    // matplotlib's default colour cycle starts C0 = #1f77b4, C1 = #ff7f0e
    private static final Color C0 = new Color(0x1f, 0x77, 0xb4);
    private static final Color C1 = new Color(0xff, 0x7f, 0x0e);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final int GAP = 10;

    private TrainingPlots() {}

    /**
     * Writes the two-panel figure, {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT}, atomically, in the format the
     * file name's extension names (PNG for {@code .png}).
     *
     * @param png             target file; its folder is created if missing
     * @param lossHistory     loss per iteration (may be empty)
     * @param trainAccHistory training accuracy per epoch (may be empty)
     * @param valAccHistory   validation accuracy per epoch (may be empty, may differ in length from train)
     * @param title           figure title drawn above the panels, or null / blank for none
     * @throws IllegalArgumentException if png or a history is null, or png's extension is not one of
     *     {@link ImageFiles#EXTENSIONS} (the format written)
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, double[] lossHistory, double[] trainAccHistory, double[] valAccHistory,
                             String title) throws IOException {
        Checks.notNull(OP, "png", png);
        ImageFiles.write(png, render(lossHistory, trainAccHistory, valAccHistory, title, DEFAULT_WIDTH, DEFAULT_HEIGHT));
    }

    /**
     * {@link #write(Path, double[], double[], double[], String)} with the histories as the {@code Solver}
     * keeps them ({@code lossHistory()}, {@code trainAccHistory()}, {@code valAccHistory()}).
     *
     * @throws IllegalArgumentException if png, a history or one of its entries is null
     */
    public static void write(Path png, List<? extends Number> lossHistory, List<? extends Number> trainAccHistory,
                             List<? extends Number> valAccHistory, String title) throws IOException {
        write(png, values("lossHistory", lossHistory), values("trainAccHistory", trainAccHistory),
                values("valAccHistory", valAccHistory), title);
    }

    /**
     * The figure of a solver's run: its loss, train-accuracy and validation-accuracy histories.
     *
     * @throws IllegalArgumentException if png or solver is null
     */
    public static void write(Path png, Solver solver, String title) throws IOException {
        Checks.notNull(OP, "solver", solver);
        write(png, solver.lossHistory(), solver.trainAccHistory(), solver.valAccHistory(), title);
    }

    private static double[] values(String name, List<? extends Number> list) {
        Checks.notNull(OP, name, list);
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) a[i] = Checks.notNull(OP, name + "[" + i + "]", list.get(i)).doubleValue();
        return a;
    }

    /**
     * Draws the figure into a new {@code TYPE_INT_RGB} image of the given size.
     *
     * @throws IllegalArgumentException if a history is null, or width / height is below 200 pixels
     */
    public static BufferedImage render(double[] lossHistory, double[] trainAccHistory, double[] valAccHistory,
                                       String title, int width, int height) {
        Checks.notNull(OP, "lossHistory", lossHistory);
        Checks.notNull(OP, "trainAccHistory", trainAccHistory);
        Checks.notNull(OP, "valAccHistory", valAccHistory);
        // below this the axes, labels and legend no longer fit and JFreeChart draws garbage
        if (width < 200 || height < 200) {
            throw new IllegalArgumentException(OP + ": width and height must be >= 200 pixels, got "
                    + width + "x" + height);
        }
        Checks.elementCount(OP, "image (height, width)", height, width);

        JFreeChart loss = chart(plot("iteration", "loss", false,
                series("loss", lossHistory)), false);
        JFreeChart acc = chart(plot("epoch", "accuracy", true,
                series("train", trainAccHistory), series("val", valAccHistory)), true);

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double top = 0;
            if (title != null && !title.isBlank()) {
                TextTitle t = new TextTitle(title, TITLE_FONT);
                t.setPadding(new RectangleInsets(8, 8, 4, 8));
                double th = t.arrange(g).getHeight();
                t.draw(g, new Rectangle2D.Double(0, 0, width, th));
                top = th;
            }
            double panelH = (height - top - GAP) / 2.0;
            loss.draw(g, new Rectangle2D.Double(0, top, width, panelH));
            acc.draw(g, new Rectangle2D.Double(0, top + panelH + GAP, width, panelH));
        } finally {
            g.dispose();
        }
        return img;
    }

    private static XYSeries series(String name, double[] values) {
        // autoSort off, duplicates allowed: the index is the x value, already in order
        XYSeries s = new XYSeries(name, false, true);
        int skipped = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) s.add(i, values[i], false);
            else skipped++;
        }
        if (skipped > 0) LOG.debug("{}: left {} non-finite value(s) out of series '{}'", OP, skipped, name);
        return s;
    }

    private static XYPlot plot(String xLabel, String yLabel, boolean lines, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) data.addSeries(s);
        NumberAxis x = axis(xLabel);
        // iterations and epochs are whole numbers; leave matplotlib-like margins on both sides of x
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        x.setAutoRangeStickyZero(false);
        NumberAxis y = axis(yLabel);
        y.setAutoRangeIncludesZero(false);
        y.setAutoRangeStickyZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(lines, true);
        double d = lines ? 7 : 6;
        Color[] colors = {C0, C1};
        for (int i = 0; i < series.length; i++) {
            r.setSeriesPaint(i, colors[i % colors.length]);
            r.setSeriesShape(i, new Ellipse2D.Double(-d / 2, -d / 2, d, d));
            r.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        XYPlot p = new XYPlot(data, x, y, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setOutlinePaint(Color.BLACK);
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        p.setNoDataMessage(NO_DATA);
        p.setNoDataMessageFont(LABEL_FONT);
        p.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return p;
    }

    private static NumberAxis axis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setLabelFont(LABEL_FONT);
        a.setTickLabelFont(TICK_FONT);
        a.setLabelPaint(Color.BLACK);
        a.setTickLabelPaint(Color.BLACK);
        a.setAxisLinePaint(Color.BLACK);
        a.setTickMarkPaint(Color.BLACK);
        return a;
    }

    private static JFreeChart chart(XYPlot plot, boolean legendUpperLeft) {
        JFreeChart c = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        c.setBackgroundPaint(Color.WHITE);
        c.setAntiAlias(true);
        c.setPadding(new RectangleInsets(10, 10, 10, 20));
        if (legendUpperLeft) {
            // matplotlib's loc='upper left': a framed legend inside the axes, in its top-left corner
            LegendTitle legend = new LegendTitle(plot);
            legend.setItemFont(TICK_FONT);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setFrame(new BlockBorder(Color.LIGHT_GRAY));
            legend.setMargin(new RectangleInsets(6, 6, 6, 6));
            plot.addAnnotation(new XYTitleAnnotation(0.0, 1.0, legend, RectangleAnchor.TOP_LEFT));
        }
        return c;
    }
}
