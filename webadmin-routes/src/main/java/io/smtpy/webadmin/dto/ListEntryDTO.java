package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.Optional;

import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.lists.ListAction;
import io.smtpy.rules.lists.ListEntry;

/** One block or allow list entry as the API shows it, with how often it decided a mail and when it last did. */
public class ListEntryDTO {
    public final String id;
    /** {@code alias}, {@code domain}, {@code account} or {@code operator}. */
    public final String scope;
    public final Optional<String> domain;
    public final Optional<String> alias;
    public final String type;
    /** The normalised value: what is stored and compared. */
    public final String value;
    /** {@code address}, {@code domain}, {@code wildcard} or {@code network}. */
    public final String kind;
    /** For a block entry: {@code reject}, {@code drop} or {@code quarantine}; absent for an allow entry. */
    public final Optional<String> action;
    public final String note;
    public final Optional<Instant> expiresAt;
    public final boolean expired;
    public final Instant createdAt;
    public final long hits;
    public final Optional<Instant> lastHitAt;

    public ListEntryDTO(ListEntry entry, Instant now) {
        this.id = entry.id().asString();
        this.scope = entry.scope().kind().asString();
        this.domain = entry.scope().domain().map(io.smtpy.core.model.DomainName::asString);
        this.alias = entry.scope().alias().map(LocalPart::asString);
        this.type = entry.type().asString();
        this.value = entry.value().asString();
        this.kind = entry.value().kind().name().toLowerCase(java.util.Locale.ROOT);
        this.action = entry.action().map(ListAction::asString);
        this.note = entry.note();
        this.expiresAt = entry.expiresAt();
        this.expired = entry.expiredAt(now);
        this.createdAt = entry.createdAt();
        this.hits = entry.hits();
        this.lastHitAt = entry.lastHitAt();
    }
}
