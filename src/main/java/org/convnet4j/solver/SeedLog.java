package org.convnet4j.solver;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The seed's {@code verbose=True} log: {@code (Iteration 1 / 30) loss: 2.414060} every
 * {@code printEvery} iterations and {@code (Epoch 0 / 15) train acc: 0.190000; val_acc: 0.128000}
 * at each accuracy check.
 */
public final class SeedLog implements TrainingListener {
    private final PrintStream out;
    private final int printEvery;

    /** @throws IllegalArgumentException if out is null or printEvery &lt;= 0 */
    public SeedLog(PrintStream out, int printEvery) {
        org.convnet4j.tensor.Checks.notNull("seed log", "out", out);
        if (printEvery <= 0) throw new IllegalArgumentException("print_every must be > 0, got " + printEvery);
        this.out = out;
        this.printEvery = printEvery;
    }

    @Override
    public void onIteration(int iteration, int numIterations, int epoch, double loss) {
        if ((iteration - 1) % printEvery == 0) {
            out.printf(Locale.ROOT, "(Iteration %d / %d) loss: %f%n", iteration, numIterations, loss);
        }
    }

    @Override
    public void onAccuracyCheck(int epoch, int numEpochs, double trainAcc, double valAcc) {
        out.printf(Locale.ROOT, "(Epoch %d / %d) train acc: %f; val_acc: %f%n", epoch, numEpochs, trainAcc, valAcc);
    }
}
