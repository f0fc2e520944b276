package io.smtpy.auth.dkim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * The two canonicalization algorithms of RFC 6376 §3.4, for header fields and for bodies. This is the one
 * implementation smtpy's DKIM signer, DKIM verifier and ARC share, so that what is signed and what is checked are
 * computed the same way.
 *
 * <p>Why not jdkim's: apache-jdkim-library 0.3 canonicalizes an empty body to CRLF under "relaxed" (RFC 6376 and
 * other verifiers make it empty), hashes header fields through {@code String.getBytes()} in the platform charset
 * (so 8-bit header fields are signed differently depending on the JVM's locale), and has no Ed25519 or ARC.
 */
public enum Canonicalization {
    SIMPLE("simple"),
    RELAXED("relaxed");

    private static final int DIGEST_BUFFER = 8192;

    private final String token;

    Canonicalization(String token) {
        this.token = token;
    }

    /** As written in {@code c=}. */
    public String token() {
        return token;
    }

    public static Optional<Canonicalization> fromToken(String token) {
        for (Canonicalization canonicalization : values()) {
            if (canonicalization.token.equalsIgnoreCase(token)) {
                return Optional.of(canonicalization);
            }
        }
        return Optional.empty();
    }

    /** {@code field} in this canonical form, ending with CRLF. */
    public byte[] header(HeaderField field) {
        ByteSink sink = new ByteSink();
        writeHeader(field, sink);
        return sink.toByteArray();
    }

    void writeHeader(HeaderField field, ByteSink sink) {
        if (this == SIMPLE) {
            field.writeSimple(sink);
        } else {
            field.writeRelaxed(sink);
        }
    }

    /**
     * The data a signature's {@code b=} covers (RFC 6376 §3.7): the {@code fields} in this canonical form, in order,
     * then the signature's own field with its {@code b=} value deleted and without its final CRLF.
     */
    public byte[] signedHeaderData(List<HeaderField> fields, HeaderField signatureField) {
        ByteSink sink = new ByteSink();
        for (HeaderField field : fields) {
            writeHeader(field, sink);
        }
        byte[] own = header(signatureField.withTagValueEmptied("b"));
        for (int i = 0; i < own.length - 2; i++) {
            sink.write(own[i]);
        }
        return sink.toByteArray();
    }

    /**
     * Hashes the body of {@code message} in this canonical form with SHA-256, the only body hash of the accepted
     * algorithms, counting the whole canonical body but hashing only its first {@code limit} octets (the
     * {@code l=} tag; {@code -1} for all). One pass over the body, whatever its size.
     */
    public BodyHash hashBody(RawMessage message, long limit) {
        DigestSink sink = new DigestSink(sha256(), limit < 0 ? Long.MAX_VALUE : limit);
        canonicalizeBody(message.bytes(), message.bodyOffset(), sink);
        return new BodyHash(sink.digest(), sink.total);
    }

    /**
     * RFC 6376 §3.4.3 and §3.4.4 as one state machine: line ends are held back until something follows them, so
     * empty lines at the end vanish; under "relaxed" whitespace is held back the same way, so it vanishes at line
     * ends and becomes one space elsewhere. A bare LF is a line end; a lone CR is content.
     */
    private void canonicalizeBody(byte[] bytes, int offset, DigestSink sink) {
        boolean relaxed = this == RELAXED;
        long pendingLineEnds = 0;
        boolean pendingSpace = false;
        boolean pendingCarriageReturn = false;
        boolean anyContent = false;
        for (int i = offset; i < bytes.length; i++) {
            byte b = bytes[i];
            if (pendingCarriageReturn) {
                pendingCarriageReturn = false;
                if (b == '\n') {
                    pendingLineEnds++;
                    pendingSpace = false;
                    continue;
                }
                pendingLineEnds = flushPending(sink, pendingLineEnds, pendingSpace);
                pendingSpace = false;
                sink.write((byte) '\r');
                anyContent = true;
            }
            if (b == '\r') {
                pendingCarriageReturn = true;
            } else if (b == '\n') {
                pendingLineEnds++;
                pendingSpace = false;
            } else if (relaxed && HeaderField.isWsp(b)) {
                pendingSpace = true;
            } else {
                pendingLineEnds = flushPending(sink, pendingLineEnds, pendingSpace);
                pendingSpace = false;
                sink.write(b);
                anyContent = true;
            }
        }
        if (pendingCarriageReturn) {
            flushPending(sink, pendingLineEnds, pendingSpace);
            sink.write((byte) '\r');
            anyContent = true;
        }
        // A non-empty body ends with exactly one CRLF; an empty one is CRLF under "simple", nothing under "relaxed".
        if (anyContent || !relaxed) {
            sink.write((byte) '\r');
            sink.write((byte) '\n');
        }
    }

    private static long flushPending(DigestSink sink, long pendingLineEnds, boolean pendingSpace) {
        for (long n = 0; n < pendingLineEnds; n++) {
            sink.write((byte) '\r');
            sink.write((byte) '\n');
        }
        if (pendingSpace) {
            sink.write((byte) ' ');
        }
        return 0;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Feeds a digest in blocks, stopping after {@code limit} octets while still counting them all. */
    private static final class DigestSink {
        private final MessageDigest digest;
        private final long limit;
        private final byte[] buffer = new byte[DIGEST_BUFFER];
        private int buffered;
        private long total;

        DigestSink(MessageDigest digest, long limit) {
            this.digest = digest;
            this.limit = limit;
        }

        void write(byte b) {
            if (total < limit) {
                buffer[buffered++] = b;
                if (buffered == buffer.length) {
                    digest.update(buffer, 0, buffered);
                    buffered = 0;
                }
            }
            total++;
        }

        byte[] digest() {
            digest.update(buffer, 0, buffered);
            buffered = 0;
            return digest.digest();
        }
    }
}
