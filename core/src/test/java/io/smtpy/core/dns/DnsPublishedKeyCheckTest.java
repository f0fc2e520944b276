package io.smtpy.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyPair;
import io.smtpy.core.dkim.DkimSelector;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.model.DomainName;

class DnsPublishedKeyCheckTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final DkimKey KEY = key("s1");
    private static final DkimKey OTHER_KEY = key("s1");

    private final FakeDnsLookup dns = new FakeDnsLookup();
    private final DnsPublishedKeyCheck check = new DnsPublishedKeyCheck(dns);

    private static DkimKey key(String selector) {
        DkimKeyPair pair = new DkimKeyGenerator().generate(DkimAlgorithm.ED25519_SHA256);
        DkimSelector dkimSelector = DkimSelector.of(selector);
        return DkimKey.pending(DOMAIN, dkimSelector, DkimAlgorithm.ED25519_SHA256, pair.publicKey(),
            new PrivateKeyCipher(new byte[32]).seal(pair.privateKey(), dkimSelector.recordName(DOMAIN)), Instant.EPOCH);
    }

    @Test
    void aRecordWithTheKeyShouldCountAsPublished() {
        dns.txt("s1._domainkey.example.com", KEY.txtRecord());

        assertThat(check.isPublished(KEY)).isTrue();
    }

    @Test
    void aRecordWithFoldedBase64AndQuotesShouldCountAsPublished() {
        String base64 = KEY.publicKeyBase64();
        dns.txt("s1._domainkey.example.com", "v=DKIM1; k=ed25519; p=\"" + base64.substring(0, 10) + " " + base64.substring(10) + "\"");

        assertThat(check.isPublished(KEY)).isTrue();
    }

    @Test
    void aMissingRecordShouldNotCount() {
        assertThat(check.isPublished(KEY)).isFalse();
    }

    @Test
    void aRecordWithAnotherKeyShouldNotCount() {
        dns.txt("s1._domainkey.example.com", OTHER_KEY.txtRecord());

        assertThat(check.isPublished(KEY)).isFalse();
    }

    @Test
    void aFailingLookupShouldNotCount() {
        dns.failing("s1._domainkey.example.com");

        assertThat(check.isPublished(KEY)).isFalse();
    }
}
