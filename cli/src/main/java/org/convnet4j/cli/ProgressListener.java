package org.convnet4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressState;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingListener;

/**
 * A terminal progress bar for training (me.tongfei:progressbar, with a renderer of our own): epoch,
 * iteration, the latest loss, the percentage and bar, images/s and the ETA. The renderer gives up the
 * iteration count first and the bar next when the terminal is narrow, so epoch, loss, images/s and ETA
 * stay visible down to {@value #MIN_FULL_WIDTH} columns. Speed and ETA count only the images of this run (a
 * resumed run starts the bar at the epochs already done, with none of their images in its speed).
 *
 * <p>Other lines printed while the bar is shown (the {@code --verbose} log, messages) go through
 * {@link #printAbove} or {@link #above()}, which clear the bar's line, print the text and redraw the bar
 * below it, under one lock with the bar's own redraws, so the two never share a line.
 */
final class ProgressListener implements TrainingListener {
    /** The narrowest terminal at which epoch, loss, images/s and ETA all fit. */
    static final int MIN_FULL_WIDTH = 60;
    /** The line width when output goes to a log, not a terminal. */
    static final int LOG_WIDTH = 130;

    private final int batchSize;
    private final Display display;
    private ProgressBar bar;
    private volatile int epoch, numEpochs, iteration, numIterations;
    private volatile double loss = Double.NaN;

    ProgressListener(PrintStream out, int batchSize) {
        this(out, batchSize, interactive(), 0);
    }

    /**
     * @param interactive redraw one line in place (a terminal), or print one finished line per update (a log)
     * @param width the terminal width, or 0 to ask the terminal
     */
    ProgressListener(PrintStream out, int batchSize, boolean interactive, int width) {
        this.batchSize = batchSize;
        this.display = new Display(out, interactive, width);
    }

    @Override
    public void onTrainingStart(int numIterations, int iterationsPerEpoch, int startEpoch, int numEpochs) {
        this.numEpochs = numEpochs;
        this.numIterations = numIterations;
        this.epoch = startEpoch;
        this.iteration = startEpoch * iterationsPerEpoch;
        // startsFrom: the images of the epochs done before a resume are in the percentage, not in the speed
        bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax((long) numIterations * batchSize)
                .startsFrom((long) startEpoch * iterationsPerEpoch * batchSize, Duration.ZERO)
                .setRenderer(this::render)
                .setUpdateIntervalMillis(display.interactive ? 500 : 10_000)
                .setConsumer(display)
                .build();
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
        return new Display(out, false, 0);
    }

    @Override
    public void onIteration(int iteration, int numIterations, int epoch, double loss) {
        this.iteration = iteration;
        this.epoch = epoch;
        this.loss = loss;
        bar.stepBy(batchSize);
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

    /** Prints a line above the bar (or just the line when no bar is shown). */
    void printAbove(String line) {
        display.printAbove(line);
    }

    /** A stream whose lines go {@linkplain #printAbove above the bar}, for the {@code --verbose} log. */
    PrintStream above() {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    display.printAbove(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else if (b != '\r') {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    private String render(ProgressState s, int width) {
        double seconds = s.getElapsedAfterStart().toMillis() / 1000.0;
        long thisRun = s.getCurrent() - s.getStart();
        double speed = seconds > 0 && thisRun > 0 ? thisRun / seconds : Double.NaN;
        return line(width, Math.min(epoch + 1, numEpochs), numEpochs, iteration, numIterations, loss, s.getCurrent(),
                s.getMax(), speed);
    }

    /**
     * One bar line, at most {@code width - 1} characters (the last column stays empty, so that no terminal
     * wraps): {@code ep 1/3 it 120/600 loss 2.303  45% [=====>     ] 1234 img/s ETA 0:01:30}. When it does
     * not fit, the iteration count goes first, then the bar; below {@value #MIN_FULL_WIDTH} columns the end
     * may be cut.
     *
     * @param imagesPerSecond this run's speed, NaN before it is known
     */
    static String line(int width, int epoch, int numEpochs, int iteration, int numIterations, double loss, long done,
            long total, double imagesPerSecond) {
        int max = Math.max(1, width - 1);
        String ep = "ep " + epoch + "/" + numEpochs;
        String it = " it " + iteration + "/" + numIterations;
        String lossText = " loss " + (Double.isNaN(loss) ? "-"
                : String.format(Locale.ROOT, Math.abs(loss) < 1e4 ? "%.3f" : "%.3g", loss));
        int percent = total > 0 ? (int) Math.min(100, done * 100 / total) : 0;
        String pct = String.format(Locale.ROOT, " %3d%%", percent);
        String speed = Double.isNaN(imagesPerSecond) ? " - img/s" : String.format(Locale.ROOT, " %.0f img/s", imagesPerSecond);
        String eta = " ETA " + (Double.isNaN(imagesPerSecond) || imagesPerSecond <= 0 ? "-"
                : clock((long) Math.ceil(Math.max(0, total - done) / imagesPerSecond)));
        String tail = speed + eta;
        for (String head : new String[] {ep + it + lossText + pct, ep + lossText + pct}) {
            int room = max - head.length() - tail.length() - 3; // " [" and "]"
            if (room >= 10) return head + " [" + bar(room, done, total) + "]" + tail;
        }
        String s = ep + lossText + pct + tail;
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String bar(int width, long done, long total) {
        int filled = total > 0 ? (int) Math.min(width, done * width / total) : 0;
        StringBuilder b = new StringBuilder(width);
        for (int i = 0; i < width; i++) b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        return b.toString();
    }

    /** H:MM:SS. */
    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /**
     * Where the bar's lines go. In a terminal it redraws one line in place (carriage return, the line,
     * spaces over what is left of a longer previous one); in a log it prints one finished line per update.
     * Every write holds this object's lock, so lines printed above the bar never land inside it.
     */
    static final class Display implements ProgressBarConsumer {
        private final PrintStream out;
        final boolean interactive;
        private final int width;
        private final ConsoleProgressBarConsumer terminal;
        private String shown; // the bar line on screen now, null if none

        Display(PrintStream out, boolean interactive, int width) {
            this.out = out;
            this.interactive = interactive;
            this.width = width;
            this.terminal = interactive && width <= 0 ? new ConsoleProgressBarConsumer(out) : null;
        }

        @Override
        public int getMaxRenderedLength() {
            if (!interactive) return LOG_WIDTH;
            return width > 0 ? width : Math.max(terminal.getMaxRenderedLength(), 20);
        }

        @Override
        public synchronized void accept(String rendered) {
            if (!interactive) {
                out.println(rendered.stripTrailing());
                return;
            }
            int previous = shown == null ? 0 : shown.length();
            out.print("\r" + rendered + " ".repeat(Math.max(0, previous - rendered.length())));
            out.flush();
            shown = rendered;
        }

        synchronized void printAbove(String line) {
            if (interactive && shown != null) {
                out.print("\r" + " ".repeat(shown.length()) + "\r");
                out.println(line);
                out.print(shown);
            } else {
                out.println(line);
            }
            out.flush();
        }

        @Override
        public synchronized void close() {
            if (interactive && shown != null) out.println();
            shown = null;
            out.flush();
        }
    }
}
