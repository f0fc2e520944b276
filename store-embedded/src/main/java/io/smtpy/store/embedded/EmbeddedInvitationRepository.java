package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.Invitation;
import io.smtpy.access.Role;
import io.smtpy.access.store.InvitationRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** Invitations in every state in the {@code invitations} table; only the token's hash is stored. */
final class EmbeddedInvitationRepository implements InvitationRepository {
    private static final String COLUMNS = "id, account, email, role, token_hash, invited_by, created_at, expires_at, state";
    private static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?";

    private final SqliteConnections connections;

    EmbeddedInvitationRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void create(Invitation invitation) {
        int inserted = connections.write(connection -> execute(connection,
            "INSERT INTO invitations (" + COLUMNS + ") VALUES (" + PLACEHOLDERS + ") ON CONFLICT (id) DO NOTHING", invitation));
        // Ids are 80 random bits: a clash is a bug, not a replacement.
        if (inserted == 0) {
            throw new AlreadyExistsException("invitation " + invitation.id() + " already exists");
        }
    }

    @Override
    public Optional<Invitation> get(AccessId id) {
        return invitations("id = ?", id).stream().findFirst();
    }

    @Override
    public List<Invitation> ofAccount(AccessId account) {
        return invitations("account = ? ORDER BY created_at, id", account);
    }

    @Override
    public void update(Invitation invitation) {
        // ?1 in the WHERE clause is the first parameter, the id.
        int updated = connections.write(connection -> execute(connection,
            "UPDATE invitations SET (" + COLUMNS + ") = (" + PLACEHOLDERS + ") WHERE id = ?1", invitation));
        if (updated == 0) {
            throw new NotFoundException("invitation " + invitation.id() + " does not exist");
        }
    }

    private List<Invitation> invitations(String where, AccessId parameter) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM invitations WHERE " + where)) {
                select.setString(1, parameter.asString());
                try (ResultSet rows = select.executeQuery()) {
                    List<Invitation> invitations = new ArrayList<>();
                    while (rows.next()) {
                        invitations.add(invitation(rows));
                    }
                    return invitations;
                }
            }
        });
    }

    private static int execute(Connection connection, String sql, Invitation invitation) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, invitation.id().asString());
            statement.setString(2, invitation.account().asString());
            statement.setString(3, invitation.email());
            statement.setString(4, invitation.role().value());
            statement.setString(5, invitation.tokenHash());
            statement.setString(6, invitation.invitedBy());
            statement.setString(7, StoredInstant.format(invitation.createdAt()));
            statement.setString(8, StoredInstant.format(invitation.expiresAt()));
            statement.setString(9, invitation.state().value());
            return statement.executeUpdate();
        }
    }

    private static Invitation invitation(ResultSet row) throws SQLException {
        return new Invitation(AccessId.of(row.getString("id")), AccessId.of(row.getString("account")), row.getString("email"),
            Role.parse(row.getString("role"), "role"), row.getString("token_hash"), row.getString("invited_by"),
            StoredInstant.parse(row.getString("created_at")), StoredInstant.parse(row.getString("expires_at")),
            Invitation.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT)));
    }
}
