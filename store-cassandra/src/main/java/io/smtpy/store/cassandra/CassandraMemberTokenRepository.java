package io.smtpy.store.cassandra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.access.AccessId;
import io.smtpy.access.MemberToken;
import io.smtpy.access.store.MemberTokenRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Members' single-use tokens (their hashes only) in two tables.
 * <ul>
 * <li>{@code member_tokens}: one partition per token id, written only by conditional writes. It is the only place a
 * token's use is recorded.</li>
 * <li>{@code member_tokens_by_member}: partition (member, kind), clustering (created_at, id): which tokens a member has
 * of a kind, oldest first. It holds keys only: {@link #ofMember} reads the tokens themselves from
 * {@code member_tokens}, so a recovery code used a moment ago can never be listed as unused by a lagging copy.</li>
 * </ul>
 * Both rows live {@link #KEPT_AFTER_EXPIRY} past the token's expiry (Cassandra TTL): an expired token never works
 * again, and the record of its use is kept that long.
 */
public final class CassandraMemberTokenRepository implements MemberTokenRepository {
    public static final TableSet TABLES = TableSet.of("member_tokens")
        .migration(
            "CREATE TABLE IF NOT EXISTS member_tokens (id text PRIMARY KEY, member text, kind text, secret_hash text,"
                + " created_at text, expires_at text, used_at text)",
            "CREATE TABLE IF NOT EXISTS member_tokens_by_member (member text, kind text, created_at text, id text,"
                + " PRIMARY KEY ((member, kind), created_at, id))")
        .build();

    /** How long an expired token's row is kept. */
    public static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(30);

    private static final String COLUMNS = "id, member, kind, secret_hash, created_at, expires_at, used_at";
    /** Tokens are read this many ids per query. */
    private static final int READ_AT_ONCE = 100;

    private final CassandraStore store;
    private final Clock clock;

    public CassandraMemberTokenRepository(CassandraStore store) {
        this(store, Clock.systemUTC());
    }

    /** {@code clock} dates the rows' TTL. */
    public CassandraMemberTokenRepository(CassandraStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void create(MemberToken token) {
        int ttl = ttlSeconds(token.expiresAt());
        boolean created = store.applied(store.prepare("INSERT INTO member_tokens (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?")
            .bind(token.id().asString(), token.member().asString(), token.kind().name(), token.secretHash(),
                StoredInstant.format(token.createdAt()), StoredInstant.format(token.expiresAt()),
                token.usedAt().map(StoredInstant::format).orElse(null), ttl), "creating token " + token.id());
        if (!created) {
            throw new AlreadyExistsException("token " + token.id() + " already exists");
        }
        store.execute(index(token, ttl), "listing token " + token.id() + " under its member");
    }

    @Override
    public Optional<MemberToken> get(AccessId id) {
        Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM member_tokens WHERE id = ?").bind(id.asString()),
            "reading token " + id).one();
        return Optional.ofNullable(row).map(CassandraMemberTokenRepository::token);
    }

    @Override
    public List<MemberToken> ofMember(AccessId member, MemberToken.Kind kind) {
        List<String> ids = ids(member, kind);
        List<MemberToken> tokens = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += READ_AT_ONCE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + READ_AT_ONCE));
            for (Row row : store.execute(store.prepare("SELECT " + COLUMNS + " FROM member_tokens WHERE id IN ?").bind(chunk),
                "reading the tokens of " + member)) {
                MemberToken token = token(row);
                if (token.member().equals(member) && token.kind() == kind) {
                    tokens.add(token);
                }
            }
        }
        tokens.sort(Comparator.comparing(MemberToken::createdAt).thenComparing(MemberToken::id));
        return tokens;
    }

    @Override
    public void update(MemberToken token) {
        Row current = store.execute(store.prepare("SELECT " + COLUMNS + ", TTL(secret_hash) AS ttl FROM member_tokens"
            + " WHERE id = ?").bind(token.id().asString()), "reading token " + token.id()).one();
        if (current == null) {
            throw new NotFoundException("token " + token.id() + " does not exist");
        }
        int ttl = Ttls.neverShorter(ttlSeconds(token.expiresAt()), current);
        boolean updated = store.applied(store.prepare("UPDATE member_tokens USING TTL ? SET member = ?, kind = ?,"
                + " secret_hash = ?, created_at = ?, expires_at = ?, used_at = ? WHERE id = ? IF EXISTS")
            .bind(ttl, token.member().asString(), token.kind().name(), token.secretHash(),
                StoredInstant.format(token.createdAt()), StoredInstant.format(token.expiresAt()),
                token.usedAt().map(StoredInstant::format).orElse(null), token.id().asString()),
            "updating token " + token.id());
        if (!updated) {
            throw new NotFoundException("token " + token.id() + " does not exist");
        }
        MemberToken previous = token(current);
        BatchStatement reindex = BatchStatement.newInstance(DefaultBatchType.LOGGED, index(token, ttl));
        if (!previous.member().equals(token.member()) || previous.kind() != token.kind()
            || !previous.createdAt().equals(token.createdAt())) {
            reindex = reindex.add(unindex(previous.member(), previous.kind(), StoredInstant.format(previous.createdAt()),
                previous.id().asString()));
        }
        store.executeLogged(reindex, "listing token " + token.id() + " under its member");
    }

    @Override
    public void deleteOfMember(AccessId member, MemberToken.Kind kind) {
        List<String> ids = ids(member, kind);
        // The listing goes first: a failure half-way leaves tokens nobody lists (they expire), never a listed token
        // that is gone.
        store.execute(store.prepare("DELETE FROM member_tokens_by_member WHERE member = ? AND kind = ?")
            .bind(member.asString(), kind.name()), "forgetting the " + kind.value() + " tokens of " + member);
        for (String id : ids) {
            store.applied(store.prepare("DELETE FROM member_tokens WHERE id = ? IF EXISTS").bind(id), "deleting token " + id);
        }
    }

    private List<String> ids(AccessId member, MemberToken.Kind kind) {
        List<String> ids = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT id FROM member_tokens_by_member WHERE member = ? AND kind = ?")
            .bind(member.asString(), kind.name()), "listing the " + kind.value() + " tokens of " + member)) {
            ids.add(row.getString("id"));
        }
        return ids;
    }

    private BoundStatement index(MemberToken token, int ttl) {
        return store.prepare("INSERT INTO member_tokens_by_member (member, kind, created_at, id) VALUES (?, ?, ?, ?) USING TTL ?")
            .bind(token.member().asString(), token.kind().name(), StoredInstant.format(token.createdAt()),
                token.id().asString(), ttl);
    }

    private BoundStatement unindex(AccessId member, MemberToken.Kind kind, String createdAt, String id) {
        return store.prepare("DELETE FROM member_tokens_by_member WHERE member = ? AND kind = ? AND created_at = ? AND id = ?")
            .bind(member.asString(), kind.name(), createdAt, id);
    }

    /** Seconds from now to {@link #KEPT_AFTER_EXPIRY} past the expiry (past now when already expired); 0 for none. */
    private int ttlSeconds(Instant expiresAt) {
        return Ttls.keptPast(clock, expiresAt, KEPT_AFTER_EXPIRY);
    }

    private static MemberToken token(Row row) {
        return new MemberToken(AccessId.of(row.getString("id")), AccessId.of(row.getString("member")),
            MemberToken.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)), row.getString("secret_hash"),
            StoredInstant.parse(row.getString("created_at")), StoredInstant.parse(row.getString("expires_at")),
            Optional.ofNullable(row.getString("used_at")).map(StoredInstant::parse));
    }
}
