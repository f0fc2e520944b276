package io.smtpy.sending;

import java.util.Objects;

/** A credential with its secret in clear, as its creator sees it once (at creation and at a reset), never again. */
public final class IssuedCredential {
    private final SmtpCredential credential;
    private final String password;

    IssuedCredential(SmtpCredential credential, String password) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.password = Objects.requireNonNull(password, "password");
    }

    public SmtpCredential credential() {
        return credential;
    }

    public String password() {
        return password;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "IssuedCredential{" + credential + "}";
    }
}
