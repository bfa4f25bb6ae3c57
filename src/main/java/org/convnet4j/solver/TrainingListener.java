package org.convnet4j.solver;

/**
 * Hooks into {@link Solver#train()}: progress bars, logs, checkpoints. All methods run on the training
 * thread, in order; the defaults do nothing.
 */
public interface TrainingListener {
    /** Before the first iteration; {@code startEpoch > 0} when resuming. */
    default void onTrainingStart(int numIterations, int iterationsPerEpoch, int startEpoch, int numEpochs) {}

    /** After each update; {@code iteration} counts from 1 over the whole run. */
    default void onIteration(int iteration, int numIterations, int epoch, double loss) {}

    /** After an accuracy check: after the first iteration (epoch 0), at each epoch end and at the last iteration. */
    default void onAccuracyCheck(int epoch, int numEpochs, double trainAcc, double valAcc) {}

    /** At the end of each epoch, after its accuracy check, with the solver's full state. */
    default void onEpochEnd(int epoch, Solver solver) {}

    /** After training, once the best parameters have been restored. */
    default void onTrainingEnd(Solver solver) {}
}
