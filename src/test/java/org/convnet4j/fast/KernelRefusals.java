package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.IntSupplier;

/** Calls a critical-region entry point directly (bypassing the Java checks) and expects its refusal. */
final class KernelRefusals {
    private KernelRefusals() {}

    /** The exception the glue turns a non-zero kernel status into. */
    static IllegalStateException refused(IntSupplier kernelCall) {
        return assertThrows(IllegalStateException.class, () -> NativeKernels.check(kernelCall.getAsInt()));
    }
}
