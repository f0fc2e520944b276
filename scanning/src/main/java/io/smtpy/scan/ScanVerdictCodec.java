package io.smtpy.scan;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A scan verdict as one line of text ({@code spam=scanned&score=3.2&...}, values URL-encoded): how the SMTP hook that
 * scans hands the verdict to the decisions that follow it, in a mail attribute, without scanning twice.
 */
public final class ScanVerdictCodec {
    /** The mail attribute that carries the verdict from the SMTP hook that scans to the rest of the mail path. */
    public static final String ATTRIBUTE = "io.smtpy.scan.verdict";
    private ScanVerdictCodec() {
    }

    public static String write(ScanVerdict verdict) {
        SpamVerdict spam = verdict.spam();
        VirusVerdict virus = verdict.virus();
        return "spam=" + spam.state().name().toLowerCase(java.util.Locale.ROOT)
            + "&score=" + spam.score()
            + "&required=" + spam.required()
            + "&symbols=" + encode(String.join(",", spam.symbols()))
            + "&spamDetail=" + encode(spam.detail())
            + "&virus=" + virus.state().name().toLowerCase(java.util.Locale.ROOT)
            + "&virusName=" + encode(virus.name().orElse(""))
            + "&virusDetail=" + encode(virus.detail());
    }

    /** @throws IllegalArgumentException when the text is not one {@link #write} wrote */
    public static ScanVerdict read(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : text.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("not a scan verdict: " + text);
            }
            fields.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return new ScanVerdict(spam(fields), virus(fields));
    }

    private static SpamVerdict spam(Map<String, String> fields) {
        String detail = fields.getOrDefault("spamDetail", "");
        switch (required(fields, "spam")) {
            case "scanned":
                String symbols = fields.getOrDefault("symbols", "");
                List<String> list = symbols.isEmpty() ? List.of() : Arrays.stream(symbols.split(",")).collect(Collectors.toList());
                return SpamVerdict.scanned(Double.parseDouble(required(fields, "score")), Double.parseDouble(required(fields, "required")), list);
            case "skipped":
                return SpamVerdict.skipped(detail);
            case "unavailable":
                return SpamVerdict.unavailable(detail);
            default:
                throw new IllegalArgumentException("unknown spam state " + fields.get("spam"));
        }
    }

    private static VirusVerdict virus(Map<String, String> fields) {
        String detail = fields.getOrDefault("virusDetail", "");
        switch (required(fields, "virus")) {
            case "clean":
                return VirusVerdict.CLEAN;
            case "infected":
                return VirusVerdict.infected(required(fields, "virusName"));
            case "skipped":
                return VirusVerdict.skipped(detail);
            case "unavailable":
                return VirusVerdict.unavailable(detail);
            default:
                throw new IllegalArgumentException("unknown virus state " + fields.get("virus"));
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("a scan verdict without " + name);
        }
        return value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
