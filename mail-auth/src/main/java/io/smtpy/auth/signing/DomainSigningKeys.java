package io.smtpy.auth.signing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.inject.Inject;

import io.smtpy.auth.dkim.SigningKey;
import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyRotation;
import io.smtpy.core.model.DomainName;

/**
 * The keys a domain signs with now, ready to sign: {@link DkimKeyRotation#signingKeys} (only keys whose record was
 * seen in DNS), each unsealed once and kept by record name and creation instant (a selector's key never changes, so
 * the cache can never hand out a stale key; a retired key simply stops being asked for).
 */
public class DomainSigningKeys {
    private final DkimKeyRotation rotation;
    private final Map<String, SigningKey> opened = new ConcurrentHashMap<>();

    @Inject
    public DomainSigningKeys(DkimKeyRotation rotation) {
        this.rotation = Objects.requireNonNull(rotation, "rotation");
    }

    /** Every active key of the domain, kept algorithms first; empty while none is published. */
    public List<SigningKey> of(DomainName domain) {
        return rotation.signingKeys(domain).stream()
            .map(key -> opened.computeIfAbsent(key.recordName() + "@" + key.createdAt(), any -> open(key)))
            .collect(Collectors.toList());
    }

    /**
     * The key to seal ARC sets with: RSA when the domain has one (RFC 8617 names rsa-sha256 only, and validators
     * such as python-dkim know nothing else), else its first key.
     */
    public Optional<SigningKey> sealingKey(DomainName domain) {
        List<SigningKey> keys = of(domain);
        return keys.stream()
            .filter(key -> key.algorithm() == DkimAlgorithm.RSA_SHA256)
            .findFirst()
            .or(() -> keys.stream().findFirst());
    }

    private SigningKey open(DkimKey key) {
        return SigningKey.of(key.domain(), key.selector(), key.algorithm(), rotation.openPrivateKey(key));
    }
}
