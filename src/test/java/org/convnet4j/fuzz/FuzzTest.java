package org.convnet4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link FuzzMain} in a child JVM (this test's class path, {@code -Xmx512m}; its report goes to
 * {@code target/fuzz/fuzz.log}) and fails unless every
 * target ran its cases and nothing but the documented exceptions came out: IllegalArgumentException from
 * the ops, an IOException naming the file (and the byte offset) from the readers. A JVM crash, a hang or
 * an OutOfMemoryError fails too. Seed 231 by default, so a failure is reproducible; the failure message
 * holds the child's report, which gives each failing input and the command that replays it.
 *
 * <p>{@code -Dfuzz.seed}, {@code -Dfuzz.count}, {@code -Dfuzz.only} and {@code -Dfuzz.case} are passed on to
 * the child (see {@link FuzzMain}), e.g. {@code mvn -o test -Dtest=FuzzTest -Dfuzz.seed=7 -Dfuzz.count=20000}
 * for a longer run. With {@code -Dcnn.requireNative=true} a skipped native target is a failure.
 */
class FuzzTest extends TestBase {
    /** The whole run must finish well inside CI's 3-minute budget for it. */
    private static final long LIMIT_SECONDS = 170;

    @TempDir
    Path dir;

    @Test
    void onlyDocumentedExceptionsComeOutOfEveryOpAndReader() throws Exception {
        // the report stays in target/ for CI to keep: per-target counts and times, and any failure in full
        Path log = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "fuzz")).resolve("fuzz.log");
        Process p = new ProcessBuilder(command(dir.resolve("work"))).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("the fuzz run took more than " + LIMIT_SECONDS + " s; case at the time: " + currentCase() + "\n" + tail(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        int exit = p.exitValue();
        if (exit != 0) {
            String what = exit == 1 ? "inputs gave undocumented exceptions" : exit == 3 ? "a case hung"
                    : "the child JVM died (exit " + exit + ") in " + currentCase();
            fail("fuzz: " + what + "\n" + out);
        }
        int expected = Integer.getInteger("fuzz.count", 1000);
        boolean single = System.getProperty("fuzz.case") != null || System.getProperty("fuzz.only") != null;
        Matcher m = Pattern.compile("^TARGET (\\S+) cases=(\\d+) .*failures=(\\d+)", Pattern.MULTILINE).matcher(out);
        List<String> ran = new ArrayList<>();
        while (m.find()) {
            ran.add(m.group(1));
            if (!single) assertEquals(expected, Integer.parseInt(m.group(2)), "cases of " + m.group(1) + "\n" + out);
            assertEquals(0, Integer.parseInt(m.group(3)), m.group(1) + "\n" + out);
        }
        if (!single) {
            List<String> missing = new ArrayList<>();
            for (FuzzTarget t : FuzzMain.targets()) {
                if (!ran.contains(t.name()) && (!t.needsNative() || Boolean.getBoolean(NativeAssume.REQUIRE_PROPERTY))) {
                    missing.add(t.name());
                }
            }
            assertTrue(missing.isEmpty(), "targets that did not run: " + missing + "\n" + out);
        }
        assertTrue(out.contains("TOTAL "), out);
    }

    private String currentCase() {
        try {
            return new String(Files.readAllBytes(dir.resolve("work").resolve("current-case.txt")), StandardCharsets.UTF_8)
                    .replace("\0", "").trim();
        } catch (java.io.IOException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    private static String tail(Path log) throws java.io.IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8);
        return s.length() > 20_000 ? "..." + s.substring(s.length() - 20_000) : s;
    }

    /** java, a small heap, this class path, the forwarded settings, FuzzMain WORK. */
    private static List<String> command(Path work) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:-OmitStackTraceInFastThrow"); // keep the stack of every exception, however often it is thrown
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String k = e.getKey().toString();
            if (k.startsWith("fuzz.") || k.startsWith("org.bytedeco.") || k.startsWith("convnet4j.") || k.startsWith("cnn.")
                    || k.startsWith("org.slf4j.")) {
                cmd.add("-D" + k + "=" + e.getValue());
            }
        }
        cmd.add("-cp");
        // surefire runs tests from a manifest-only jar by default and gives the real class path here
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(FuzzMain.class.getName());
        cmd.add(work.toString());
        return cmd;
    }
}
