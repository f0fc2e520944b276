package io.smtpy.access.store;

import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.Invitation;

/** Invitations, in every state. */
public interface InvitationRepository {
    void create(Invitation invitation);

    Optional<Invitation> get(AccessId id);

    /** The account's invitations, oldest first. */
    List<Invitation> ofAccount(AccessId account);

    /** @throws io.smtpy.core.store.NotFoundException when there is no such invitation */
    void update(Invitation invitation);
}
