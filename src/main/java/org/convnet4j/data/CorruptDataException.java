package org.convnet4j.data;

import java.io.IOException;

/**
 * A data file that does not match its format: wrong length, bad magic number, a label out of range, or
 * a record cut short. The message always names the file and the byte offset where the problem is, so a
 * user can check it with {@code xxd} or re-download just that file.
 */
public class CorruptDataException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptDataException(String message) {
        super(message);
    }

    public CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
