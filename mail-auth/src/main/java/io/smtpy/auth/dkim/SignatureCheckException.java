package io.smtpy.auth.dkim;

import java.util.Objects;

import io.smtpy.auth.AuthStatus;

/**
 * Why a DKIM or ARC signature does not pass, with the result it earns: FAIL when it was checked and does not match,
 * PERMERROR when it cannot be checked (malformed, no key, unacceptable algorithm), TEMPERROR when the key could not
 * be fetched. Thrown at the step that decides and turned into a verdict by the caller; it carries no stack trace
 * because hostile messages can produce many.
 */
public final class SignatureCheckException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AuthStatus status;

    public SignatureCheckException(AuthStatus status, String reason) {
        super(reason, null, false, false);
        this.status = Objects.requireNonNull(status, "status");
    }

    public AuthStatus status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }
}
