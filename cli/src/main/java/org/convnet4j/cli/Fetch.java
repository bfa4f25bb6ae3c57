package org.convnet4j.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.convnet4j.data.Cifar10Binary;
import org.convnet4j.data.CorruptDataException;
import org.convnet4j.io.AtomicFiles;
import org.convnet4j.tensor.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads the CIFAR-10 binary archive, verifies it and installs it, never leaving half a data set.
 *
 * <p>Steps of {@link #cifar10}: (1) download with {@code java.net.http} into a private temporary folder
 * inside the destination (same file system, so the final rename is atomic), computing the MD5 on the fly
 * and reporting progress; a response shorter than its {@code Content-Length} is refused; (2) compare the MD5
 * with the published one; (3) extract the tar.gz with commons-compress into the temporary folder, refusing
 * absolute paths, {@code ..} segments and links (path traversal); (4) check the six {@code .bin} files
 * (present, whole records); (5) only then rename {@code cifar-10-batches-bin} into the destination. The
 * temporary folder is removed on success and on every failure.
 *
 * <p>The official archive and checksum, from https://www.cs.toronto.edu/~kriz/cifar.html:
 * {@code https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz}, 162 MB (170,052,171 bytes), MD5
 * {@value #CIFAR10_MD5}.
 */
public final class Fetch {
    private static final Logger LOG = LoggerFactory.getLogger(Fetch.class);
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
    /** The name of a fetch's private work folder in the destination: this, the pid, a dot and random digits. */
    static final String WORK_PREFIX = ".fetch-cifar10.";

    /** The official CIFAR-10 binary archive ({@link Cifar10Binary#ARCHIVE_URL}). */
    public static final URI CIFAR10_URL = Cifar10Binary.ARCHIVE_URL;
    /** Its MD5 as published on the CIFAR-10 page. */
    public static final String CIFAR10_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
    /** Its size in bytes, for progress when a server sends no {@code Content-Length}. */
    public static final long CIFAR10_BYTES = 170_052_171L;
    /** Default timeout for connecting and for the response headers. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Fetch() {}

    /** Receives download progress; {@code totalBytes} is -1 when the size is unknown. */
    @FunctionalInterface
    public interface Progress {
        void update(long bytesSoFar, long totalBytes);

        /** A listener that ignores progress. */
        static Progress none() {
            return (done, total) -> { };
        }
    }

    /**
     * The outcome of a fetch.
     *
     * @param folder the installed {@code cifar-10-batches-bin} folder
     * @param installed false if a complete copy was already there and nothing was downloaded or unpacked
     * @param bytes bytes downloaded or read from the archive
     * @param md5 the verified MD5 (lower-case hex), null if nothing was installed
     */
    public record Result(Path folder, boolean installed, long bytes, String md5) {}

    /** Fetches the official archive into {@code destDir} (see {@link #cifar10(Path, URI, String, Duration, boolean, Progress)}). */
    public static Result cifar10(Path destDir, Progress progress) throws IOException {
        return cifar10(destDir, CIFAR10_URL, CIFAR10_MD5, DEFAULT_TIMEOUT, false, progress);
    }

    /**
     * Downloads a CIFAR-10 binary tar.gz, verifies its MD5, extracts it and installs
     * {@code destDir/cifar-10-batches-bin} atomically.
     *
     * @param destDir the data folder (created if needed); the result goes to {@code destDir/cifar-10-batches-bin}
     * @param url where to download from (http or https)
     * @param md5 the expected MD5, 32 hex digits
     * @param timeout connect and response-header timeout
     * @param overwrite replace an existing complete copy (otherwise it is kept and nothing is downloaded)
     * @param progress called with (bytes so far, total or -1) as data arrives
     * @throws IOException on HTTP errors, a short response, a checksum mismatch, an unsafe or incomplete
     *     archive; {@code destDir} is then as it was before (apart from being created). When the download
     *     itself fails (no network, an HTTP error, a broken-off transfer), the message also says how to
     *     install the archive by hand ({@link #cifar10FromArchive}, or {@code tar})
     * @throws IllegalArgumentException on a malformed {@code md5} or a non-http(s) URL
     */
    public static Result cifar10(Path destDir, URI url, String md5, Duration timeout, boolean overwrite,
            Progress progress) throws IOException {
        Checks.notNull("fetch", "destDir", destDir);
        checkArgs(url, md5, timeout, progress);
        Optional<Path> existing = Cifar10Binary.find(destDir);
        if (existing.isPresent() && !overwrite) {
            LOG.info("fetch: CIFAR-10 already present at {}, not downloading", existing.get());
            return new Result(existing.get(), false, 0, null);
        }
        Files.createDirectories(destDir);
        Path work = workFolder(destDir);
        try {
            Path archive = work.resolve("cifar-10-binary.tar.gz");
            String digest;
            try {
                digest = downloadTo(url, md5, timeout, archive, progress);
            } catch (CorruptDataException e) {
                throw e;
            } catch (IOException e) {
                // no network, a proxy that refuses, a download that broke off: say how to do it by hand
                throw new IOException(e.getMessage() + ". " + byHand(url, md5, destDir), e);
            }
            long bytes = Files.size(archive);
            Path target = installFrom(archive, url.toString(), destDir, work);
            LOG.info("fetch: installed CIFAR-10 at {} ({} bytes downloaded, md5 {})", target, bytes, digest);
            return new Result(target, true, bytes, digest);
        } finally {
            deleteRecursively(work);
        }
    }

    /**
     * Installs CIFAR-10 from a copy of the archive already on this machine (downloaded elsewhere): checks
     * its MD5, extracts it and installs {@code destDir/cifar-10-batches-bin} as {@link #cifar10} does.
     *
     * @param archive the {@code cifar-10-binary.tar.gz}
     * @param md5 the expected MD5, 32 hex digits ({@link #CIFAR10_MD5} for the official archive)
     * @param overwrite replace an existing complete copy (otherwise it is kept and nothing is read)
     * @throws IOException if the archive cannot be read, its MD5 differs ({@link CorruptDataException}),
     *     or it is unsafe or incomplete; {@code destDir} is then as it was before (apart from being created)
     * @throws IllegalArgumentException on a malformed {@code md5}
     */
    public static Result cifar10FromArchive(Path destDir, Path archive, String md5, boolean overwrite) throws IOException {
        Checks.notNull("fetch", "destDir", destDir);
        Checks.notNull("fetch", "archive", archive);
        if (md5 == null || !MD5_HEX.matcher(md5).matches()) {
            throw new IllegalArgumentException("fetch: md5 must be 32 hex digits, got " + md5);
        }
        Optional<Path> existing = Cifar10Binary.find(destDir);
        if (existing.isPresent() && !overwrite) {
            LOG.info("fetch: CIFAR-10 already present at {}, not unpacking {}", existing.get(), archive);
            return new Result(existing.get(), false, 0, null);
        }
        MessageDigest digest = md5Digest();
        long bytes = 0;
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
                bytes += n;
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(md5)) {
            throw new CorruptDataException("fetch: checksum mismatch for " + archive + ": expected MD5 "
                    + md5.toLowerCase(Locale.ROOT) + ", got " + actual + " (" + bytes + " bytes); the file is corrupt, "
                    + "incomplete or another archive; nothing was installed");
        }
        Files.createDirectories(destDir);
        Path work = workFolder(destDir);
        try {
            Path target = installFrom(archive, archive.toString(), destDir, work);
            LOG.info("fetch: installed CIFAR-10 at {} from {} (md5 {})", target, archive, actual);
            return new Result(target, true, bytes, actual);
        } finally {
            deleteRecursively(work);
        }
    }

    /** Extracts a verified archive into {@code work}, checks the six files and renames them into place. */
    private static Path installFrom(Path archive, String origin, Path destDir, Path work) throws IOException {
        Path target = destDir.resolve(Cifar10Binary.FOLDER);
        Path staging = work.resolve("extracted");
        extractTarGz(archive, staging);
        Path folder = Cifar10Binary.find(staging).orElseThrow(() -> new CorruptDataException(origin
                + ": the archive does not contain " + Cifar10Binary.ALL_FILES + " (in " + Cifar10Binary.FOLDER
                + "/); nothing was installed"));
        for (String name : Cifar10Binary.ALL_FILES) Cifar10Binary.recordCount(folder.resolve(name));
        install(folder, target, work);
        return target;
    }

    /** How to install the archive without a network on this machine. */
    static String byHand(URI url, String md5, Path destDir) {
        String file = Path.of(url.getPath()).getFileName().toString();
        return "To install it by hand: download " + url + " (MD5 " + md5.toLowerCase(Locale.ROOT) + ") on a machine "
                + "with a network, copy it here and run `" + Main.launcher() + " data fetch cifar10 --archive " + file + " --dir "
                + destDir + "` (checks the MD5 and unpacks it), or unpack it yourself with `tar xzf " + file + " -C "
                + destDir + "` so that " + destDir.resolve(Cifar10Binary.FOLDER).resolve(Cifar10Binary.TRAIN_FILES.get(0))
                + " exists";
    }

    /**
     * Downloads {@code url} to {@code file}, verifying the MD5 before the file appears (temp file + rename).
     *
     * @return the MD5, lower-case hex
     * @throws IOException on HTTP errors, a short response or a checksum mismatch; {@code file} is untouched
     */
    public static String download(URI url, String md5, Path file, Duration timeout, Progress progress)
            throws IOException {
        Checks.notNull("fetch", "file", file);
        checkArgs(url, md5, timeout, progress);
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        AtomicFiles.removeOrphans(abs.getParent(), abs.getFileName().toString(), ".part");
        Path tmp = AtomicFiles.createTemp(abs.getParent(), abs.getFileName().toString(), ".part");
        try {
            String digest = downloadTo(url, md5, timeout, tmp, progress);
            AtomicFiles.moveIntoPlace(tmp, abs);
            return digest;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new private work folder {@code .fetch-cifar10.PID.RANDOM} in {@code destDir}, after removing the
     * ones earlier fetches left when they were killed (they hold up to 340 MB: the archive and its
     * contents). A folder counts as abandoned as a file does for {@link AtomicFiles#abandoned}, with the
     * newest modification time of anything in it, since a download in progress only changes the archive.
     */
    static Path workFolder(Path destDir) throws IOException {
        Pattern pattern = Pattern.compile(Pattern.quote(WORK_PREFIX) + "(?:(\\d+)\\.)?\\d+|\\.fetch-cifar10-\\d+");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(destDir)) {
            for (Path p : entries) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                long pid = m.group(1) != null ? Long.parseLong(m.group(1)) : -1;
                if (AtomicFiles.abandoned(pid, newestModification(p), Instant.now())) {
                    LOG.info("fetch: removing {}, left by a fetch that is gone", p);
                    deleteRecursively(p);
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("fetch: could not clean up earlier work folders in {}: {}", destDir, e.toString());
        }
        return Files.createTempDirectory(destDir, WORK_PREFIX + ProcessHandle.current().pid() + ".");
    }

    private static Instant newestModification(Path dir) throws IOException {
        Instant[] newest = {Instant.EPOCH};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.lastModifiedTime().toInstant().isAfter(newest[0])) newest[0] = attrs.lastModifiedTime().toInstant();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return visitFile(d, attrs);
            }
        });
        return newest[0];
    }

    private static void checkArgs(URI url, String md5, Duration timeout, Progress progress) {
        Checks.notNull("fetch", "url", url);
        Checks.notNull("fetch", "timeout", timeout);
        Checks.notNull("fetch", "progress", progress);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("fetch: url must be http or https, got " + url);
        }
        if (md5 == null || !MD5_HEX.matcher(md5).matches()) {
            throw new IllegalArgumentException("fetch: md5 must be 32 hex digits, got " + md5);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("fetch: timeout must be > 0, got " + timeout);
        }
    }

    /** Streams the body into {@code out}, checks length and MD5; returns the MD5. */
    private static String downloadTo(URI url, String md5, Duration timeout, Path out, Progress progress)
            throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(timeout)
                .build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        LOG.info("fetch: downloading {}", url);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("fetch: interrupted while connecting to " + url, e);
        } catch (IOException e) {
            throw new IOException("fetch: cannot download " + url + ": " + e, e);
        }
        MessageDigest digest = md5Digest();
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
        long done = 0;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("fetch: " + url + " answered HTTP " + response.statusCode()
                        + "; nothing was written");
            }
            try (OutputStream os = Files.newOutputStream(out);
                 FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[1 << 16];
                progress.update(0, total);
                int n;
                try {
                    while ((n = body.read(buf)) > 0) {
                        os.write(buf, 0, n);
                        digest.update(buf, 0, n);
                        done += n;
                        progress.update(done, total);
                    }
                } catch (IOException e) {
                    throw new IOException("fetch: download of " + url + " broke off after " + done + " of "
                            + (total >= 0 ? total : "?") + " bytes (" + e + "); the partial file was discarded", e);
                }
                os.flush();
                ch.force(true);
            }
        }
        if (total >= 0 && done != total) {
            throw new IOException("fetch: download of " + url + " is incomplete: got " + done + " of " + total
                    + " bytes; the partial file was discarded");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(md5)) {
            throw new CorruptDataException("fetch: checksum mismatch for " + url + ": expected MD5 "
                    + md5.toLowerCase(Locale.ROOT) + ", got " + actual + " (" + done + " bytes); the download is "
                    + "corrupt or incomplete and was discarded");
        }
        return actual;
    }

    /**
     * Extracts a tar.gz into {@code dest} (created), refusing entries that would land outside it
     * (absolute names, {@code ..}), links and device files.
     *
     * @throws CorruptDataException on an unsafe entry or a malformed archive, naming the entry
     */
    static void extractTarGz(Path archive, Path dest) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (InputStream fin = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             GzipCompressorInputStream gz = new GzipCompressorInputStream(fin);
             TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                Path resolved = root.resolve(name).normalize();
                if (name.startsWith("/") || name.contains("\\") || !resolved.startsWith(root) || resolved.equals(root)
                        && !entry.isDirectory()) {
                    throw new CorruptDataException(archive + ": refusing tar entry '" + name
                            + "': it would be written outside the extraction folder");
                }
                for (String part : name.split("/")) {
                    if (part.equals("..")) {
                        throw new CorruptDataException(archive + ": refusing tar entry '" + name + "': contains '..'");
                    }
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(resolved);
                } else if (entry.isFile()) {
                    Files.createDirectories(resolved.getParent());
                    Files.copy(tar, resolved, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    throw new CorruptDataException(archive + ": refusing tar entry '" + name
                            + "': links and special files are not expected in a data archive");
                }
            }
        } catch (CorruptDataException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptDataException(archive + ": cannot extract tar.gz: " + e.getMessage(), e);
        }
    }

    /** Renames {@code folder} to {@code target}; an existing target is first moved into {@code work}. */
    private static void install(Path folder, Path target, Path work) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = work.resolve("previous");
            atomicMove(target, old);
        }
        try {
            atomicMove(folder, target);
        } catch (IOException e) {
            if (old != null) atomicMove(old, target);
            throw e;
        }
    }

    private static void atomicMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("fetch: cannot rename " + from + " to " + to + " atomically (different file "
                    + "systems?)", e);
        }
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("fetch: could not remove temporary folder {}: {}", dir, e.toString());
        }
    }
}
