package io.smtpy.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.google.common.collect.ImmutableSortedMap;

import io.smtpy.core.model.DomainName;

/**
 * A member's place in an account: a role for the whole account, and optionally another role for some of its
 * domains ("admin of a.com, read-only elsewhere" is role read-only with {@code a.com → admin}).
 */
public final class Membership {
    private final AccessId account;
    private final AccessId member;
    private final Role role;
    private final ImmutableSortedMap<DomainName, Role> domainRoles;

    public Membership(AccessId account, AccessId member, Role role, Map<DomainName, Role> domainRoles) {
        this.account = Objects.requireNonNull(account);
        this.member = Objects.requireNonNull(member);
        this.role = Objects.requireNonNull(role);
        this.domainRoles = ImmutableSortedMap.copyOf(new TreeMap<>(domainRoles));
    }

    public AccessId account() {
        return account;
    }

    public AccessId member() {
        return member;
    }

    public Role role() {
        return role;
    }

    public Map<DomainName, Role> domainRoles() {
        return domainRoles;
    }

    /** The member's role on that domain: the domain's own role when it has one, else the account role. */
    public Role roleOn(DomainName domain) {
        return domainRoles.getOrDefault(domain, role);
    }

    /** Account-wide permissions come from the account role; a domain's from its own role when it has one. */
    public Set<Permission> permissions(Optional<DomainName> domain) {
        Role effective = domain.map(this::roleOn).orElse(role);
        return EnumSet.copyOf(effective.permissions());
    }

    public Membership withRole(Role newRole, Map<DomainName, Role> newDomainRoles) {
        return new Membership(account, member, newRole, newDomainRoles);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Membership)) {
            return false;
        }
        Membership other = (Membership) o;
        return account.equals(other.account) && member.equals(other.member) && role == other.role
            && domainRoles.equals(other.domainRoles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, member, role, domainRoles);
    }

    @Override
    public String toString() {
        return "Membership{" + account + ", " + member + ", " + role + ", " + domainRoles + "}";
    }
}
