package org.convnet4j.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.fast.NativeStatus;

/**
 * The fuzz run, as its own program so that {@link FuzzTest} can run it in a child JVM: a crash of the JVM
 * (a native fault) then fails the test instead of taking the test run down.
 *
 * <p>Usage: {@code FuzzMain WORKDIR}. Settings (system properties): {@code fuzz.seed} (default 231),
 * {@code fuzz.count} cases per target (default 1000), {@code fuzz.only} one target by name,
 * {@code fuzz.case} one case of it, {@code fuzz.caseTimeoutMs} (default 20000), {@code fuzz.showRejected}
 * how many refusals per target to print (default 0, to read the messages). For every target it
 * prints {@code TARGET name cases=.. accepted=.. rejected=.. failures=.. ms=..}; for every failure the
 * seed, the input and the command that replays it; {@code SKIP name: why} for a native target without
 * the native library; and at the end {@code TOTAL ...}. Exit status 0 when nothing failed, 1 otherwise,
 * 3 when a case hung (the case is printed first).
 *
 * <p>Before each case the target and case number are written to {@code WORKDIR/current-case.txt}, a
 * memory-mapped file, so the parent can name the case even when the JVM dies inside it.
 */
public final class FuzzMain {
    /** Failures printed in full per target; the rest are counted by kind. */
    private static final int SHOWN = 3;

    private static volatile long caseStart;
    private static volatile String caseLabel = "";
    private static volatile Gen caseGen;

    private FuzzMain() {}

    /** Every target, ops first. */
    static List<FuzzTarget> targets() {
        List<FuzzTarget> all = new ArrayList<>(OpTargets.all());
        all.addAll(ParserTargets.all());
        return all;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path work = Paths.get(args[0]);
        long seed = Long.getLong("fuzz.seed", 231);
        int count = Integer.getInteger("fuzz.count", 1000);
        String only = System.getProperty("fuzz.only");
        Integer oneCase = Integer.getInteger("fuzz.case");
        long timeoutMs = Long.getLong("fuzz.caseTimeoutMs", 20_000);
        int showRejected = Integer.getInteger("fuzz.showRejected", 0);
        Files.createDirectories(work);
        MappedByteBuffer current;
        try (RandomAccessFile f = new RandomAccessFile(work.resolve("current-case.txt").toFile(), "rw")) {
            current = f.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, 512);
        }
        startWatchdog(out, timeoutMs, seed);
        boolean nativeOk = NativeStatus.isAvailable();
        long totalCases = 0, totalFailures = 0, t00 = System.nanoTime();
        List<FuzzTarget> targets = targets();
        for (int ti = 0; ti < targets.size(); ti++) {
            FuzzTarget t = targets.get(ti);
            if (only != null && !only.equals(t.name())) continue;
            if (t.needsNative() && !nativeOk) {
                out.println("SKIP " + t.name() + ": native library not loaded: " + NativeStatus.describe().replace('\n', ' '));
                continue;
            }
            Path dir = Files.createDirectories(work.resolve("t" + ti));
            int accepted = 0, rejected = 0, failures = 0;
            Map<String, Integer> kinds = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            int from = oneCase != null ? oneCase : 0, to = oneCase != null ? oneCase + 1 : count;
            for (int i = from; i < to; i++) {
                Gen g = new Gen(Gen.caseSeed(seed, t.name(), i));
                mark(current, t.name() + "\tcase " + i);
                caseGen = g;
                caseLabel = t.name() + " case " + i;
                caseStart = System.nanoTime();
                Throwable thrown = null;
                try {
                    t.body().run(g, dir);
                } catch (Throwable e) {
                    thrown = e;
                }
                caseStart = 0;
                if (thrown == null) {
                    accepted++;
                    continue;
                }
                String why = verdict(t.expect(), thrown, dir);
                if (why == null) {
                    if (rejected++ < showRejected) out.println("REJECTED " + t.name() + " case " + i + ": " + thrown);
                    continue;
                }
                failures++;
                String kind = thrown.getClass().getName() + " at " + topFrame(thrown);
                kinds.merge(kind, 1, Integer::sum);
                if (kinds.get(kind) <= SHOWN) {
                    out.println("FAIL " + t.name() + " case " + i + " (fuzz.seed=" + seed + "): " + why);
                    out.println("  input: " + g.describe());
                    out.println("  thrown: " + thrown);
                    for (StackTraceElement e : Arrays.copyOf(thrown.getStackTrace(), Math.min(8, thrown.getStackTrace().length))) {
                        out.println("    at " + e);
                    }
                    out.println("  replay: mvn -o test -Dtest=FuzzTest -Dfuzz.seed=" + seed + " '-Dfuzz.only=" + t.name()
                            + "' -Dfuzz.case=" + i);
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            for (Map.Entry<String, Integer> k : kinds.entrySet()) {
                out.println("KIND " + t.name() + ": " + k.getValue() + " x " + k.getKey());
            }
            out.println("TARGET " + t.name() + " cases=" + (to - from) + " accepted=" + accepted + " rejected=" + rejected
                    + " failures=" + failures + " ms=" + ms);
            totalCases += to - from;
            totalFailures += failures;
        }
        mark(current, "done");
        out.println("TOTAL cases=" + totalCases + " failures=" + totalFailures + " ms="
                + (System.nanoTime() - t00) / 1_000_000);
        out.flush();
        System.exit(totalFailures > 0 ? 1 : 0);
    }

    /**
     * Null when {@code e} is what this kind of target may throw, else why not. Ops: an
     * IllegalArgumentException with a message. Parsers: an IOException whose message names a file in the
     * case folder (and, for {@link FuzzTarget.Expect#FILE_AND_OFFSET}, a byte offset).
     */
    static String verdict(FuzzTarget.Expect expect, Throwable e, Path dir) {
        String m = e.getMessage();
        switch (expect) {
            case ARGUMENT:
                if (!(e instanceof IllegalArgumentException)) return "threw " + e.getClass().getName() + ", not IllegalArgumentException";
                if (m == null || m.isBlank()) return "IllegalArgumentException without a message";
                return null;
            case FILE:
            case FILE_AND_OFFSET:
                if (!(e instanceof IOException)) return "threw " + e.getClass().getName() + ", not an IOException";
                if (m == null || !m.contains(dir.toString())) return "the message does not name the file: " + m;
                if (expect == FuzzTarget.Expect.FILE_AND_OFFSET && !m.contains("offset")) {
                    return "the message names no byte offset: " + m;
                }
                return null;
            default:
                throw new IllegalStateException(String.valueOf(expect));
        }
    }

    private static String topFrame(Throwable e) {
        StackTraceElement[] s = e.getStackTrace();
        return s.length == 0 ? "?" : s[0].getClassName() + "." + s[0].getMethodName() + ":" + s[0].getLineNumber();
    }

    private static void mark(MappedByteBuffer current, String text) {
        byte[] b = Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), 511);
        current.put(0, b);
    }

    /** A case running longer than {@code timeoutMs} is a hang: print it and the stack, and stop with status 3. */
    private static void startWatchdog(PrintStream out, long timeoutMs, long seed) {
        Thread main = Thread.currentThread();
        Thread w = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                long s = caseStart;
                if (s != 0 && System.nanoTime() - s > timeoutMs * 1_000_000) {
                    Gen g = caseGen;
                    out.println("HANG " + caseLabel + " (fuzz.seed=" + seed + ") ran over " + timeoutMs + " ms");
                    out.println("  input: " + (g == null ? "?" : g.describe()));
                    for (StackTraceElement e : main.getStackTrace()) out.println("    at " + e);
                    out.flush();
                    Runtime.getRuntime().halt(3);
                }
            }
        }, "fuzz-watchdog");
        w.setDaemon(true);
        w.start();
    }
}
