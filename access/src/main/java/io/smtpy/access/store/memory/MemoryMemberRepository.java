package io.smtpy.access.store.memory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.store.MemberRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

public final class MemoryMemberRepository implements MemberRepository {
    private final Map<AccessId, Member> members = new TreeMap<>();
    /** By account, then member. */
    private final Map<AccessId, Map<AccessId, Membership>> memberships = new TreeMap<>();

    @Override
    public synchronized void create(Member member) {
        if (members.containsKey(member.id()) || byEmail(member.email()).isPresent()) {
            throw new AlreadyExistsException("member " + member.email() + " already exists");
        }
        members.put(member.id(), member);
    }

    @Override
    public synchronized Optional<Member> get(AccessId id) {
        return Optional.ofNullable(members.get(id));
    }

    @Override
    public synchronized Optional<Member> byEmail(String email) {
        String wanted = Member.normaliseEmail(email, "email");
        return members.values().stream().filter(member -> member.email().equals(wanted)).findFirst();
    }

    @Override
    public synchronized void update(Member member) {
        if (!members.containsKey(member.id())) {
            throw new NotFoundException("member " + member.id() + " does not exist");
        }
        if (byEmail(member.email()).filter(other -> !other.id().equals(member.id())).isPresent()) {
            throw new AlreadyExistsException("member " + member.email() + " already exists");
        }
        members.put(member.id(), member);
    }

    @Override
    public synchronized void putMembership(Membership membership) {
        memberships.computeIfAbsent(membership.account(), account -> new TreeMap<>()).put(membership.member(), membership);
    }

    @Override
    public synchronized boolean removeMembership(AccessId account, AccessId member) {
        Map<AccessId, Membership> ofAccount = memberships.get(account);
        return ofAccount != null && ofAccount.remove(member) != null;
    }

    @Override
    public synchronized Optional<Membership> membership(AccessId account, AccessId member) {
        return Optional.ofNullable(memberships.getOrDefault(account, Map.of()).get(member));
    }

    @Override
    public synchronized List<Membership> membershipsOfAccount(AccessId account) {
        return List.copyOf(memberships.getOrDefault(account, Map.of()).values());
    }

    @Override
    public synchronized List<Membership> membershipsOfMember(AccessId member) {
        return memberships.values().stream()
            .map(ofAccount -> ofAccount.get(member))
            .filter(membership -> membership != null)
            .collect(Collectors.toList());
    }
}
