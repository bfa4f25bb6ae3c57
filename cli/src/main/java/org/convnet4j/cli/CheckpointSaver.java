package org.convnet4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingListener;

/**
 * Writes the checkpoint at the end of every epoch, and on Ctrl-C (or any other orderly stop: SIGTERM,
 * logout) says which epoch is saved and the exact command that continues the run.
 *
 * <p>The JVM runs its shutdown hooks while training goes on, and then exits, running the native
 * libraries' exit code too. OpenBLAS's ({@code gotoblas_quit}) was seen to hang forever when the
 * training thread was inside a kernel at that moment (its worker thread never joined). So the hook
 * first stops training at the next iteration boundary: the training thread, out of every native call and
 * done with any checkpoint it was writing, parks there until the JVM is gone. Only then does the hook
 * say what is on disk, and return. A {@code kill -9} runs no hook; the temporary file it may leave is
 * removed by the next write (see {@link org.convnet4j.io.AtomicFiles}).
 */
final class CheckpointSaver implements TrainingListener {
    /** How long the hook waits for the current iteration (and checkpoint) to finish. */
    static final int WAIT_SECONDS = 60;

    private final Path file;
    private final Map<String, String> meta;
    private final int numEpochs;
    private final String resumeCommand;
    private final Consumer<String> print;
    private final CountDownLatch quiet = new CountDownLatch(1);
    private volatile boolean stop;
    private volatile int saved;
    private Thread hook;

    /**
     * @param saved the epochs already in {@code file} (0 for a new run)
     * @param resumeCommand the command that continues the run
     * @param print where the message goes (above the progress bar, if one is shown)
     */
    CheckpointSaver(Path file, Map<String, String> meta, int saved, int numEpochs, String resumeCommand, Consumer<String> print) {
        this.file = file;
        this.meta = meta;
        this.saved = saved;
        this.numEpochs = numEpochs;
        this.resumeCommand = resumeCommand;
        this.print = print;
    }

    @Override
    public void onIteration(int iteration, int numIterations, int epoch, double loss) {
        if (stop) parkForever();
    }

    @Override
    public void onEpochEnd(int epoch, Solver solver) {
        try {
            Checkpoint.save(file, solver, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file + ": " + e.getMessage(), e);
        }
        saved = epoch;
        if (stop) parkForever();
    }

    @Override
    public void onTrainingEnd(Solver solver) {
        quiet.countDown();
    }

    /** The training thread, stopped for the JVM's exit: out of native code, nothing half-written. */
    private void parkForever() {
        quiet.countDown();
        while (true) {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // keep still: the JVM is exiting
            }
        }
    }

    /** Installs the shutdown hook for the time of training; {@link #disarm} removes it. */
    void arm() {
        hook = new Thread(this::interrupted, "convnet4j-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** After training (finished or failed): the hook has nothing to wait for. */
    void disarm() {
        quiet.countDown();
        if (hook == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: its message stands
        }
        hook = null;
    }

    /** The shutdown hook: stops training at the next iteration boundary, then says what is saved. */
    void interrupted() {
        stop = true;
        try {
            quiet.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print.accept(message());
    }

    /** What the user reads after Ctrl-C. */
    String message() {
        int s = saved;
        if (s == 0) {
            return "interrupted during epoch 1 of " + numEpochs + ", before its checkpoint: nothing of this run is saved "
                    + "(a checkpoint is written after every epoch)";
        }
        if (s >= numEpochs) return "interrupted after the last epoch: all " + numEpochs + " epochs are saved in " + file;
        return "interrupted during epoch " + (s + 1) + " of " + numEpochs + ": epoch " + s + " is saved in " + file
                + "; continue with: " + resumeCommand;
    }
}
