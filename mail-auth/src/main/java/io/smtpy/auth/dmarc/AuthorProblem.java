package io.smtpy.auth.dmarc;

import io.smtpy.auth.AuthStatus;

/**
 * Why a message has no single Author Domain for DMARC (RFC 7489 §6.6.1), and the DMARC result that gives. Such a
 * message never passes DMARC; RFC 7489 notes receivers "typically reject" the malformed ones, which is left to
 * the caller's policy.
 */
public enum AuthorProblem {
    /** No From field at all: outside DMARC's scope, {@code none}. */
    NO_FROM_FIELD(AuthStatus.NONE),
    /** More than one From field (RFC 5322 allows exactly one): {@code permerror}. */
    SEVERAL_FROM_FIELDS(AuthStatus.PERMERROR),
    /** One From field naming mailboxes in more than one domain: {@code permerror}. */
    SEVERAL_AUTHOR_DOMAINS(AuthStatus.PERMERROR),
    /** A From field that is not an address list, names no mailbox, or a domain that is not a DNS name: {@code permerror}. */
    NO_AUTHOR_DOMAIN(AuthStatus.PERMERROR);

    private final AuthStatus status;

    AuthorProblem(AuthStatus status) {
        this.status = status;
    }

    /** The DMARC result of a message with this problem. */
    public AuthStatus status() {
        return status;
    }
}
