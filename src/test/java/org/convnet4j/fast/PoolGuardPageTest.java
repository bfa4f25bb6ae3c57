package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory safety of the max-pool forward kernels (pool.h with pool_avx2.h), which a JVM cannot show: a read past a
 * Java array lands in the next object, silently. {@code src/test/native/pool_avx2_fuzz.cpp} puts x right before
 * (and right after) a PROT_NONE page, with the last window ending at x's last element, and checks both kernels
 * against a plain scan; compiled here with g++ and UBSan and run for 3000 random shapes. Needs g++ (which the
 * native build needs too: with {@code -Dcnn.requireNative=true} a missing g++ fails instead of skipping) on Linux
 * x86-64.
 */
class PoolGuardPageTest extends TestBase {

    /** The few CBLAS declarations common.h names; the pool kernels call none of them. */
    private static final String CBLAS_STUB = String.join("\n",
            "#pragma once",
            "enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };",
            "enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112 };",
            "void cblas_sgemm(...);",
            "void cblas_dgemm(...);",
            "");

    @Test
    void noReadOutsideXAndTheSameAnswersAsAPlainScan(@TempDir Path dir) throws Exception {
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "Linux x86-64 only");
        Path source = Path.of("src/test/native/pool_avx2_fuzz.cpp"), include = Path.of("native/include");
        boolean required = Boolean.getBoolean(NativeAssume.REQUIRE_PROPERTY);
        String gxx = onPath("g++");
        if (gxx == null || !Files.isRegularFile(source)) {
            if (required) fail("g++ or " + source.toAbsolutePath() + " missing");
            assumeTrue(false, "g++ or the harness source missing");
        }
        Files.writeString(dir.resolve("cblas.h"), CBLAS_STUB, StandardCharsets.UTF_8);
        Path exe = dir.resolve("pool_fuzz");
        Result compiled = run(List.of(gxx, "-std=c++17", "-O1", "-fsanitize=undefined", "-fno-sanitize-recover=all",
                "-I", include.toString(), "-I", dir.toString(), source.toString(), "-o", exe.toString()), 120);
        assertEquals(0, compiled.code, () -> "g++ failed:\n" + compiled.output);
        Result ran = run(List.of(exe.toString(), "3000"), 120);
        assertEquals(0, ran.code, () -> "the guard-page fuzz failed (exit " + ran.code + "; 139: a read outside x):\n"
                + ran.output);
        assertTrue(ran.output.contains("failures 0"), ran.output);
        // the same CPU answer as the JNI build's (so the AVX2 kernels were the ones checked where the JVM runs them)
        if (NativeStatus.isAvailable()) {
            assertTrue(ran.output.contains("avx2 available: " + NativeKernels.cnn_pool_avx2_available()), ran.output);
        }
    }

    private record Result(int code, String output) {}

    private static Result run(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("convnet4j-guard", ".log");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, "killed after " + timeoutSeconds + " s\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
