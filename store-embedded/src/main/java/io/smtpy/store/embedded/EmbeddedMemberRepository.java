package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.access.store.MemberRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * Members in the {@code members} table (the lower-cased address under a unique index) and their memberships in
 * {@code memberships}, one row per account and member, the per-domain roles as a JSON object.
 */
final class EmbeddedMemberRepository implements MemberRepository {
    private static final String MEMBER_COLUMNS = "id, email, display_name, password_hash, email_verified, totp_secret, created_at";
    private static final String MEMBER_PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?";
    private static final String MEMBERSHIP_COLUMNS = "account, member, role, domain_roles";

    private final SqliteConnections connections;

    EmbeddedMemberRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public void create(Member member) {
        // DO NOTHING without a target covers both unique keys, the id and the address.
        int inserted = connections.write(connection -> execute(connection,
            "INSERT INTO members (" + MEMBER_COLUMNS + ") VALUES (" + MEMBER_PLACEHOLDERS + ") ON CONFLICT DO NOTHING", member));
        if (inserted == 0) {
            throw new AlreadyExistsException("member " + member.email() + " already exists");
        }
    }

    @Override
    public Optional<Member> get(AccessId id) {
        return findMember("id", id.asString());
    }

    @Override
    public Optional<Member> byEmail(String email) {
        return findMember("email", Member.normaliseEmail(email, "email"));
    }

    private Optional<Member> findMember(String column, String value) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + MEMBER_COLUMNS + " FROM members WHERE " + column + " = ?")) {
                select.setString(1, value);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(member(row)) : Optional.<Member>empty();
                }
            }
        });
    }

    @Override
    public void update(Member member) {
        connections.write(connection -> {
            // Both checks in the write transaction, so that no other writer can take the address in between.
            if (!exists(connection, "id = ?", member.id().asString())) {
                throw new NotFoundException("member " + member.id() + " does not exist");
            }
            if (exists(connection, "email = ? AND id <> ?", member.email(), member.id().asString())) {
                throw new AlreadyExistsException("member " + member.email() + " already exists");
            }
            // ?1 in the WHERE clause is the first parameter, the id.
            return execute(connection, "UPDATE members SET (" + MEMBER_COLUMNS + ") = (" + MEMBER_PLACEHOLDERS + ") WHERE id = ?1",
                member);
        });
    }

    private static boolean exists(Connection connection, String where, String... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM members WHERE " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    @Override
    public void putMembership(Membership membership) {
        connections.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO memberships (" + MEMBERSHIP_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (account, member)"
                    + " DO UPDATE SET role = excluded.role, domain_roles = excluded.domain_roles")) {
                upsert.setString(1, membership.account().asString());
                upsert.setString(2, membership.member().asString());
                upsert.setString(3, membership.role().value());
                upsert.setString(4, domainRolesJson(membership.domainRoles()));
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public boolean removeMembership(AccessId account, AccessId member) {
        return connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM memberships WHERE account = ? AND member = ?")) {
                delete.setString(1, account.asString());
                delete.setString(2, member.asString());
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<Membership> membership(AccessId account, AccessId member) {
        List<Membership> found = memberships("account = ? AND member = ?", "", account.asString(), member.asString());
        return found.stream().findFirst();
    }

    @Override
    public List<Membership> membershipsOfAccount(AccessId account) {
        return memberships("account = ?", " ORDER BY member", account.asString());
    }

    @Override
    public List<Membership> membershipsOfMember(AccessId member) {
        return memberships("member = ?", " ORDER BY account", member.asString());
    }

    private List<Membership> memberships(String where, String orderBy, String... parameters) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + MEMBERSHIP_COLUMNS + " FROM memberships WHERE " + where + orderBy)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<Membership> memberships = new ArrayList<>();
                    while (rows.next()) {
                        memberships.add(new Membership(AccessId.of(rows.getString("account")), AccessId.of(rows.getString("member")),
                            Role.parse(rows.getString("role"), "role"), domainRoles(rows.getString("domain_roles"))));
                    }
                    return memberships;
                }
            }
        });
    }

    private static int execute(Connection connection, String sql, Member member) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, member.id().asString());
            statement.setString(2, member.email());
            statement.setString(3, member.displayName());
            statement.setString(4, member.passwordHash().orElse(null));
            statement.setBoolean(5, member.emailVerified());
            statement.setString(6, member.totpSecret().orElse(null));
            statement.setString(7, StoredInstant.format(member.createdAt()));
            return statement.executeUpdate();
        }
    }

    private static Member member(ResultSet row) throws SQLException {
        return new Member(AccessId.of(row.getString("id")), row.getString("email"), row.getString("display_name"),
            Optional.ofNullable(row.getString("password_hash")), row.getBoolean("email_verified"),
            Optional.ofNullable(row.getString("totp_secret")), StoredInstant.parse(row.getString("created_at")));
    }

    private static String domainRolesJson(Map<DomainName, Role> domainRoles) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        domainRoles.forEach((domain, role) -> document.put(domain.asString(), role.value()));
        return JsonColumns.write(document);
    }

    private static Map<DomainName, Role> domainRoles(String json) {
        Map<DomainName, Role> domainRoles = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = JsonColumns.read(json).fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            domainRoles.put(DomainName.of(field.getKey()), Role.parse(field.getValue().asText(), "domainRoles"));
        }
        return domainRoles;
    }
}
