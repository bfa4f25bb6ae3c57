package org.convnet4j.solver;

/** Training stopped because the loss became NaN or infinite. */
public final class TrainingDivergedException extends RuntimeException {
    private final int iteration;

    public TrainingDivergedException(String message, int iteration) {
        super(message);
        this.iteration = iteration;
    }

    /** The 1-based iteration whose loss was not finite. */
    public int getIteration() {
        return iteration;
    }
}
