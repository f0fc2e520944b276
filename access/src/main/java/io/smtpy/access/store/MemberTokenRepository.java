package io.smtpy.access.store;

import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.MemberToken;

/** Members' single-use tokens: e-mail verification, password reset, recovery codes. */
public interface MemberTokenRepository {
    /** @throws io.smtpy.core.store.AlreadyExistsException when the id is taken */
    void create(MemberToken token);

    Optional<MemberToken> get(AccessId id);

    /** The member's tokens of that kind, oldest first (ties by id). */
    List<MemberToken> ofMember(AccessId member, MemberToken.Kind kind);

    /** @throws io.smtpy.core.store.NotFoundException when there is no such token */
    void update(MemberToken token);

    /** Forgets the member's tokens of that kind (new recovery codes replace the old ones). */
    void deleteOfMember(AccessId member, MemberToken.Kind kind);
}
