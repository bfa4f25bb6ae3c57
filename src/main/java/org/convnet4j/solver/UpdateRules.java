package org.convnet4j.solver;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * The seed's update rules. Formulas (w: weights, dw: gradient, lr: learning rate):
 * <pre>
 * sgd:          w -= lr * dw
 * sgd_momentum: v = momentum * v - lr * dw;  w += v
 * rmsprop:      c = decay * c + (1 - decay) * dw^2;  w -= lr * dw / (sqrt(c) + eps)
 * adam:         t += 1;  m = b1 m + (1 - b1) dw;  v = b2 v + (1 - b2) dw^2
 *               w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 * Adam: D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
 */
public final class UpdateRules {
    private UpdateRules() {}

    /**
     * Checks w, dw and that the state was made for a parameter of w's size by a rule with {@code moments}
     * moment buffers: a state from another parameter or another rule would index past its arrays, or
     * silently use only their first elements.
     */
    private static void check(String rule, Tensor w, Tensor dw, UpdateRule.State s, int moments) {
        Checks.notNull(rule, "w", w);
        Checks.shape(rule, "dw", dw, w.shape(), "the parameter's shape");
        Checks.notNull(rule, "state", s);
        checkMoment(rule, "m", s.m.length, moments >= 1 ? w.size() : 0);
        checkMoment(rule, "v", s.v.length, moments >= 2 ? w.size() : 0);
    }

    private static void checkMoment(String rule, String name, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(rule + ": state." + name + " must have " + expected + " elements ("
                    + (expected == 0 ? rule + " keeps no " + name + " moment" : "one per element of w")
                    + "), got " + actual + "; use " + rule + ".init(w) for this parameter");
        }
    }

    /** Vanilla stochastic gradient descent (seed default lr 1e-2). */
    public record Sgd(double learningRate) implements UpdateRule {
        public Sgd {
            Checks.finitePositive("sgd", "learning_rate", learningRate);
        }

        public String name() { return "sgd"; }

        public State init(Tensor w) { return new State(learningRate, Checks.notNull(name(), "w", w).size(), 0); }

        public void update(Tensor w, Tensor dw, State s) {
            check(name(), w, dw, s, 0);
            for (int i = 0; i < w.size(); i++) w.setFlat(i, w.getFlat(i) - s.learningRate * dw.getFlat(i));
            s.t++;
        }
    }

    /** SGD with momentum (seed defaults lr 1e-2, momentum 0.9). */
    public record SgdMomentum(double learningRate, double momentum) implements UpdateRule {
        public SgdMomentum {
            Checks.finitePositive("sgd_momentum", "learning_rate", learningRate);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("sgd_momentum: momentum must be in [0, 1), got " + momentum);
            }
        }

        public String name() { return "sgd_momentum"; }

        public State init(Tensor w) { return new State(learningRate, Checks.notNull(name(), "w", w).size(), 1); }

        public void update(Tensor w, Tensor dw, State s) {
            check(name(), w, dw, s, 1);
            for (int i = 0; i < w.size(); i++) {
                s.m[i] = momentum * s.m[i] - s.learningRate * dw.getFlat(i);
                w.setFlat(i, w.getFlat(i) + s.m[i]);
            }
            s.t++;
        }
    }

    /** RMSProp (seed defaults lr 1e-2, decay_rate 0.99, epsilon 1e-8). */
    public record RmsProp(double learningRate, double decayRate, double epsilon) implements UpdateRule {
        public RmsProp {
            Checks.finitePositive("rmsprop", "learning_rate", learningRate);
            if (!(decayRate >= 0 && decayRate < 1)) {
                throw new IllegalArgumentException("rmsprop: decay_rate must be in [0, 1), got " + decayRate);
            }
            Checks.finitePositive("rmsprop", "epsilon", epsilon);
        }

        public String name() { return "rmsprop"; }

        public State init(Tensor w) { return new State(learningRate, Checks.notNull(name(), "w", w).size(), 1); }

        public void update(Tensor w, Tensor dw, State s) {
            check(name(), w, dw, s, 1);
            for (int i = 0; i < w.size(); i++) {
                double g = dw.getFlat(i);
                s.m[i] = decayRate * s.m[i] + (1 - decayRate) * g * g;
                w.setFlat(i, w.getFlat(i) - s.learningRate * g / (Math.sqrt(s.m[i]) + epsilon));
            }
            s.t++;
        }
    }

    /** Adam with bias correction (seed defaults lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8). */
    public record Adam(double learningRate, double beta1, double beta2, double epsilon) implements UpdateRule {
        public Adam {
            Checks.finitePositive("adam", "learning_rate", learningRate);
            if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("adam: beta1 must be in [0, 1), got " + beta1);
            if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("adam: beta2 must be in [0, 1), got " + beta2);
            Checks.finitePositive("adam", "epsilon", epsilon);
        }

        public String name() { return "adam"; }

        public State init(Tensor w) { return new State(learningRate, Checks.notNull(name(), "w", w).size(), 2); }

        public void update(Tensor w, Tensor dw, State s) {
            check(name(), w, dw, s, 2);
            s.t++;
            double c1 = 1 - Math.pow(beta1, s.t), c2 = 1 - Math.pow(beta2, s.t);
            // one loop per dtype over the backing arrays: the parameter update is a hot loop
            // (millions of weights per iteration) that the JIT vectorises only on plain arrays
            double[] m = s.m, v = s.v;
            double lr = s.learningRate;
            if (w.dtype() == org.convnet4j.tensor.DType.FLOAT32) {
                // Three loops instead of one: JDK 17's JIT does not vectorise a loop that mixes float and
                // double, and scalar divisions and square roots made one loop cost 5.4 ms on the 819,200
                // weights of ThreeLayerConvNet's W2, against 1.8 ms this way (same arithmetic, same bits).
                float[] wa = w.data32(), ga = dw.as(w.dtype()).data32();
                double[] step = s.work(wa.length);
                for (int i = 0; i < wa.length; i++) step[i] = ga[i];
                for (int i = 0; i < wa.length; i++) {
                    double g = step[i];
                    m[i] = beta1 * m[i] + (1 - beta1) * g;
                    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                    step[i] = lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
                }
                for (int i = 0; i < wa.length; i++) wa[i] -= (float) step[i];
            } else {
                double[] wa = w.data64(), ga = dw.as(w.dtype()).data64();
                for (int i = 0; i < wa.length; i++) {
                    double g = ga[i];
                    m[i] = beta1 * m[i] + (1 - beta1) * g;
                    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                    wa[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
                }
            }
        }
    }
}
