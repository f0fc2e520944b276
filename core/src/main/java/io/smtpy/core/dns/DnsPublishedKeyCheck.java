package io.smtpy.core.dns;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.PublishedKeyCheck;

/**
 * {@link PublishedKeyCheck} by asking DNS now: a key is published when one TXT record at its name carries its public
 * key in {@code p=} (whitespace and stray quotes ignored, as verifiers do). A failed lookup counts as not published,
 * so a DNS outage delays an activation and never causes one.
 */
public class DnsPublishedKeyCheck implements PublishedKeyCheck {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsPublishedKeyCheck.class);

    private final DnsLookup dns;

    public DnsPublishedKeyCheck(DnsLookup dns) {
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    @Override
    public boolean isPublished(DkimKey key) {
        List<String> records;
        try {
            records = dns.txt(key.recordName());
        } catch (DnsLookupException e) {
            LOGGER.info("DKIM key {} not confirmed in DNS: {}", key.recordName(), e.getMessage());
            return false;
        }
        String expected = key.publicKeyBase64();
        return records.stream()
            .map(DkimPublicKeyTag::publicKey)
            .anyMatch(found -> found.equals(Optional.of(expected)));
    }
}
