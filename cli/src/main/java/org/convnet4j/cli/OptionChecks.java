package org.convnet4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.viz.ImageFiles;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Validates option values before a command does any work. A bad value is a usage error (picocli's
 * {@link ParameterException}: message, usage help, exit code 2) that names the option as the user typed
 * it, the expected and the actual value, in picocli's own wording:
 * {@code Invalid value for option '--epochs': expected an integer >= 1, got 0}. Without these checks the
 * library's messages name its internal parameters ("solver: num_epochs ...").
 */
public final class OptionChecks {
    private final CommandSpec spec;

    public OptionChecks(CommandSpec spec) {
        this.spec = spec;
    }

    public ParameterException invalid(String option, String expected, Object actual) {
        return new ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': expected " + expected + ", got " + actual);
    }

    /** A bad positional parameter, e.g. {@code data fetch mnist}. */
    ParameterException invalidParameter(String label, String expected, Object actual) {
        return new ParameterException(spec.commandLine(),
                "Invalid value for positional parameter '" + label + "': expected " + expected + ", got " + actual);
    }

    /** A bad environment variable the command depends on: a usage error, like a bad option value. */
    ParameterException invalidEnv(String variable, String expected, Object actual) {
        return new ParameterException(spec.commandLine(),
                "Invalid value for environment variable " + variable + ": expected " + expected + ", got " + actual);
    }

    public void atLeast(String option, long min, long actual) {
        if (actual < min) throw invalid(option, "an integer >= " + min, actual);
    }

    public void inRange(String option, long min, long max, long actual) {
        if (actual < min || actual > max) throw invalid(option, "an integer in [" + min + ", " + max + "]", actual);
    }

    public void positive(String option, double actual) {
        if (!(actual > 0 && Double.isFinite(actual))) throw invalid(option, "a finite number > 0", actual);
    }

    public void nonNegative(String option, double actual) {
        if (!(actual >= 0 && Double.isFinite(actual))) throw invalid(option, "a finite number >= 0", actual);
    }

    /** Iterations are counted in int: {@code epochs * perEpoch} must fit (else the count wraps around). */
    public void epochsFit(int epochs, int perEpoch) {
        if ((long) epochs * perEpoch > Integer.MAX_VALUE) {
            throw invalid("--epochs", "at most " + Integer.MAX_VALUE / perEpoch + " (" + perEpoch
                    + " iterations per epoch, at most " + Integer.MAX_VALUE + " in all)", epochs);
        }
    }

    /** A picture's file name must end in an extension we write (its format), e.g. {@code .png}. */
    void pictureName(String option, Path file) {
        try {
            ImageFiles.format(file);
        } catch (IllegalArgumentException e) {
            throw invalid(option, "a file name ending in ." + String.join(", .", ImageFiles.EXTENSIONS)
                    + " (the format written)", file);
        }
    }

    /** An explicitly given folder must exist (a typo must not fall back silently to a default). */
    public void existingFolder(String option, Path dir) {
        if (dir != null && !Files.isDirectory(dir)) {
            throw invalid(option, "an existing folder", dir + (Files.exists(dir) ? " (a file)" : " (does not exist)"));
        }
    }
}
