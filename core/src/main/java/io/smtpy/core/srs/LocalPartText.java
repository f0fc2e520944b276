package io.smtpy.core.srs;

/**
 * Local parts as plain text. James hands out a quoted local part with its quotes ({@code "john doe"}); SRS works
 * on the text inside, and quotes the result again only when it is not a dot-atom (RFC 5321 section 4.1.2).
 */
final class LocalPartText {
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private LocalPartText() {
    }

    static String unquote(String localPart) {
        if (localPart.length() < 2 || localPart.charAt(0) != '"' || localPart.charAt(localPart.length() - 1) != '"') {
            return localPart;
        }
        StringBuilder text = new StringBuilder(localPart.length());
        for (int i = 1; i < localPart.length() - 1; i++) {
            char c = localPart.charAt(i);
            if (c == '\\' && i + 1 < localPart.length() - 1) {
                i++;
                c = localPart.charAt(i);
            }
            text.append(c);
        }
        return text.toString();
    }

    static String quoteIfNeeded(String text) {
        if (isDotAtom(text)) {
            return text;
        }
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    private static boolean isDotAtom(String text) {
        if (text.isEmpty() || text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean atext = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0;
            if (!atext && c != '.') {
                return false;
            }
        }
        return true;
    }
}
