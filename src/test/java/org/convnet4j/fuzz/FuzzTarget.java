package org.convnet4j.fuzz;

import java.nio.file.Path;

/**
 * One fuzzed entry point: a name, the exceptions it may throw ({@link Expect}) and a body that builds an
 * input from a {@link Gen} and makes the call. The body returns normally when the call accepted the input.
 * Targets are listed in {@link OpTargets} and {@link ParserTargets}; adding an op is one
 * {@code add(...)} line there (see {@link OpTargets}).
 *
 * @param name shown in reports and used with {@code -Dfuzz.only}
 * @param expect what may come out besides a normal return
 * @param needsNative skipped (and reported) when the native library did not load
 * @param body the case
 */
record FuzzTarget(String name, Expect expect, boolean needsNative, Body body) {

    /** What a target may throw. */
    enum Expect {
        /** An op: only {@link IllegalArgumentException}, with a message. */
        ARGUMENT,
        /** A parser: only an {@link java.io.IOException} whose message names the file and a byte offset. */
        FILE_AND_OFFSET,
        /** A loader above a parser: an {@link java.io.IOException} whose message names the file. */
        FILE
    }

    /** The case: build an input with {@code g} (and files under {@code dir}), then call the code under test. */
    @FunctionalInterface
    interface Body {
        void run(Gen g, Path dir) throws Exception;
    }
}
