package io.smtpy.bounces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The messages in {@code src/test/resources/samples/} (their sources are cited in the README there). */
final class Samples {
    private Samples() {
    }

    static byte[] read(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
