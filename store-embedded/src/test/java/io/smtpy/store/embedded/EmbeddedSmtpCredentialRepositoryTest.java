package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.sending.SmtpCredential;
import io.smtpy.sending.SmtpCredentialRepository;
import io.smtpy.sending.SmtpCredentialRepositoryContract;

class EmbeddedSmtpCredentialRepositoryTest implements SmtpCredentialRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public SmtpCredentialRepository testee() {
        return embedded.store().smtpCredentials();
    }

    @Test
    void credentialShouldStillAuthenticateAfterTheStoreWasReopened() {
        SmtpCredential credential = SmtpCredentialRepositoryContract.credential(DOMAIN, "one@brand.example", NOW);
        testee().add(credential);

        assertThat(embedded.reopen().smtpCredentials().findByUsername("ONE@brand.example")).contains(credential);
    }

    @Test
    void lookupByUserNameShouldUseTheUniqueIndex() {
        assertThat(embedded.queryPlan("SELECT * FROM smtp_credentials WHERE lower(username) = 'one@brand.example'"))
            .contains("USING INDEX smtp_credentials_by_username");
    }

    @Test
    void listShouldReadTheDomainsRangeInOrderWithoutSorting() {
        assertThat(embedded.queryPlan("SELECT * FROM smtp_credentials WHERE domain = 'brand.example' ORDER BY created_at, id"))
            .contains("USING INDEX smtp_credentials_by_domain")
            .doesNotContain("TEMP B-TREE");
    }
}
