package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smtpy.core.model.LocalPart;
import io.smtpy.sending.IssuedCredential;
import io.smtpy.sending.SmtpCredential;

/**
 * An SMTP credential as the API shows it: never its secret's hash, and its password only in the answer that issued it
 * (creation or reset), through {@link #issued}.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public class SmtpCredentialDTO {
    public final String id;
    public final String username;
    /** Present only when just issued: the one time it is shown. */
    public final Optional<String> password;
    /** Addresses it may send as; {@code *@domain} for any address of the domain. */
    public final List<String> sendAs;
    /** The alias's local part, for a credential made for one alias. */
    public final Optional<String> alias;
    public final boolean hold;
    public final String description;
    public final Instant createdAt;

    public SmtpCredentialDTO(SmtpCredential credential) {
        this(credential, Optional.empty());
    }

    private SmtpCredentialDTO(SmtpCredential credential, Optional<String> password) {
        this.id = credential.id().asString();
        this.username = credential.username();
        this.password = password;
        this.sendAs = credential.sendAs().entries();
        this.alias = credential.alias().map(LocalPart::asString);
        this.hold = credential.hold();
        this.description = credential.description();
        this.createdAt = credential.createdAt();
    }

    /** With its password in clear, for the answer that issued it; the audit log redacts the field by its name. */
    public static SmtpCredentialDTO issued(IssuedCredential issued) {
        return new SmtpCredentialDTO(issued.credential(), Optional.of(issued.password()));
    }
}
