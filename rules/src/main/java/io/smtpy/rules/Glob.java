package io.smtpy.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A glob over the whole text: {@code *} any run of characters (none too), {@code ?} exactly one, everything else
 * itself. Matched without a regular expression engine: the pieces between stars are found left to right, each at its
 * first place after the one before (leftmost placement is always right for these two wildcards), so a glob costs a
 * few {@code indexOf}-like scans of the text, whatever it holds.
 */
final class Glob {
    private final String first;
    private final List<String> middle = new ArrayList<>();
    private final String last;
    private final boolean hasStar;

    Glob(String glob) {
        String[] pieces = glob.split("\\*", -1);
        hasStar = pieces.length > 1;
        first = pieces[0];
        last = hasStar ? pieces[pieces.length - 1] : "";
        for (int i = 1; i < pieces.length - 1; i++) {
            if (!pieces[i].isEmpty()) {
                middle.add(pieces[i]);
            }
        }
    }

    boolean matches(String text) {
        if (!hasStar) {
            return text.length() == first.length() && regionMatches(text, 0, first);
        }
        if (text.length() < first.length() + last.length() || !regionMatches(text, 0, first)
            || !regionMatches(text, text.length() - last.length(), last)) {
            return false;
        }
        int from = first.length();
        int end = text.length() - last.length();
        for (String piece : middle) {
            int at = find(text, piece, from, end);
            if (at < 0) {
                return false;
            }
            from = at + piece.length();
        }
        return true;
    }

    /** The first place at or after {@code from} where {@code piece} fits before {@code end}, {@code ?} matching any character. */
    private static int find(String text, String piece, int from, int end) {
        for (int at = from; at + piece.length() <= end; at++) {
            if (regionMatches(text, at, piece)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean regionMatches(String text, int at, String piece) {
        for (int i = 0; i < piece.length(); i++) {
            char expected = piece.charAt(i);
            if (expected != '?' && text.charAt(at + i) != expected) {
                return false;
            }
        }
        return true;
    }
}
