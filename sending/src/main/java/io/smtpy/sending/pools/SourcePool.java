package io.smtpy.sending.pools;

import java.util.List;
import java.util.Set;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.queue.PriorityClass;

/**
 * A named pool of outbound source addresses and what the operator assigned to it: domains, and delivery classes (the
 * premium of {@code queue.priorityDomains}). Each address has its own delivery connections and queue.
 */
public final class SourcePool {
    private final String name;
    private final List<SourceAddress> addresses;
    private final Set<DomainName> domains;
    private final Set<PriorityClass> classes;

    SourcePool(String name, List<SourceAddress> addresses, Set<DomainName> domains, Set<PriorityClass> classes) {
        this.name = name;
        this.addresses = List.copyOf(addresses);
        this.domains = Set.copyOf(domains);
        this.classes = Set.copyOf(classes);
    }

    public String name() {
        return name;
    }

    public List<SourceAddress> addresses() {
        return addresses;
    }

    public Set<DomainName> domains() {
        return domains;
    }

    public Set<PriorityClass> classes() {
        return classes;
    }

    /** The address a copy leaves from: the same one for the same spread key, the keys spread over all of them. */
    SourceAddress addressFor(String spreadKey) {
        return addresses.get(Math.floorMod(spreadKey.hashCode(), addresses.size()));
    }
}
