package io.smtpy.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the server is and which token to send, each from the first place that has it.
 * URL: {@code --url}, {@code $SMTPY_URL}, the config file, {@value #DEFAULT_URL}.
 * Token: {@code --token}, {@code $SMTPY_TOKEN}, the config file, the operator key file given with
 * {@code --operator-key-file}. The config file's token is only sent to the server it came from: a token saved by
 * {@code login} against one server never goes to another named with {@code --url}.
 */
final class Settings {
    static final String DEFAULT_URL = "http://127.0.0.1:8000";
    static final String URL_VARIABLE = "SMTPY_URL";
    static final String TOKEN_VARIABLE = "SMTPY_TOKEN";

    private final URI baseUrl;
    private final Optional<String> token;

    Settings(URI baseUrl, Optional<String> token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    static Settings resolve(ParsedArguments arguments, Map<String, String> environment, ConfigFile configFile)
        throws CliException {
        ConfigFile.Contents saved = configFile.read();
        String url = arguments.value(GlobalOptions.URL)
            .or(() -> nonBlank(environment.get(URL_VARIABLE)))
            .or(() -> saved.url)
            .orElse(DEFAULT_URL);
        URI baseUrl = parseUrl(url);
        Optional<String> savedToken = saved.token.filter(token -> saved.url.map(Settings::normalise)
            .map(savedUrl -> savedUrl.equals(normalise(url))).orElse(true));
        Optional<String> token = arguments.value(GlobalOptions.TOKEN)
            .or(() -> nonBlank(environment.get(TOKEN_VARIABLE)))
            .or(() -> savedToken);
        if (token.isEmpty()) {
            Optional<String> keyFile = arguments.value(GlobalOptions.OPERATOR_KEY_FILE);
            if (keyFile.isPresent()) {
                token = Optional.of(readOperatorKey(Path.of(keyFile.get())));
            }
        }
        return new Settings(baseUrl, token);
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** The URL as the config file keeps it. */
    String url() {
        return normalise(baseUrl.toString());
    }

    Optional<String> token() {
        return token;
    }

    private static URI parseUrl(String url) throws CliException {
        try {
            URI uri = new URI(normalise(url));
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw CliException.usage("the server URL must be http:// or https:// with a host, got '" + url + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.usage("the server URL '" + url + "' is not a URL: " + e.getReason());
        }
    }

    private static String normalise(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static String readOperatorKey(Path file) throws CliException {
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (key.isEmpty()) {
                throw CliException.usage("the operator key file " + file + " is empty");
            }
            return key;
        } catch (IOException e) {
            throw CliException.usage("cannot read the operator key file " + file + ": " + e.getMessage());
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
