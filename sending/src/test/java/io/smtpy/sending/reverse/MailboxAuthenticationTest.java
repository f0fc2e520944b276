package io.smtpy.sending.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class MailboxAuthenticationTest {
    private static MailboxAuthentication of(String results) {
        return MailboxAuthentication.of(Optional.of(results), "mailbox.example");
    }

    @Test
    void dmarcPassForTheMailboxDomainShouldAuthenticate() {
        assertThat(of("spf=pass smtp.mailfrom=mailbox.example; dkim=none; dmarc=pass (p=reject dis=none) header.from=mailbox.example")
            .authenticated()).isTrue();
    }

    @Test
    void dmarcFailShouldNotAuthenticateEvenWithAnSpfPassOfAnotherDomain() {
        MailboxAuthentication verdict = of("spf=pass smtp.mailfrom=other.example; dkim=none;"
            + " dmarc=fail (p=reject dis=reject) reason=\"no aligned pass; not even close\" header.from=mailbox.example");

        assertThat(verdict.authenticated()).isFalse();
        assertThat(verdict.summary()).isEqualTo("spf=pass (other.example), dkim=none, dmarc=fail");
    }

    @Test
    void dmarcPassForAnotherFromDomainShouldNotCount() {
        assertThat(of("spf=pass smtp.mailfrom=other.example; dkim=none; dmarc=pass header.from=other.example").authenticated())
            .isFalse();
    }

    @Test
    void withoutDmarcRecordAnSpfPassOfExactlyTheDomainShouldAuthenticate() {
        assertThat(of("spf=pass smtp.mailfrom=mailbox.example; dkim=none; dmarc=none header.from=mailbox.example").authenticated())
            .isTrue();
        assertThat(of("spf=pass smtp.mailfrom=sub.mailbox.example; dkim=none; dmarc=none header.from=mailbox.example").authenticated())
            .isFalse();
    }

    @Test
    void withoutDmarcRecordADkimPassOfExactlyTheDomainShouldAuthenticate() {
        assertThat(of("spf=softfail smtp.mailfrom=bounce.example; dkim=fail header.d=other.example;"
            + " dkim=pass header.d=mailbox.example header.s=s1 header.a=rsa-sha256; dmarc=none header.from=mailbox.example")
            .authenticated()).isTrue();
    }

    @Test
    void temporaryErrorsAndMissingResultsShouldNotAuthenticate() {
        assertThat(of("spf=temperror smtp.mailfrom=mailbox.example; dkim=none; dmarc=temperror header.from=mailbox.example")
            .authenticated()).isFalse();
        assertThat(MailboxAuthentication.of(Optional.empty(), "mailbox.example").authenticated()).isFalse();
    }
}
