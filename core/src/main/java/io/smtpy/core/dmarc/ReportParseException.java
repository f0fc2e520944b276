package io.smtpy.core.dmarc;

import java.util.Objects;

/**
 * An attachment that is not accepted as a DMARC aggregate report, with a {@link Reason} a program can act on and a
 * message for a person. The message is bounded ({@value #MAX_MESSAGE_LENGTH} characters) and quotes at most a
 * short, sanitised piece of the input, so it can go into a mail event or a log as is.
 */
public class ReportParseException extends Exception {
    public static final int MAX_MESSAGE_LENGTH = 300;

    /** Why a report was refused; {@link #code()} is the stable short form for events and metrics. */
    public enum Reason {
        /** A DOCTYPE or an entity reference: DTDs are refused, so XXE and entity expansion cannot happen. */
        DOCTYPE("doctype"),
        /** More bytes arrived than the limit for the attachment as received. */
        TOO_LARGE("too-large"),
        /** More bytes came out of decompression than the limit: a zip (or gzip) bomb, stopped while inflating. */
        ZIP_BOMB("zip-bomb"),
        /** The compressed stream ends before its end marker. */
        TRUNCATED("truncated"),
        /** The zip or gzip structure is broken. */
        CORRUPT_ARCHIVE("corrupt-archive"),
        /** An archive inside the archive. */
        NESTED_ARCHIVE("nested-archive"),
        /** A zip holding more than one XML document. */
        SEVERAL_REPORTS("several-reports"),
        /** The first bytes are neither zip, gzip nor XML. */
        UNKNOWN_FORMAT("unknown-format"),
        /** Not well-formed XML. */
        MALFORMED_XML("malformed-xml"),
        /** Well-formed XML that is not an aggregate report, or lacks a field a report must have. */
        NOT_A_REPORT("not-a-report"),
        /** More {@code record} elements than the limit. */
        TOO_MANY_RECORDS("too-many-records"),
        /** Nesting, attributes, text or elements beyond the structural limits. */
        TOO_COMPLEX("too-complex");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public ReportParseException(Reason reason, String message) {
        super(bound(reason.code() + ": " + message));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    private static String bound(String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }

    /** A piece of input fit for a message: control characters replaced, at most 40 characters. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < 40; i++) {
            char c = value.charAt(i);
            quoted.append(Character.isISOControl(c) ? '?' : c);
        }
        return quoted.append(value.length() > 40 ? "...'" : "'").toString();
    }
}
