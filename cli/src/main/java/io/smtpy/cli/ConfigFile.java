package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The file {@code login} writes: {@code {"url": ..., "token": ...}} at {@code $SMTPY_CLI_CONFIG}, else
 * {@code ~/.config/smtpy/cli.json}. It holds a session token, so it is written readable by its owner only (0600),
 * through a temporary file created with that mode: there is no moment when another user could read it.
 */
final class ConfigFile {
    static final String LOCATION_VARIABLE = "SMTPY_CLI_CONFIG";
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** What the file holds; both empty when there is no file. */
    static final class Contents {
        final Optional<String> url;
        final Optional<String> token;

        Contents(Optional<String> url, Optional<String> token) {
            this.url = url;
            this.token = token;
        }
    }

    private final Path path;

    ConfigFile(Path path) {
        this.path = path;
    }

    static ConfigFile locate(Map<String, String> environment, Path home) {
        String explicit = environment.get(LOCATION_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return new ConfigFile(Path.of(explicit));
        }
        return new ConfigFile(home.resolve(".config").resolve("smtpy").resolve("cli.json"));
    }

    Path path() {
        return path;
    }

    Contents read() throws CliException {
        if (!Files.exists(path)) {
            return new Contents(Optional.empty(), Optional.empty());
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.usage("cannot read the config file " + path + ": " + e.getMessage());
        }
        JsonNode json = Json.parseLocal(text, "the config file " + path);
        return new Contents(text(json, "url"), text(json, "token"));
    }

    void save(String url, String token) throws CliException {
        ObjectNode json = Json.object();
        json.put("url", url);
        json.put("token", token);
        write(json);
    }

    /** Drops the token and keeps the URL, so the next {@code login} goes to the same server. */
    void forgetToken() throws CliException {
        Contents contents = read();
        if (contents.token.isEmpty()) {
            return;
        }
        ObjectNode json = Json.object();
        contents.url.ifPresent(url -> json.put("url", url));
        write(json);
    }

    private void write(JsonNode json) throws CliException {
        Path directory = path.toAbsolutePath().getParent();
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(directory)) {
                if (posix) {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                } else {
                    Files.createDirectories(directory);
                }
            }
            FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
            Path temporary = Files.createTempFile(directory, ".cli", ".json.tmp", attributes);
            try {
                Files.writeString(temporary, Json.write(json) + "\n", StandardCharsets.UTF_8);
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw CliException.usage("cannot write the config file " + path + ": " + e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }
}
