package io.smtpy.core.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

/**
 * A domain whose mail smtpy forwards, with the settings that apply to all its addresses: whether it is
 * enabled, whether subaddress tags are kept on destinations, its catch-all and its regex aliases, whether the
 * senders' DMARC {@code p=reject} is enforced at SMTP time, its spam and virus policies, and the outcome of its last
 * DNS verification.
 * Immutable; change it with {@link #toBuilder()}.
 */
public final class Domain {
    private final DomainName name;
    private final boolean enabled;
    private final boolean keepSubaddressTag;
    private final Optional<CatchAll> catchAll;
    private final List<RegexAlias> regexAliases;
    private final boolean enforceDmarcReject;
    private final ForwardedSignatures forwardedSignatures;
    private final Optional<DnsVerification> dnsVerification;
    private final Optional<Destination> archiveAddress;
    private final boolean blockLinks;
    private final boolean quarantineDigest;
    private final SpamSettings spam;
    private final VirusSettings virus;
    private final EventRetention eventRetention;
    private final EventPrivacy eventPrivacy;
    private final Instant createdAt;
    private final Instant updatedAt;

    private Domain(Builder builder) {
        this.name = Objects.requireNonNull(builder.name, "name");
        this.enabled = builder.enabled;
        this.keepSubaddressTag = builder.keepSubaddressTag;
        this.catchAll = builder.catchAll;
        this.regexAliases = builder.regexAliases.stream()
            .sorted(Comparator.comparingInt(RegexAlias::priority))
            .collect(ImmutableList.toImmutableList());
        this.enforceDmarcReject = builder.enforceDmarcReject;
        this.forwardedSignatures = Objects.requireNonNull(builder.forwardedSignatures, "forwardedSignatures");
        this.dnsVerification = Objects.requireNonNull(builder.dnsVerification, "dnsVerification");
        this.archiveAddress = Objects.requireNonNull(builder.archiveAddress, "archiveAddress");
        this.blockLinks = builder.blockLinks;
        this.quarantineDigest = builder.quarantineDigest;
        this.spam = Objects.requireNonNull(builder.spam, "spam");
        this.virus = Objects.requireNonNull(builder.virus, "virus");
        this.eventRetention = Objects.requireNonNull(builder.eventRetention, "eventRetention");
        this.eventPrivacy = Objects.requireNonNull(builder.eventPrivacy, "eventPrivacy");
        this.createdAt = Objects.requireNonNull(builder.createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(builder.updatedAt, "updatedAt");
    }

    public static Builder builder(DomainName name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(name)
            .enabled(enabled)
            .keepSubaddressTag(keepSubaddressTag)
            .catchAll(catchAll)
            .regexAliases(regexAliases)
            .enforceDmarcReject(enforceDmarcReject)
            .forwardedSignatures(forwardedSignatures)
            .dnsVerification(dnsVerification)
            .archiveAddress(archiveAddress)
            .blockLinks(blockLinks)
            .quarantineDigest(quarantineDigest)
            .spam(spam)
            .virus(virus)
            .eventRetention(eventRetention)
            .eventPrivacy(eventPrivacy)
            .createdAt(createdAt)
            .updatedAt(updatedAt);
    }

    public DomainName name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    /** When true, mail to {@code alias+tag@domain} goes to {@code dest+tag@...} for each destination. */
    public boolean keepSubaddressTag() {
        return keepSubaddressTag;
    }

    public Optional<CatchAll> catchAll() {
        return catchAll;
    }

    /** Sorted by ascending priority; equal priorities keep the order they were given in. */
    public List<RegexAlias> regexAliases() {
        return regexAliases;
    }

    /**
     * When true, a message whose author domain publishes DMARC {@code p=reject} (after {@code pct}) and fails DMARC
     * is refused at the end of DATA instead of forwarded. Off by default: forwarders that reject break mailing lists
     * and other legitimate indirect flows, so the owner opts in.
     */
    public boolean enforceDmarcReject() {
        return enforceDmarcReject;
    }

    /** What smtpy adds to the copies it forwards for this domain: ARC and DKIM (default), ARC only, or neither. */
    public ForwardedSignatures forwardedSignatures() {
        return forwardedSignatures;
    }

    /**
     * Where a copy of every mail accepted for the domain goes (forwarded, dropped or quarantined alike), with its
     * original envelope in a header field: a compliance archive. Empty: none.
     */
    public Optional<Destination> archiveAddress() {
        return archiveAddress;
    }

    /**
     * Whether forwarded copies carry the one-click links that let a recipient block the sender for that alias
     * ({@code List-Unsubscribe}, RFC 8058), when the installation has a public URL to put in them. Default true.
     */
    public boolean blockLinks() {
        return blockLinks;
    }

    /**
     * Whether the owners and admins of the domain's account get, at most once a day, a mail listing the mail newly
     * held in the domain's quarantine. Default true: turning it off is the owner's opt-out.
     */
    public boolean quarantineDigest() {
        return quarantineDigest;
    }

    /** How mail to the domain is scored for spam, and what happens from which score. */
    public SpamSettings spam() {
        return spam;
    }

    /** Whether mail to the domain is scanned for viruses, and what happens to infected mail. */
    public VirusSettings virus() {
        return virus;
    }

    /** How long the domain's mail events are kept, and whether a legal hold keeps them all. */
    public EventRetention eventRetention() {
        return eventRetention;
    }

    /** How the domain's mail events keep addresses: full, hashed or not at all. */
    public EventPrivacy eventPrivacy() {
        return eventPrivacy;
    }

    /** The last DNS verification; empty until the owner asks for one. */
    public Optional<DnsVerification> dnsVerification() {
        return dnsVerification;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Domain)) {
            return false;
        }
        Domain other = (Domain) o;
        return name.equals(other.name)
            && enabled == other.enabled
            && keepSubaddressTag == other.keepSubaddressTag
            && catchAll.equals(other.catchAll)
            && regexAliases.equals(other.regexAliases)
            && enforceDmarcReject == other.enforceDmarcReject
            && forwardedSignatures == other.forwardedSignatures
            && dnsVerification.equals(other.dnsVerification)
            && archiveAddress.equals(other.archiveAddress)
            && blockLinks == other.blockLinks
            && quarantineDigest == other.quarantineDigest
            && spam.equals(other.spam)
            && virus.equals(other.virus)
            && eventRetention.equals(other.eventRetention)
            && eventPrivacy == other.eventPrivacy
            && createdAt.equals(other.createdAt)
            && updatedAt.equals(other.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, enabled, keepSubaddressTag, catchAll, regexAliases, enforceDmarcReject, forwardedSignatures, dnsVerification,
            archiveAddress, blockLinks, quarantineDigest, spam, virus, eventRetention, eventPrivacy, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "Domain{" + name + (enabled ? "" : ", disabled") + "}";
    }

    public static final class Builder {
        private final DomainName name;
        private boolean enabled = true;
        private boolean keepSubaddressTag = false;
        private Optional<CatchAll> catchAll = Optional.empty();
        private List<RegexAlias> regexAliases = List.of();
        private boolean enforceDmarcReject = false;
        private ForwardedSignatures forwardedSignatures = ForwardedSignatures.ARC_AND_DKIM;
        private Optional<DnsVerification> dnsVerification = Optional.empty();
        private Optional<Destination> archiveAddress = Optional.empty();
        private boolean blockLinks = true;
        private boolean quarantineDigest = true;
        private SpamSettings spam = SpamSettings.DEFAULT;
        private VirusSettings virus = VirusSettings.DEFAULT;
        private EventRetention eventRetention = EventRetention.DEFAULT;
        private EventPrivacy eventPrivacy = EventPrivacy.FULL;
        private Instant createdAt;
        private Instant updatedAt;

        private Builder(DomainName name) {
            this.name = name;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder keepSubaddressTag(boolean keepSubaddressTag) {
            this.keepSubaddressTag = keepSubaddressTag;
            return this;
        }

        public Builder catchAll(Optional<CatchAll> catchAll) {
            this.catchAll = catchAll;
            return this;
        }

        public Builder regexAliases(List<RegexAlias> regexAliases) {
            this.regexAliases = regexAliases;
            return this;
        }

        public Builder enforceDmarcReject(boolean enforceDmarcReject) {
            this.enforceDmarcReject = enforceDmarcReject;
            return this;
        }

        public Builder forwardedSignatures(ForwardedSignatures forwardedSignatures) {
            this.forwardedSignatures = forwardedSignatures;
            return this;
        }

        public Builder dnsVerification(Optional<DnsVerification> dnsVerification) {
            this.dnsVerification = dnsVerification;
            return this;
        }

        public Builder archiveAddress(Optional<Destination> archiveAddress) {
            this.archiveAddress = archiveAddress;
            return this;
        }

        public Builder blockLinks(boolean blockLinks) {
            this.blockLinks = blockLinks;
            return this;
        }

        public Builder quarantineDigest(boolean quarantineDigest) {
            this.quarantineDigest = quarantineDigest;
            return this;
        }

        public Builder spam(SpamSettings spam) {
            this.spam = spam;
            return this;
        }

        public Builder virus(VirusSettings virus) {
            this.virus = virus;
            return this;
        }

        public Builder eventRetention(EventRetention eventRetention) {
            this.eventRetention = eventRetention;
            return this;
        }

        public Builder eventPrivacy(EventPrivacy eventPrivacy) {
            this.eventPrivacy = eventPrivacy;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Domain build() {
            return new Domain(this);
        }
    }
}
