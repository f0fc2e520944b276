package io.smtpy.access.store;

import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;

/** Members (people who log in) and their memberships in accounts. */
public interface MemberRepository {
    /** @throws io.smtpy.core.store.AlreadyExistsException when the id or the (lower-cased) address is taken */
    void create(Member member);

    Optional<Member> get(AccessId id);

    Optional<Member> byEmail(String email);

    /** @throws io.smtpy.core.store.NotFoundException when there is no such member */
    void update(Member member);

    /** Adds or replaces the member's membership in that account. */
    void putMembership(Membership membership);

    /** @return false when the member was not in the account */
    boolean removeMembership(AccessId account, AccessId member);

    Optional<Membership> membership(AccessId account, AccessId member);

    /** The account's memberships, by member id. */
    List<Membership> membershipsOfAccount(AccessId account);

    /** The member's memberships, by account id. */
    List<Membership> membershipsOfMember(AccessId member);
}
