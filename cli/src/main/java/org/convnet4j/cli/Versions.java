package org.convnet4j.cli;

import picocli.CommandLine.IVersionProvider;

/** The project version, filtered into {@code convnet4j-version.properties} by Maven. */
final class Versions implements IVersionProvider {
    static String project() {
        return org.convnet4j.Version.get();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"convnet4j " + project(), "Java " + System.getProperty("java.version")};
    }
}
