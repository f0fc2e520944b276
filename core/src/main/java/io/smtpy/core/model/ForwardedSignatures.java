package io.smtpy.core.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * What smtpy adds to a copy it forwards for a domain, beyond SRS and its trace field (docs/architecture.md,
 * "What a receiver sees"). The forwarded copy keeps the sender's own DKIM signature, which is what the receiver's
 * DMARC check of the From domain uses; an ARC set tells the receiver what smtpy saw when that signature may not
 * survive; a DKIM signature of the alias domain is not aligned with the From domain, so it does not help DMARC, but
 * builds the alias domain's own reputation at receivers that track signing domains.
 */
public enum ForwardedSignatures {
    /** An ARC set and a DKIM signature of the alias domain (the default: what smtpy always did). */
    ARC_AND_DKIM("arc+dkim", true, true),
    /** An ARC set only: one RSA signature fewer per copy. */
    ARC("arc", true, false),
    /** Neither: the copy leaves as received, plus the trace field and Authentication-Results. */
    NONE("none", false, false);

    private final String value;
    private final boolean arc;
    private final boolean dkim;

    ForwardedSignatures(String value, boolean arc, boolean dkim) {
        this.value = value;
        this.arc = arc;
        this.dkim = dkim;
    }

    public String value() {
        return value;
    }

    public boolean arcSeal() {
        return arc;
    }

    public boolean dkimSign() {
        return dkim;
    }

    /** @throws InvalidFieldException naming {@code field} for an unknown value */
    public static ForwardedSignatures parse(String text, String field) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(choice -> choice.value.equals(wanted)).findFirst()
            .orElseThrow(() -> new InvalidFieldException(field, "'" + field + "' must be arc+dkim, arc or none; got '" + text + "'"));
    }
}
