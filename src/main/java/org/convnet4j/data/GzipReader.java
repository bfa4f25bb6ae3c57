package org.convnet4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decompressed content of a gzip file (RFC 1952: one or more members, each a header, DEFLATE data and
 * an 8-byte trailer with the CRC-32 and length of its content), with errors that name the file and the
 * byte offset in it. {@link java.util.zip.GZIPInputStream} does the same decoding but throws a bare
 * {@link java.io.EOFException} (message null) for a file cut inside a trailer, names no offset, and
 * silently ignores bytes after the last member that do not start another member; this reader refuses
 * them, as the raw IDX format refuses bytes after its content. The DEFLATE decoding itself is the JDK's
 * {@link Inflater}.
 *
 * <p>Offsets in messages are offsets in the (compressed) file. Not thread-safe.
 */
final class GzipReader extends InputStream {
    private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;

    private final Path file;
    private final InputStream raw;
    private final Inflater inflater = new Inflater(true); // raw DEFLATE: the gzip framing is read here
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private int bufLen;
    /** Unread bytes at the end of {@link #buf} that were not handed to the inflater (header, trailer). */
    private int bufPos;
    /** File offset just past the last byte read into {@link #buf}. */
    private long filePos;
    private long memberStart;
    private boolean eof;
    private final byte[] one = new byte[1];

    /**
     * Reads the first member's header. {@code raw} is the whole file from its first byte; it is closed
     * with this stream.
     *
     * @throws CorruptDataException if the file does not start with a valid gzip header
     */
    GzipReader(Path file, InputStream raw) throws IOException {
        this.file = file;
        this.raw = raw;
        try {
            readHeader();
        } catch (IOException | RuntimeException e) {
            inflater.end(); // the caller closes raw
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!eof) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw corrupt("corrupt compressed data (" + e.getMessage() + ") near byte offset " + offset());
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                bufPos = bufLen - inflater.getRemaining();
                readTrailer();
                nextMemberOrEnd();
            } else if (inflater.needsDictionary()) {
                throw corrupt("compressed data at byte offset " + memberStart + " asks for a preset dictionary, "
                        + "which gzip does not allow");
            } else if (inflater.needsInput()) {
                if (!fill()) {
                    throw corrupt("truncated: the file ends at byte offset " + filePos + " inside the compressed data "
                            + "of the gzip member that starts at byte offset " + memberStart);
                }
                inflater.setInput(buf, bufPos, bufLen - bufPos);
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        raw.close();
    }

    /** Offset in the file of the next byte the inflater would take. */
    private long offset() {
        return filePos - inflater.getRemaining();
    }

    private CorruptDataException corrupt(String what) {
        return new CorruptDataException(file + ": gzip: " + what);
    }

    /** Refills {@link #buf} from the file; false at the end of the file. */
    private boolean fill() throws IOException {
        int n = raw.read(buf, 0, buf.length);
        if (n <= 0) return false;
        bufPos = 0;
        bufLen = n;
        filePos += n;
        return true;
    }

    /** The next framing byte, or -1 at the end of the file. */
    private int nextByte() throws IOException {
        if (bufPos == bufLen && !fill()) return -1;
        return buf[bufPos++] & 0xFF;
    }

    private long pos() {
        return filePos - (bufLen - bufPos);
    }

    /** A framing byte that must be there; {@code where} says what is being read, for the message. */
    private int need(String where, CRC32 headerCrc) throws IOException {
        int b = nextByte();
        if (b < 0) {
            throw corrupt("truncated: the file ends at byte offset " + filePos + " inside the " + where
                    + " of the gzip member that starts at byte offset " + memberStart);
        }
        if (headerCrc != null) headerCrc.update(b);
        return b;
    }

    private void readHeader() throws IOException {
        memberStart = pos();
        CRC32 h = new CRC32();
        int id1 = need("header", h), id2 = need("header", h);
        if (id1 != 0x1f || id2 != 0x8b) {
            throw corrupt(String.format("bad magic %02x %02x at byte offset %d, expected 1f 8b", id1, id2, memberStart));
        }
        int cm = need("header", h);
        if (cm != 8) throw corrupt("compression method " + cm + " at byte offset " + (memberStart + 2) + " is not DEFLATE (8)");
        int flg = need("header", h);
        if ((flg & 0xE0) != 0) {
            throw corrupt("reserved flag bits set in " + String.format("0x%02x", flg) + " at byte offset " + (memberStart + 3));
        }
        for (int i = 0; i < 6; i++) need("header", h); // MTIME, XFL, OS
        if ((flg & FEXTRA) != 0) {
            int xlen = need("extra field", h) | need("extra field", h) << 8;
            for (int i = 0; i < xlen; i++) need("extra field", h);
        }
        if ((flg & FNAME) != 0) while (need("file name", h) != 0) { /* zero-terminated */ }
        if ((flg & FCOMMENT) != 0) while (need("comment", h) != 0) { /* zero-terminated */ }
        if ((flg & FHCRC) != 0) {
            long at = pos();
            int expected = (int) (h.getValue() & 0xFFFF);
            int stored = need("header CRC", null) | need("header CRC", null) << 8;
            if (stored != expected) throw corrupt("header CRC mismatch at byte offset " + at);
        }
        inflater.reset();
        crc.reset();
        inflater.setInput(buf, bufPos, bufLen - bufPos);
    }

    private void readTrailer() throws IOException {
        long at = pos();
        long storedCrc = 0, storedSize = 0;
        for (int i = 0; i < 4; i++) storedCrc |= (long) need("8-byte trailer (at byte offset " + at + ")", null) << (8 * i);
        for (int i = 0; i < 4; i++) storedSize |= (long) need("8-byte trailer (at byte offset " + at + ")", null) << (8 * i);
        if (storedCrc != crc.getValue()) {
            throw corrupt(String.format("CRC-32 mismatch at byte offset %d: the trailer says %08x, the content has %08x",
                    at, storedCrc, crc.getValue()));
        }
        if (storedSize != (inflater.getBytesWritten() & 0xFFFFFFFFL)) {
            throw corrupt("length mismatch at byte offset " + (at + 4) + ": the trailer says " + storedSize
                    + " bytes (mod 2^32), the content has " + inflater.getBytesWritten());
        }
    }

    /** After a trailer: the end of the file, or another member; anything else is refused. */
    private void nextMemberOrEnd() throws IOException {
        long at = pos();
        int b = nextByte();
        if (b < 0) {
            eof = true;
            return;
        }
        bufPos--; // not consumed: readHeader reads it again
        if (b != 0x1f) {
            throw corrupt("unexpected bytes after the end of the gzip stream, starting at byte offset " + at
                    + " (the member that ends there started at byte offset " + memberStart + ")");
        }
        readHeader();
    }
}
