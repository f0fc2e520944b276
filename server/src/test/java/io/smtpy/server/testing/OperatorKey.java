package io.smtpy.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The operator key a server generated in its data directory on first start, for tests to call WebAdmin with. */
public final class OperatorKey {
    private OperatorKey() {
    }

    public static String of(Path dataDirectory) {
        try {
            return Files.readString(dataDirectory.resolve("smtpy/operator-key"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("no operator key in " + dataDirectory + " (has the server started?)", e);
        }
    }

    public static String bearer(Path dataDirectory) {
        return "Bearer " + of(dataDirectory);
    }
}
