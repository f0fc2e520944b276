package io.smtpy.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKeyToken;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;

/** What every {@link SmtpCredentialRepository} backend must do; run on memory and embedded SQLite. */
public interface SmtpCredentialRepositoryContract {
    DomainName DOMAIN = DomainName.of("brand.example");
    DomainName OTHER_DOMAIN = DomainName.of("other.example");
    Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    SmtpCredentialRepository testee();

    static SmtpCredential credential(DomainName domain, String username, Instant createdAt) {
        return new SmtpCredential(AccessId.generate(SmtpCredential.ID_PREFIX), domain, Optional.empty(), username,
            ApiKeyToken.sha256(username + "-secret"), SendAs.anyAddressOf(domain), false, "", createdAt);
    }

    @Test
    default void addedCredentialShouldBeFoundAsItWasWritten() {
        SmtpCredential credential = new SmtpCredential(AccessId.generate(SmtpCredential.ID_PREFIX), DOMAIN,
            Optional.of(LocalPart.of("sales")), "sales@brand.example", ApiKeyToken.sha256("s3cret"),
            SendAs.of(DOMAIN, List.of("sales@brand.example", "support@brand.example")), true, "Gmail on the phone",
            NOW.plusNanos(123_456_789));
        testee().add(credential);

        assertThat(testee().find(DOMAIN, credential.id())).contains(credential);
        assertThat(testee().findByUsername("sales@brand.example")).contains(credential);
    }

    @Test
    default void userNameShouldBeFoundWhateverItsCase() {
        SmtpCredential credential = credential(DOMAIN, "Mixed.Case@brand.example", NOW);
        testee().add(credential);

        assertThat(testee().findByUsername("MIXED.case@BRAND.example")).contains(credential);
        assertThat(testee().findByUsername("nobody@brand.example")).isEmpty();
    }

    @Test
    default void userNameTakenInAnotherDomainShouldBeRefused() {
        testee().add(credential(DOMAIN, "shared@brand.example", NOW));

        assertThatThrownBy(() -> testee().add(credential(OTHER_DOMAIN, "SHARED@brand.example", NOW)))
            .isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().list(OTHER_DOMAIN)).isEmpty();
    }

    @Test
    default void sameIdTwiceShouldBeRefused() {
        SmtpCredential credential = credential(DOMAIN, "one@brand.example", NOW);
        testee().add(credential);

        SmtpCredential sameId = new SmtpCredential(credential.id(), DOMAIN, Optional.empty(), "two@brand.example",
            credential.secretHash(), credential.sendAs(), false, "", NOW);
        assertThatThrownBy(() -> testee().add(sameId)).isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().findByUsername("two@brand.example")).isEmpty();
    }

    @Test
    default void credentialShouldNotBeFoundThroughAnotherDomain() {
        SmtpCredential credential = credential(DOMAIN, "one@brand.example", NOW);
        testee().add(credential);

        assertThat(testee().find(OTHER_DOMAIN, credential.id())).isEmpty();
        assertThat(testee().remove(OTHER_DOMAIN, credential.id())).isFalse();
        assertThat(testee().update(new SmtpCredential(credential.id(), OTHER_DOMAIN, Optional.empty(), credential.username(),
            credential.secretHash(), SendAs.anyAddressOf(OTHER_DOMAIN), true, "", NOW))).isFalse();
        assertThat(testee().find(DOMAIN, credential.id())).contains(credential);
    }

    @Test
    default void listShouldGiveTheDomainsCredentialsOldestFirst() {
        SmtpCredential newer = credential(DOMAIN, "newer@brand.example", NOW.plusSeconds(60));
        SmtpCredential older = credential(DOMAIN, "older@brand.example", NOW);
        testee().add(newer);
        testee().add(older);
        testee().add(credential(OTHER_DOMAIN, "else@other.example", NOW));

        assertThat(testee().list(DOMAIN)).containsExactly(older, newer);
    }

    @Test
    default void updateShouldReplaceWhatItMayChange() {
        SmtpCredential credential = credential(DOMAIN, "one@brand.example", NOW);
        testee().add(credential);
        SmtpCredential changed = credential.withHold(true).withDescription("laptop")
            .withSendAs(SendAs.of(DOMAIN, List.of("one@brand.example"))).withSecretHash(ApiKeyToken.sha256("new"));

        assertThat(testee().update(changed)).isTrue();

        assertThat(testee().find(DOMAIN, credential.id())).contains(changed);
        assertThat(testee().findByUsername("one@brand.example")).contains(changed);
    }

    @Test
    default void updateOfAnUnknownCredentialShouldChangeNothing() {
        assertThat(testee().update(credential(DOMAIN, "ghost@brand.example", NOW))).isFalse();
        assertThat(testee().list(DOMAIN)).isEmpty();
    }

    @Test
    default void removedCredentialShouldNoLongerAuthenticateNorHoldItsUserName() {
        SmtpCredential credential = credential(DOMAIN, "one@brand.example", NOW);
        testee().add(credential);

        assertThat(testee().remove(DOMAIN, credential.id())).isTrue();
        assertThat(testee().remove(DOMAIN, credential.id())).isFalse();

        assertThat(testee().findByUsername("one@brand.example")).isEmpty();
        SmtpCredential again = credential(DOMAIN, "one@brand.example", NOW);
        testee().add(again);
        assertThat(testee().findByUsername("one@brand.example")).contains(again);
    }

    @Test
    default void removeAllShouldTakeOnlyThatDomainsCredentials() {
        testee().add(credential(DOMAIN, "one@brand.example", NOW));
        testee().add(credential(DOMAIN, "two@brand.example", NOW));
        SmtpCredential other = credential(OTHER_DOMAIN, "one@other.example", NOW);
        testee().add(other);

        assertThat(testee().removeAll(DOMAIN)).isEqualTo(2);

        assertThat(testee().list(DOMAIN)).isEmpty();
        assertThat(testee().findByUsername("two@brand.example")).isEmpty();
        assertThat(testee().list(OTHER_DOMAIN)).containsExactly(other);
    }
}
