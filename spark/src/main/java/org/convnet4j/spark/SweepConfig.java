package org.convnet4j.spark;

import java.io.Serializable;
import java.util.Locale;

/**
 * The hyper-parameters one configuration of a sweep varies: learning rate, L2 regularisation, weight
 * initialisation scale, the model, and the update rule (the seed's ThreeLayerConvNet and Solver settings).
 *
 * <p>The model is either the notebook's ThreeLayerConvNet ({@code arch} null) built from {@code numFilters},
 * {@code filterSize} and {@code hiddenDim}, or a net in the {@link org.convnet4j.model.Sequential} text form
 * ({@code arch}), whose layers give the sizes; the three sizes are then 0.
 *
 * @param lr learning rate, &gt; 0
 * @param reg L2 regularisation strength, &gt;= 0
 * @param weightScale standard deviation of the initial weights, &gt; 0
 * @param hiddenDim hidden units of the affine layer, &gt;= 1 (0 with {@code arch})
 * @param numFilters conv filters, &gt;= 1 (0 with {@code arch})
 * @param filterSize conv filter size, odd (0 with {@code arch})
 * @param updateRule sgd, sgd_momentum, rmsprop or adam
 * @param arch an architecture's text form ({@code Sequential.parse}), or null for ThreeLayerConvNet
 */
public record SweepConfig(double lr, double reg, double weightScale, int hiddenDim, int numFilters, int filterSize,
                          String updateRule, String arch) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The canonical text of these values (exact doubles), part of a configuration's identity. */
    public String key() {
        return "lr=" + lr + ";reg=" + reg + ";weight_scale=" + weightScale + ";hidden_dim=" + hiddenDim
                + ";num_filters=" + numFilters + ";filter_size=" + filterSize + ";update_rule=" + updateRule
                + (arch == null ? "" : ";arch=" + arch);
    }

    /** A short form for progress lines: {@code lr 1.0e-03 reg 1.0e-04 ws 1.0e-03 adam h 100 f 32x7} (or the arch). */
    public String brief() {
        return String.format(Locale.ROOT, "lr %.1e reg %.1e ws %.1e %s %s", lr, reg, weightScale, updateRule, model());
    }

    /** The model in short: {@code h 100 f 32x7} for ThreeLayerConvNet, else the architecture text. */
    public String model() {
        return arch == null ? "h " + hiddenDim + " f " + numFilters + "x" + filterSize : arch;
    }
}
