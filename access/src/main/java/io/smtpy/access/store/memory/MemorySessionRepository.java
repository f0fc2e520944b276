package io.smtpy.access.store.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.Session;
import io.smtpy.access.store.SessionRepository;

public final class MemorySessionRepository implements SessionRepository {
    private final Map<AccessId, Session> sessions = new LinkedHashMap<>();

    @Override
    public synchronized void create(Session session) {
        sessions.put(session.id(), session);
    }

    @Override
    public synchronized Optional<Session> get(AccessId id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public synchronized List<Session> ofMember(AccessId member) {
        return sessions.values().stream()
            .filter(session -> session.member().equals(member))
            .sorted(Comparator.comparing(Session::createdAt).thenComparing(Session::id))
            .collect(Collectors.toList());
    }

    @Override
    public synchronized boolean delete(AccessId id) {
        return sessions.remove(id) != null;
    }

    @Override
    public synchronized void deleteOfMember(AccessId member) {
        sessions.values().removeIf(session -> session.member().equals(member));
    }

    @Override
    public synchronized int deleteExpired(Instant now) {
        int before = sessions.size();
        sessions.values().removeIf(session -> session.expired(now));
        return before - sessions.size();
    }
}
