package org.convnet4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
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
                .setUpdateIntervalMillis(interactive() ? 500 : 10_000)
                .setConsumer(consumer(out))
                .build();
        bar.stepTo((long) startEpoch * iterationsPerEpoch * batchSize);
    }

    /** Whether output goes to a terminal (then the bar redraws in place). */
    static boolean interactive() {
        return System.console() != null;
    }

    /**
     * In a terminal, the library's console consumer (redraws one line, fits the width). Piped into a
     * log, one finished line per update instead of carriage returns that pile up into one huge line.
     */
    static ProgressBarConsumer consumer(PrintStream out) {
        if (interactive()) return new ConsoleProgressBarConsumer(out);
        return new ProgressBarConsumer() {
            @Override
            public int getMaxRenderedLength() {
                return 130;
            }

            @Override
            public void accept(String rendered) {
                out.println(rendered.replace("\r", "").stripTrailing());
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    @Override
    public void onIteration(int iteration, int numIterations, int epoch, double loss) {
        bar.stepBy(batchSize);
        // short, so that it survives narrow terminals and CI logs
        bar.setExtraMessage(String.format(Locale.ROOT, " ep %d/%d it %d/%d loss %.3f", Math.min(epoch + 1, numEpochs),
                numEpochs, iteration, numIterations, loss));
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
