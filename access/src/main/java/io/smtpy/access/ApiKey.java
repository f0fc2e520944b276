package io.smtpy.access;

import java.net.InetAddress;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Cidr;
import io.smtpy.core.model.DomainName;

/**
 * An account's API key. Only a hash of its secret is kept (the secret is shown once, at creation or rotation).
 * It carries a subset of its creator's permissions, and may be limited to some domains, to some networks and
 * in time; a revoked key stays listed (for the audit trail) but never authenticates again.
 */
public final class ApiKey {
    private final AccessId id;
    private final AccessId account;
    private final String name;
    private final String secretHash;
    private final Set<Permission> permissions;
    private final SortedSet<DomainName> domains;
    private final Optional<Instant> expiresAt;
    private final List<Cidr> allowedIps;
    private final String createdBy;
    private final Instant createdAt;
    private final Optional<Instant> lastUsedAt;
    private final Optional<String> lastUsedFrom;
    private final Optional<Instant> revokedAt;

    public ApiKey(AccessId id, AccessId account, String name, String secretHash, Set<Permission> permissions,
                  Set<DomainName> domains, Optional<Instant> expiresAt, List<Cidr> allowedIps, String createdBy,
                  Instant createdAt, Optional<Instant> lastUsedAt, Optional<String> lastUsedFrom, Optional<Instant> revokedAt) {
        this.id = Objects.requireNonNull(id);
        this.account = Objects.requireNonNull(account);
        this.name = Objects.requireNonNull(name);
        this.secretHash = Objects.requireNonNull(secretHash);
        this.permissions = permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions);
        this.domains = new TreeSet<>(domains);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.allowedIps = ImmutableList.copyOf(allowedIps);
        this.createdBy = Objects.requireNonNull(createdBy);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.lastUsedAt = Objects.requireNonNull(lastUsedAt);
        this.lastUsedFrom = Objects.requireNonNull(lastUsedFrom);
        this.revokedAt = Objects.requireNonNull(revokedAt);
    }

    public AccessId id() {
        return id;
    }

    public AccessId account() {
        return account;
    }

    public String name() {
        return name;
    }

    public String secretHash() {
        return secretHash;
    }

    public Set<Permission> permissions() {
        return permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions);
    }

    /** Empty: every domain of the account. */
    public SortedSet<DomainName> domains() {
        return new TreeSet<>(domains);
    }

    public Optional<Instant> expiresAt() {
        return expiresAt;
    }

    /** Empty: any address. */
    public List<Cidr> allowedIps() {
        return allowedIps;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> lastUsedAt() {
        return lastUsedAt;
    }

    public Optional<String> lastUsedFrom() {
        return lastUsedFrom;
    }

    public Optional<Instant> revokedAt() {
        return revokedAt;
    }

    public boolean expired(Instant now) {
        return expiresAt.map(expiry -> !now.isBefore(expiry)).orElse(false);
    }

    public boolean allows(InetAddress source) {
        return allowedIps.isEmpty() || allowedIps.stream().anyMatch(cidr -> cidr.contains(source));
    }

    public boolean reaches(DomainName domain) {
        return domains.isEmpty() || domains.contains(domain);
    }

    /** The key's secret prefix as listed: never enough to authenticate. */
    public String displayPrefix() {
        return ApiKeyToken.PREFIX + id.asString() + "_…";
    }

    public ApiKey withSecretHash(String hash) {
        return new ApiKey(id, account, name, hash, permissions, domains, expiresAt, allowedIps, createdBy, createdAt,
            lastUsedAt, lastUsedFrom, revokedAt);
    }

    public ApiKey usedAt(Instant at, String from) {
        return new ApiKey(id, account, name, secretHash, permissions, domains, expiresAt, allowedIps, createdBy, createdAt,
            Optional.of(at), Optional.of(from), revokedAt);
    }

    public ApiKey revoked(Instant at) {
        return new ApiKey(id, account, name, secretHash, permissions, domains, expiresAt, allowedIps, createdBy, createdAt,
            lastUsedAt, lastUsedFrom, Optional.of(at));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ApiKey)) {
            return false;
        }
        ApiKey other = (ApiKey) o;
        return id.equals(other.id) && account.equals(other.account) && name.equals(other.name)
            && secretHash.equals(other.secretHash) && permissions.equals(other.permissions) && domains.equals(other.domains)
            && expiresAt.equals(other.expiresAt) && allowedIps.equals(other.allowedIps) && createdBy.equals(other.createdBy)
            && createdAt.equals(other.createdAt) && lastUsedAt.equals(other.lastUsedAt)
            && lastUsedFrom.equals(other.lastUsedFrom) && revokedAt.equals(other.revokedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, account, secretHash);
    }

    @Override
    public String toString() {
        return "ApiKey{" + id + ", " + account + ", " + name + "}";
    }
}
