package io.smtpy.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.access.ApiKeyToken;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;

class SmtpCredentialsTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final MemorySmtpCredentialRepository repository = new MemorySmtpCredentialRepository();
    private final SmtpCredentials credentials = new SmtpCredentials(repository, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void createShouldKeepOnlyTheHashOfAGeneratedSecret() {
        IssuedCredential issued = credentials.create(DOMAIN, CredentialRequest.forDomain());

        assertThat(issued.password()).startsWith(SmtpCredentials.PASSWORD_PREFIX).hasSize(SmtpCredentials.PASSWORD_PREFIX.length() + 64);
        SmtpCredential stored = repository.find(DOMAIN, issued.credential().id()).orElseThrow();
        assertThat(stored.secretHash()).isEqualTo(ApiKeyToken.sha256(issued.password())).doesNotContain(issued.password());
        assertThat(stored.toString()).doesNotContain(stored.secretHash());
        assertThat(issued.toString()).doesNotContain(issued.password());
        assertThat(stored.createdAt()).isEqualTo(NOW);
    }

    @Test
    void twoCredentialsShouldNeverShareASecret() {
        assertThat(credentials.create(DOMAIN, CredentialRequest.forDomain()).password())
            .isNotEqualTo(credentials.create(DOMAIN, CredentialRequest.forDomain()).password());
    }

    @Test
    void domainCredentialShouldSendAsAnyAddressOfTheDomainUnderAGeneratedName() throws Exception {
        SmtpCredential credential = credentials.create(DOMAIN, CredentialRequest.forDomain()).credential();

        assertThat(credential.username()).matches("smtp-[a-z0-9]{10}@brand\\.example");
        assertThat(credential.sendAs().allows(new MailAddress("anyone@brand.example"))).isTrue();
        assertThat(credential.alias()).isEmpty();
    }

    @Test
    void aliasCredentialShouldSendAsTheAliasUnderItsAddress() throws Exception {
        SmtpCredential credential = credentials.create(DOMAIN, request(Optional.empty(), Optional.of("Sales"), Optional.empty()))
            .credential();

        assertThat(credential.username()).isEqualTo("sales@brand.example");
        assertThat(credential.alias()).contains(LocalPart.of("sales"));
        assertThat(credential.sendAs().allows(new MailAddress("sales@brand.example"))).isTrue();
        assertThat(credential.sendAs().allows(new MailAddress("ceo@brand.example"))).isFalse();

        SmtpCredential second = credentials.create(DOMAIN, request(Optional.empty(), Optional.of("sales"), Optional.empty()))
            .credential();
        assertThat(second.username()).startsWith("smtp-");
    }

    @Test
    void givenUserNameShouldBeCompletedWithTheDomainAndBeUnique() {
        assertThat(credentials.create(DOMAIN, request(Optional.of("Phone"), Optional.empty(), Optional.empty()))
            .credential().username()).isEqualTo("phone@brand.example");

        assertThatThrownBy(() -> credentials.create(DOMAIN, request(Optional.of("phone@brand.example"), Optional.empty(), Optional.empty())))
            .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void userNameOfAnotherDomainShouldBeRefusedAndNothingStored() {
        assertThatThrownBy(() -> credentials.create(DOMAIN, request(Optional.of("me@bank.example"), Optional.empty(), Optional.empty())))
            .isInstanceOf(InvalidFieldException.class).extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("username");
        assertThatThrownBy(() -> credentials.create(DOMAIN, request(Optional.empty(), Optional.empty(), Optional.of(List.of("x@bank.example")))))
            .isInstanceOf(InvalidFieldException.class).extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("sendAs");
        assertThat(repository.list(DOMAIN)).isEmpty();
    }

    @Test
    void updateShouldChangeSendAsHoldAndDescriptionButNotTheSecret() throws Exception {
        IssuedCredential issued = credentials.create(DOMAIN, CredentialRequest.forDomain());

        SmtpCredential changed = credentials.update(DOMAIN, issued.credential().id(),
            new CredentialChange(Optional.of(List.of("news@brand.example")), Optional.of(true), Optional.of("newsletter tool")))
            .orElseThrow();

        assertThat(changed.hold()).isTrue();
        assertThat(changed.description()).isEqualTo("newsletter tool");
        assertThat(changed.sendAs().allows(new MailAddress("ceo@brand.example"))).isFalse();
        assertThat(changed.secretHash()).isEqualTo(issued.credential().secretHash());
        assertThat(repository.find(DOMAIN, changed.id())).contains(changed);
    }

    @Test
    void resetShouldReplaceTheSecret() {
        IssuedCredential issued = credentials.create(DOMAIN, CredentialRequest.forDomain());

        IssuedCredential reset = credentials.resetPassword(DOMAIN, issued.credential().id()).orElseThrow();

        assertThat(reset.password()).isNotEqualTo(issued.password());
        assertThat(repository.find(DOMAIN, issued.credential().id()).orElseThrow().secretHash())
            .isEqualTo(ApiKeyToken.sha256(reset.password()));
    }

    @Test
    void revokeShouldRemoveIt() {
        IssuedCredential issued = credentials.create(DOMAIN, CredentialRequest.forDomain());

        assertThat(credentials.revoke(DOMAIN, issued.credential().id())).isTrue();
        assertThat(credentials.find(DOMAIN, issued.credential().id())).isEmpty();
        assertThat(credentials.revoke(DOMAIN, issued.credential().id())).isFalse();
    }

    private static CredentialRequest request(Optional<String> username, Optional<String> alias, Optional<List<String>> sendAs) {
        return new CredentialRequest(username, alias, sendAs, false, "");
    }
}
