package org.convnet4j.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Asserts that a call is refused with an IllegalArgumentException whose message names what it should. */
public final class Rejects {
    private Rejects() {}

    /** The message must contain every fragment (op, argument, expected and actual values). */
    public static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String m = String.valueOf(e.getMessage());
        for (String f : fragments) assertTrue(m.contains(f), "message '" + m + "' lacks '" + f + "'");
    }
}
