package org.convnet4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.convnet4j.solver.Checkpoint;
import org.convnet4j.solver.Solver;
import org.convnet4j.solver.TrainingListener;

/**
 * Writes the checkpoint, with the command line's settings, at the end of every epoch, and words what an
 * {@link Interrupt} then finds saved: which epoch, and the exact command that continues the run.
 */
final class CheckpointSaver implements TrainingListener {
    private final Path file;
    private final Map<String, String> meta;
    private final int numEpochs;
    private final String resumeCommand;
    private volatile int saved;

    /**
     * @param saved the epochs already in {@code file} (0 for a new run)
     * @param resumeCommand the command that continues the run
     */
    CheckpointSaver(Path file, Map<String, String> meta, int saved, int numEpochs, String resumeCommand) {
        this.file = file;
        this.meta = meta;
        this.saved = saved;
        this.numEpochs = numEpochs;
        this.resumeCommand = resumeCommand;
    }

    @Override
    public void onEpochEnd(int epoch, Solver solver) {
        try {
            Checkpoint.save(file, solver, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file + ": " + e.getMessage(), e);
        }
        saved = epoch;
    }

    /** What the user reads after Ctrl-C. */
    String interrupted() {
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
