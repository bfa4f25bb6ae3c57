package org.convnet4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code convnet4j} command line: the seed notebook's experiments as commands. {@code train} is the
 * main job; see {@code convnet4j help}.
 */
@Command(name = "convnet4j", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Convolutional networks with naive reference layers and native (OpenBLAS) fast layers.",
        subcommands = {TrainCommand.class, OverfitCommand.class, FiltersCommand.class, ConvolveCommand.class,
                GradcheckCommand.class, NotebookCommand.class, BenchCommand.class, InfoCommand.class,
                DataCommand.class, CommandLine.HelpCommand.class})
public final class Main {
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
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
                    || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
