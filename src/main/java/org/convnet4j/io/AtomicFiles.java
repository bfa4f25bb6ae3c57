package org.convnet4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convnet4j.tensor.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the
 * same folder, is flushed to disk, and is then renamed over the target in one step; the folder is then
 * flushed too, so that the rename itself survives a power cut. On failure the temporary file is removed
 * and the target is left as it was.
 *
 * <p>A process killed while writing ({@code kill -9}, a power cut) leaves its temporary file behind.
 * Temporary files are named {@code .NAME.PID.RANDOM.tmp} (PID: the writing process), and every write of
 * {@code NAME} first removes the ones other writers of {@code NAME} abandoned ({@link #removeOrphans}):
 * only files of exactly that pattern, and only when {@link #abandoned} says the writer is gone.
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    private static final long PID = ProcessHandle.current().pid();

    /**
     * How long a temporary file whose writer's pid is not running on this machine must have been left
     * untouched before it is removed. A pid belongs to this machine's process table: a writer on another
     * machine (a shared folder) or in another pid namespace (a container) looks dead here, but its file,
     * being written, keeps a fresh modification time.
     */
    public static final Duration DEAD_WRITER_AGE = Duration.ofMinutes(1);
    /**
     * How long any temporary file of the pattern must have been left untouched before it is removed,
     * whether or not its pid runs: pids are reused, and files named before the pid was part of the name
     * ({@code .NAME.RANDOM.tmp}) carry none. No write takes a day.
     */
    public static final Duration ANY_WRITER_AGE = Duration.ofDays(1);

    /** Folder flushes done (for tests: the flush cannot be observed otherwise). */
    static final AtomicLong DIRECTORY_SYNCS = new AtomicLong();

    private AtomicFiles() {}

    /** Something that writes a file's whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically with the content that {@code writer} produces, after removing the
     * temporary files that writers of {@code target} killed earlier left in its folder.
     *
     * @throws IllegalArgumentException if target or writer is null
     */
    public static void write(Path target, Writer writer) throws IOException {
        Checks.notNull("atomic write", "target", target);
        Checks.notNull("atomic write", "writer", writer);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        String name = abs.getFileName().toString();
        removeOrphans(dir, name, ".tmp");
        Path tmp = createTemp(dir, name, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp);
                 FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            // createTempFile makes the file private (0600); give it the usual rw-r--r-- of a new file
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            moveIntoPlace(tmp, abs);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. @throws IllegalArgumentException if an argument is null */
    public static void write(Path target, byte[] bytes) throws IOException {
        Checks.notNull("atomic write", "bytes", bytes);
        write(target, out -> out.write(bytes));
    }

    /**
     * Renames a finished temporary file over {@code target}, atomically where the file system can, and
     * then flushes the folder so that the rename is on disk.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        Checks.notNull("atomic write", "tmp", tmp);
        Checks.notNull("atomic write", "target", target);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * fsync of a folder: makes the entries renamed into it durable (POSIX does not promise that the fsync
     * of the file does). Some platforms cannot open a folder (Windows); there the rename stays atomic,
     * only its durability is the file system's.
     */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
            DIRECTORY_SYNCS.incrementAndGet();
        } catch (IOException e) {
            LOG.debug("cannot flush folder {} after a rename: {}", dir, e.toString());
        }
    }

    /**
     * Creates an empty temporary file {@code dir/.NAME.PID.RANDOM SUFFIX}, the pattern
     * {@link #removeOrphans} recognises.
     *
     * @param name the name of the file it will become, e.g. {@code model.cnv}
     * @param suffix e.g. {@code .tmp}
     */
    public static Path createTemp(Path dir, String name, String suffix) throws IOException {
        Checks.notNull("AtomicFiles", "dir", dir);
        Checks.notNull("AtomicFiles", "name", name);
        Checks.notNull("AtomicFiles", "suffix", suffix);
        return Files.createTempFile(dir, "." + name + "." + PID + ".", suffix);
    }

    /**
     * Removes the temporary files that writers of {@code name} abandoned in {@code dir}: regular files named
     * {@code .NAME.PID.RANDOM SUFFIX} (or {@code .NAME.RANDOM SUFFIX}, the older pattern without a pid) for
     * which {@link #abandoned} holds. Nothing else is touched: other names, folders, links, this process's
     * own files younger than {@link #ANY_WRITER_AGE}. Failures are logged, never thrown: cleaning up must
     * not stop the write that triggered it.
     *
     * @return how many files were removed
     */
    public static int removeOrphans(Path dir, String name, String suffix) {
        Pattern pattern = Pattern.compile(Pattern.quote("." + name + ".") + "(\\d+)(?:\\.(\\d+))?" + Pattern.quote(suffix));
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                long pid = m.group(2) != null ? parsePid(m.group(1)) : -1;
                try {
                    Instant modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                    if (abandoned(pid, modified, Instant.now()) && Files.deleteIfExists(p)) {
                        removed++;
                        LOG.info("removed {}, left by a writer that is gone (pid {})", p, pid < 0 ? "unknown" : pid);
                    }
                } catch (NoSuchFileException gone) {
                    // its writer finished or another cleaner was first
                }
            }
        } catch (IOException e) {
            LOG.warn("could not clean up temporary files of {} in {}: {}", name, dir, e.toString());
        }
        return removed;
    }

    private static long parsePid(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether a temporary file's writer is gone: its pid is known, is not this process and runs on this
     * machine no longer, and the file has been untouched for {@link #DEAD_WRITER_AGE}; or the file has been
     * untouched for {@link #ANY_WRITER_AGE}. Removing a file a live writer still uses cannot lose data:
     * that writer's rename fails and its target stays as it was.
     *
     * @param pid the writer's pid, or -1 if unknown
     */
    public static boolean abandoned(long pid, Instant lastModified, Instant now) {
        Duration idle = Duration.between(lastModified, now);
        if (idle.compareTo(ANY_WRITER_AGE) >= 0) return true;
        boolean dead = pid > 0 && pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        return dead && idle.compareTo(DEAD_WRITER_AGE) >= 0;
    }
}
