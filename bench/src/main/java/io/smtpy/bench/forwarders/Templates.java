package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Configuration files shipped as class path resources, with {@code @NAME@} placeholders filled in. */
final class Templates {
    private Templates() {
    }

    static String render(String resource, Map<String, String> values) {
        String text;
        try (InputStream in = Templates.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }
}
