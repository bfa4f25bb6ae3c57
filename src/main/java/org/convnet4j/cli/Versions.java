package org.convnet4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The project version, filtered into {@code convnet4j-version.properties} by Maven. */
final class Versions implements IVersionProvider {
    static String project() {
        try (InputStream in = Versions.class.getResourceAsStream("/org/convnet4j/convnet4j-version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"convnet4j " + project(), "Java " + System.getProperty("java.version")};
    }
}
