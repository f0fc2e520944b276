package io.smtpy.access.store.memory;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.MemberToken;
import io.smtpy.access.store.MemberTokenRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

public final class MemoryMemberTokenRepository implements MemberTokenRepository {
    private final Map<AccessId, MemberToken> tokens = new LinkedHashMap<>();

    @Override
    public synchronized void create(MemberToken token) {
        if (tokens.putIfAbsent(token.id(), token) != null) {
            throw new AlreadyExistsException("token " + token.id() + " already exists");
        }
    }

    @Override
    public synchronized Optional<MemberToken> get(AccessId id) {
        return Optional.ofNullable(tokens.get(id));
    }

    @Override
    public synchronized List<MemberToken> ofMember(AccessId member, MemberToken.Kind kind) {
        return tokens.values().stream()
            .filter(token -> token.member().equals(member) && token.kind() == kind)
            .sorted(Comparator.comparing(MemberToken::createdAt).thenComparing(MemberToken::id))
            .collect(Collectors.toList());
    }

    @Override
    public synchronized void update(MemberToken token) {
        if (tokens.replace(token.id(), token) == null) {
            throw new NotFoundException("token " + token.id() + " does not exist");
        }
    }

    @Override
    public synchronized void deleteOfMember(AccessId member, MemberToken.Kind kind) {
        tokens.values().removeIf(token -> token.member().equals(member) && token.kind() == kind);
    }
}
