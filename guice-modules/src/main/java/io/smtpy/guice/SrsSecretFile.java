package io.smtpy.guice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SRS secret smtpy generates for itself when {@code srs.secrets} is not set: 32 random bytes, written once
 * to a file readable by the server's user only, and read back at every start, so SRS addresses handed out before
 * a restart still reverse after it. One secret per line; the first signs.
 */
final class SrsSecretFile {
    private SrsSecretFile() {
    }

    static List<String> readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
                } catch (FileAlreadyExistsException createdConcurrently) {
                    // another start won the race: read what it wrote
                } catch (UnsupportedOperationException notPosix) {
                    Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
                }
            }
            List<String> secrets = Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toList());
            if (secrets.isEmpty()) {
                throw new IllegalStateException(file + " holds no SRS secret");
            }
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the SRS secret file " + file, e);
        }
    }
}
