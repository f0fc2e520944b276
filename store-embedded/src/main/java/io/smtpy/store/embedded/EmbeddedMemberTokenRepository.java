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
import io.smtpy.access.MemberToken;
import io.smtpy.access.store.MemberTokenRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** Members' single-use tokens in the {@code member_tokens} table; only their hashes are stored. */
final class EmbeddedMemberTokenRepository implements MemberTokenRepository {
    private static final String COLUMNS = "id, member, kind, secret_hash, created_at, expires_at, used_at";
    private static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?";

    private final SqliteConnections connections;

    EmbeddedMemberTokenRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void create(MemberToken token) {
        int inserted = connections.write(connection -> execute(connection,
            "INSERT INTO member_tokens (" + COLUMNS + ") VALUES (" + PLACEHOLDERS + ") ON CONFLICT (id) DO NOTHING", token));
        if (inserted == 0) {
            throw new AlreadyExistsException("token " + token.id() + " already exists");
        }
    }

    @Override
    public Optional<MemberToken> get(AccessId id) {
        return tokens("id = ?", id.asString(), Optional.empty()).stream().findFirst();
    }

    @Override
    public List<MemberToken> ofMember(AccessId member, MemberToken.Kind kind) {
        return tokens("member = ? AND kind = ? ORDER BY created_at, id", member.asString(), Optional.of(kind.name()));
    }

    @Override
    public void update(MemberToken token) {
        int updated = connections.write(connection -> execute(connection,
            "UPDATE member_tokens SET (" + COLUMNS + ") = (" + PLACEHOLDERS + ") WHERE id = ?1", token));
        if (updated == 0) {
            throw new NotFoundException("token " + token.id() + " does not exist");
        }
    }

    @Override
    public void deleteOfMember(AccessId member, MemberToken.Kind kind) {
        connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM member_tokens WHERE member = ? AND kind = ?")) {
                delete.setString(1, member.asString());
                delete.setString(2, kind.name());
                return delete.executeUpdate();
            }
        });
    }

    private List<MemberToken> tokens(String where, String first, Optional<String> second) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM member_tokens WHERE " + where)) {
                select.setString(1, first);
                if (second.isPresent()) {
                    select.setString(2, second.get());
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<MemberToken> tokens = new ArrayList<>();
                    while (rows.next()) {
                        tokens.add(token(rows));
                    }
                    return tokens;
                }
            }
        });
    }

    private static int execute(Connection connection, String sql, MemberToken token) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, token.id().asString());
            statement.setString(2, token.member().asString());
            statement.setString(3, token.kind().name());
            statement.setString(4, token.secretHash());
            statement.setString(5, StoredInstant.format(token.createdAt()));
            statement.setString(6, StoredInstant.format(token.expiresAt()));
            statement.setString(7, token.usedAt().map(StoredInstant::format).orElse(null));
            return statement.executeUpdate();
        }
    }

    private static MemberToken token(ResultSet row) throws SQLException {
        return new MemberToken(AccessId.of(row.getString("id")), AccessId.of(row.getString("member")),
            MemberToken.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)), row.getString("secret_hash"),
            StoredInstant.parse(row.getString("created_at")), StoredInstant.parse(row.getString("expires_at")),
            Optional.ofNullable(row.getString("used_at")).map(StoredInstant::parse));
    }
}
