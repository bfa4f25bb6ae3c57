package org.convnet4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's own version, filtered into {@code convnet4j-version.properties} by Maven at build time. */
public final class Version {
    private Version() {}

    /** The project version (e.g. {@code 0.1.0-SNAPSHOT}), or {@code "unknown"} if the resource is missing. */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/org/convnet4j/convnet4j-version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v; // an unfiltered copy (e.g. an IDE build)
        } catch (IOException e) {
            return "unknown";
        }
    }
}
