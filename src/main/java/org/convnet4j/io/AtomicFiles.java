package org.convnet4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the
 * same folder, is flushed to disk, and is then renamed over the target in one step. On failure the
 * temporary file is removed and the target is left as it was.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a file's whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically with the content that {@code writer} produces.
     *
     * @throws IllegalArgumentException if target or writer is null
     */
    public static void write(Path target, Writer writer) throws IOException {
        org.convnet4j.tensor.Checks.notNull("atomic write", "target", target);
        org.convnet4j.tensor.Checks.notNull("atomic write", "writer", writer);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp);
                 java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                         java.nio.file.StandardOpenOption.WRITE)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            // createTempFile makes the file private (0600); give it the usual rw-r--r-- of a new file
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            moveIntoPlace(tmp, abs);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. @throws IllegalArgumentException if an argument is null */
    public static void write(Path target, byte[] bytes) throws IOException {
        org.convnet4j.tensor.Checks.notNull("atomic write", "bytes", bytes);
        write(target, out -> out.write(bytes));
    }

    /** Renames a finished temporary file over {@code target}, atomically where the file system can. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        org.convnet4j.tensor.Checks.notNull("atomic write", "tmp", tmp);
        org.convnet4j.tensor.Checks.notNull("atomic write", "target", target);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
