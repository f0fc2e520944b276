package io.smtpy.webadmin.dto;

import java.util.List;

import io.smtpy.core.model.RegexAlias;

/** A regex alias: pattern, destination templates, priority, description. */
public class RegexAliasDTO {
    public final String pattern;
    public final List<String> destinations;
    public final int priority;
    public final String description;

    public RegexAliasDTO(RegexAlias alias) {
        this.pattern = alias.pattern();
        this.destinations = alias.destinations();
        this.priority = alias.priority();
        this.description = alias.description();
    }
}
