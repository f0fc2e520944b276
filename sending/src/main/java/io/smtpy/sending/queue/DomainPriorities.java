package io.smtpy.sending.queue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.smtpy.core.model.DomainName;

/**
 * Which domains the operator put in the {@link PriorityClass#HIGH high} class: {@code queue.priorityDomains} in
 * smtpy.properties, a comma-separated list. It is the operator's setting only (a premium), read at start; every other
 * domain is {@link PriorityClass#NORMAL normal}. The mail path asks it for every copy, from memory.
 */
public final class DomainPriorities {
    public static final DomainPriorities NONE = new DomainPriorities(Set.of());

    private final Set<DomainName> high;

    public DomainPriorities(Set<DomainName> high) {
        this.high = Set.copyOf(high);
    }

    /** {@code a.example, b.example}; blank: none. */
    public static DomainPriorities parse(String highDomains) {
        return new DomainPriorities(Arrays.stream(highDomains.split(","))
            .map(String::trim)
            .filter(name -> !name.isEmpty())
            .map(DomainName::of)
            .collect(Collectors.toSet()));
    }

    public PriorityClass of(DomainName domain) {
        return high.contains(domain) ? PriorityClass.HIGH : PriorityClass.NORMAL;
    }
}
