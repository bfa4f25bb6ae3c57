package org.convnet4j.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class NativeAssumeTest {
    @Test
    void availableRuns() {
        assertDoesNotThrow(() -> NativeAssume.decide(true, true, () -> "x"));
        assertDoesNotThrow(() -> NativeAssume.decide(true, false, () -> "x"));
    }

    @Test
    void missingSkipsByDefault() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> NativeAssume.decide(false, false, () -> "why it failed"));
        assertTrue(e.getMessage().contains("why it failed"));
    }

    @Test
    void missingFailsWhenRequired() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> NativeAssume.decide(false, true, () -> "why it failed"));
        assertTrue(e.getMessage().contains("cnn.requireNative=true") && e.getMessage().contains("why it failed"));
    }
}
