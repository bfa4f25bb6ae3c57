package org.convnet4j.spark;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The driver's view of a running sweep. In a terminal, a progress bar (me.tongfei:progressbar, as
 * {@code train} uses) counting configurations, with ok / failed / running and the best so far; otherwise
 * (a log, a pipe, {@code --no-progress}) one plain line per finished configuration with the same counts.
 */
final class SweepProgress implements SweepRunner.Progress, AutoCloseable {
    private final PrintStream out;
    private final int total;
    private final ProgressBar bar;
    private int done;
    private int failed;
    private int running;
    private ResultRow best;

    SweepProgress(PrintStream out, int total, boolean bar) {
        this.out = out;
        this.total = total;
        this.bar = bar ? new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" cfg", 1).setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(out)).build() : null;
    }

    @Override
    public void update(int done, int failed, int running, ResultRow best) {
        this.done = done;
        this.failed = failed;
        this.running = running;
        this.best = best;
        if (bar != null) {
            bar.stepTo(done + failed);
            bar.setExtraMessage(" " + counts());
        }
    }

    @Override
    public void finished(ResultRow row, boolean fresh) {
        if (bar != null || row == null) return;
        int n = done + failed;
        String what = row.ok()
                ? String.format(Locale.ROOT, "ok  val %.4f train %.4f loss %.4f %.1f s", row.valAcc(), row.trainAcc(),
                        row.finalLoss(), row.wallMs() / 1000.0)
                : "FAILED " + row.reason();
        out.printf(Locale.ROOT, "[%d/%d] #%d %s %s%s | %s%n", n, total, row.index(), row.id(), what,
                fresh ? "" : " (duplicate, ignored)", counts());
    }

    private String counts() {
        return String.format(Locale.ROOT, "ok %d failed %d running %d best %s", done, failed, running,
                best == null ? "-" : String.format(Locale.ROOT, "%.4f (#%d)", best.valAcc(), best.index()));
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
        else out.println("sweep: " + counts());
    }
}
