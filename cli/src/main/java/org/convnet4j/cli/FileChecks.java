package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.convnet4j.io.AtomicFiles;

/**
 * Checks the commands run on their files before any work starts, so that a missing input or an
 * unwritable output folder is reported at once (not after an epoch of training) and in one line that
 * says what could not be read or written, which file, which option, and why:
 * {@code cannot read model file /x.cnv (--model): does not exist}. The JDK's own messages are often a
 * bare path ({@code /x.cnv}) or a bare reason ({@code Is a directory}).
 */
public final class FileChecks {
    /** The name of the probe file created (and deleted) to find out whether a folder takes new files. */
    private static final String PROBE = "convnet4j-write-check";

    private FileChecks() {}

    /**
     * Checks that {@code file} is an existing, readable regular file.
     *
     * @param what what the file is, e.g. "model file"
     * @param option the option that named it, e.g. "--model"
     * @throws IOException saying why it cannot be read
     */
    public static void readableFile(String what, Path file, String option) throws IOException {
        String prefix = "cannot read " + what + " " + file + " (" + option + "): ";
        if (Files.isDirectory(file)) throw new IOException(prefix + "it is a folder, not a file");
        // opening it gives the precise reason: missing, permission, a file used as a folder in the path
        try {
            Files.newInputStream(file).close();
        } catch (IOException e) {
            throw new IOException(prefix + why(e), e);
        }
    }

    /**
     * Checks that folder {@code dir} exists or can be created, and that files can be created in it (by
     * creating and deleting a temporary file, as {@link org.convnet4j.io.AtomicFiles} will). Creates
     * the folder if missing.
     *
     * @param what what the folder is for, e.g. "output folder"
     * @throws IOException saying why not
     */
    public static void writableFolder(String what, Path dir, String option) throws IOException {
        checkFolder("cannot write to " + what + " " + dir + " (" + option + "): ", dir);
    }

    /**
     * Checks that {@code file} can be written: it is not a folder, and its folder passes
     * {@link #writableFolder}.
     *
     * @param what what the file is, e.g. "filter picture"
     */
    public static void writableFile(String what, Path file, String option) throws IOException {
        String prefix = "cannot write " + what + " " + file + " (" + option + "): ";
        if (Files.isDirectory(file)) throw new IOException(prefix + "it is a folder, not a file");
        checkFolder(prefix, file.toAbsolutePath().getParent());
    }

    private static void checkFolder(String prefix, Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(prefix + e.getFile() + " is a file, not a folder", e);
        } catch (IOException e) {
            throw new IOException(prefix + "cannot create folder " + dir + ": " + why(e), e);
        }
        Path probe;
        try {
            AtomicFiles.removeOrphans(dir, PROBE, ".tmp");
            probe = AtomicFiles.createTemp(dir, PROBE, ".tmp");
        } catch (IOException e) {
            // e.g. /proc answers "no such file" for any new name: the folder exists but takes no files
            String reason = e instanceof NoSuchFileException ? "the file system refuses new files there" : why(e);
            throw new IOException(prefix + "cannot create files in " + dir + ": " + reason, e);
        }
        Files.deleteIfExists(probe);
    }

    /** The reason of a file error in words, naming the file when it is not the one asked about. */
    public static String why(IOException e) {
        if (e instanceof NoSuchFileException) return "does not exist";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NotDirectoryException n) return n.getFile() + " is not a folder";
        if (e instanceof FileAlreadyExistsException f) return f.getFile() + " already exists";
        if (e instanceof FileSystemException f && f.getReason() != null) {
            // "Not a directory" on /etc/passwd/x: a file stands where the path needs a folder; name it
            if (f.getReason().equals("Not a directory") && f.getFile() != null) {
                for (Path p = Path.of(f.getFile()).getParent(); p != null; p = p.getParent()) {
                    if (Files.exists(p) && !Files.isDirectory(p)) return p + " is a file, not a folder";
                }
            }
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
