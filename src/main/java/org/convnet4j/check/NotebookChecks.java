package org.convnet4j.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.convnet4j.layers.BatchNormGrads;
import org.convnet4j.layers.BatchNormParam;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.SpatialBatchNorm;
import org.convnet4j.model.ConvRelu;
import org.convnet4j.model.ConvReluPool;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * The numeric checks of the seed notebook's layer cells, set up exactly as there ({@code new Rng(231)}
 * for {@code np.random.seed(231)}, which reproduces NumPy's stream, so seeded inputs are the notebook's
 * inputs), with the notebook's printed figure next to ours.
 *
 * <p>Two kinds of row. Error rows ({@code measure = "rel_error"}) compare a relative error with a bound;
 * the seed's figure is only a reference, since the last digits depend on summation order. Statistic rows
 * ({@code measure = "max |ours - printed|"}) compare statistics the notebook printed to 8 decimals; our
 * Rng reproduces the inputs, so each value must round to the printed digits: the bound is half a unit in
 * the 8th decimal, 5e-9. The ThreeLayerConvNet and Solver cells are not here.
 *
 * <p>Uses the naive layers; {@link #run()} takes a few seconds. Never prints; the CLI renders the rows.
 */
public final class NotebookChecks {
    private static final String REL = "rel_error";
    private static final String DIGITS = "max |ours - printed|";
    /** Half a unit in the 8th decimal: the printed statistics are rounded to 8 decimals. */
    public static final double PRINTED_DIGITS = 5e-9;
    /**
     * Conv forward: correct_out has 8 decimals, so each element is off by at most 5e-9, and the smallest
     * |value| is 0.0876: rel_error &lt;= 5e-9 / (2 * 0.0876 - 5e-9) = 2.85e-8. The seed printed 2.2e-8.
     */
    public static final double CONV_FORWARD = 2.9e-8;
    /** Max-pool forward: as for conv, with the smallest |value| 0.01263: 1.98e-7. The seed printed 4.2e-8. */
    public static final double POOL_FORWARD = 2e-7;
    /** Conv gradient checks: CS231n says "around 1e-8"; the seed printed 1.2e-8 at most. */
    public static final double CONV_GRAD = 1e-7;
    /**
     * Max-pool gradient check: the function is piecewise linear, so centred differences are exact up to
     * rounding, {@code ~eps*|x|/h ~ 1e-11}; the seed printed 3.3e-12.
     */
    public static final double POOL_GRAD = 1e-10;
    /** Sandwich gradient checks (conv then ReLU, maybe pool): the seed printed 1.5e-8 at most. */
    public static final double SANDWICH_GRAD = 1e-7;
    /**
     * Spatial batch-norm dx: the seed printed 2.8e-7. dx sums to zero per channel, so some entries are
     * small and their relative error large although the absolute error is ~1e-10.
     */
    public static final double BN_DX = 1e-6;
    /** Spatial batch-norm dgamma, dbeta: sums of dout (times xhat); the seed printed 7.1e-12 at most. */
    public static final double BN_DPARAM = 1e-9;
    /** Means that should be zero, where the seed printed rounding noise (6.2e-16 at most). */
    public static final double ZERO_MEAN = 1e-13;

    /**
     * One check: its name, the figure the seed printed (as text), ours (as text), the number compared with
     * the threshold ({@code value <= threshold} passes) and what that number measures.
     */
    public record Row(String name, String seedPrinted, String ours, double value, String measure, double threshold,
            boolean passed) {
        static Row of(String name, String seedPrinted, String ours, double value, String measure, double threshold) {
            return new Row(name, seedPrinted, ours, value, measure, threshold, value <= threshold);
        }
    }

    private NotebookChecks() {}

    /** Every check, in notebook order. */
    public static List<Row> run() {
        List<Row> rows = new ArrayList<>();
        rows.addAll(convForward());
        rows.addAll(convBackward());
        rows.addAll(maxPoolForward());
        rows.addAll(maxPoolBackward());
        rows.addAll(convReluPool());
        rows.addAll(convRelu());
        rows.addAll(spatialBatchNormTrain());
        rows.addAll(spatialBatchNormTest());
        rows.addAll(spatialBatchNormBackward());
        return rows;
    }

    /** The seed's {@code correct_out} of the conv forward cell, shape (2, 3, 2, 2). */
    public static Tensor convCorrectOut() {
        return Tensor.wrap(new double[] {
            -0.08759809, -0.10987781, -0.18387192, -0.2109216,
            0.21027089, 0.21661097, 0.22847626, 0.23004637,
            0.50813986, 0.54309974, 0.64082444, 0.67101435,
            -0.98053589, -1.03143541, -1.19128892, -1.24695841,
            0.69108355, 0.66880383, 0.59480972, 0.56776003,
            2.36270298, 2.36904306, 2.38090835, 2.38247847}, 2, 3, 2, 2);
    }

    /** The seed's {@code correct_out} of the max-pool forward cell, shape (2, 3, 2, 2). */
    public static Tensor poolCorrectOut() {
        return Tensor.wrap(new double[] {
            -0.26315789, -0.24842105, -0.20421053, -0.18947368,
            -0.14526316, -0.13052632, -0.08631579, -0.07157895,
            -0.02736842, -0.01263158, 0.03157895, 0.04631579,
            0.09052632, 0.10526316, 0.14947368, 0.16421053,
            0.20842105, 0.22315789, 0.26736842, 0.28210526,
            0.32631579, 0.34105263, 0.38526316, 0.4}, 2, 3, 2, 2);
    }

    /** In [3]: the conv forward output of the linspace inputs, stride 2, pad 1. */
    public static double convForwardError() {
        Tensor x = Tensor.linspace(-0.1, 0.5, DType.FLOAT64, 2, 3, 4, 4);
        Tensor w = Tensor.linspace(-0.2, 0.3, DType.FLOAT64, 3, 3, 4, 4);
        Tensor b = Tensor.linspace(-0.1, 0.2, DType.FLOAT64, 3);
        Tensor out = new Conv2d().forward(x, w, b, new ConvParam(2, 1)).out();
        return GradCheck.relError(out, convCorrectOut());
    }

    /** In [6]: the max-pool forward output of the linspace input, 2x2 stride 2. */
    public static double maxPoolForwardError() {
        Tensor x = Tensor.linspace(-0.3, 0.4, DType.FLOAT64, 2, 3, 4, 4);
        Tensor out = new MaxPool2d().forward(x, new PoolParam(2, 2, 2)).out();
        return GradCheck.relError(out, poolCorrectOut());
    }

    static List<Row> convForward() {
        double e = convForwardError();
        return List.of(Row.of("conv_forward_naive: difference", "2.2121476417505994e-08", repr(e), e, REL,
                CONV_FORWARD));
    }

    static List<Row> maxPoolForward() {
        double e = maxPoolForwardError();
        return List.of(Row.of("max_pool_forward_naive: difference", "4.1666665157267834e-08", repr(e), e, REL,
                POOL_FORWARD));
    }

    /** In [5]: rel_error of conv backward's dx, dw, db against numerical gradients. */
    public static double[] convBackwardErrors() {
        Rng rng = new Rng(231);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 4, 3, 5, 5);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 2, 3, 3, 3);
        Tensor b = Tensor.randn(rng, DType.FLOAT64, 2);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 4, 2, 5, 5);
        ConvParam p = new ConvParam(1, 1);
        Conv2d conv = new Conv2d();
        ConvGrads g = conv.backward(dout, conv.forward(x, w, b, p).cache());
        return xwbErrors((xx, ww, bb) -> conv.forward(xx, ww, bb, p).out(), x, w, b, dout, g);
    }

    static List<Row> convBackward() {
        return xwbRows("conv_backward_naive", convBackwardErrors(), CONV_GRAD, "1.159803161159293e-08",
                "2.2471264748452487e-10", "3.37264006649648e-11");
    }

    /** In [9]: rel_error of max-pool backward's dx against the numerical gradient. */
    public static double maxPoolBackwardError() {
        Rng rng = new Rng(231);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 3, 2, 8, 8);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 3, 2, 4, 4);
        PoolParam p = new PoolParam(2, 2, 2);
        MaxPool2d pool = new MaxPool2d();
        Tensor dxNum = GradCheck.numericalGradientArray(t -> pool.forward(t, p).out(), x, dout);
        PoolResult r = pool.forward(x, p);
        return GradCheck.relError(pool.backward(dout, r.cache()), dxNum);
    }

    static List<Row> maxPoolBackward() {
        double e = maxPoolBackwardError();
        return List.of(Row.of("max_pool_backward_naive: dx error", "3.27562514223145e-12", repr(e), e, REL, POOL_GRAD));
    }

    /** In [12]: rel_error of conv_relu_pool's dx, dw, db. */
    public static double[] convReluPoolErrors() {
        Rng rng = new Rng(231);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3, 16, 16);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 3, 3, 3, 3);
        Tensor b = Tensor.randn(rng, DType.FLOAT64, 3);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 2, 3, 8, 8);
        ConvParam cp = new ConvParam(1, 1);
        PoolParam pp = new PoolParam(2, 2, 2);
        ConvReluPool layer = new ConvReluPool();
        ConvGrads g = layer.backward(dout, layer.forward(x, w, b, cp, pp).cache());
        return xwbErrors((xx, ww, bb) -> layer.forward(xx, ww, bb, cp, pp).out(), x, w, b, dout, g);
    }

    static List<Row> convReluPool() {
        return xwbRows("conv_relu_pool", convReluPoolErrors(), SANDWICH_GRAD, "6.514336569263308e-09",
                "1.490843753539445e-08", "2.037390356217257e-09");
    }

    /** In [13]: rel_error of conv_relu's dx, dw, db. */
    public static double[] convReluErrors() {
        Rng rng = new Rng(231);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3, 8, 8);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 3, 3, 3, 3);
        Tensor b = Tensor.randn(rng, DType.FLOAT64, 3);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, 2, 3, 8, 8);
        ConvParam cp = new ConvParam(1, 1);
        ConvRelu layer = new ConvRelu();
        ConvGrads g = layer.backward(dout, layer.forward(x, w, b, cp).cache());
        return xwbErrors((xx, ww, bb) -> layer.forward(xx, ww, bb, cp).out(), x, w, b, dout, g);
    }

    static List<Row> convRelu() {
        return xwbRows("conv_relu", convReluErrors(), SANDWICH_GRAD, "3.5600610115232832e-09",
                "2.2497700915729298e-10", "1.3087619975802167e-10");
    }

    /** The per-channel statistics the spatial batch-norm train cell (In [40]) prints. */
    public record TrainStats(double[] beforeMeans, double[] beforeStds, double[] afterMeans, double[] afterStds,
            double[] affineMeans, double[] affineStds) {}

    /** In [40]: statistics before and after a train-mode spatial batch norm (plain and with gamma, beta). */
    public static TrainStats spatialBatchNormTrainStats() {
        Rng rng = new Rng(231);
        int N = 2, C = 3, H = 4, W = 5;
        Tensor x = Tensor.randn(rng, DType.FLOAT64, N, C, H, W);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, 4 * x.getFlat(i) + 10);
        SpatialBatchNorm bn = new SpatialBatchNorm();
        BatchNormParam param = BatchNormParam.train();
        Tensor out = bn.forward(x, Tensor.full(1, DType.FLOAT64, C), Tensor.zeros(DType.FLOAT64, C), param).out();
        Tensor gamma = Tensor.wrap(new double[] {3, 4, 5}, C), beta = Tensor.wrap(new double[] {6, 7, 8}, C);
        Tensor out2 = bn.forward(x, gamma, beta, param).out();
        return new TrainStats(channelMeans(x), channelStds(x), channelMeans(out), channelStds(out),
                channelMeans(out2), channelStds(out2));
    }

    static List<Row> spatialBatchNormTrain() {
        TrainStats s = spatialBatchNormTrainStats();
        List<Row> rows = new ArrayList<>();
        rows.add(printed("spatial batchnorm train: before, means", "[9.33463814 8.90909116 9.11056338]", s.beforeMeans()));
        rows.add(printed("spatial batchnorm train: before, stds", "[3.61447857 3.19347686 3.5168142 ]", s.beforeStds()));
        double worst = 0;
        for (double m : s.afterMeans()) worst = Math.max(worst, Math.abs(m));
        rows.add(Row.of("spatial batchnorm train: after, means", "[6.18949336e-16 5.99520433e-16 -1.22124533e-16]",
                format(s.afterMeans()), worst, "max |mean|", ZERO_MEAN));
        rows.add(printed("spatial batchnorm train: after, stds", "[0.99999962 0.99999951 0.9999996 ]", s.afterStds()));
        rows.add(printed("spatial batchnorm train: gamma/beta, means", "[6. 7. 8.]", s.affineMeans()));
        rows.add(printed("spatial batchnorm train: gamma/beta, stds", "[2.99999885 3.99999804 4.99999798]",
                s.affineStds()));
        return rows;
    }

    /** In [52]: per-channel means and stds of a test-mode pass after 50 train-mode warm-up passes. */
    public static double[][] spatialBatchNormTestStats() {
        Rng rng = new Rng(231);
        int N = 10, C = 4, H = 11, W = 12;
        BatchNormParam param = BatchNormParam.train();
        Tensor gamma = Tensor.full(1, DType.FLOAT64, C), beta = Tensor.zeros(DType.FLOAT64, C);
        SpatialBatchNorm bn = new SpatialBatchNorm();
        for (int t = 0; t < 50; t++) bn.forward(warmInput(rng, N, C, H, W), gamma, beta, param);
        param.setMode(BatchNormParam.Mode.TEST);
        Tensor a = bn.forward(warmInput(rng, N, C, H, W), gamma, beta, param).out();
        return new double[][] {channelMeans(a), channelStds(a)};
    }

    private static Tensor warmInput(Rng rng, int N, int C, int H, int W) {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, N, C, H, W);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, 2.3 * x.getFlat(i) + 13);
        return x;
    }

    static List<Row> spatialBatchNormTest() {
        double[][] s = spatialBatchNormTestStats();
        // The OCR'd seed lost the fourth mean; the three printed ones are checked.
        double[] firstThree = {s[0][0], s[0][1], s[0][2]};
        return List.of(
                printed("spatial batchnorm test: means (first 3)", "[-0.08034406 0.07562881 0.05716371", firstThree),
                printed("spatial batchnorm test: stds", "[0.96718744 1.0299714 1.02887624 1.00585577]", s[1]));
    }

    /** In [54]: rel_error of spatial batch-norm backward's dx, dgamma, dbeta (train mode). */
    public static double[] spatialBatchNormBackwardErrors() {
        Rng rng = new Rng(231);
        int N = 2, C = 3, H = 4, W = 5;
        Tensor x = Tensor.randn(rng, DType.FLOAT64, N, C, H, W);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, 5 * x.getFlat(i) + 12);
        Tensor gamma = Tensor.randn(rng, DType.FLOAT64, C);
        Tensor beta = Tensor.randn(rng, DType.FLOAT64, C);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, N, C, H, W);
        BatchNormParam param = BatchNormParam.train();
        SpatialBatchNorm bn = new SpatialBatchNorm();
        UnaryOperator<Tensor> f = t -> bn.forward(x, gamma, beta, param).out();
        Tensor dxNum = GradCheck.numericalGradientArray(f, x, dout);
        Tensor dgNum = GradCheck.numericalGradientArray(f, gamma, dout);
        Tensor dbNum = GradCheck.numericalGradientArray(f, beta, dout);
        BatchNormGrads g = bn.backward(dout, bn.forward(x, gamma, beta, param).cache());
        return new double[] {GradCheck.relError(dxNum, g.dx()), GradCheck.relError(dgNum, g.dgamma()),
            GradCheck.relError(dbNum, g.dbeta())};
    }

    static List<Row> spatialBatchNormBackward() {
        double[] e = spatialBatchNormBackwardErrors();
        return List.of(
                Row.of("spatial batchnorm backward: dx error", "2.7866481929016103e-07", repr(e[0]), e[0], REL, BN_DX),
                Row.of("spatial batchnorm backward: dgamma error", "7.0974817113608705e-12", repr(e[1]), e[1], REL,
                        BN_DPARAM),
                Row.of("spatial batchnorm backward: dbeta error", "3.275608725278405e-12", repr(e[2]), e[2], REL,
                        BN_DPARAM));
    }

    /** A layer's output as a function of its x, w and b. */
    private interface XwbLayer {
        Tensor out(Tensor x, Tensor w, Tensor b);
    }

    /** rel_error of analytic dx, dw, db against numerical gradients of {@code sum(f(x, w, b) * dout)}. */
    private static double[] xwbErrors(XwbLayer f, Tensor x, Tensor w, Tensor b, Tensor dout, ConvGrads g) {
        Tensor dxNum = GradCheck.numericalGradientArray(t -> f.out(t, w, b), x, dout);
        Tensor dwNum = GradCheck.numericalGradientArray(t -> f.out(x, t, b), w, dout);
        Tensor dbNum = GradCheck.numericalGradientArray(t -> f.out(x, w, t), b, dout);
        return new double[] {GradCheck.relError(dxNum, g.dx()), GradCheck.relError(dwNum, g.dw()),
            GradCheck.relError(dbNum, g.db())};
    }

    /** The three rows "NAME: dx/dw/db error" with the seed's printed figures. */
    private static List<Row> xwbRows(String name, double[] e, double bound, String seedDx, String seedDw, String seedDb) {
        return List.of(Row.of(name + ": dx error", seedDx, repr(e[0]), e[0], REL, bound),
                Row.of(name + ": dw error", seedDw, repr(e[1]), e[1], REL, bound),
                Row.of(name + ": db error", seedDb, repr(e[2]), e[2], REL, bound));
    }

    /** {@code x.mean(axis=(0, 2, 3))} of an {@code (N, C, H, W)} tensor. @throws IllegalArgumentException unless x is rank 4 with dims &gt; 0 */
    public static double[] channelMeans(Tensor x) {
        Checks.rank("channel_means", "x", x, 4, "N, C, H, W");
        for (int k = 0; k < 4; k++) {
            if (x.dim(k) <= 0) {
                throw new IllegalArgumentException("channel_means: x dims must be > 0, got " + java.util.Arrays.toString(x.shape()));
            }
        }
        int N = x.dim(0), C = x.dim(1), HW = x.dim(2) * x.dim(3);
        double[] mean = new double[C];
        for (int c = 0; c < C; c++) {
            double sum = 0;
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < HW; i++) sum += x.getFlat((n * C + c) * HW + i);
            }
            mean[c] = sum / ((double) N * HW);
        }
        return mean;
    }

    /** {@code x.std(axis=(0, 2, 3))} (population standard deviation) of an {@code (N, C, H, W)} tensor. */
    public static double[] channelStds(Tensor x) {
        double[] mean = channelMeans(x);
        int N = x.dim(0), C = x.dim(1), HW = x.dim(2) * x.dim(3);
        double[] std = new double[C];
        for (int c = 0; c < C; c++) {
            double sq = 0;
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < HW; i++) {
                    double d = x.getFlat((n * C + c) * HW + i) - mean[c];
                    sq += d * d;
                }
            }
            std[c] = Math.sqrt(sq / ((double) N * HW));
        }
        return std;
    }

    /**
     * The largest exact distance between our values and the seed's printed ones ({@code printed} is
     * NumPy's text, brackets optional, a trailing "..." ignored; one number per value of {@code ours}).
     *
     * @throws IllegalArgumentException if an argument is null, the counts differ, or a token is not a number
     */
    public static double maxDistanceToPrinted(String printed, double[] ours) {
        Checks.notNull("printed", "printed", printed);
        Checks.notNull("printed", "ours", ours);
        String[] tokens = printed.replace("[", " ").replace("]", " ").replace("...", " ").trim().split("\\s+");
        if (tokens.length != ours.length) {
            throw new IllegalArgumentException("printed: expected " + ours.length + " numbers, got " + tokens.length
                    + " in '" + printed + "'");
        }
        BigDecimal worst = BigDecimal.ZERO;
        for (int i = 0; i < ours.length; i++) {
            String t = tokens[i].endsWith(".") ? tokens[i] + "0" : tokens[i];
            if (!Double.isFinite(ours[i])) {
                throw new IllegalArgumentException("printed: ours[" + i + "] must be finite to compare digits, got " + ours[i]);
            }
            BigDecimal p;
            try {
                p = new BigDecimal(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("printed: token " + i + " must be a number, got '" + tokens[i] + "' in '"
                        + printed + "'", e);
            }
            BigDecimal d = new BigDecimal(ours[i]).subtract(p).abs();
            if (d.compareTo(worst) > 0) worst = d;
        }
        return worst.doubleValue();
    }

    private static Row printed(String name, String seed, double[] ours) {
        return Row.of(name, seed, format(ours), maxDistanceToPrinted(seed, ours), DIGITS, PRINTED_DIGITS);
    }

    /** A vector in NumPy's default style at 8 decimals, e.g. {@code [9.33463814 8.90909116 9.11056338]}. */
    public static String format(double[] v) {
        Checks.notNull("format", "v", v);
        boolean sci = false;
        for (double d : v) {
            double a = Math.abs(d);
            if (a != 0 && (a < 1e-4 || a >= 1e8)) sci = true;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(' ');
            if (sci) {
                sb.append(String.format(Locale.ROOT, "%.8e", v[i]));
            } else {
                String s = String.format(Locale.ROOT, "%.8f", v[i]).replaceAll("0+$", "");
                sb.append(s);
            }
        }
        return sb.append(']').toString();
    }

    /** A double as Python's {@code repr} would print it (exponent as {@code e-08}). */
    public static String repr(double v) {
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) return s;
        int exp = Integer.parseInt(s.substring(e + 1));
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) mant = mant.substring(0, mant.length() - 2);
        return mant + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
    }
}
