package io.smtpy.auth.dmarc;

import java.util.Optional;

import com.google.common.net.InternetDomainName;

import io.smtpy.auth.DomainText;

/**
 * A domain as DMARC compares and looks it up: lower-case A-labels (U-labels of SMTPUTF8 mail converted), no
 * trailing dot, valid as a DNS host name (labels of at most 63 characters, at most 253 in all).
 */
final class AsciiDomain {
    private AsciiDomain() {
    }

    /** The A-label form of {@code text}, or empty when it is not a domain name. */
    static Optional<String> of(String text) {
        return DomainText.toAscii(text).filter(InternetDomainName::isValid);
    }
}
