package org.convnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.convnet4j.data.Cifar10Binary;
import org.convnet4j.data.CifarFixtures;
import org.convnet4j.data.CorruptDataException;
import org.convnet4j.data.DataSplits;
import org.convnet4j.tensor.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetch against a local HTTP server on 127.0.0.1; never the internet. */
class FetchTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;
    HttpServer server;
    final AtomicInteger hits = new AtomicInteger();

    /** What the server sends: body bytes, and how many of them to actually write (the rest is cut off). */
    volatile byte[] body;
    volatile int sendBytes;
    volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cifar.tar.gz", ex -> {
            hits.incrementAndGet();
            try (ex) {
                if (status != 200) {
                    ex.sendResponseHeaders(status, -1);
                    return;
                }
                ex.sendResponseHeaders(200, body.length); // declares the full length even when cutting off
                OutputStream os = ex.getResponseBody();
                os.write(body, 0, sendBytes);
                os.flush();
            } catch (IOException expectedWhenCut) {
                // closing a fixed-length response early drops the connection, which is the point
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cifar.tar.gz");
    }

    private void serve(byte[] bytes) {
        body = bytes;
        sendBytes = bytes.length;
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    /** A tar.gz shaped like the official one: cifar-10-batches-bin/ with the six files and the meta file. */
    static byte[] archive(int records, String extraEntry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.putArchiveEntry(new TarArchiveEntry("cifar-10-batches-bin/"));
            tar.closeArchiveEntry();
            List<String> names = new ArrayList<>(Cifar10Binary.ALL_FILES);
            names.add("batches.meta.txt");
            for (int f = 0; f < names.size(); f++) {
                byte[] content = f < 6 ? CifarFixtures.fileBytes(f, records)
                        : String.join("\n", Cifar10Binary.CLASS_NAMES).getBytes(StandardCharsets.US_ASCII);
                put(tar, "cifar-10-batches-bin/" + names.get(f), content);
            }
            if (extraEntry != null) put(tar, extraEntry, new byte[] {1, 2, 3});
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static List<Path> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void downloadsVerifiesAndInstalls() throws Exception {
        byte[] arc = archive(3, null);
        serve(arc);
        Path dest = tmp.resolve("data");
        List<long[]> calls = new ArrayList<>();
        Fetch.Result r = Fetch.cifar10(dest, url(), md5(arc).toUpperCase(), TIMEOUT, false,
                (done, total) -> calls.add(new long[] {done, total}));
        assertTrue(r.installed());
        assertEquals(dest.resolve(Cifar10Binary.FOLDER), r.folder());
        assertEquals(arc.length, r.bytes());
        assertEquals(md5(arc), r.md5());
        assertArrayEquals(new long[] {arc.length, arc.length}, calls.get(calls.size() - 1));
        for (long[] c : calls) assertEquals(arc.length, c[1]);
        assertEquals(List.of(dest.resolve(Cifar10Binary.FOLDER)), listing(dest), "no temporary leftovers");
        DataSplits s = Cifar10Binary.load(dest, 10, 5, 3, true, DType.FLOAT32);
        assertEquals(CifarFixtures.label(5, 2), s.test().label(2));
        assertArrayEquals(CifarFixtures.fileBytes(0, 3), Files.readAllBytes(r.folder().resolve("data_batch_1.bin")));
    }

    /** Without a network: the error says where to download the archive and how to install it by hand. */
    @Test
    void noNetworkSaysHowToInstallByHand() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort(); // nothing listens there once closed: connection refused, as without a network
        }
        URI gone = URI.create("http://127.0.0.1:" + port + "/cifar-10-binary.tar.gz");
        Path dest = tmp.resolve("data");
        IOException e = assertThrows(IOException.class,
                () -> Fetch.cifar10(dest, gone, Fetch.CIFAR10_MD5, TIMEOUT, false, Fetch.Progress.none()));
        assertTrue(e.getMessage().startsWith("fetch: cannot download " + gone), e.getMessage());
        assertTrue(e.getMessage().contains("To install it by hand: download " + gone + " (MD5 " + Fetch.CIFAR10_MD5
                + ") on a machine with a network, copy it here and run `convnet4j data fetch cifar10 --archive "
                + "cifar-10-binary.tar.gz --dir " + dest + "`"), e.getMessage());
        assertTrue(e.getMessage().contains("tar xzf cifar-10-binary.tar.gz -C " + dest + "` so that "
                + dest.resolve("cifar-10-batches-bin").resolve("data_batch_1.bin") + " exists"), e.getMessage());
        assertEquals(List.of(), listing(dest));
    }

    /** Issue 9, kind 5: a fetch killed with kill -9 left its work folder (up to 340 MB); the next fetch removes it. */
    @Test
    void workFoldersOfKilledFetchesAreRemoved() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        long dead = p.pid(), alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path dest = Files.createDirectories(tmp.resolve("data"));
        java.time.Instant old = java.time.Instant.now().minus(org.convnet4j.io.AtomicFiles.DEAD_WRITER_AGE).minusSeconds(5);
        Path gone = folder(dest.resolve(".fetch-cifar10." + dead + ".1"), old);
        Path fresh = folder(dest.resolve(".fetch-cifar10." + dead + ".2"), java.time.Instant.now());
        Path live = folder(dest.resolve(".fetch-cifar10." + alive + ".3"), old);
        Path legacy = folder(dest.resolve(".fetch-cifar10-4"),
                java.time.Instant.now().minus(org.convnet4j.io.AtomicFiles.ANY_WRITER_AGE).minusSeconds(5));
        Path other = folder(dest.resolve("fetch-cifar10." + dead + ".5"), old);
        byte[] arc = archive(2, null);
        serve(arc);
        assertTrue(Fetch.cifar10(dest, url(), md5(arc), TIMEOUT, false, Fetch.Progress.none()).installed());
        assertEquals(java.util.Set.of(dest.resolve(Cifar10Binary.FOLDER), fresh, live, other), java.util.Set.copyOf(listing(dest)));
        assertFalse(Files.exists(gone) || Files.exists(legacy));
    }

    /** A folder holding a 1 MB partial archive, everything in it last modified at {@code when}. */
    private static Path folder(Path dir, java.time.Instant when) throws IOException {
        Path f = Files.write(Files.createDirectories(dir).resolve("cifar-10-binary.tar.gz"), new byte[1 << 20]);
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(when));
        Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.from(when));
        return dir;
    }

    /** The by-hand way: the archive copied from another machine, checked and unpacked like a download. */
    @Test
    void installsFromALocalArchive() throws Exception {
        byte[] arc = archive(3, null);
        Path file = Files.write(tmp.resolve("cifar-10-binary.tar.gz"), arc);
        Path dest = tmp.resolve("data");
        assertThrows(CorruptDataException.class, () -> Fetch.cifar10FromArchive(dest, file, Fetch.CIFAR10_MD5, false));
        assertEquals(List.of(), listing(dest), "a wrong archive installs nothing");
        Fetch.Result r = Fetch.cifar10FromArchive(dest, file, md5(arc), false);
        assertTrue(r.installed());
        assertEquals(md5(arc), r.md5());
        assertEquals(List.of(dest.resolve(Cifar10Binary.FOLDER)), listing(dest), "no temporary leftovers");
        assertArrayEquals(CifarFixtures.fileBytes(5, 3), Files.readAllBytes(r.folder().resolve("test_batch.bin")));
        assertFalse(Fetch.cifar10FromArchive(dest, file, md5(arc), false).installed(), "an existing copy is kept");
        assertEquals(0, hits.get());
        CliTest.Run cli = CliTest.run("data", "fetch", "cifar10", "--archive", tmp.resolve("missing.tar.gz").toString(),
                "--dir", dest.toString());
        assertEquals(1, cli.exit(), cli.out());
        assertEquals("error: cannot read archive " + tmp.resolve("missing.tar.gz") + " (--archive): does not exist",
                cli.out().strip());
    }

    @Test
    void existingCopyIsKeptUnlessOverwrite() throws Exception {
        byte[] arc = archive(2, null);
        serve(arc);
        Path dest = tmp.resolve("data");
        CifarFixtures.writeAll(dest.resolve(Cifar10Binary.FOLDER), 1);
        Fetch.Result r = Fetch.cifar10(dest, url(), md5(arc), TIMEOUT, false, Fetch.Progress.none());
        assertFalse(r.installed());
        assertEquals(0, hits.get());
        r = Fetch.cifar10(dest, url(), md5(arc), TIMEOUT, true, Fetch.Progress.none());
        assertTrue(r.installed());
        assertEquals(1, hits.get());
        assertEquals(2, Cifar10Binary.recordCount(r.folder().resolve("test_batch.bin")));
        assertEquals(List.of(dest.resolve(Cifar10Binary.FOLDER)), listing(dest));
    }

    @Test
    void wrongChecksumLeavesNothing() throws Exception {
        byte[] arc = archive(3, null);
        serve(arc);
        Path dest = tmp.resolve("data");
        String wrong = "c32a1d4ab5d03f1284b67883e8d87530"; // the real CIFAR-10 MD5, not this archive's
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> Fetch.cifar10(dest, url(), wrong, TIMEOUT, false, Fetch.Progress.none()));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains(wrong) && e.getMessage().contains(md5(arc)), e.getMessage());
        assertEquals(List.of(), listing(dest));
    }

    @Test
    void wrongChecksumKeepsAnExistingCopy() throws Exception {
        byte[] arc = archive(3, null);
        serve(arc);
        Path dest = tmp.resolve("data");
        Path existing = CifarFixtures.writeAll(dest.resolve(Cifar10Binary.FOLDER), 1);
        assertThrows(CorruptDataException.class, () -> Fetch.cifar10(dest, url(), "00000000000000000000000000000000",
                TIMEOUT, true, Fetch.Progress.none()));
        assertEquals(1, Cifar10Binary.recordCount(existing.resolve("data_batch_5.bin")));
        assertEquals(List.of(existing), listing(dest));
    }

    @Test
    void truncatedResponseIsRefused() throws Exception {
        byte[] arc = archive(3, null);
        serve(arc);
        sendBytes = arc.length / 2;
        Path dest = tmp.resolve("data");
        IOException e = assertThrows(IOException.class,
                () -> Fetch.cifar10(dest, url(), md5(arc), TIMEOUT, false, Fetch.Progress.none()));
        assertTrue(e.getMessage().contains("broke off") || e.getMessage().contains("incomplete"), e.getMessage());
        assertTrue(e.getMessage().contains("of " + arc.length + " bytes"), e.getMessage());
        assertEquals(List.of(), listing(dest));
    }

    @Test
    void httpErrorIsReported() {
        status = 404;
        Path dest = tmp.resolve("data");
        IOException e = assertThrows(IOException.class, () -> Fetch.cifar10(dest, url(),
                "c32a1d4ab5d03f1284b67883e8d87530", TIMEOUT, false, Fetch.Progress.none()));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertFalse(Files.exists(dest.resolve(Cifar10Binary.FOLDER)));
    }

    @Test
    void pathTraversalEntryIsRefused() throws Exception {
        byte[] arc = archive(1, "../evil.bin");
        serve(arc);
        Path dest = tmp.resolve("data");
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> Fetch.cifar10(dest, url(), md5(arc), TIMEOUT, false, Fetch.Progress.none()));
        assertTrue(e.getMessage().contains("'../evil.bin'"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("evil.bin")));
        assertFalse(Files.exists(dest.resolve("evil.bin")));
        assertEquals(List.of(), listing(dest));
    }

    @Test
    void archiveWithoutTheFilesIsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            put(tar, "cifar-10-batches-bin/data_batch_1.bin", CifarFixtures.fileBytes(0, 1));
        }
        byte[] arc = bytes.toByteArray();
        serve(arc);
        Path dest = tmp.resolve("data");
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> Fetch.cifar10(dest, url(), md5(arc), TIMEOUT, false, Fetch.Progress.none()));
        assertTrue(e.getMessage().contains("does not contain"), e.getMessage());
        assertEquals(List.of(), listing(dest));
    }

    @Test
    void singleFileDownloadIsAtomic() throws Exception {
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        serve(data);
        Path file = tmp.resolve("d").resolve("x.bin");
        assertEquals(md5(data), Fetch.download(url(), md5(data), file, TIMEOUT, Fetch.Progress.none()));
        assertArrayEquals(data, Files.readAllBytes(file));
        Path other = tmp.resolve("d").resolve("y.bin");
        assertThrows(CorruptDataException.class, () -> Fetch.download(url(), "0".repeat(32), other, TIMEOUT,
                Fetch.Progress.none()));
        assertEquals(List.of(file), listing(tmp.resolve("d")));
    }

    @Test
    void argumentsAreChecked() {
        Path dest = tmp.resolve("data");
        assertThrows(IllegalArgumentException.class, () -> Fetch.cifar10(dest, url(), "abc", TIMEOUT, false,
                Fetch.Progress.none()));
        assertThrows(IllegalArgumentException.class, () -> Fetch.cifar10(dest, URI.create("file:///etc/passwd"),
                Fetch.CIFAR10_MD5, TIMEOUT, false, Fetch.Progress.none()));
        assertEquals("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", Fetch.CIFAR10_URL.toString());
        assertEquals("c32a1d4ab5d03f1284b67883e8d87530", Fetch.CIFAR10_MD5);
        assertEquals(0, hits.get());
    }
}
