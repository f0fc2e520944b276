package io.smtpy.auth.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The domains of the mailboxes of an RFC 5322 {@code address-list} (§3.4), e.g. the value of a From field:
 * display names (atoms, quoted strings, encoded-words, which are atoms here), comments (nested, anywhere white space
 * may be), angle addresses with obsolete routes, groups ({@code name: a@x, b@y;}), and empty list elements. Domain
 * literals are returned in their brackets, e.g. {@code [192.0.2.1]}.
 *
 * <p>Strict where it matters for DMARC: anything that is not a mailbox (a bare word such as {@code Doe} from an
 * unquoted {@code Doe, John <j@x>}, an unterminated quote or comment, an empty {@code <>}) makes the whole list
 * malformed, rather than guessing which address a mail reader would show.
 */
final class AddressList {
    private static final String SPECIALS = "<>:;@,.";
    private static final String NOT_ATEXT = "()<>[]:;@\\,.\"";

    private enum Kind { ATOM, QUOTED, LITERAL, SPECIAL }

    private static final class Token {
        private final Kind kind;
        private final String text;

        Token(Kind kind, String text) {
            this.kind = kind;
            this.text = text;
        }

        boolean isSpecial(char c) {
            return kind == Kind.SPECIAL && text.charAt(0) == c;
        }

        boolean isWord() {
            return kind == Kind.ATOM || kind == Kind.QUOTED;
        }
    }

    /** A syntax error, with what the reader should be told. */
    private static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    private final List<String> domains;
    private final Optional<String> error;

    private AddressList(List<String> domains, Optional<String> error) {
        this.domains = domains;
        this.error = error;
    }

    /** The domain of each mailbox, in order; empty when {@link #error()} is set. */
    List<String> domains() {
        return domains;
    }

    /** Why the value is not an address list. */
    Optional<String> error() {
        return error;
    }

    static AddressList parse(String value) {
        try {
            return new AddressList(new Parser(tokens(value)).addressList(), Optional.empty());
        } catch (MalformedException e) {
            return new AddressList(List.of(), Optional.of(e.getMessage()));
        }
    }

    private static List<Token> tokens(String text) throws MalformedException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (c == '(') {
                i = skipComment(text, i);
            } else if (c == '"') {
                StringBuilder content = new StringBuilder();
                i = quoted(text, i, '"', content);
                tokens.add(new Token(Kind.QUOTED, content.toString()));
            } else if (c == '[') {
                StringBuilder content = new StringBuilder();
                i = quoted(text, i, ']', content);
                tokens.add(new Token(Kind.LITERAL, "[" + content + "]"));
            } else if (SPECIALS.indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SPECIAL, String.valueOf(c)));
                i++;
            } else if (isAtext(c)) {
                int start = i;
                while (i < n && isAtext(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.ATOM, text.substring(start, i)));
            } else {
                throw new MalformedException("unexpected character " + shown(c));
            }
        }
        return tokens;
    }

    /** Anything printable but specials; non-ASCII is allowed (RFC 6532). */
    private static boolean isAtext(char c) {
        return c > 32 && c != 127 && NOT_ATEXT.indexOf(c) < 0;
    }

    private static int skipComment(String text, int open) throws MalformedException {
        int depth = 0;
        int i = open;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        throw new MalformedException("unterminated comment");
    }

    /** Reads a quoted string or domain literal from its opening character; returns the index after its end. */
    private static int quoted(String text, int open, char close, StringBuilder content) throws MalformedException {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                content.append(text.charAt(i + 1));
                i += 2;
            } else if (c == close) {
                return i + 1;
            } else {
                content.append(c);
                i++;
            }
        }
        throw new MalformedException(close == '"' ? "unterminated quoted string" : "unterminated domain literal");
    }

    /** A token quoted in an error: at most 40 characters, printable ASCII. */
    private static String excerpt(String text) {
        StringBuilder shown = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < 40; i++) {
            char c = text.charAt(i);
            shown.append(c >= 32 && c < 127 ? c : '?');
        }
        return shown.append(text.length() > 40 ? "...'" : "'").toString();
    }

    private static String shown(char c) {
        return c >= 32 && c < 127 ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final List<String> domains = new ArrayList<>();
        private int position;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        List<String> addressList() throws MalformedException {
            while (position < tokens.size()) {
                if (peek().isSpecial(',')) {
                    position++;
                    continue;
                }
                address();
                if (position < tokens.size()) {
                    expect(',');
                }
            }
            return domains;
        }

        private void address() throws MalformedException {
            int start = position;
            skipPhrase();
            if (position < tokens.size() && peek().isSpecial(':')) {
                position++;
                group();
                return;
            }
            mailboxAfterPhrase(start);
        }

        /** {@code display-name ":" [group-list] ";"}, after the colon. */
        private void group() throws MalformedException {
            while (position < tokens.size() && !peek().isSpecial(';')) {
                if (peek().isSpecial(',')) {
                    position++;
                    continue;
                }
                int start = position;
                skipPhrase();
                mailboxAfterPhrase(start);
                if (position < tokens.size() && !peek().isSpecial(';')) {
                    expect(',');
                }
            }
            expect(';');
        }

        private void mailboxAfterPhrase(int phraseStart) throws MalformedException {
            if (position >= tokens.size()) {
                throw new MalformedException("a display name without an address");
            }
            if (peek().isSpecial('<')) {
                position++;
                if (position < tokens.size() && peek().isSpecial('@')) {
                    // obs-route: "<@relay.example,@other.example:user@example.com>"
                    while (position < tokens.size() && !peek().isSpecial(':')) {
                        position++;
                    }
                    expect(':');
                }
                addrSpec();
                expect('>');
            } else if (peek().isSpecial('@')) {
                position = phraseStart;
                addrSpec();
            } else {
                throw new MalformedException("unexpected " + excerpt(peek().text));
            }
        }

        private void addrSpec() throws MalformedException {
            int localStart = position;
            skipPhrase();
            if (position == localStart) {
                throw new MalformedException("an address without a local part");
            }
            expect('@');
            if (position < tokens.size() && peek().kind == Kind.LITERAL) {
                domains.add(peek().text);
                position++;
                return;
            }
            StringBuilder domain = new StringBuilder(atom());
            while (position < tokens.size() && peek().isSpecial('.')) {
                position++;
                domain.append('.').append(atom());
            }
            domains.add(domain.toString());
        }

        /** Words and dots: a display name (obs-phrase allows dots) or a local part. */
        private void skipPhrase() {
            while (position < tokens.size() && (peek().isWord() || peek().isSpecial('.'))) {
                position++;
            }
        }

        private String atom() throws MalformedException {
            if (position >= tokens.size() || peek().kind != Kind.ATOM) {
                throw new MalformedException("an address without a domain");
            }
            return tokens.get(position++).text;
        }

        private void expect(char special) throws MalformedException {
            if (position >= tokens.size()) {
                throw new MalformedException("missing '" + special + "' at the end");
            }
            if (!peek().isSpecial(special)) {
                throw new MalformedException("expected '" + special + "' but found " + excerpt(peek().text));
            }
            position++;
        }

        private Token peek() {
            return tokens.get(position);
        }
    }
}
