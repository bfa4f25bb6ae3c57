package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.testing.ChildJvm;
import org.convnet4j.testing.NativeAssume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeStatusTest {
    private static final String OURS = "/org/convnet4j/fast/linux-x86_64/libjniNativeKernels.so";
    private static final List<NativeStatus.CacheDir> USABLE_CACHE =
            List.of(new NativeStatus.CacheDir("/home/u/.javacpp/cache", "JavaCPP's default", null));

    private static NativeStatus.Facts facts(String platform, boolean ours, boolean openblas, boolean javacpp,
                                            String version, List<NativeStatus.CacheDir> cache) {
        return new NativeStatus.Facts(platform, OURS, ours, openblas, javacpp, version, cache);
    }

    @Test
    void failureTextIsActionable() {
        String s = NativeStatus.render(new UnsatisfiedLinkError("no jniNativeKernels in java.library.path"),
                facts("linux-x86_64", false, true, true, "1.2.3", USABLE_CACHE));
        assertTrue(s.contains("no jniNativeKernels"), s);
        assertTrue(s.contains("Platform detected: linux-x86_64"), s);
        assertTrue(s.contains("org.convnet4j:convnet4j:1.2.3:linux-x86_64 (classifier linux-x86_64, expected resource "
                + OURS + ")"), s);
        assertTrue(s.contains("convnet4j-platform"), s);
        assertTrue(s.contains("-Dorg.bytedeco.javacpp.logger.debug=true"), s);
        // only what is missing is named: OpenBLAS's and JavaCPP's natives are on the class path here
        assertFalse(s.contains("org.bytedeco:openblas") || s.contains("org.bytedeco:javacpp"), s);
        assertTrue(NativeStatus.render(new UnsatisfiedLinkError("x"), facts("linux-x86_64", false, true, true, null,
                USABLE_CACHE)).contains("convnet4j:<version>:linux-x86_64"));
        String noBlas = NativeStatus.render(new UnsatisfiedLinkError("x"), facts("linux-x86_64", true, false, true, "1.2.3",
                USABLE_CACHE));
        assertTrue(noBlas.contains("Missing from the class path: org.bytedeco:openblas:<version>:linux-x86_64; add it"), noBlas);
        assertFalse(noBlas.contains("org.convnet4j:convnet4j:1.2.3:linux-x86_64"), noBlas);
        // everything present and no extraction problem: a library that would not load, no dependency advice
        String present = NativeStatus.render(new UnsatisfiedLinkError("libgfortran.so.5: cannot open shared object"),
                facts("linux-x86_64", true, true, true, "1.2.3", USABLE_CACHE));
        assertTrue(present.contains("are all on the class path"), present);
        assertFalse(present.contains("Missing") || present.contains("add "), present);
        // a platform we ship no classifier for gets told so, not sent looking for an artifact that does not exist
        String mac = NativeStatus.render(new UnsatisfiedLinkError("x"), facts("macosx-arm64", false, false, false, "1.2.3",
                USABLE_CACHE));
        assertTrue(mac.contains("native kernels for linux-x86_64 only"), mac);
        assertTrue(mac.contains("cppbuild.sh -platform macosx-arm64 install"), mac);
        assertFalse(mac.contains("convnet4j:1.2.3:macosx-arm64"), mac);
    }

    /**
     * Issue 9, kind 7: with an unusable JavaCPP cache directory describe() said "set the cachedir property"
     * although it was set, and advised adding dependencies already on the class path. Now it names the
     * directories JavaCPP tried, why each failed and what to do.
     */
    @Test
    void anUnusableCacheDirectoryIsNamedWithWhatToDo() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("java.io.IOException: Could not create the cache: Set the"
                + " \"org.bytedeco.javacpp.cachedir\" system property.");
        e.initCause(new java.io.IOException("Could not create the cache: Set the \"org.bytedeco.javacpp.cachedir\""
                + " system property."));
        List<NativeStatus.CacheDir> tried = List.of(
                new NativeStatus.CacheDir("/ro/cache", "set by org.bytedeco.javacpp.cachedir", "is not writable"),
                new NativeStatus.CacheDir("/home/u/.javacpp/cache", "JavaCPP's default", "is not writable"),
                new NativeStatus.CacheDir("/tmp/.javacpp-u/cache", "JavaCPP's fallback", "is not writable"));
        String s = NativeStatus.render(e, facts("linux-x86_64", true, true, true, "1.2.3", tried));
        assertTrue(s.contains("JavaCPP could not extract the native libraries to its cache directory; /ro/cache (set by"
                + " org.bytedeco.javacpp.cachedir) is not writable"), s);
        assertTrue(s.contains("Make /ro/cache a writable directory, or point -Dorg.bytedeco.javacpp.cachedir at one"), s);
        assertFalse(s.contains("Set the \"org.bytedeco.javacpp.cachedir\" system property"), s);
        assertFalse(s.contains("Missing") || s.contains("convnet4j-platform") || s.contains("org.bytedeco:openblas"), s);
        // not set: then setting it is the advice
        String unset = NativeStatus.render(e, facts("linux-x86_64", true, true, true, "1.2.3", tried.subList(1, 3)));
        assertTrue(unset.contains("Set -Dorg.bytedeco.javacpp.cachedir=<a writable directory>"), unset);
    }

    /** The same, end to end: a child JVM whose cache directory (and JavaCPP's fallbacks) cannot be created. */
    @Test
    void anUnusableCacheDirectoryInAChildJvm(@TempDir Path dir) throws Exception {
        NativeAssume.nativeAvailable(); // the natives are on this class path: only the cache can fail the child
        Path blocker = Files.writeString(dir.resolve("a-file"), "not a directory");
        String cache = blocker.resolve("cache").toString();
        ChildJvm.Result r = ChildJvm.run(NativeStatusChild.class, List.of("-Dorg.bytedeco.javacpp.cachedir=" + cache,
                "-Duser.home=" + blocker.resolve("home"), "-Djava.io.tmpdir=" + blocker.resolve("tmp")), 120);
        assertEquals(0, r.exitCode(), r.toString());
        String out = r.output();
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("JavaCPP could not extract the native libraries to its cache directory; " + cache
                + " (set by org.bytedeco.javacpp.cachedir) cannot be created: " + blocker + " is a file"), out);
        assertTrue(out.contains("Make " + cache + " a writable directory, or point -Dorg.bytedeco.javacpp.cachedir at"), out);
        assertFalse(out.contains("Set the \"org.bytedeco.javacpp.cachedir\" system property"), out);
        assertFalse(out.contains("Missing") || out.contains("convnet4j-platform") || out.contains("Add the dependency"), out);
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
        // more threads than cores: 100 on 2 cores hung the JVM
        assertThrows(IllegalArgumentException.class, () -> NativeConfig.setBlasThreads(NativeConfig.maxThreads() + 1));
    }
}
