package io.smtpy.sending.tracking;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * What a tracking token says: which mail (the domain, the sending alias, the journey), which of its recipients (the
 * position in the list the mail was submitted to), and for a click the URL the link had in the mail.
 */
public final class TrackingClaim {
    private final TrackingKind kind;
    private final DomainName domain;
    private final Optional<LocalPart> alias;
    private final String journeyId;
    private final OptionalInt recipientIndex;
    private final Optional<String> url;

    private TrackingClaim(TrackingKind kind, DomainName domain, Optional<LocalPart> alias, String journeyId,
                          OptionalInt recipientIndex, Optional<String> url) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.journeyId = Objects.requireNonNull(journeyId, "journeyId");
        this.recipientIndex = Objects.requireNonNull(recipientIndex, "recipientIndex");
        this.url = Objects.requireNonNull(url, "url");
        if (kind == TrackingKind.CLICK && url.isEmpty()) {
            throw new IllegalArgumentException("a click claim names its URL");
        }
    }

    /** The pixel's claim. */
    public static TrackingClaim open(DomainName domain, Optional<LocalPart> alias, String journeyId, OptionalInt recipientIndex) {
        return new TrackingClaim(TrackingKind.OPEN, domain, alias, journeyId, recipientIndex, Optional.empty());
    }

    /** The claim of a link to {@code url} in the same mail as this (open) claim. */
    public TrackingClaim click(String url) {
        return new TrackingClaim(TrackingKind.CLICK, domain, alias, journeyId, recipientIndex, Optional.of(url));
    }

    static TrackingClaim of(TrackingKind kind, DomainName domain, Optional<LocalPart> alias, String journeyId,
                            OptionalInt recipientIndex, Optional<String> url) {
        return new TrackingClaim(kind, domain, alias, journeyId, recipientIndex, url);
    }

    public TrackingKind kind() {
        return kind;
    }

    public DomainName domain() {
        return domain;
    }

    /** The alias the mail was sent as; empty when it was sent as an address that is no alias. */
    public Optional<LocalPart> alias() {
        return alias;
    }

    public String journeyId() {
        return journeyId;
    }

    /** The recipient's position in the submitted mail's recipients; empty when it was not known. */
    public OptionalInt recipientIndex() {
        return recipientIndex;
    }

    /** The link's original URL (clicks only). */
    public Optional<String> url() {
        return url;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrackingClaim)) {
            return false;
        }
        TrackingClaim other = (TrackingClaim) o;
        return kind == other.kind && domain.equals(other.domain) && alias.equals(other.alias) && journeyId.equals(other.journeyId)
            && recipientIndex.equals(other.recipientIndex) && url.equals(other.url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, domain, alias, journeyId, recipientIndex, url);
    }

    /** Names no URL: it may carry a recipient's personal tokens. */
    @Override
    public String toString() {
        return "TrackingClaim{" + kind + " " + domain + " journey " + journeyId + "}";
    }
}
