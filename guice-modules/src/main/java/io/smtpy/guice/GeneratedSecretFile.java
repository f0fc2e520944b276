package io.smtpy.guice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret smtpy generates for itself (the SRS secret when {@code srs.secrets} is not set, the domain
 * verification secret): 32 random bytes, written once to a file readable by the server's user only, and read back
 * at every start, so what was derived from it before a restart (SRS addresses, ownership tokens) stays valid.
 * One secret per line; the first is the current one.
 */
final class GeneratedSecretFile {
    private static final Logger LOGGER = LoggerFactory.getLogger(GeneratedSecretFile.class);
    private GeneratedSecretFile() {
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            LOGGER.warn("Cannot restrict the permissions of {} on this file system: protect its directory", file);
        }
    }

    static List<String> readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                // Written whole to a private temporary file, then renamed into place: a crash leaves either no secret
                // file or a complete one. (One server runs per data directory: the mail queue's lock sees to it.)
                Path temporary = Files.createTempFile(file.getParent(), "srs-secret", ".tmp");
                try {
                    restrictToOwner(temporary);
                    Files.writeString(temporary, secret + "\n", StandardCharsets.US_ASCII);
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            List<String> secrets = Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toList());
            if (secrets.isEmpty()) {
                throw new IllegalStateException(file + " holds no secret");
            }
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret file " + file, e);
        }
    }
}
