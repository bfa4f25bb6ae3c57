package org.convnet4j.solver;

import org.convnet4j.fast.Parallel;
import org.convnet4j.fast.Tuning;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
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
 *
 * <p>Each rule is one loop over the weights, in the parameter's dtype throughout: float32 weights keep float32
 * moments and compute in float (as PyTorch does), so the JIT vectorises the loop; float64 computes in double.
 * With an L2 term ({@link UpdateRule#update(Tensor, Tensor, double, UpdateRule.State)}) the loop forms
 * {@code g = dw + decay * w} itself, with the arithmetic of {@link Tensor#addScaled}, so the result is the same
 * bits as adding the term first. Weights of at least {@link Tuning#eltwiseParallelMinElements} elements per
 * thread are split over the configured threads ({@link Parallel}); every element's arithmetic is the same either
 * way, so the bits do not depend on the thread count.
 */
public final class UpdateRules {
    private UpdateRules() {}

    /**
     * Checks w, dw and that the state was made for a parameter of w's size and dtype by a rule with
     * {@code moments} moment buffers: a state from another parameter or another rule would index past its
     * arrays, or silently use only their first elements. Returns dw in w's dtype.
     */
    private static Tensor check(String rule, Tensor w, Tensor dw, UpdateRule.State s, int moments, double decay) {
        Checks.notNull(rule, "w", w);
        Checks.shape(rule, "dw", dw, w.shape(), "the parameter's shape");
        Checks.notNull(rule, "state", s);
        checkMoment(rule, "m", s.m.size(), moments >= 1 ? w.size() : 0);
        checkMoment(rule, "v", s.v.size(), moments >= 2 ? w.size() : 0);
        if (s.dtype() != w.dtype()) {
            throw new IllegalArgumentException(rule + ": state moments must be " + w.dtype() + " like w, got "
                    + s.dtype() + "; use " + rule + ".init(w) for this parameter");
        }
        UpdateRule.checkDecay(rule, decay);
        return dw.as(w.dtype());
    }

    private static void checkMoment(String rule, String name, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(rule + ": state." + name + " must have " + expected + " elements ("
                    + (expected == 0 ? rule + " keeps no " + name + " moment" : "one per element of w")
                    + "), got " + actual + "; use " + rule + ".init(w) for this parameter");
        }
    }

    /** Runs {@code body} over w's elements, split over the configured threads when w is big enough. */
    private static void loop(Tensor w, Parallel.Range body) {
        Parallel.forRange(w.size(), Tuning.eltwiseParallelMinElements, body);
    }

    /** Vanilla stochastic gradient descent (seed default lr 1e-2). */
    public record Sgd(double learningRate) implements UpdateRule {
        public Sgd {
            Checks.finitePositive("sgd", "learning_rate", learningRate);
        }

        public String name() { return "sgd"; }

        public State init(Tensor w) {
            return new State(learningRate, Checks.notNull(name(), "w", w).dtype(), w.size(), 0);
        }

        public void update(Tensor w, Tensor dw, State s) {
            update(w, dw, 0, s);
        }

        @Override
        public void update(Tensor w, Tensor dw, double decay, State s) {
            Tensor g = check(name(), w, dw, s, 0, decay);
            boolean fold = decay != 0;
            if (w.dtype() == DType.FLOAT32) {
                float[] wa = w.data32(), ga = g.data32();
                float lr = (float) s.learningRate, dec = (float) decay;
                loop(w, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        float gi = fold ? ga[i] + dec * wa[i] : ga[i];
                        wa[i] -= lr * gi;
                    }
                });
            } else {
                double[] wa = w.data64(), ga = g.data64();
                double lr = s.learningRate;
                loop(w, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double gi = fold ? ga[i] + decay * wa[i] : ga[i];
                        wa[i] -= lr * gi;
                    }
                });
            }
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

        public State init(Tensor w) {
            return new State(learningRate, Checks.notNull(name(), "w", w).dtype(), w.size(), 1);
        }

        public void update(Tensor w, Tensor dw, State s) {
            update(w, dw, 0, s);
        }

        @Override
        public void update(Tensor w, Tensor dw, double decay, State s) {
            Tensor g = check(name(), w, dw, s, 1, decay);
            boolean fold = decay != 0;
            if (w.dtype() == DType.FLOAT32) {
                float[] wa = w.data32(), ga = g.data32(), m = s.m.data32();
                float lr = (float) s.learningRate, mu = (float) momentum, dec = (float) decay;
                loop(w, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        float gi = fold ? ga[i] + dec * wa[i] : ga[i];
                        m[i] = mu * m[i] - lr * gi;
                        wa[i] += m[i];
                    }
                });
            } else {
                double[] wa = w.data64(), ga = g.data64(), m = s.m.data64();
                double lr = s.learningRate;
                loop(w, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double gi = fold ? ga[i] + decay * wa[i] : ga[i];
                        m[i] = momentum * m[i] - lr * gi;
                        wa[i] += m[i];
                    }
                });
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

        public State init(Tensor w) {
            return new State(learningRate, Checks.notNull(name(), "w", w).dtype(), w.size(), 1);
        }

        public void update(Tensor w, Tensor dw, State s) {
            update(w, dw, 0, s);
        }

        @Override
        public void update(Tensor w, Tensor dw, double decay, State s) {
            Tensor g = check(name(), w, dw, s, 1, decay);
            boolean fold = decay != 0;
            if (w.dtype() == DType.FLOAT32) {
                float[] wa = w.data32(), ga = g.data32(), c = s.m.data32();
                float lr = (float) s.learningRate, rho = (float) decayRate, oneMinus = (float) (1 - decayRate);
                float eps = (float) epsilon, dec = (float) decay;
                loop(w, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        float gi = fold ? ga[i] + dec * wa[i] : ga[i];
                        c[i] = rho * c[i] + oneMinus * gi * gi;
                        wa[i] -= lr * gi / ((float) Math.sqrt(c[i]) + eps);
                    }
                });
            } else {
                double[] wa = w.data64(), ga = g.data64(), c = s.m.data64();
                double lr = s.learningRate;
                loop(w, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double gi = fold ? ga[i] + decay * wa[i] : ga[i];
                        c[i] = decayRate * c[i] + (1 - decayRate) * gi * gi;
                        wa[i] -= lr * gi / (Math.sqrt(c[i]) + epsilon);
                    }
                });
            }
            s.t++;
        }
    }

    /**
     * Adam with bias correction (seed defaults lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8). Float32 computes
     * the step as PyTorch's Adam does, {@code w -= (lr / c1) * m / (sqrt(v) / sqrt(c2) + eps)} with
     * {@code c1 = 1 - b1^t}, {@code c2 = 1 - b2^t}: the formula above, rearranged so that the per-step constants
     * are computed once in double and the loop holds one square root and one division.
     */
    public record Adam(double learningRate, double beta1, double beta2, double epsilon) implements UpdateRule {
        public Adam {
            Checks.finitePositive("adam", "learning_rate", learningRate);
            if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("adam: beta1 must be in [0, 1), got " + beta1);
            if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("adam: beta2 must be in [0, 1), got " + beta2);
            Checks.finitePositive("adam", "epsilon", epsilon);
        }

        public String name() { return "adam"; }

        public State init(Tensor w) {
            return new State(learningRate, Checks.notNull(name(), "w", w).dtype(), w.size(), 2);
        }

        public void update(Tensor w, Tensor dw, State s) {
            update(w, dw, 0, s);
        }

        @Override
        public void update(Tensor w, Tensor dw, double decay, State s) {
            Tensor g = check(name(), w, dw, s, 2, decay);
            boolean fold = decay != 0;
            s.t++;
            double c1 = 1 - Math.pow(beta1, s.t), c2 = 1 - Math.pow(beta2, s.t);
            double lr = s.learningRate;
            if (w.dtype() == DType.FLOAT32) {
                float[] wa = w.data32(), ga = g.data32(), m = s.m.data32(), v = s.v.data32();
                float b1 = (float) beta1, b2 = (float) beta2, ob1 = (float) (1 - beta1), ob2 = (float) (1 - beta2);
                float step = (float) (lr / c1), rc2 = (float) (1 / Math.sqrt(c2)), eps = (float) epsilon;
                float dec = (float) decay;
                loop(w, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        float gi = fold ? ga[i] + dec * wa[i] : ga[i];
                        float mi = b1 * m[i] + ob1 * gi, vi = b2 * v[i] + ob2 * gi * gi;
                        m[i] = mi;
                        v[i] = vi;
                        wa[i] -= step * mi / ((float) Math.sqrt(vi) * rc2 + eps);
                    }
                });
            } else {
                double[] wa = w.data64(), ga = g.data64(), m = s.m.data64(), v = s.v.data64();
                loop(w, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double gi = fold ? ga[i] + decay * wa[i] : ga[i];
                        m[i] = beta1 * m[i] + (1 - beta1) * gi;
                        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                        wa[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
                    }
                });
            }
        }
    }
}
