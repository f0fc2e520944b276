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
    /** How mail is scored for spam: {@code enabled}, {@code tagThreshold}, {@code threshold}, {@code action}. */
    public final SpamDTO spam;
    /** Whether mail is scanned for viruses, and what happens to infected mail: {@code enabled}, {@code action}. */
    public final VirusDTO virus;
    /** How many days the domain's mail events are kept (30 unless changed). */
    public final int eventRetentionDays;
    /** Whether a legal hold keeps every event of the domain, whatever its retention. */
    public final boolean legalHold;
    /** How the domain's mail events keep addresses: {@code full}, {@code hashed} or {@code none}. */
    public final String eventPrivacy;
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
        this.spam = new SpamDTO(domain.spam());
        this.virus = new VirusDTO(domain.virus());
        this.eventRetentionDays = domain.eventRetention().days();
        this.legalHold = domain.eventRetention().legalHold();
        this.eventPrivacy = domain.eventPrivacy().asString();
        this.dnsVerification = domain.dnsVerification().map(DnsVerificationDTO::new).orElse(null);
        this.catchAll = domain.catchAll().isPresent();
        this.regexAliases = domain.regexAliases().size();
        this.aliases = aliasCount;
        this.createdAt = domain.createdAt();
        this.updatedAt = domain.updatedAt();
    }

    /** A domain's spam policy. */
    public static class SpamDTO {
        public final boolean enabled;
        public final double tagThreshold;
        public final double threshold;
        /** {@code tag}, {@code quarantine}, {@code reject} or {@code drop}, from {@code threshold} on. */
        public final String action;

        public SpamDTO(io.smtpy.core.model.SpamSettings spam) {
            this.enabled = spam.enabled();
            this.tagThreshold = spam.tagThreshold();
            this.threshold = spam.threshold();
            this.action = spam.action().asString();
        }
    }

    /** A domain's virus policy. */
    public static class VirusDTO {
        public final boolean enabled;
        /** {@code reject}, {@code quarantine} or {@code drop}. */
        public final String action;

        public VirusDTO(io.smtpy.core.model.VirusSettings virus) {
            this.enabled = virus.enabled();
            this.action = virus.action().asString();
        }
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
