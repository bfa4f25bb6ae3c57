package org.convnet4j.cli;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.convnet4j.check.GradCheck;
import org.convnet4j.model.Model;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The notebook's ThreeLayerConvNet gradient check (In [20]): 2 inputs (3, 16, 16), 3 filters 3x3, hidden 7,
 * float64, numeric gradients with h = 1e-6, the same seeded inputs as the notebook.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "The notebook's model gradient check: each parameter's max relative error, beside the notebook's figure.")
final class GradcheckCommand implements Callable<Integer> {
    private static final Map<String, String> NOTEBOOK = Map.of("W1", "1.380104e-04", "W2", "1.822723e-02",
            "W3", "3.064049e-04", "b1", "3.477652e-05", "b2", "2.516375e-03", "b3", "7.945660e-10");

    @Mixin
    BackendOptions backendOptions;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        backendOptions.validate(new OptionChecks(spec));
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
}
