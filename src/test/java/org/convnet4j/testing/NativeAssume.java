package org.convnet4j.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.convnet4j.fast.NativeStatus;

/**
 * Skips a native-only test when the kernels did not load, unless {@code -Dcnn.requireNative=true}
 * (set by CI), which turns the skip into a failure so a broken native build cannot pass silently.
 */
public final class NativeAssume {
    /** The system property that makes a missing native library a test failure. */
    public static final String REQUIRE_PROPERTY = "cnn.requireNative";

    private NativeAssume() {}

    public static void nativeAvailable() {
        decide(NativeStatus.isAvailable(), Boolean.getBoolean(REQUIRE_PROPERTY), NativeStatus::describe);
    }

    /** The switch itself, separated so tests can drive it with either availability. */
    static void decide(boolean available, boolean required, java.util.function.Supplier<String> describe) {
        if (available) return;
        if (required) fail(REQUIRE_PROPERTY + "=true but " + describe.get());
        assumeTrue(false, describe);
    }
}
