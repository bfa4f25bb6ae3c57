package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code convnet4j} command line: the notebook's experiments as commands. {@code train} is the
 * main job; see {@code convnet4j help}.
 */
@Command(name = "convnet4j", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Convolutional networks with naive reference layers and native (OpenBLAS) fast layers.",
        subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class,
                OverfitCommand.class, FiltersCommand.class, ConvolveCommand.class,
                GradcheckCommand.class, NotebookCommand.class, BenchCommand.class, InfoCommand.class,
                DataCommand.class, HelpCommand.class})
public final class Main {
    /**
     * The system property the launcher ({@code ./convnet4j}) sets to the name it was run as, so that hints
     * name the command the user typed.
     */
    static final String LAUNCHER_PROPERTY = "convnet4j.launcher";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        // route JavaCPP's own messages through SLF4J, like the rest of the library
        System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        System.setProperty("java.awt.headless", "true");
        // slf4j-simple (the CLI's logger): warnings and errors only, unless the user asks for more
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        return execute(withModules(new CommandLine(new Main())), args);
    }

    /**
     * Adds the commands other modules provide ({@link SubcommandProvider}, e.g. convnet4j-spark's
     * {@code sweep}); a known one that is missing gets a stand-in that says which artifact to add.
     */
    static CommandLine withModules(CommandLine cl) {
        for (SubcommandProvider p : ServiceLoader.load(SubcommandProvider.class)) {
            cl.addSubcommand(p.name(), p.newCommand());
        }
        if (!cl.getSubcommands().containsKey("sweep")) {
            cl.addSubcommand("sweep", new MissingSweepCommand());
            cl.getSubcommands().get("sweep").setUnmatchedOptionsArePositionalParams(true);
        }
        return cl;
    }

    /**
     * Executes {@code cl}: expected failures become one "error: ..." line and exit code 1; usage errors
     * (exit code 2) print their message and one hint line, not the whole help.
     */
    static int execute(CommandLine cl, String... args) {
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IOException
                    || e instanceof IllegalStateException || e instanceof UncheckedIOException) {
                cmd.getErr().println("error: " + message(e));
                return 1;
            }
            throw e;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // one line, not a stack trace: the fix is a bigger heap or a smaller problem
            long maxMb = Runtime.getRuntime().maxMemory() >> 20;
            cl.getErr().println("error: out of memory (" + e.getMessage() + ", Java heap limit " + maxMb
                    + " MB): give Java more with CONVNET4J_JAVA_OPTS=\"-Xmx8g\", or make the problem smaller "
                    + "(e.g. --hidden-dim, --num-filters, --batch-size, --num-train)");
            return 1;
        }
    }

    /**
     * A usage error: picocli's message (which names the option, the expected and the actual value), its
     * "did you mean" suggestions if any, and one line saying where the options are listed.
     */
    static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + commandName(cmd) + " --help' for the options.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The command as the user types it, e.g. {@code ./convnet4j data fetch}. */
    static String commandName(CommandLine cmd) {
        String name = cmd.getCommandSpec().qualifiedName();
        int space = name.indexOf(' ');
        return launcher() + (space < 0 ? "" : name.substring(space));
    }

    /** How the user ran the command line: the launcher's name ({@code ./convnet4j}), else {@code convnet4j}. */
    static String launcher() {
        String launcher = System.getProperty(LAUNCHER_PROPERTY, "");
        return launcher.isBlank() ? "convnet4j" : launcher;
    }

    /**
     * An exception's message for the one-line error. The JDK's file errors, where no command checked the
     * file beforehand, get the file and the reason in words (their own message is often a bare path).
     */
    static String message(Exception e) {
        if (e instanceof FileSystemException f) {
            return "cannot access " + f.getFile() + (f.getOtherFile() != null ? " or " + f.getOtherFile() : "") + ": "
                    + FileChecks.why(f);
        }
        return e.getMessage();
    }
}
