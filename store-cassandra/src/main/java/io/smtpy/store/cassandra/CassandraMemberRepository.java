package io.smtpy.store.cassandra;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.access.store.MemberRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Members and their memberships, in four tables.
 * <ul>
 * <li>{@code members}: one partition per member id, written only by conditional writes (the id is taken once).</li>
 * <li>{@code members_by_email}: one partition per lower-cased address naming its member: the login lookup, and the
 * address's uniqueness. A member's address is claimed here ({@code IF NOT EXISTS}) before the member row is written,
 * and the claim is given back if that write fails. {@link #byEmail} follows a claim only to a member whose row
 * carries that address.</li>
 * <li>{@code memberships} (partition: account, clustering: member) and {@code memberships_by_member} (partition:
 * member, clustering: account): the same rows both ways round, so both listings are one partition read in the
 * port's order. They change together in a logged batch; the per-domain roles are a frozen map of domain to role.</li>
 * </ul>
 * A node that dies between claiming an address and writing the member row leaves a claim nobody holds. Such a claim
 * is taken over once it is older than {@link #ABANDONED_AFTER}, long after any creation in progress has ended.
 */
public final class CassandraMemberRepository implements MemberRepository {
    public static final TableSet TABLES = TableSet.of("members")
        .migration(
            "CREATE TABLE IF NOT EXISTS members (id text PRIMARY KEY, email text, display_name text, password_hash text,"
                + " email_verified boolean, totp_secret text, created_at text)",
            "CREATE TABLE IF NOT EXISTS members_by_email (email text PRIMARY KEY, member text)",
            "CREATE TABLE IF NOT EXISTS memberships (account text, member text, role text,"
                + " domain_roles frozen<map<text, text>>, PRIMARY KEY (account, member))",
            "CREATE TABLE IF NOT EXISTS memberships_by_member (member text, account text, role text,"
                + " domain_roles frozen<map<text, text>>, PRIMARY KEY (member, account))")
        .build();

    /** How old a claim on an address whose member does not carry it must be before another member may take it. */
    public static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private static final String MEMBER_COLUMNS = "id, email, display_name, password_hash, email_verified, totp_secret, created_at";

    /** What claiming an address gave. */
    private enum Claim {
        /** Claimed by this call: to be given back if the member write fails. */
        TAKEN,
        /** Already this member's. */
        HELD,
        /** Another member's. */
        REFUSED
    }

    private final CassandraStore store;
    private final Clock clock;

    public CassandraMemberRepository(CassandraStore store) {
        this(store, Clock.systemUTC());
    }

    /** {@code clock} tells how old an abandoned address claim is. */
    public CassandraMemberRepository(CassandraStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void create(Member member) {
        Claim claim = claim(member.email(), member.id());
        if (claim == Claim.REFUSED) {
            throw new AlreadyExistsException("member " + member.email() + " already exists");
        }
        boolean created = store.applied(store.prepare("INSERT INTO members (" + MEMBER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " IF NOT EXISTS").bind(member.id().asString(), member.email(), member.displayName(),
                member.passwordHash().orElse(null), member.emailVerified(), member.totpSecret().orElse(null),
                StoredInstant.format(member.createdAt())), "creating member " + member.id());
        if (!created) {
            if (claim == Claim.TAKEN) {
                giveBack(member.email(), member.id());
            }
            throw new AlreadyExistsException("member " + member.id() + " already exists");
        }
    }

    @Override
    public Optional<Member> get(AccessId id) {
        Row row = store.execute(store.prepare("SELECT " + MEMBER_COLUMNS + " FROM members WHERE id = ?").bind(id.asString()),
            "reading member " + id).one();
        return Optional.ofNullable(row).map(CassandraMemberRepository::member);
    }

    @Override
    public Optional<Member> byEmail(String email) {
        String address = Member.normaliseEmail(email, "email");
        return holder(address).flatMap(this::get).filter(member -> member.email().equals(address));
    }

    @Override
    public void update(Member member) {
        Member current = get(member.id())
            .orElseThrow(() -> new NotFoundException("member " + member.id() + " does not exist"));
        boolean moving = !current.email().equals(member.email());
        Claim claim = moving ? claim(member.email(), member.id()) : Claim.HELD;
        if (claim == Claim.REFUSED) {
            throw new AlreadyExistsException("member " + member.email() + " already exists");
        }
        boolean updated = store.applied(store.prepare("UPDATE members SET email = ?, display_name = ?, password_hash = ?,"
            + " email_verified = ?, totp_secret = ?, created_at = ? WHERE id = ? IF EXISTS").bind(member.email(),
                member.displayName(), member.passwordHash().orElse(null), member.emailVerified(),
                member.totpSecret().orElse(null), StoredInstant.format(member.createdAt()), member.id().asString()),
            "updating member " + member.id());
        if (!updated) {
            if (claim == Claim.TAKEN) {
                giveBack(member.email(), member.id());
            }
            throw new NotFoundException("member " + member.id() + " does not exist");
        }
        if (moving) {
            giveBack(current.email(), member.id());
        }
    }

    @Override
    public void putMembership(Membership membership) {
        String account = membership.account().asString();
        String member = membership.member().asString();
        String role = membership.role().value();
        Map<String, String> domainRoles = new TreeMap<>();
        membership.domainRoles().forEach((domain, domainRole) -> domainRoles.put(domain.asString(), domainRole.value()));
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("INSERT INTO memberships (account, member, role, domain_roles) VALUES (?, ?, ?, ?)")
                .bind(account, member, role, domainRoles),
            store.prepare("INSERT INTO memberships_by_member (member, account, role, domain_roles) VALUES (?, ?, ?, ?)")
                .bind(member, account, role, domainRoles)),
            "putting " + member + " in " + account);
    }

    @Override
    public boolean removeMembership(AccessId account, AccessId member) {
        if (membership(account, member).isEmpty()) {
            return false;
        }
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("DELETE FROM memberships WHERE account = ? AND member = ?").bind(account.asString(), member.asString()),
            store.prepare("DELETE FROM memberships_by_member WHERE member = ? AND account = ?")
                .bind(member.asString(), account.asString())),
            "removing " + member + " from " + account);
        return true;
    }

    @Override
    public Optional<Membership> membership(AccessId account, AccessId member) {
        return memberships(store.execute(store.prepare("SELECT account, member, role, domain_roles FROM memberships"
            + " WHERE account = ? AND member = ?").bind(account.asString(), member.asString()),
            "reading the membership of " + member + " in " + account)).stream().findFirst();
    }

    @Override
    public List<Membership> membershipsOfAccount(AccessId account) {
        return memberships(store.execute(store.prepare("SELECT account, member, role, domain_roles FROM memberships"
            + " WHERE account = ?").bind(account.asString()), "listing the memberships of " + account));
    }

    @Override
    public List<Membership> membershipsOfMember(AccessId member) {
        return memberships(store.execute(store.prepare("SELECT account, member, role, domain_roles FROM memberships_by_member"
            + " WHERE member = ?").bind(member.asString()), "listing the memberships of " + member));
    }

    /**
     * Claims the address for the member. A claim held by a member whose row does not carry the address (its creation
     * failed half-way, or it moved to another address) is taken over once abandoned.
     */
    private Claim claim(String email, AccessId member) {
        ResultSet insert = store.execute(store.prepare("INSERT INTO members_by_email (email, member) VALUES (?, ?) IF NOT EXISTS")
            .bind(email, member.asString()), "claiming the address of member " + member);
        if (insert.wasApplied()) {
            return Claim.TAKEN;
        }
        String holder = insert.one().getString("member");
        if (holder.equals(member.asString())) {
            return Claim.HELD;
        }
        if (abandoned(email, holder) && store.applied(store.prepare("UPDATE members_by_email SET member = ? WHERE email = ?"
            + " IF member = ?").bind(member.asString(), email, holder), "taking over an abandoned address for member " + member)) {
            return Claim.TAKEN;
        }
        return Claim.REFUSED;
    }

    private boolean abandoned(String email, String holder) {
        if (get(AccessId.of(holder)).map(Member::email).filter(email::equals).isPresent()) {
            return false;
        }
        Row claim = store.execute(store.prepare("SELECT member, WRITETIME(member) AS written FROM members_by_email"
            + " WHERE email = ?").bind(email), "reading the age of an address claim").one();
        if (claim == null || !holder.equals(claim.getString("member"))) {
            return false;
        }
        long ageMicros = clock.millis() * 1000 - claim.getLong("written");
        return ageMicros > ABANDONED_AFTER.toMillis() * 1000;
    }

    /** Gives the address back, if the member still holds it. */
    private void giveBack(String email, AccessId member) {
        store.applied(store.prepare("DELETE FROM members_by_email WHERE email = ? IF member = ?").bind(email, member.asString()),
            "giving back the address of member " + member);
    }

    private Optional<AccessId> holder(String email) {
        Row row = store.execute(store.prepare("SELECT member FROM members_by_email WHERE email = ?").bind(email),
            "finding the member of an address").one();
        return Optional.ofNullable(row).map(found -> AccessId.of(found.getString("member")));
    }

    private static List<Membership> memberships(ResultSet rows) {
        List<Membership> memberships = new ArrayList<>();
        for (Row row : rows) {
            Map<DomainName, Role> domainRoles = new TreeMap<>();
            row.getMap("domain_roles", String.class, String.class)
                .forEach((domain, role) -> domainRoles.put(DomainName.of(domain), Role.parse(role, "domainRoles")));
            memberships.add(new Membership(AccessId.of(row.getString("account")), AccessId.of(row.getString("member")),
                Role.parse(row.getString("role"), "role"), domainRoles));
        }
        return memberships;
    }

    private static Member member(Row row) {
        return new Member(AccessId.of(row.getString("id")), row.getString("email"), row.getString("display_name"),
            Optional.ofNullable(row.getString("password_hash")), row.getBoolean("email_verified"),
            Optional.ofNullable(row.getString("totp_secret")), StoredInstant.parse(row.getString("created_at")));
    }
}
