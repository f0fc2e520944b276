package io.smtpy.core.model;

import java.util.Objects;

/** The address of an alias: a local part on an smtpy domain. */
public final class AliasAddress implements Comparable<AliasAddress> {
    private final DomainName domain;
    private final LocalPart localPart;

    private AliasAddress(DomainName domain, LocalPart localPart) {
        this.domain = Objects.requireNonNull(domain);
        this.localPart = Objects.requireNonNull(localPart);
    }

    public static AliasAddress of(DomainName domain, LocalPart localPart) {
        return new AliasAddress(domain, localPart);
    }

    public DomainName domain() {
        return domain;
    }

    public LocalPart localPart() {
        return localPart;
    }

    public String asString() {
        return localPart.asString() + "@" + domain.asString();
    }

    @Override
    public int compareTo(AliasAddress other) {
        int byDomain = domain.compareTo(other.domain);
        return byDomain != 0 ? byDomain : localPart.compareTo(other.localPart);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AliasAddress
            && ((AliasAddress) o).domain.equals(domain)
            && ((AliasAddress) o).localPart.equals(localPart);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, localPart);
    }

    @Override
    public String toString() {
        return asString();
    }
}
