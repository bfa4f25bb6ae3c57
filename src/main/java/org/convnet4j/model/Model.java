package org.convnet4j.model;

import java.util.Map;
import org.convnet4j.tensor.Tensor;

/**
 * What the {@link org.convnet4j.solver.Solver} trains: named parameters and a loss, the contract of the
 * CS231n classifiers ({@code model.params}, {@code model.loss(X, y)}). Models are not thread-safe.
 */
public interface Model {
    /** The parameters by name, in a fixed order; the solver updates these tensors in place. */
    Map<String, Tensor> params();

    /** Class scores {@code (N, numClasses)} for a batch {@code X} (the seed's {@code model.loss(X)}). */
    Tensor scores(Tensor X);

    /** Data loss plus regularisation, and the gradient of each parameter (the seed's {@code model.loss(X, y)}). */
    LossAndGrads loss(Tensor X, int[] y);

    /**
     * Tensors the model updates itself rather than the solver, by name: the batch-norm running statistics
     * of a {@link Net} ({@code running_mean1, running_var1, ...}); empty for models without any. The
     * {@link org.convnet4j.solver.Solver} keeps them with the best parameters, and model files and
     * checkpoints save them. The tensors are live.
     */
    default Map<String, Tensor> state() {
        return Map.of();
    }

    /** The dtype of the parameters and of the inputs the model expects. */
    org.convnet4j.tensor.DType dtype();

    /**
     * The loss and gradients for an update step, with the L2 terms left to the update rule: the gradient of
     * parameter p is {@code grads.get(p) + decay.get(p) * p} (a name missing from {@code decay}: no term). An
     * update rule folds that term into its own pass over p
     * ({@link org.convnet4j.solver.UpdateRule#update(Tensor, Tensor, double, org.convnet4j.solver.UpdateRule.State)}),
     * which saves a pass over every weight matrix. The loss is the whole loss, regularisation included. The
     * default returns {@link #loss} with no terms left out; a {@link Net} leaves out {@code reg * Wi}.
     *
     * @throws IllegalArgumentException as {@link #loss}
     */
    default StepGrads lossForUpdate(Tensor X, int[] y) {
        LossAndGrads lg = loss(X, y);
        return new StepGrads(lg.loss(), lg.grads(), Map.of());
    }

    /** A loss value with one gradient per parameter name. */
    record LossAndGrads(double loss, Map<String, Tensor> grads) {}

    /**
     * {@link #lossForUpdate}'s result: the loss, the gradients without their L2 terms, and each term's coefficient
     * by parameter name.
     */
    record StepGrads(double loss, Map<String, Tensor> grads, Map<String, Double> decay) {
        /** The L2 coefficient of parameter {@code name}, 0 when it has none. */
        public double decayOf(String name) {
            Double d = decay.get(name);
            return d == null ? 0 : d;
        }
    }
}
