package org.convnet4j.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingListener;

/**
 * Ctrl-C (or any other orderly stop: SIGTERM, logout) during training: stops training at the next
 * iteration boundary and says what is saved.
 *
 * <p>The JVM runs its shutdown hooks while training goes on, and then exits, running the native
 * libraries' exit code too. OpenBLAS's ({@code gotoblas_quit}) was seen to hang forever when the training
 * thread was inside a kernel at that moment (its worker thread never joined). So the hook first stops
 * training: the training thread, out of every native call and done with any checkpoint it was writing
 * (add this listener after the one that writes them), parks at the next iteration boundary until the JVM
 * is gone. Only then does the hook print its message, and return. A {@code kill -9} runs no hook; the
 * temporary file it may leave is removed by the next write (see {@link org.convnet4j.io.AtomicFiles}).
 */
final class Interrupt implements TrainingListener {
    /** How long the hook waits for the current iteration (and checkpoint) to finish. */
    static final int WAIT_SECONDS = 60;

    private final Consumer<String> print;
    private final IntFunction<String> message;
    private final CountDownLatch quiet = new CountDownLatch(1);
    private volatile boolean stop;
    private volatile int epochsDone;
    private Thread hook;

    /**
     * @param print where the message goes (above the progress bar, if one is shown)
     * @param message the message, given the epochs completed when training stopped
     */
    Interrupt(Consumer<String> print, IntFunction<String> message) {
        this.print = print;
        this.message = message;
    }

    @Override
    public void onTrainingStart(int numIterations, int iterationsPerEpoch, int startEpoch, int numEpochs) {
        epochsDone = startEpoch;
    }

    @Override
    public void onIteration(int iteration, int numIterations, int epoch, double loss) {
        if (stop) parkForever();
    }

    @Override
    public void onEpochEnd(int epoch, Solver solver) {
        epochsDone = epoch;
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
        print.accept(message.apply(epochsDone));
    }
}
