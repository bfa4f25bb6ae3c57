package org.convnet4j.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.model.Model;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * The model gradient check of the notebook (In [20]) for any {@link Net}: each parameter's analytic
 * gradient from {@link Net#loss} against centred differences of the loss ({@link GradCheck}), with the
 * relative error per parameter. The pass runs in train mode with the dropout masks fixed
 * ({@link Net#setDropoutSeed}), so the loss is a deterministic function of the parameters; the net's
 * batch-norm running statistics, which every pass updates, are put back afterwards. Float64 only.
 */
public final class NetGradCheck {
    private NetGradCheck() {}

    /** The seed used for the dropout masks when the net has none of its own. */
    public static final long DROPOUT_SEED = 231;

    /**
     * One parameter's check.
     *
     * @param name e.g. {@code W1}
     * @param shape the parameter's shape
     * @param relError the largest {@code rel_error} over the entries checked
     * @param worstIndex the flat index where it was
     * @param analytic the analytic gradient there
     * @param numeric the numerical gradient there
     * @param checked how many entries were checked (all, or a sample)
     */
    public record Row(String name, int[] shape, double relError, int worstIndex, double analytic, double numeric,
                      int checked) {}

    /** The loss at the point checked, and one row per parameter in {@link Net#params()} order. */
    public record Result(double loss, List<Row> rows) {
        /** The largest relative error over every parameter. */
        public double maxRelError() {
            double m = 0;
            for (Row r : rows) {
                if (Double.isNaN(r.relError())) return Double.NaN;
                m = Math.max(m, r.relError());
            }
            return m;
        }
    }

    /**
     * Checks every parameter of {@code net} at {@code (X, y)}: all entries of a parameter with at most
     * {@code maxEntries} of them, else {@code maxEntries} entries drawn from {@code rng} (the seed's
     * {@code grad_check_sparse}).
     *
     * @param net a float64 net (its parameters are perturbed and restored; its running statistics restored)
     * @param h the finite-difference step, e.g. 1e-5 ({@link GradCheck#DEFAULT_H})
     * @throws IllegalArgumentException when the net is not float64, X or y do not fit it, or
     *     {@code maxEntries < 1}
     */
    public static Result check(Net net, Tensor X, int[] y, double h, int maxEntries, Rng rng) {
        String op = "net gradient check";
        Checks.notNull(op, "net", net);
        if (net.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": the net must be FLOAT64 (finite differences drown in float32"
                    + " rounding), got " + net.dtype());
        }
        Checks.positive(op, "maxEntries", maxEntries);
        Checks.notNull(op, "rng", rng);
        Checks.finitePositive(op, "h", h);
        Long savedSeed = net.dropoutSeed();
        Map<String, Tensor> savedState = copy(net.state());
        try {
            if (savedSeed == null) net.setDropoutSeed(DROPOUT_SEED);
            Model.LossAndGrads lg = net.loss(X, y);
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<String, Tensor> e : net.params().entrySet()) {
                Tensor p = e.getValue(), ana = lg.grads().get(e.getKey());
                if (p.size() <= maxEntries) {
                    Tensor num = GradCheck.numericalGradient(t -> net.loss(X, y).loss(), p, h);
                    int worst = GradCheck.worstIndex(num, ana);
                    rows.add(new Row(e.getKey(), p.shape(), GradCheck.relError(num, ana), worst, ana.getFlat(worst),
                            num.getFlat(worst), p.size()));
                } else {
                    GradCheck.SampledResult s = GradCheck.sampled(t -> net.loss(X, y).loss(), p, ana, maxEntries, rng, h);
                    rows.add(new Row(e.getKey(), p.shape(), s.maxRelError(), s.worstIndex(), s.analytic(), s.numeric(),
                            s.samples()));
                }
            }
            return new Result(lg.loss(), Collections.unmodifiableList(rows));
        } finally {
            net.setDropoutSeed(savedSeed);
            for (Map.Entry<String, Tensor> e : net.state().entrySet()) {
                Tensor saved = savedState.get(e.getKey());
                for (int i = 0; i < saved.size(); i++) e.getValue().setFlat(i, saved.getFlat(i));
            }
        }
    }

    /**
     * Moves every bias and beta off zero ({@code N(0, 0.1^2)}) and every gamma off one ({@code 1 + N(0, 0.1^2)}),
     * drawing from {@code rng}. Zero biases put ReLU inputs exactly on the kink (a convolution's padded
     * border outputs exactly its bias; a row whose inputs are all zero outputs exactly the next bias), where
     * a centred difference and the analytic gradient legitimately disagree; shifted, the check sees a
     * smooth function.
     */
    public static void jitterShifts(Net net, Rng rng) {
        Checks.notNull("net gradient check", "net", net);
        Checks.notNull("net gradient check", "rng", rng);
        for (Map.Entry<String, Tensor> e : net.params().entrySet()) {
            String n = e.getKey();
            if (n.startsWith("W")) continue;
            double base = n.startsWith("gamma") ? 1 : 0;
            for (int i = 0; i < e.getValue().size(); i++) e.getValue().setFlat(i, base + 0.1 * rng.gauss());
        }
    }

    /**
     * The check on a fresh float64 net of {@code arch}, as the CLI's {@code gradcheck --arch} runs it: He
     * initialisation (so activations are of order one and the differences are well above rounding), shifts
     * moved off zero ({@link #jitterShifts}), {@code numInputs} inputs {@code randn (numInputs, inputDim...)}
     * and labels {@code randint(K)}, all drawn from {@code new Rng(seed)}; every entry of parameters up to
     * 2,000 entries, 200 sampled entries of larger ones; h = 1e-5. A bias followed by a batch norm has a true
     * gradient of 0 (the normalisation removes any shift), so its figure is rounding noise against 0.
     *
     * @param arch the architecture text ({@link Sequential#parse})
     * @throws IllegalArgumentException on a bad architecture (with its offset) or an impossible shape
     */
    public static Result ofArchitecture(String arch, int[] inputDim, int numInputs, long seed, Ops ops) {
        Sequential s = Sequential.parse(arch);
        Checks.positive("net gradient check", "numInputs", numInputs);
        Rng rng = new Rng(seed);
        Net net = s.build(Net.Config.defaults(inputDim).withDtype(DType.FLOAT64).withInit(Net.Init.HE), ops, rng);
        jitterShifts(net, rng);
        int[] xShape = new int[inputDim.length + 1];
        xShape[0] = numInputs;
        System.arraycopy(inputDim, 0, xShape, 1, inputDim.length);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, xShape);
        int[] y = rng.randint(net.numClasses(), numInputs);
        return check(net, x, y, GradCheck.DEFAULT_H, 2000, rng);
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> m) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : m.entrySet()) c.put(e.getKey(), e.getValue().copy());
        return c;
    }
}
