package io.smtpy.core.dkim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Splits a DKIM TXT value into its tags, as a verifier does (RFC 6376 §3.2), for tests to read records back. */
final class DkimRecordTags {
    private DkimRecordTags() {
    }

    static Map<String, String> parse(String txt) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : txt.split(";")) {
            if (tag.isBlank()) {
                continue;
            }
            int equals = tag.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("tag without '=' in " + txt);
            }
            if (tags.put(tag.substring(0, equals).trim(), tag.substring(equals + 1).trim()) != null) {
                throw new IllegalArgumentException("duplicate tag in " + txt);
            }
        }
        return tags;
    }
}
