package org.convnet4j.solver;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * A first-order update rule (CS231n {@code optim.py}). Each parameter has its own {@link State}
 * (learning rate, which the solver decays per epoch, plus any moments), created by {@link #init}.
 * Updates are in place. Rules are immutable; states are not thread-safe.
 */
public interface UpdateRule {
    /** The rule's name as the seed spells it: sgd, sgd_momentum, rmsprop, adam. */
    String name();

    /** A fresh state for a parameter shaped like {@code w}. @throws IllegalArgumentException if w is null */
    State init(Tensor w);

    /**
     * {@code w <- w + step(dw, state)}.
     *
     * @throws IllegalArgumentException if {@code dw} does not have w's shape, or {@code state} was not made
     *     by this rule's {@link #init} for a parameter of w's size (its moment arrays have other lengths)
     */
    void update(Tensor w, Tensor dw, State state);

    /** Per-parameter state: the (decaying) learning rate, the step count and up to two moment buffers. */
    final class State {
        public double learningRate;
        public long t;
        public final double[] m;
        public final double[] v;
        private double[] work;

        /**
         * @param learningRate the step size, finite and {@code > 0}
         * @param size elements of the parameter, {@code >= 0}
         * @param moments moment buffers the rule keeps: 0 (sgd), 1 (sgd_momentum, rmsprop) or 2 (adam)
         * @throws IllegalArgumentException on any other value
         */
        public State(double learningRate, int size, int moments) {
            Checks.finitePositive("update_rule", "learning_rate", learningRate);
            Checks.arrayLength("update_rule", "size", size);
            if (moments < 0 || moments > 2) {
                throw new IllegalArgumentException("update_rule: moments must be 0, 1 or 2, got " + moments);
            }
            this.learningRate = learningRate;
            this.m = moments >= 1 ? new double[size] : new double[0];
            this.v = moments >= 2 ? new double[size] : new double[0];
        }

        /** Scratch of {@code size} doubles, allocated on first use and then reused, so steps allocate nothing. */
        double[] work(int size) {
            if (work == null || work.length != size) work = new double[size];
            return work;
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
