package io.smtpy.webadmin.dto;

import java.time.Instant;

import io.smtpy.core.model.Domain;

/** A domain as the API shows it. */
public class DomainDTO {
    public final String name;
    public final String unicodeName;
    public final boolean enabled;
    public final boolean keepSubaddressTag;
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
        this.catchAll = domain.catchAll().isPresent();
        this.regexAliases = domain.regexAliases().size();
        this.aliases = aliasCount;
        this.createdAt = domain.createdAt();
        this.updatedAt = domain.updatedAt();
    }
}
