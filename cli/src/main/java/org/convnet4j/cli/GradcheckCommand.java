package org.convnet4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.convnet4j.check.GradCheck;
import org.convnet4j.check.NetGradCheck;
import org.convnet4j.model.Model;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The notebook's ThreeLayerConvNet gradient check (In [20]): 2 inputs (3, 16, 16), 3 filters 3x3, hidden 7,
 * float64, numeric gradients with h = 1e-6, the same seeded inputs as the notebook. With {@code --arch},
 * the same check of a net of one's own ({@link NetGradCheck#ofArchitecture}): each parameter's relative
 * error against a pass/fail bound.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "The notebook's model gradient check: each parameter's max relative error, beside the notebook's figure; "
                + "with --arch, the check of that net against a pass/fail bound.")
final class GradcheckCommand implements Callable<Integer> {
    private static final Map<String, String> NOTEBOOK = Map.of("W1", "1.380104e-04", "W2", "1.822723e-02",
            "W3", "3.064049e-04", "b1", "3.477652e-05", "b2", "2.516375e-03", "b3", "7.945660e-10");

    /** A parameter passes with rel_error at most this (the library's whole-net check holds 1e-6 too). */
    static final double MAX_REL_ERROR = 1e-6;
    /**
     * ... or when analytic and numeric differ by at most this at the worst entry: a gradient that is zero up
     * to rounding (a bias before a batch norm) has a large rel_error of noise against noise.
     */
    static final double ABS_FLOOR = 1e-9;

    @Mixin
    BackendOptions backendOptions;
    @Option(names = "--arch", paramLabel = "SPEC",
            description = "Check this net instead of the notebook's (float64, He initialisation, biases, betas and gammas "
                    + "moved off 0 and 1, dropout masks fixed), e.g. 'conv(4,3)-sbn-relu-pool(2)-affine(10)'.")
    String arch;
    @Option(names = "--input-dim", paramLabel = "C,H,W|D",
            description = "With --arch: one input's shape (default 3,16,16, the notebook's).")
    String inputDim;
    @Option(names = "--num-inputs", paramLabel = "N", description = "With --arch: inputs in the batch, >= 1 (default 2, the notebook's).")
    Integer numInputs;
    @Option(names = "--seed", description = "Random seed of the weights, inputs and labels, with --arch (default 231).")
    Long seed;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OptionChecks check = new OptionChecks(spec);
        backendOptions.validate(check);
        if (arch != null) return checkArchitecture(check);
        for (String o : new String[] {"--input-dim", "--num-inputs", "--seed"}) {
            if (ArchOptions.given(spec, o)) {
                throw check.usage(o + " needs --arch: the notebook's check (without --arch) has fixed inputs");
            }
        }
        Rng rng = new Rng(231);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3, 16, 16);
        int[] y = rng.randint(10, 2);
        ThreeLayerConvNet model = new ThreeLayerConvNet(ThreeLayerConvNet.Config.defaults().withInputDim(3, 16, 16)
                .withFilters(3, 3).withHiddenDim(7).withDtype(DType.FLOAT64), backendOptions.ops(), rng);
        Model.LossAndGrads lg = model.loss(x, y);
        System.out.println("backend: " + TrainCommand.describe(model.ops()));
        // the notebook's own line, "W1 max relative error: 1.380104e-04", then the notebook's figure in a column
        String fmt = "%-23s%-16s%s%n";
        System.out.printf(Locale.ROOT, fmt, "", "ours", "notebook");
        boolean ok = true;
        for (String name : new TreeMap<>(lg.grads()).keySet()) {
            Tensor num = GradCheck.numericalGradient(t -> model.loss(x, y).loss(), model.params().get(name), 1e-6);
            double e = GradCheck.relError(num, lg.grads().get(name));
            ok &= e <= 5e-2;
            System.out.printf(Locale.ROOT, fmt, name + " max relative error: ", String.format(Locale.ROOT, "%e", e),
                    NOTEBOOK.get(name));
        }
        System.out.printf(Locale.ROOT, "(W1, W2: with weights of scale 1e-3 every difference is below the numeric"
                + " gradient's rounding step ulp(loss)/h = %.1e, so their figures depend on summation order;"
                + " see ThreeLayerConvNetTest)%n", Math.ulp(lg.loss()) / 1e-6);
        return ok ? 0 : 1;
    }

    /** {@code gradcheck --arch}: one line per parameter, then whether all passed (exit 0) or not (exit 1). */
    private int checkArchitecture(OptionChecks check) {
        Sequential s = ArchOptions.parse(check, "--arch", arch);
        int[] dims = parseInputDim(check);
        int n = numInputs == null ? 2 : numInputs;
        check.atLeast("--num-inputs", 1, n);
        long sd = seed == null ? 231 : seed;
        if (sd < 0 || sd > 0xFFFFFFFFL) throw check.invalid("--seed", "an integer in [0, 2^32)", sd);
        Ops ops = backendOptions.ops();
        try {
            // built once here so that an impossible shape is a usage error on --arch, before any work
            s.build(Net.Config.defaults(dims).withDtype(DType.FLOAT64), ops, new Rng(sd));
        } catch (IllegalArgumentException e) {
            throw check.usage("Invalid value for option '--arch': " + e.getMessage());
        }
        NetGradCheck.Result res = NetGradCheck.ofArchitecture(s.toString(), dims, n, sd, ops);
        PrintStream o = System.out;
        o.println("backend: " + TrainCommand.describe(ops));
        o.printf(Locale.ROOT, "net: %s on %d inputs %s, float64, init he, h %.0e, loss %.6f%n", s, n,
                java.util.Arrays.toString(dims), GradCheck.DEFAULT_H, res.loss());
        String fmt = "%-8s %-18s %9s  %-20s %s%n";
        o.printf(Locale.ROOT, fmt, "param", "shape", "checked", "max relative error", "result");
        int failed = 0;
        for (NetGradCheck.Row r : res.rows()) {
            double diff = Math.abs(r.analytic() - r.numeric());
            String result;
            if (r.relError() <= MAX_REL_ERROR) {
                result = "ok";
            } else if (diff <= ABS_FLOOR) {
                result = String.format(Locale.ROOT, "ok (|analytic - numeric| = %.1e <= %.0e: zero up to rounding)", diff, ABS_FLOOR);
            } else {
                result = String.format(Locale.ROOT, "FAIL (analytic %e, numeric %e at flat index %d)", r.analytic(),
                        r.numeric(), r.worstIndex());
                failed++;
            }
            o.printf(Locale.ROOT, fmt, r.name(), java.util.Arrays.toString(r.shape()), r.checked() + (r.checked() < product(r.shape())
                    ? " sampled" : " all"), String.format(Locale.ROOT, "%e", r.relError()), result);
        }
        o.printf(Locale.ROOT, "%s: %d of %d parameters within rel_error %.0e (or |analytic - numeric| <= %.0e at the worst entry)%n",
                failed == 0 ? "passed" : "FAILED", res.rows().size() - failed, res.rows().size(), MAX_REL_ERROR, ABS_FLOOR);
        return failed == 0 ? 0 : 1;
    }

    private int[] parseInputDim(OptionChecks check) {
        if (inputDim == null) return new int[] {3, 16, 16};
        String[] parts = inputDim.split(",", -1);
        try {
            int[] d = new int[parts.length];
            for (int i = 0; i < d.length; i++) d[i] = Integer.parseInt(parts[i].trim());
            if ((d.length == 1 || d.length == 3) && java.util.Arrays.stream(d).allMatch(v -> v >= 1)) return d;
        } catch (NumberFormatException e) {
            // the usage error below says what is expected
        }
        throw check.invalid("--input-dim", "C,H,W or D, integers >= 1", inputDim);
    }

    private static long product(int[] shape) {
        long p = 1;
        for (int d : shape) p *= d;
        return p;
    }
}
