package org.convnet4j.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.data.FashionMnist;

/**
 * Skips a test that needs the installed Fashion-MNIST files when they are missing, unless
 * {@code -Dcnn.requireData=true} (set by CI), which turns the skip into a failure so a test on real data
 * cannot pass by not running. The data twin of {@link NativeAssume}.
 */
public final class DataAssume {
    /** The system property that makes missing data a test failure. */
    public static final String REQUIRE_PROPERTY = "cnn.requireData";

    private DataAssume() {}

    /** The system Fashion-MNIST folder, or a skip / failure when it is not complete. */
    public static Path fashionMnist() {
        return fashionMnist(Path.of(FashionMnist.SYSTEM_DIR), Boolean.getBoolean(REQUIRE_PROPERTY));
    }

    /** The switch itself, separated so tests can drive it with any folder and either setting. */
    static Path fashionMnist(Path dir, boolean required) {
        boolean present = Files.isDirectory(dir) && FashionMnist.missingFiles(dir).isEmpty();
        if (present) return dir;
        String why = "Fashion-MNIST is not installed in " + dir + " (apt-get install dataset-fashion-mnist)"
                + (Files.isDirectory(dir) ? "; missing " + FashionMnist.missingFiles(dir) : "");
        if (required) fail(REQUIRE_PROPERTY + "=true but " + why);
        assumeTrue(false, why);
        return dir; // not reached
    }
}
