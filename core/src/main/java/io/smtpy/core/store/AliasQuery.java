package io.smtpy.core.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.DomainName;

/**
 * Which aliases of a domain to list: optional filters (tag, free text, expiry) and a page window.
 * {@link #test(Alias)} states the meaning of the filters; storage backends may translate them to their own
 * query language but must agree with it (the contract checks that they do).
 */
public final class AliasQuery {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final DomainName domain;
    private final Optional<String> tag;
    private final Optional<String> text;
    private final Optional<Boolean> expired;
    private final Instant now;
    private final int offset;
    private final int limit;

    private AliasQuery(DomainName domain, Optional<String> tag, Optional<String> text, Optional<Boolean> expired,
                       Instant now, int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        this.domain = Objects.requireNonNull(domain);
        this.tag = tag.map(t -> t.toLowerCase(Locale.ROOT));
        this.text = text.map(t -> t.toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty());
        this.expired = expired;
        this.now = Objects.requireNonNull(now);
        this.offset = offset;
        this.limit = limit;
    }

    public static AliasQuery of(DomainName domain, Instant now) {
        return new AliasQuery(domain, Optional.empty(), Optional.empty(), Optional.empty(), now, 0, DEFAULT_LIMIT);
    }

    public AliasQuery withTag(Optional<String> tag) {
        return new AliasQuery(domain, tag, text, expired, now, offset, limit);
    }

    /** Case-insensitive substring of the local part, description or any destination. */
    public AliasQuery withText(Optional<String> text) {
        return new AliasQuery(domain, tag, text, expired, now, offset, limit);
    }

    /** true: only aliases expired at {@code now}; false: only those not expired. */
    public AliasQuery withExpired(Optional<Boolean> expired) {
        return new AliasQuery(domain, tag, text, expired, now, offset, limit);
    }

    public AliasQuery withPage(int offset, int limit) {
        return new AliasQuery(domain, tag, text, expired, now, offset, limit);
    }

    /** Whether an alias of {@link #domain()} passes the filters (the page window aside). */
    public boolean test(Alias alias) {
        return tag.map(t -> alias.tags().contains(t)).orElse(true)
            && text.map(t -> containsText(alias, t)).orElse(true)
            && expired.map(e -> alias.isExpiredAt(now) == e).orElse(true);
    }

    private static boolean containsText(Alias alias, String needle) {
        return alias.address().localPart().asString().contains(needle)
            || alias.description().toLowerCase(Locale.ROOT).contains(needle)
            || alias.destinations().stream().anyMatch(d -> d.asString().toLowerCase(Locale.ROOT).contains(needle));
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<String> tag() {
        return tag;
    }

    public Optional<String> text() {
        return text;
    }

    public Optional<Boolean> expired() {
        return expired;
    }

    public Instant now() {
        return now;
    }

    public int offset() {
        return offset;
    }

    public int limit() {
        return limit;
    }
}
