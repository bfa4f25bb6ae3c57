package org.convnet4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, kind 5: kill -9 left {@code .checkpoint.cnv.*.tmp} files that nothing removed; the folder was
 * not flushed after the rename.
 */
class AtomicFilesTest extends TestBase {
    @TempDir
    Path dir;

    /** The pid of a process that has ended (pids are reused, but not within a test). */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long pid = p.pid();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        return pid;
    }

    private Path file(String name, Duration age) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "partial");
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
        return p;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void temporaryFilesCarryTheWritersPid() throws IOException {
        Path tmp = AtomicFiles.createTemp(dir, "model.cnv", ".tmp");
        String name = tmp.getFileName().toString();
        assertTrue(name.matches("\\.model\\.cnv\\." + ProcessHandle.current().pid() + "\\.\\d+\\.tmp"), name);
    }

    @Test
    void aWriteRemovesOnlyTheOrphansOfItsOwnNameWhoseWriterIsGone() throws Exception {
        long dead = deadPid(), me = ProcessHandle.current().pid(), alive = ProcessHandle.current().parent().orElseThrow().pid();
        Duration old = AtomicFiles.DEAD_WRITER_AGE.plusSeconds(30), ancient = AtomicFiles.ANY_WRITER_AGE.plusHours(1);
        file(".model.cnv." + dead + ".111.tmp", old);              // writer gone: removed
        file(".model.cnv.222.tmp", ancient);                        // older pattern, a day old: removed
        file(".model.cnv." + dead + ".333.tmp", Duration.ZERO);     // writer gone, but just written: kept (another host?)
        file(".model.cnv." + alive + ".444.tmp", old);              // writer alive: kept
        file(".model.cnv." + me + ".555.tmp", old);                 // this process's own: kept
        file(".model.cnv.666.tmp", old);                            // older pattern, no pid, not a day old: kept
        file(".checkpoint.cnv." + dead + ".777.tmp", old);          // another file's: kept
        file(".model.cnv." + dead + ".888.part", old);              // another suffix: kept
        file("model.cnv." + dead + ".999.tmp", old);                // not hidden, so not ours: kept
        file(".model.cnv.x" + dead + ".tmp", old);                  // not the pattern: kept
        Files.createDirectory(dir.resolve(".model.cnv." + dead + ".1.tmp")); // a folder: kept
        AtomicFiles.write(dir.resolve("model.cnv"), "new".getBytes(StandardCharsets.UTF_8));
        assertEquals(Stream.of(".checkpoint.cnv." + dead + ".777.tmp", ".model.cnv." + alive + ".444.tmp",
                ".model.cnv." + dead + ".1.tmp", ".model.cnv." + dead + ".333.tmp", ".model.cnv." + dead + ".888.part",
                ".model.cnv." + me + ".555.tmp", ".model.cnv.666.tmp", ".model.cnv.x" + dead + ".tmp",
                "model.cnv", "model.cnv." + dead + ".999.tmp").sorted().toList(), names());
        assertEquals("new", Files.readString(dir.resolve("model.cnv")));
    }

    @Test
    void theAbandonedRuleTakesPidAndAge() throws Exception {
        Instant now = Instant.now();
        long dead = deadPid(), me = ProcessHandle.current().pid();
        assertTrue(AtomicFiles.abandoned(dead, now.minus(AtomicFiles.DEAD_WRITER_AGE), now));
        assertFalse(AtomicFiles.abandoned(dead, now.minus(AtomicFiles.DEAD_WRITER_AGE).plusSeconds(1), now));
        assertFalse(AtomicFiles.abandoned(me, now.minus(Duration.ofHours(23)), now));
        assertTrue(AtomicFiles.abandoned(me, now.minus(AtomicFiles.ANY_WRITER_AGE), now));
        assertFalse(AtomicFiles.abandoned(-1, now.minus(Duration.ofHours(23)), now));
        assertTrue(AtomicFiles.abandoned(-1, now.minus(AtomicFiles.ANY_WRITER_AGE), now));
    }

    /** A writer of the real kind, killed with SIGKILL in the middle of a write (run in a child JVM). */
    public static final class SlowWriter {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), (OutputStream out) -> {
                out.write(new byte[1 << 20]);
                out.flush();
                Files.writeString(Path.of(args[0] + ".started"), "x");
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            });
        }
    }

    @Test
    void theFileAKilledWriterLeftIsRemovedByTheNextWrite() throws Exception {
        Path target = dir.resolve("checkpoint.cnv");
        Files.writeString(target, "old");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SlowWriter.class.getName(), target.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            for (int i = 0; i < 600 && !Files.exists(dir.resolve("checkpoint.cnv.started")); i++) Thread.sleep(100);
            assertTrue(Files.exists(dir.resolve("checkpoint.cnv.started")), Files.readString(dir.resolve("child.log")));
        } finally {
            p.destroyForcibly(); // SIGKILL: no cleanup runs in the child
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        String orphan = ".checkpoint.cnv." + p.pid() + ".";
        List<String> left = names().stream().filter(n -> n.startsWith(orphan) && n.endsWith(".tmp")).toList();
        assertEquals(1, left.size(), names().toString());
        assertEquals(1 << 20, Files.size(dir.resolve(left.get(0))));
        assertEquals("old", Files.readString(target), "the target is untouched");

        // right after the kill it stays (its writer might be elsewhere), once idle for a minute it goes
        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
        assertTrue(names().contains(left.get(0)));
        Files.setLastModifiedTime(dir.resolve(left.get(0)), FileTime.from(Instant.now().minus(AtomicFiles.DEAD_WRITER_AGE)));
        AtomicFiles.write(target, "newer".getBytes(StandardCharsets.UTF_8));
        assertFalse(names().contains(left.get(0)), names().toString());
        assertEquals("newer", Files.readString(target));
    }

    /** The rename is followed by an fsync of the folder (counted, as it cannot be observed otherwise). */
    @Test
    void theFolderIsFlushedAfterTheRename() throws IOException {
        long before = AtomicFiles.DIRECTORY_SYNCS.get();
        AtomicFiles.write(dir.resolve("a.bin"), new byte[] {1, 2, 3});
        assertEquals(before + 1, AtomicFiles.DIRECTORY_SYNCS.get());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("a.bin")));
        Path tmp = AtomicFiles.createTemp(dir, "b.bin", ".part");
        AtomicFiles.moveIntoPlace(tmp, dir.resolve("b.bin"));
        assertEquals(before + 2, AtomicFiles.DIRECTORY_SYNCS.get());
    }
}
