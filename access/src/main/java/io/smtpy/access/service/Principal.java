package io.smtpy.access.service;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Permission;
import io.smtpy.core.model.DomainName;

/**
 * Who is calling, as the guard saw it for this request: the operator, a member (through a session, with the
 * memberships read for this request, so a role change applies to the next request), or an account's API key.
 */
public abstract class Principal {
    private Principal() {
    }

    /** {@code operator}, {@code member:<id>} or {@code key:<id>}: how the audit log names the actor. */
    public abstract String actor();

    public abstract String kind();

    public boolean isOperator() {
        return false;
    }

    /** The accounts it may act in; the operator's is every account (empty here). */
    public abstract List<AccessId> accounts();

    /** What it may do in that account, for that domain (or account-wide); empty when it cannot reach them. */
    public abstract Set<Permission> permissions(AccessId account, Optional<DomainName> domain);

    /** Can it see the account (or the domain within it) at all? Outside: 404, never 403. */
    public abstract boolean reaches(AccessId account, Optional<DomainName> domain);

    public boolean may(Permission permission, AccessId account, Optional<DomainName> domain) {
        return permissions(account, domain).contains(permission);
    }

    public static Principal operator() {
        return Operator.INSTANCE;
    }

    public static Principal member(Member member, AccessId session, List<Membership> memberships) {
        return new MemberPrincipal(member, session, memberships);
    }

    public static Principal key(ApiKey key) {
        return new KeyPrincipal(key);
    }

    public Optional<Member> asMember() {
        return Optional.empty();
    }

    public Optional<AccessId> sessionId() {
        return Optional.empty();
    }

    public Optional<ApiKey> asKey() {
        return Optional.empty();
    }

    private static final class Operator extends Principal {
        private static final Operator INSTANCE = new Operator();

        @Override
        public String actor() {
            return "operator";
        }

        @Override
        public String kind() {
            return "operator";
        }

        @Override
        public boolean isOperator() {
            return true;
        }

        @Override
        public List<AccessId> accounts() {
            return List.of();
        }

        @Override
        public Set<Permission> permissions(AccessId account, Optional<DomainName> domain) {
            return EnumSet.allOf(Permission.class);
        }

        @Override
        public boolean reaches(AccessId account, Optional<DomainName> domain) {
            return true;
        }
    }

    private static final class MemberPrincipal extends Principal {
        private final Member member;
        private final AccessId session;
        private final Map<AccessId, Membership> memberships;

        private MemberPrincipal(Member member, AccessId session, List<Membership> memberships) {
            this.member = member;
            this.session = session;
            this.memberships = memberships.stream().collect(Collectors.toMap(Membership::account, Function.identity()));
        }

        @Override
        public String actor() {
            return "member:" + member.id().asString();
        }

        @Override
        public String kind() {
            return "member";
        }

        @Override
        public List<AccessId> accounts() {
            return memberships.keySet().stream().sorted().collect(Collectors.toList());
        }

        @Override
        public Set<Permission> permissions(AccessId account, Optional<DomainName> domain) {
            Membership membership = memberships.get(account);
            return membership == null ? EnumSet.noneOf(Permission.class) : membership.permissions(domain);
        }

        @Override
        public boolean reaches(AccessId account, Optional<DomainName> domain) {
            return memberships.containsKey(account);
        }

        @Override
        public Optional<Member> asMember() {
            return Optional.of(member);
        }

        @Override
        public Optional<AccessId> sessionId() {
            return Optional.of(session);
        }
    }

    private static final class KeyPrincipal extends Principal {
        private final ApiKey key;

        private KeyPrincipal(ApiKey key) {
            this.key = key;
        }

        @Override
        public String actor() {
            return "key:" + key.id().asString();
        }

        @Override
        public String kind() {
            return "key";
        }

        @Override
        public List<AccessId> accounts() {
            return List.of(key.account());
        }

        @Override
        public Set<Permission> permissions(AccessId account, Optional<DomainName> domain) {
            if (!reaches(account, domain)) {
                return EnumSet.noneOf(Permission.class);
            }
            Set<Permission> granted = key.permissions();
            if (!key.domains().isEmpty()) {
                // A key limited to some domains never acts on the account as a whole.
                granted.removeIf(permission -> !permission.domainScoped());
            }
            return granted;
        }

        @Override
        public boolean reaches(AccessId account, Optional<DomainName> domain) {
            return key.account().equals(account) && domain.map(key::reaches).orElse(true);
        }

        @Override
        public Optional<ApiKey> asKey() {
            return Optional.of(key);
        }
    }
}
