package io.smtpy.auth.dkim;

import java.util.Arrays;

/**
 * Where canonical bytes go: a growable buffer for the header data to sign, a digest for bodies. A byte at a time,
 * because canonicalization decides byte by byte, and without the checked IOException of an OutputStream.
 */
class ByteSink {
    private byte[] buffer = new byte[1024];
    private int size;

    void write(byte b) {
        if (size == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[size++] = b;
    }

    void write(byte[] bytes) {
        for (byte b : bytes) {
            write(b);
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }
}
