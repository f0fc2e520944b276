package io.smtpy.auth.dkim;

import java.util.Base64;
import java.util.List;

/**
 * Writes a DKIM-Signature, ARC-Message-Signature or ARC-Seal field: its tags in the order given, folded into lines
 * of at most 78 characters (RFC 5322 §2.1.1), and {@code b=} last on lines of its own.
 *
 * <p>The field is written twice: {@link #unsigned()} with an empty {@code b=}, which is what gets hashed and
 * signed, then {@link #signed(byte[])} with the signature. Deleting the {@code b=} value of the second gives back
 * the first byte for byte, which is exactly what a verifier does (RFC 6376 §3.7), so the folding can never break the
 * signature, whatever the canonicalization.
 */
public final class SignatureFieldWriter {
    private static final int LINE_LENGTH = 78;
    private static final String FOLD = "\r\n\t";
    private static final String CRLF = "\r\n";

    private final StringBuilder text = new StringBuilder();
    private int lineLength;

    /** @param fieldName e.g. {@code DKIM-Signature} */
    public SignatureFieldWriter(String fieldName) {
        text.append(fieldName).append(':');
        lineLength = text.length();
    }

    /** Adds {@code name=value;}. */
    public SignatureFieldWriter tag(String name, String value) {
        append(name + "=" + value + ";", true);
        return this;
    }

    /** Adds {@code h=name:name:...;}, folding after a colon when the list is long. */
    public SignatureFieldWriter headerList(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            String piece = (i == 0 ? "h=" : "") + names.get(i) + (i == names.size() - 1 ? ";" : ":");
            append(piece, i == 0);
        }
        return this;
    }

    private void append(String atom, boolean spaceBefore) {
        int needed = atom.length() + (spaceBefore ? 1 : 0);
        if (lineLength + needed > LINE_LENGTH) {
            text.append(FOLD);
            lineLength = 1;
        } else if (spaceBefore) {
            text.append(' ');
            lineLength++;
        }
        text.append(atom);
        lineLength += atom.length();
    }

    /** The field with {@code b=} empty, ending with CRLF: what the signature covers, with the header fields. */
    public HeaderField unsigned() {
        return HeaderField.of(text + FOLD + "b=" + CRLF);
    }

    /** The field with {@code signature} in {@code b=}, folded, ending with CRLF. */
    public String signed(byte[] signature) {
        String encoded = Base64.getEncoder().encodeToString(signature);
        StringBuilder field = new StringBuilder(text).append(FOLD).append("b=");
        int available = LINE_LENGTH - 3;
        int position = 0;
        while (position < encoded.length()) {
            int next = Math.min(encoded.length(), position + available);
            if (position > 0) {
                field.append(FOLD);
            }
            field.append(encoded, position, next);
            position = next;
            available = LINE_LENGTH - 1;
        }
        return field.append(CRLF).toString();
    }
}
