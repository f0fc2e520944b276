package io.smtpy.core.events;

import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Which events of a domain to list: optionally only those of one alias and of one type, at most
 * {@link #limit()} of them (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}).
 * {@link #test(MailEvent)} states what the filters mean; every backend must agree with it.
 */
public final class MailEventQuery {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final DomainName domain;
    private final Optional<LocalPart> alias;
    private final Optional<MailEventType> type;
    private final int limit;

    private MailEventQuery(DomainName domain, Optional<LocalPart> alias, Optional<MailEventType> type, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.type = Objects.requireNonNull(type, "type");
        this.limit = limit;
    }

    public static MailEventQuery of(DomainName domain) {
        return new MailEventQuery(domain, Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    public MailEventQuery withAlias(Optional<LocalPart> alias) {
        return new MailEventQuery(domain, alias, type, limit);
    }

    public MailEventQuery withType(Optional<MailEventType> type) {
        return new MailEventQuery(domain, alias, type, limit);
    }

    /**
     * @throws IllegalArgumentException outside 1 to {@value #MAX_LIMIT}
     */
    public MailEventQuery withLimit(int limit) {
        return new MailEventQuery(domain, alias, type, limit);
    }

    /** Whether an event passes the filters (the limit aside). */
    public boolean test(MailEvent event) {
        return event.domain().equals(domain)
            && alias.map(wanted -> event.alias().equals(Optional.of(wanted))).orElse(true)
            && type.map(wanted -> event.type() == wanted).orElse(true);
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    public Optional<MailEventType> type() {
        return type;
    }

    public int limit() {
        return limit;
    }
}
