package org.convnet4j.spark;

import org.convnet4j.cli.SubcommandProvider;

/** Registers {@code sweep} with the command line when this module is on the class path (ServiceLoader). */
public final class SweepCommandProvider implements SubcommandProvider {
    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public Object newCommand() {
        return new SweepCommand();
    }
}
