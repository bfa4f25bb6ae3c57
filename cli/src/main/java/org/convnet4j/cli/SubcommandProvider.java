package org.convnet4j.cli;

/**
 * A command that lives in another module and joins {@code convnet4j} when that module is on the class path,
 * found with {@link java.util.ServiceLoader} (a {@code META-INF/services/org.convnet4j.cli.SubcommandProvider}
 * file in the module's jar). convnet4j-spark provides {@code sweep} this way, so the command line itself does
 * not depend on Spark.
 */
public interface SubcommandProvider {
    /** The command's name, e.g. {@code "sweep"}. */
    String name();

    /** A new picocli command object (annotated with {@code @Command}) to register under {@link #name()}. */
    Object newCommand();
}
