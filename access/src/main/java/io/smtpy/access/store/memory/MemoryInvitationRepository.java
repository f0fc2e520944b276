package io.smtpy.access.store.memory;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.Invitation;
import io.smtpy.access.store.InvitationRepository;
import io.smtpy.core.store.NotFoundException;

public final class MemoryInvitationRepository implements InvitationRepository {
    private final Map<AccessId, Invitation> invitations = new LinkedHashMap<>();

    @Override
    public synchronized void create(Invitation invitation) {
        invitations.put(invitation.id(), invitation);
    }

    @Override
    public synchronized Optional<Invitation> get(AccessId id) {
        return Optional.ofNullable(invitations.get(id));
    }

    @Override
    public synchronized List<Invitation> ofAccount(AccessId account) {
        return invitations.values().stream()
            .filter(invitation -> invitation.account().equals(account))
            .sorted(Comparator.comparing(Invitation::createdAt).thenComparing(Invitation::id))
            .collect(Collectors.toList());
    }

    @Override
    public synchronized void update(Invitation invitation) {
        if (invitations.replace(invitation.id(), invitation) == null) {
            throw new NotFoundException("invitation " + invitation.id() + " does not exist");
        }
    }
}
