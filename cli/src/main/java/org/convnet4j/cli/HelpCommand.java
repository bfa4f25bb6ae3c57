package org.convnet4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND...]}: the help of a command at any depth ({@code help data fetch}), where
 * picocli's own help command looks at the first name only and so showed the help of {@code data}.
 */
@Command(name = "help", helpCommand = true, description = "Show the help of a command, e.g. 'help train' or 'help data fetch'.")
final class HelpCommand implements IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its subcommands: train, data fetch, ...")
    String[] names = {};

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        StringBuilder path = new StringBuilder();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new ParameterException(self, "Unknown command '" + (path + " " + name).strip() + "': expected "
                        + (path.length() == 0 ? "" : "after '" + path.toString().strip() + "' ") + "one of "
                        + target.getSubcommands().keySet());
            }
            path.append(' ').append(name);
            target = sub;
        }
        target.usage(out, colors);
        out.flush();
    }
}
