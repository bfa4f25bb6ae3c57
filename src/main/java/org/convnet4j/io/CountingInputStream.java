package org.convnet4j.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read through it, so that a reader's errors can name the byte offset. No mark/reset. */
public final class CountingInputStream extends FilterInputStream {
    private long count;

    /** @throws IllegalArgumentException if in is null */
    public CountingInputStream(InputStream in) {
        super(org.convnet4j.tensor.Checks.notNull("counting stream", "in", in));
    }

    /** Bytes read (or skipped) so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) count++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) count += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        count += s;
        return s;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
