package org.convnet4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingListener;

/**
 * A terminal progress bar for training (me.tongfei:progressbar): counts images, so its speed is
 * images/s; shows epoch, iteration and the latest loss, and the ETA.
 */
final class ProgressListener implements TrainingListener {
    private final PrintStream out;
    private final int batchSize;
    private ProgressBar bar;
    private int numEpochs;

    ProgressListener(PrintStream out, int batchSize) {
        this.out = out;
        this.batchSize = batchSize;
    }

    @Override
    public void onTrainingStart(int numIterations, int iterationsPerEpoch, int startEpoch, int numEpochs) {
        this.numEpochs = numEpochs;
        bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax((long) numIterations * batchSize)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" img", 1)
                .showSpeed()
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build();
        bar.stepTo((long) startEpoch * iterationsPerEpoch * batchSize);
    }

    @Override
    public void onIteration(int iteration, int numIterations, int epoch, double loss) {
        bar.stepBy(batchSize);
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d/%d it %d/%d loss %.4f",
                Math.min(epoch + 1, numEpochs), numEpochs, iteration, numIterations, loss));
    }

    @Override
    public void onTrainingEnd(Solver solver) {
        close();
    }

    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
