package org.convnet4j.spark;

import java.io.Serializable;
import java.util.Locale;

/**
 * The hyper-parameters one configuration of a sweep varies: learning rate, L2 regularisation, weight
 * initialisation scale, hidden units, conv filters and their size, and the update rule (the seed's
 * ThreeLayerConvNet and Solver settings).
 *
 * <p>{@code arch} is the slot for a layer-stack architecture in the net builder's text form: null means
 * the notebook's ThreeLayerConvNet built from {@code numFilters}, {@code filterSize} and {@code hiddenDim}.
 * The sweep does not offer {@code --arch} yet (the builder is not in the core); when it is, the trainer
 * builds the stack from this text and the key below already tells configurations with different
 * architectures apart.
 *
 * @param lr learning rate, &gt; 0
 * @param reg L2 regularisation strength, &gt;= 0
 * @param weightScale standard deviation of the initial weights, &gt; 0
 * @param hiddenDim hidden units of the affine layer, &gt;= 1
 * @param numFilters conv filters, &gt;= 1
 * @param filterSize conv filter size, odd
 * @param updateRule sgd, sgd_momentum, rmsprop or adam
 * @param arch an architecture's text form, or null for ThreeLayerConvNet
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

    /** A short form for progress lines: {@code lr 1e-03 reg 1e-04 ws 1e-03 h 100 f 32x7 adam}. */
    public String brief() {
        return String.format(Locale.ROOT, "lr %.1e reg %.1e ws %.1e h %d f %dx%d %s%s", lr, reg, weightScale, hiddenDim,
                numFilters, filterSize, updateRule, arch == null ? "" : " arch " + arch);
    }
}
