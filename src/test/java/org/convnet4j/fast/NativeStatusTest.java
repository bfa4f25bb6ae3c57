package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.layers.Affine;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.testing.NativeAssume;
import org.junit.jupiter.api.Test;

class NativeStatusTest {
    @Test
    void failureTextIsActionable() {
        String s = NativeStatus.render(new UnsatisfiedLinkError("no jniNativeKernels in java.library.path"),
                "linux-x86_64", "/org/convnet4j/fast/linux-x86_64/libjniNativeKernels.so", false, "1.2.3");
        assertTrue(s.contains("no jniNativeKernels"), s);
        assertTrue(s.contains("Platform detected: linux-x86_64"), s);
        assertTrue(s.contains("/org/convnet4j/fast/linux-x86_64/libjniNativeKernels.so (not on the classpath)"), s);
        assertTrue(s.contains("org.convnet4j:convnet4j:1.2.3:linux-x86_64"), s);
        assertTrue(s.contains("convnet4j-platform"), s);
        assertTrue(s.contains("-Dorg.bytedeco.javacpp.logger.debug=true"), s);
        assertTrue(NativeStatus.render(new UnsatisfiedLinkError("x"), "linux-x86_64", "r", false, null)
                .contains("convnet4j:<version>:linux-x86_64"));
        // a platform we ship no classifier for gets told so, not sent looking for an artifact that does not exist
        String mac = NativeStatus.render(new UnsatisfiedLinkError("x"), "macosx-arm64", "r", false, "1.2.3");
        assertTrue(mac.contains("native kernels for linux-x86_64 only"), mac);
        assertTrue(mac.contains("cppbuild.sh -platform macosx-arm64 install"), mac);
        assertFalse(mac.contains("convnet4j:1.2.3:macosx-arm64"), mac);
    }

    @Test
    void loadedHereAndDescribed() {
        NativeAssume.nativeAvailable();
        assertEquals(null, NativeStatus.failure());
        assertTrue(NativeStatus.describe().contains("loaded"), NativeStatus.describe());
    }

    @Test
    void backendSelection() {
        assertInstanceOf(Conv2d.class, Backend.NAIVE.conv(true));
        assertInstanceOf(MaxPool2d.class, Backend.NAIVE.pool(true));
        assertInstanceOf(Conv2dFast.class, Backend.NATIVE.conv(true));
        assertInstanceOf(MaxPool2dFast.class, Backend.NATIVE.pool(true));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backend.NATIVE.conv(false));
        assertTrue(e.getMessage().contains(NativeStatus.describe()));
        assertThrows(IllegalStateException.class, () -> Backend.NATIVE.pool(false));
        assertInstanceOf(Conv2d.class, Backend.AUTO.conv(false));
        assertInstanceOf(MaxPool2d.class, Backend.AUTO.pool(false));
        assertInstanceOf(Backend.AutoConv.class, Backend.AUTO.conv(true));
        assertInstanceOf(Affine.class, Backend.NAIVE.affine(true));
        assertInstanceOf(AffineFast.class, Backend.NATIVE.affine(true));
        assertThrows(IllegalStateException.class, () -> Backend.NATIVE.affine(false));
        assertInstanceOf(Affine.class, Backend.AUTO.affine(false));
        assertInstanceOf(Backend.AutoAffine.class, Backend.AUTO.affine(true));
        assertEquals(Backend.AUTO, Backend.parse(" Auto "));
        assertThrows(IllegalArgumentException.class, () -> Backend.parse("gpu"));
    }

    @Test
    void versionsAgree() {
        assertTrue(NativeConfig.versionsMatch("1.5.13", "0.3.31-1.5.13"));
        assertFalse(NativeConfig.versionsMatch("1.5.12", "0.3.31-1.5.13"));
        assertFalse(NativeConfig.versionsMatch(null, "0.3.31-1.5.13"));
        assertTrue(NativeConfig.versionsMatch(),
                "javacpp " + NativeConfig.javacppVersion() + " vs openblas " + NativeConfig.openblasVersion());
    }

    @Test
    void blasThreadKnob() {
        NativeAssume.nativeAvailable();
        int before = NativeConfig.getBlasThreads();
        try {
            NativeConfig.setBlasThreads(1);
            assertEquals(1, NativeConfig.getBlasThreads());
            assertEquals("OpenBLAS", NativeConfig.blasVendor());
            assertFalse(NativeConfig.blasCorename().isEmpty());
            assertTrue(NativeConfig.blasConfig().startsWith("OpenBLAS"), NativeConfig.blasConfig());
        } finally {
            NativeConfig.setBlasThreads(before);
        }
        assertThrows(IllegalArgumentException.class, () -> NativeConfig.setBlasThreads(0));
    }
}
