package org.convnet4j.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.convnet4j.fast.Backend;

/**
 * Runs a sweep's configurations on Spark, one job of one task per configuration, and records each result
 * on the driver as it arrives.
 *
 * <p>Why one job per configuration: each job's future completes on its own, so results are written (and the
 * progress moves) as they come, and the scheduler starts the next configuration whenever a task slot
 * (of {@code spark.task.cpus} cores) frees up. The task ({@link TrainTask}) carries only the
 * configuration; the data are loaded by each executor once ({@link ExecutorData}).
 *
 * <p>Retries: the task turns every failure of its configuration (divergence, out of memory, an exception)
 * into a failed result, so Spark has nothing to retry for those. Spark re-runs a task only when its attempt
 * was lost (an executor died, or {@code spark.task.maxFailures} allows a retry after a crash); whatever
 * attempts ran, a job delivers one result to the driver, and the driver keys results by configuration id
 * and ignores a second result for the same id ({@link ResultsStore#record}). A job that fails for good
 * (every attempt lost) is recorded as failed with Spark's reason; {@code --resume --retry-failed} runs it
 * again. Speculative execution may train a configuration twice on the cluster, but it is recorded once.
 */
public final class SweepRunner {
    /** What the driver shows while a sweep runs. */
    public interface Progress {
        /** The counts changed: finished ok, failed, running now, and the best row so far (or null). */
        void update(int done, int failed, int running, ResultRow best);

        /** One configuration finished ({@code row}, counted in the last update); {@code fresh} is false for an ignored duplicate. */
        void finished(ResultRow row, boolean fresh);
    }

    /** The task: train one configuration with the task's cpus as BLAS threads. */
    static final class TrainTask implements Function<Trial, TrialResult> {
        private static final long serialVersionUID = 1L;
        private final String backend;

        TrainTask(Backend backend) {
            this.backend = backend.name();
        }

        @Override
        public TrialResult call(Trial trial) {
            TaskContext tc = TaskContext.get();
            int cpus = tc == null ? 1 : tc.cpus();
            return ConfigTrainer.train(trial, Backend.valueOf(backend), cpus, () -> tc != null && tc.isInterrupted());
        }
    }

    /** Counts running tasks from Spark's listener bus (events arrive on Spark's thread). */
    private static final class Running extends SparkListener {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void onTaskStart(SparkListenerTaskStart taskStart) {
            count.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            count.decrementAndGet();
        }
    }

    /** How a run ended: configurations recorded, how many of them failed, and whether Spark stopped under it. */
    public record Outcome(int recorded, int failed, boolean interrupted) {}

    private SweepRunner() {}

    /**
     * Trains {@code trials} on {@code sc} and records every result in {@code store}; returns when all are
     * recorded, or when the Spark context stops (Ctrl-C: then the unfinished ones are not recorded, and a
     * {@code --resume} runs them).
     *
     * @throws IOException if the results cannot be written
     */
    public static Outcome run(JavaSparkContext sc, List<Trial> trials, Backend backend, ResultsStore store,
                              Progress progress) throws IOException {
        Running running = new Running();
        sc.sc().addSparkListener(running);
        int[] counts = new int[2]; // ok, failed in this run
        try {
            Map<JavaFutureAction<List<TrialResult>>, Trial> pending = new LinkedHashMap<>();
            TrainTask task = new TrainTask(backend);
            for (Trial t : trials) {
                sc.setJobDescription("convnet4j sweep: configuration " + t.index() + " (" + t.id() + ") " + t.config().brief());
                pending.put(sc.parallelize(List.of(t), 1).map(task).collectAsync(), t);
            }
            int lastRunning = -1;
            while (!pending.isEmpty()) {
                boolean any = false;
                for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getKey().isDone()) continue;
                    it.remove();
                    any = true;
                    Trial t = e.getValue();
                    TrialResult r;
                    try {
                        r = e.getKey().get().get(0);
                    } catch (ExecutionException | RuntimeException ex) {
                        if (sc.sc().isStopped()) {
                            return new Outcome(counts[0] + counts[1], counts[1], true);
                        }
                        Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
                        r = TrialResult.failed(t.id(), "spark: " + ConfigTrainer.reason(cause), 0, "?", 0, ConfigTrainer.describe(backend), "?");
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return new Outcome(counts[0] + counts[1], counts[1], true);
                    }
                    boolean fresh = store.record(t, r.ok() ? r : r.withoutParams());
                    if (fresh) counts[r.ok() ? 0 : 1]++;
                    progress.update(counts[0], counts[1], Math.max(0, running.count.get()), store.best());
                    progress.finished(store.row(t.id()), fresh);
                }
                if (!any) {
                    int now = Math.max(0, running.count.get());
                    if (now != lastRunning) progress.update(counts[0], counts[1], now, store.best());
                    lastRunning = now;
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return new Outcome(counts[0] + counts[1], counts[1], true);
                    }
                    if (sc.sc().isStopped()) return new Outcome(counts[0] + counts[1], counts[1], true);
                }
            }
            return new Outcome(counts[0] + counts[1], counts[1], false);
        } finally {
            if (!sc.sc().isStopped()) sc.sc().removeSparkListener(running);
        }
    }

    /**
     * Trains {@code trials} one after another in this JVM with {@code blasThreads} BLAS threads (the
     * reference for "same numbers everywhere", and the sequential side of {@code --compare-sequential}).
     */
    public static List<TrialResult> runSequential(List<Trial> trials, Backend backend, int blasThreads) {
        List<TrialResult> out = new ArrayList<>();
        for (Trial t : trials) out.add(ConfigTrainer.train(t, backend, blasThreads, () -> false));
        return out;
    }
}
