package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convnet4j.testing.ChildJvm;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, kind 6: native scratch stays within the limits JavaCPP enforces (maxBytes defaults to the heap
 * size). Each case runs in a child JVM ({@link MemoryLimitChild}), so the limits are the child's own.
 */
class NativeMemoryLimitTest extends TestBase {

    private static List<String> options(String... extra) {
        List<String> o = new java.util.ArrayList<>(List.of("-Dconvnet4j.blas.threads=1",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir",
                        System.getProperty("java.io.tmpdir") + "/convnet4j-test-javacpp-cache")));
        o.addAll(List.of(extra));
        return o;
    }

    /**
     * The example: with -Xmx48m, x (1, 512, 64, 64), w (32, 512, 3, 3), pad 1, float32 threw
     * "OutOfMemoryError: Cannot allocate new FloatPointer" on NATIVE and AUTO (75 MB of im2col columns) where the
     * naive conv works. Now the image is done in bands of output rows.
     */
    @Test
    void aBigImageFitsASmallHeap() throws Exception {
        NativeAssume.nativeAvailable();
        ChildJvm.Result r = ChildJvm.run(MemoryLimitChild.class, options("-Xmx48m"), 600, "fit", "1", "512", "64", "64", "32");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.output().contains("NATIVE agrees") && r.output().contains("AUTO agrees"), r.toString());
    }

    /**
     * When even one output row cannot fit (maxbytes 1 MiB: half of it for the call, one row needs 885 KB),
     * NATIVE refuses with a NativeMemoryError naming the setting, before allocating; AUTO runs the naive conv.
     */
    @Test
    void whatCannotFitIsRefusedByNativeAndRunNaivelyByAuto() throws Exception {
        NativeAssume.nativeAvailable();
        ChildJvm.Result r = ChildJvm.run(MemoryLimitChild.class, options("-Dorg.bytedeco.javacpp.maxbytes=1m"), 600,
                "refuse", "1", "512", "16", "16", "32");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.output().contains("NATIVE threw NativeMemoryError") && r.output().contains("AUTO same as naive"),
                r.toString());
    }
}
