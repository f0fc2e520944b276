package io.smtpy.core.smtp;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP reply as smtpy decides or receives it: the three-digit code, the enhanced status (RFC 3463) when there is
 * one, and the text. Decisions carry this type, never a string to be parsed back; only a remote server's free-text
 * reply (as James's RemoteDelivery reports it) is read with {@link #findIn}.
 */
public final class SmtpStatus {
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}");
    private static final Pattern IN_TEXT = Pattern.compile("\\b([245][0-9][0-9])[ -]((?:[245]\\.[0-9]{1,3}\\.[0-9]{1,3})?)");

    private final int code;
    private final Optional<String> enhanced;
    private final String text;

    private SmtpStatus(int code, Optional<String> enhanced, String text) {
        this.code = code;
        this.enhanced = enhanced;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException for a code outside 200-599, an enhanced status of another form or class than
     *         the code's, or text with a line break (a reply line must stay one line)
     */
    public static SmtpStatus of(int code, String enhanced, String text) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP code " + code + " is not 2xx-5xx");
        }
        if (!ENHANCED.matcher(enhanced).matches() || enhanced.charAt(0) != Integer.toString(code).charAt(0)) {
            throw new IllegalArgumentException("enhanced status '" + enhanced + "' does not fit code " + code);
        }
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an SMTP reply text is one line");
        }
        return new SmtpStatus(code, Optional.of(enhanced), text);
    }

    /** The first reply code (and enhanced status, if it follows) found in a remote server's free text. */
    public static Optional<SmtpStatus> findIn(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        Matcher matcher = IN_TEXT.matcher(reply);
        if (!matcher.find()) {
            return Optional.empty();
        }
        Optional<String> enhanced = Optional.of(matcher.group(2)).filter(value -> !value.isEmpty());
        return Optional.of(new SmtpStatus(Integer.parseInt(matcher.group(1)), enhanced, reply.strip()));
    }

    public int code() {
        return code;
    }

    public Optional<String> enhanced() {
        return enhanced;
    }

    public String text() {
        return text;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    /** {@code 5.1.1 text}: what follows the code in the reply line (a bounce's or an event's detail). */
    public String reply() {
        return enhanced.map(value -> value + " " + text).orElse(text);
    }

    /** {@code 550 5.1.1 text}: the reply line as sent. */
    @Override
    public String toString() {
        return code + enhanced.map(value -> " " + value).orElse("") + " " + text;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SmtpStatus)) {
            return false;
        }
        SmtpStatus other = (SmtpStatus) o;
        return code == other.code && enhanced.equals(other.enhanced) && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, enhanced, text);
    }
}
