package io.smtpy.rules.mime;

import java.util.Locale;
import java.util.Map;

/**
 * HTML reduced to its visible text, for rule conditions on the body and for safe previews: tags, comments, and the
 * content of {@code script}, {@code style}, {@code head} and {@code template} elements go; block-level tags become line
 * breaks; character references are decoded; runs of blanks shrink to one. One pass over the input, no regular
 * expression: linear in the size of the HTML whatever it holds.
 */
public final class HtmlText {
    private static final Map<String, String> NAMED = Map.of(
        "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ", "copy", "\u00a9", "reg", "\u00ae",
        "hellip", "\u2026", "mdash", "\u2014");
    private static final java.util.Set<String> HIDDEN = java.util.Set.of("script", "style", "head", "template", "title");
    private static final java.util.Set<String> BREAKS = java.util.Set.of("br", "p", "div", "tr", "li", "h1", "h2", "h3",
        "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "hr", "section", "article");

    private HtmlText() {
    }

    public static String of(String html) {
        StringBuilder text = new StringBuilder(Math.min(html.length(), 1 << 16));
        int i = 0;
        int length = html.length();
        while (i < length) {
            char c = html.charAt(i);
            if (c == '<') {
                if (html.startsWith("<!--", i)) {
                    int end = html.indexOf("-->", i + 4);
                    i = end < 0 ? length : end + 3;
                    continue;
                }
                int end = html.indexOf('>', i + 1);
                if (end < 0) {
                    break;
                }
                String name = tagName(html, i + 1, end);
                boolean closing = i + 1 < end && html.charAt(i + 1) == '/';
                i = end + 1;
                if (!closing && HIDDEN.contains(name)) {
                    int close = indexOfIgnoreCase(html, "</" + name, i);
                    if (close < 0) {
                        break;
                    }
                    int closeEnd = html.indexOf('>', close);
                    i = closeEnd < 0 ? length : closeEnd + 1;
                    continue;
                }
                if (BREAKS.contains(name)) {
                    newline(text);
                } else {
                    space(text);
                }
            } else if (c == '&') {
                i = reference(html, i, text);
            } else {
                if (Character.isWhitespace(c)) {
                    space(text);
                } else {
                    text.append(c);
                }
                i++;
            }
        }
        return text.toString().strip();
    }

    private static String tagName(String html, int from, int end) {
        int start = from < end && html.charAt(from) == '/' ? from + 1 : from;
        int stop = start;
        while (stop < end && (Character.isLetterOrDigit(html.charAt(stop)))) {
            stop++;
        }
        return html.substring(start, stop).toLowerCase(Locale.ROOT);
    }

    /** Decodes the reference at {@code at} ({@code &amp;}, {@code &#233;}, {@code &#xE9;}); a lone {@code &} stays. */
    private static int reference(String html, int at, StringBuilder text) {
        int semicolon = html.indexOf(';', at + 1);
        if (semicolon < 0 || semicolon - at > 10) {
            text.append('&');
            return at + 1;
        }
        String name = html.substring(at + 1, semicolon);
        String decoded = null;
        if (name.startsWith("#")) {
            try {
                int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                    ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                if (Character.isValidCodePoint(code) && code != 0) {
                    decoded = new String(Character.toChars(code));
                }
            } catch (NumberFormatException notANumber) {
                decoded = null;
            }
        } else {
            decoded = NAMED.get(name.toLowerCase(Locale.ROOT));
        }
        if (decoded == null) {
            text.append('&');
            return at + 1;
        }
        if (decoded.equals(" ")) {
            space(text);
        } else {
            text.append(decoded);
        }
        return semicolon + 1;
    }

    private static int indexOfIgnoreCase(String text, String what, int from) {
        int last = text.length() - what.length();
        for (int i = from; i <= last; i++) {
            if (text.regionMatches(true, i, what, 0, what.length())) {
                return i;
            }
        }
        return -1;
    }

    private static void space(StringBuilder text) {
        int last = text.length() - 1;
        if (last >= 0 && text.charAt(last) != ' ' && text.charAt(last) != '\n') {
            text.append(' ');
        }
    }

    private static void newline(StringBuilder text) {
        int last = text.length() - 1;
        if (last >= 0 && text.charAt(last) == ' ') {
            text.setLength(last);
            last--;
        }
        if (last >= 0 && text.charAt(last) != '\n') {
            text.append('\n');
        }
    }
}
