package org.convnet4j.data;

import java.io.IOException;

/** An explicitly requested data set is not where we looked; the message says where and how to get it. */
public class DataNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataNotFoundException(String message) {
        super(message);
    }
}
