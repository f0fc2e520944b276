package io.smtpy.auth.dkim;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smtpy.auth.AuthStatus;

/**
 * A DKIM tag=value list (RFC 6376 §3.2), the syntax of DKIM-Signature, ARC-Message-Signature and ARC-Seal fields
 * and of DKIM key records. Tags are case-sensitive; values have the folding whitespace at their ends removed.
 */
public final class TagList {
    private final Map<String, String> tags;

    private TagList(Map<String, String> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    /**
     * @throws SignatureCheckException (PERMERROR) for an empty tag, a tag name that is not ALPHA *(ALPHA / DIGIT /
     *     "_"), a missing {@code =} or a repeated tag
     */
    public static TagList parse(String text) throws SignatureCheckException {
        Map<String, String> tags = new LinkedHashMap<>();
        String[] specs = text.split(";", -1);
        for (int i = 0; i < specs.length; i++) {
            String spec = specs[i];
            if (i == specs.length - 1 && trimFws(spec).isEmpty()) {
                break; // a trailing ";" is allowed
            }
            int equals = spec.indexOf('=');
            if (equals < 0) {
                throw malformed("'" + abbreviate(trimFws(spec)) + "' is not tag=value");
            }
            String name = trimFws(spec.substring(0, equals));
            if (!isTagName(name)) {
                throw malformed("'" + abbreviate(name) + "' is not a tag name");
            }
            if (tags.containsKey(name)) {
                throw malformed("tag " + name + "= appears twice");
            }
            tags.put(name, trimFws(spec.substring(equals + 1)));
        }
        return new TagList(tags);
    }

    private static SignatureCheckException malformed(String why) {
        return new SignatureCheckException(AuthStatus.PERMERROR, "malformed tag list: " + why);
    }

    private static boolean isTagName(String name) {
        if (name.isEmpty() || !isAlpha(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static String trimFws(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isFws(text.charAt(from))) {
            from++;
        }
        while (to > from && isFws(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    static String removeFws(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isFws(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    private static boolean isFws(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    public Optional<String> get(String tag) {
        return Optional.ofNullable(tags.get(tag));
    }

    public boolean has(String tag) {
        return tags.containsKey(tag);
    }

    /** The value of {@code tag}, or the empty string when absent: for describing a signature that is not valid. */
    public String getOrEmpty(String tag) {
        return tags.getOrDefault(tag, "");
    }

    /**
     * @throws SignatureCheckException (PERMERROR) when {@code tag} is missing
     */
    public String require(String tag) throws SignatureCheckException {
        String value = tags.get(tag);
        if (value == null) {
            throw new SignatureCheckException(AuthStatus.PERMERROR, "missing tag " + tag + "=");
        }
        return value;
    }

    /**
     * The base64 value of {@code tag}, folding whitespace removed.
     *
     * @throws SignatureCheckException (PERMERROR) when missing or not base64
     */
    public byte[] requireBase64(String tag) throws SignatureCheckException {
        String value = removeFws(require(tag));
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new SignatureCheckException(AuthStatus.PERMERROR, "tag " + tag + "= is not valid base64");
        }
    }

    /** A colon-separated value (RFC 6376 {@code h=}, {@code q=}, key {@code t=}...), items trimmed, empty ones dropped. */
    public static List<String> colonSeparated(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(":", -1)) {
            String trimmed = trimFws(item);
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return items;
    }
}
