package org.convnet4j.solver;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * A first-order update rule (CS231n {@code optim.py}). Each parameter has its own {@link State}
 * (learning rate, which the solver decays per epoch, plus any moments), created by {@link #init}.
 * Updates are in place. Rules are immutable; states are not thread-safe.
 */
public interface UpdateRule {
    /** The rule's name as the seed spells it: sgd, sgd_momentum, rmsprop, adam. */
    String name();

    /**
     * A fresh state for a parameter shaped like {@code w}: moments of w's size and dtype.
     *
     * @throws IllegalArgumentException if w is null
     */
    State init(Tensor w);

    /**
     * {@code w <- w + step(dw, state)}.
     *
     * @throws IllegalArgumentException if {@code dw} does not have w's shape, or {@code state} was not made
     *     by this rule's {@link #init} for a parameter of w's size and dtype (its moments have another length or
     *     dtype)
     */
    void update(Tensor w, Tensor dw, State state);

    /**
     * The step for the gradient {@code dw + decay * w}: an L2 term {@code 0.5 * decay * |w|^2} of the loss that
     * the model left out of dw ({@link org.convnet4j.model.Model#lossForUpdate}), so that the rule adds it in its
     * own pass over w instead of a separate one. The result is the same bits as
     * {@code dw.addScaled(decay, w); update(w, dw, state)} (which is this default, and may leave dw changed);
     * the built-in rules fold the term into their loop. {@code decay = 0} is {@link #update(Tensor, Tensor, State)}.
     *
     * @param decay the L2 coefficient, finite and {@code >= 0}
     * @throws IllegalArgumentException as {@link #update(Tensor, Tensor, State)}, or for a negative or non-finite decay
     */
    default void update(Tensor w, Tensor dw, double decay, State state) {
        checkDecay(name(), decay);
        if (decay != 0) {
            Checks.notNull(name(), "w", w);
            Checks.shape(name(), "dw", dw, w.shape(), "the parameter's shape");
            dw.addScaled(decay, w);
        }
        update(w, dw, state);
    }

    /** @throws IllegalArgumentException unless decay is finite and {@code >= 0} */
    static void checkDecay(String rule, double decay) {
        if (!(decay >= 0) || Double.isInfinite(decay)) {
            throw new IllegalArgumentException(rule + ": decay (the L2 coefficient) must be a finite number >= 0, got "
                    + decay);
        }
    }

    /**
     * Per-parameter state: the (decaying) learning rate, the step count and up to two moment buffers in the
     * parameter's dtype (float32 moments for float32 weights, as PyTorch keeps them: a loop that mixes float and
     * double does not vectorise on JDK 17, and the moments are as many values as the weights).
     */
    final class State {
        public double learningRate;
        public long t;
        /** The first moment (sgd_momentum's velocity, rmsprop's cache, adam's m); empty when the rule keeps none. */
        public final Tensor m;
        /** The second moment (adam's v); empty when the rule keeps none. */
        public final Tensor v;

        /**
         * @param learningRate the step size, finite and {@code > 0}
         * @param dtype the parameter's dtype, which the moments take
         * @param size elements of the parameter, {@code >= 0}
         * @param moments moment buffers the rule keeps: 0 (sgd), 1 (sgd_momentum, rmsprop) or 2 (adam)
         * @throws IllegalArgumentException on a null dtype or any other value
         */
        public State(double learningRate, DType dtype, int size, int moments) {
            Checks.finitePositive("update_rule", "learning_rate", learningRate);
            Checks.notNull("update_rule", "dtype", dtype);
            Checks.arrayLength("update_rule", "size", size);
            if (moments < 0 || moments > 2) {
                throw new IllegalArgumentException("update_rule: moments must be 0, 1 or 2, got " + moments);
            }
            this.learningRate = learningRate;
            this.m = Tensor.zeros(dtype, moments >= 1 ? size : 0);
            this.v = Tensor.zeros(dtype, moments >= 2 ? size : 0);
        }

        /** The dtype of the moments (the parameter's). */
        public DType dtype() {
            return m.dtype();
        }
    }

    /** Parses a seed rule name with the given learning rate and the seed's default other settings. */
    static UpdateRule of(String name, double learningRate) {
        if (name == null) {
            throw new IllegalArgumentException("update_rule must be one of sgd, sgd_momentum, rmsprop, adam; got null");
        }
        switch (name) {
            case "sgd": return new UpdateRules.Sgd(learningRate);
            case "sgd_momentum": return new UpdateRules.SgdMomentum(learningRate, 0.9);
            case "rmsprop": return new UpdateRules.RmsProp(learningRate, 0.99, 1e-8);
            case "adam": return new UpdateRules.Adam(learningRate, 0.9, 0.999, 1e-8);
            default:
                throw new IllegalArgumentException("update_rule must be one of sgd, sgd_momentum, rmsprop, adam; got '"
                        + name + "'");
        }
    }
}
