package io.smtpy.sending.tracking;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites one HTML document for tracking: the {@code href} of every {@code <a>} pointing at an {@code http(s)} URL
 * is replaced by its click link, and a 1x1 pixel is put before {@code </body>} (at the end when there is none).
 * Other links ({@code mailto:}, {@code tel:}, anchors, relative ones) and every other byte of the document stay as
 * they were. Attribute values are read as a browser would (HTML character references decoded), so the redirect
 * goes where the reader's click would have gone; tracking URLs are base64url and need no escaping.
 */
public final class HtmlTracking {
    private static final Pattern ANCHOR = Pattern.compile("<a\\s[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HREF = Pattern.compile("(?<=\\s)href\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos);?");
    private static final Pattern BODY_END = Pattern.compile("</body\\s*>", Pattern.CASE_INSENSITIVE);

    private HtmlTracking() {
    }

    /** The document with tracking; the same string when there was nothing to change. */
    public static String rewrite(String html, LinkTracker tracker) {
        String linked = links(html, tracker);
        return tracker.pixelUrl().map(pixel -> withPixel(linked, pixel)).orElse(linked);
    }

    private static String links(String html, LinkTracker tracker) {
        Matcher anchors = ANCHOR.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 256);
        int copied = 0;
        while (anchors.find()) {
            String tag = anchors.group();
            Matcher href = HREF.matcher(tag);
            if (!href.find()) {
                continue;
            }
            int group = href.group(1) != null ? 1 : href.group(2) != null ? 2 : 3;
            String target = decode(href.group(group)).trim();
            Optional<String> replacement = isWebUrl(target) ? tracker.clickUrl(target) : Optional.empty();
            if (replacement.isEmpty()) {
                continue;
            }
            out.append(html, copied, anchors.start() + href.start(group)).append(replacement.get());
            copied = anchors.start() + href.end(group);
        }
        return copied == 0 ? html : out.append(html, copied, html.length()).toString();
    }

    private static boolean isWebUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://")) && url.length() > "https://".length();
    }

    private static String withPixel(String html, String pixelUrl) {
        String pixel = "<img src=\"" + pixelUrl + "\" width=\"1\" height=\"1\" alt=\"\" style=\"border:0;width:1px;height:1px\">";
        Matcher end = BODY_END.matcher(html);
        int at = -1;
        while (end.find()) {
            at = end.start();
        }
        return at < 0 ? html + pixel : html.substring(0, at) + pixel + html.substring(at);
    }

    /** HTML character references in an attribute value, as a browser reads them (the common ones and numeric ones). */
    static String decode(String value) {
        if (value.indexOf('&') < 0) {
            return value;
        }
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        while (reference.find()) {
            reference.appendReplacement(out, Matcher.quoteReplacement(character(reference.group(1))));
        }
        reference.appendTail(out);
        return out.toString();
    }

    private static String character(String name) {
        switch (name) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            default:
                int code = name.charAt(1) == 'x' || name.charAt(1) == 'X'
                    ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(code) && code != 0 ? new String(Character.toChars(code)) : "\uFFFD";
        }
    }
}
