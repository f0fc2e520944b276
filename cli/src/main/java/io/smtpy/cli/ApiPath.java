package io.smtpy.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A path on the server with its query, every segment and value percent-encoded: a domain, local part or id
 * typed by a person never changes which route is called ({@code a/b} stays one segment).
 */
final class ApiPath {
    private final String path;
    private final String query;

    private ApiPath(String path, String query) {
        this.path = path;
        this.query = query;
    }

    static ApiPath of(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return new ApiPath(path.toString(), "");
    }

    ApiPath query(String name, String value) {
        String parameter = encode(name) + "=" + encode(value);
        return new ApiPath(path, query.isEmpty() ? "?" + parameter : query + "&" + parameter);
    }

    /** The same path, with the parameter only when there is a value. */
    ApiPath query(String name, Optional<String> value) {
        return value.map(v -> query(name, v)).orElse(this);
    }

    @Override
    public String toString() {
        return path + query;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
