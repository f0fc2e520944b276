package io.smtpy.access.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.Session;

/** Members' sessions. */
public interface SessionRepository {
    void create(Session session);

    Optional<Session> get(AccessId id);

    /** The member's sessions, oldest first. */
    List<Session> ofMember(AccessId member);

    /** @return false when there was no such session */
    boolean delete(AccessId id);

    /** Ends every session of the member (password reset, removal). */
    void deleteOfMember(AccessId member);

    /** Forgets sessions that expired before {@code now}; how many. */
    int deleteExpired(Instant now);
}
