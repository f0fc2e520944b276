package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;

import io.smtpy.core.model.DnsVerification;
import io.smtpy.core.model.Domain;

/** A domain as the API shows it. */
public class DomainDTO {
    public final String name;
    public final String unicodeName;
    public final boolean enabled;
    public final boolean keepSubaddressTag;
    public final boolean enforceDmarcReject;
    /** What forwarded copies carry: {@code arc+dkim}, {@code arc} or {@code none}. */
    public final String forwardedSignatures;
    /** Where a copy of every accepted mail goes, or null. */
    public final String archiveAddress;
    /** Whether forwarded copies carry one-click block links (when the installation has a public URL). */
    public final boolean blockLinks;
    /** Whether the account's owners and admins get the daily digest of newly quarantined mail. */
    public final boolean quarantineDigest;
    /** The last DNS verification, or null until the owner asked for one. */
    public final DnsVerificationDTO dnsVerification;
    public final boolean catchAll;
    public final int regexAliases;
    public final int aliases;
    public final Instant createdAt;
    public final Instant updatedAt;

    public DomainDTO(Domain domain, int aliasCount) {
        this.name = domain.name().asString();
        this.unicodeName = domain.name().unicode();
        this.enabled = domain.enabled();
        this.keepSubaddressTag = domain.keepSubaddressTag();
        this.enforceDmarcReject = domain.enforceDmarcReject();
        this.forwardedSignatures = domain.forwardedSignatures().value();
        this.archiveAddress = domain.archiveAddress().map(io.smtpy.core.model.Destination::asString).orElse(null);
        this.blockLinks = domain.blockLinks();
        this.quarantineDigest = domain.quarantineDigest();
        this.dnsVerification = domain.dnsVerification().map(DnsVerificationDTO::new).orElse(null);
        this.catchAll = domain.catchAll().isPresent();
        this.regexAliases = domain.regexAliases().size();
        this.aliases = aliasCount;
        this.createdAt = domain.createdAt();
        this.updatedAt = domain.updatedAt();
    }

    /** When DNS was last verified and what was wrong then. */
    public static class DnsVerificationDTO {
        public final boolean verified;
        public final boolean ownershipVerified;
        public final List<String> failingRecords;
        public final Instant checkedAt;

        public DnsVerificationDTO(DnsVerification verification) {
            this.verified = verification.verified();
            this.ownershipVerified = verification.ownershipVerified();
            this.failingRecords = verification.failingRecords();
            this.checkedAt = verification.checkedAt();
        }
    }
}
