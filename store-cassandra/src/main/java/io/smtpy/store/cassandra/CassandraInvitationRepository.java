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
import io.smtpy.access.Invitation;
import io.smtpy.access.Role;
import io.smtpy.access.store.InvitationRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Invitations in every state (the token's hash only) in two tables.
 * <ul>
 * <li>{@code invitations}: one partition per invitation id, written only by conditional writes; the state an
 * acceptance checks is read here.</li>
 * <li>{@code invitations_by_account}: partition account, clustering (created_at, id): the account's invitations
 * oldest first. Keys only: {@link #ofAccount} reads the invitations from {@code invitations}, so a listing never
 * shows a state older than the invitation's own row.</li>
 * </ul>
 * Both rows live {@link #KEPT_AFTER_EXPIRY} past the invitation's expiry (Cassandra TTL), renewed with it on a resend:
 * the panel shows expired, accepted and revoked invitations for that long.
 */
public final class CassandraInvitationRepository implements InvitationRepository {
    public static final TableSet TABLES = TableSet.of("invitations")
        .migration(
            "CREATE TABLE IF NOT EXISTS invitations (id text PRIMARY KEY, account text, email text, role text,"
                + " token_hash text, invited_by text, created_at text, expires_at text, state text)",
            "CREATE TABLE IF NOT EXISTS invitations_by_account (account text, created_at text, id text,"
                + " PRIMARY KEY (account, created_at, id))")
        .build();

    /** How long an expired invitation's row is kept. */
    public static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(30);

    private static final String COLUMNS = "id, account, email, role, token_hash, invited_by, created_at, expires_at, state";
    /** Invitations are read this many ids per query. */
    private static final int READ_AT_ONCE = 100;

    private final CassandraStore store;
    private final Clock clock;

    public CassandraInvitationRepository(CassandraStore store) {
        this(store, Clock.systemUTC());
    }

    /** {@code clock} dates the rows' TTL. */
    public CassandraInvitationRepository(CassandraStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void create(Invitation invitation) {
        int ttl = ttlSeconds(invitation.expiresAt());
        boolean created = store.applied(store.prepare("INSERT INTO invitations (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?")
            .bind(invitation.id().asString(), invitation.account().asString(), invitation.email(),
                invitation.role().value(), invitation.tokenHash(), invitation.invitedBy(),
                StoredInstant.format(invitation.createdAt()), StoredInstant.format(invitation.expiresAt()),
                invitation.state().value(), ttl), "creating invitation " + invitation.id());
        // Ids are 80 random bits: a clash is a bug, not a replacement.
        if (!created) {
            throw new AlreadyExistsException("invitation " + invitation.id() + " already exists");
        }
        store.execute(index(invitation, ttl), "listing invitation " + invitation.id() + " under its account");
    }

    @Override
    public Optional<Invitation> get(AccessId id) {
        Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM invitations WHERE id = ?").bind(id.asString()),
            "reading invitation " + id).one();
        return Optional.ofNullable(row).map(CassandraInvitationRepository::invitation);
    }

    @Override
    public List<Invitation> ofAccount(AccessId account) {
        List<String> ids = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT id FROM invitations_by_account WHERE account = ?")
            .bind(account.asString()), "listing the invitations of " + account)) {
            ids.add(row.getString("id"));
        }
        List<Invitation> invitations = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += READ_AT_ONCE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + READ_AT_ONCE));
            for (Row row : store.execute(store.prepare("SELECT " + COLUMNS + " FROM invitations WHERE id IN ?").bind(chunk),
                "reading the invitations of " + account)) {
                Invitation invitation = invitation(row);
                if (invitation.account().equals(account)) {
                    invitations.add(invitation);
                }
            }
        }
        invitations.sort(Comparator.comparing(Invitation::createdAt).thenComparing(Invitation::id));
        return invitations;
    }

    @Override
    public void update(Invitation invitation) {
        Row current = store.execute(store.prepare("SELECT " + COLUMNS + ", TTL(state) AS ttl FROM invitations WHERE id = ?")
            .bind(invitation.id().asString()), "reading invitation " + invitation.id()).one();
        if (current == null) {
            throw new NotFoundException("invitation " + invitation.id() + " does not exist");
        }
        int ttl = Ttls.neverShorter(ttlSeconds(invitation.expiresAt()), current);
        boolean updated = store.applied(store.prepare("UPDATE invitations USING TTL ? SET account = ?, email = ?, role = ?,"
                + " token_hash = ?, invited_by = ?, created_at = ?, expires_at = ?, state = ? WHERE id = ? IF EXISTS")
            .bind(ttl, invitation.account().asString(), invitation.email(), invitation.role().value(),
                invitation.tokenHash(), invitation.invitedBy(), StoredInstant.format(invitation.createdAt()),
                StoredInstant.format(invitation.expiresAt()), invitation.state().value(), invitation.id().asString()),
            "updating invitation " + invitation.id());
        if (!updated) {
            throw new NotFoundException("invitation " + invitation.id() + " does not exist");
        }
        Invitation previous = invitation(current);
        BatchStatement reindex = BatchStatement.newInstance(DefaultBatchType.LOGGED, index(invitation, ttl));
        if (!previous.account().equals(invitation.account()) || !previous.createdAt().equals(invitation.createdAt())) {
            reindex = reindex.add(store.prepare("DELETE FROM invitations_by_account WHERE account = ? AND created_at = ?"
                + " AND id = ?").bind(previous.account().asString(), StoredInstant.format(previous.createdAt()),
                    previous.id().asString()));
        }
        store.executeLogged(reindex, "listing invitation " + invitation.id() + " under its account");
    }

    private BoundStatement index(Invitation invitation, int ttl) {
        return store.prepare("INSERT INTO invitations_by_account (account, created_at, id) VALUES (?, ?, ?) USING TTL ?")
            .bind(invitation.account().asString(), StoredInstant.format(invitation.createdAt()), invitation.id().asString(),
                ttl);
    }

    /** Seconds from now to {@link #KEPT_AFTER_EXPIRY} past the expiry (past now when already expired); 0 for none. */
    private int ttlSeconds(Instant expiresAt) {
        return Ttls.keptPast(clock, expiresAt, KEPT_AFTER_EXPIRY);
    }

    private static Invitation invitation(Row row) {
        return new Invitation(AccessId.of(row.getString("id")), AccessId.of(row.getString("account")), row.getString("email"),
            Role.parse(row.getString("role"), "role"), row.getString("token_hash"), row.getString("invited_by"),
            StoredInstant.parse(row.getString("created_at")), StoredInstant.parse(row.getString("expires_at")),
            Invitation.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT)));
    }
}
