package io.smtpy.store.cassandra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.suppression.Suppression;
import io.smtpy.suppression.SuppressionCause;
import io.smtpy.suppression.SuppressionCursor;
import io.smtpy.suppression.SuppressionId;
import io.smtpy.suppression.SuppressionPage;
import io.smtpy.suppression.SuppressionQuery;
import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Suppressions in four tables holding the whole suppression, each read by its partition key:
 * <ul>
 * <li>{@code suppressions} (key {@code domain, id}): the suppression, created with {@code IF NOT EXISTS} and removed
 * with {@code IF EXISTS}, which decide {@link #add}'s duplicate and {@link #remove}'s answer.</li>
 * <li>{@code suppressions_by_destination} (partition {@code domain, alias, destination_key}, the destination lowered;
 * clustering {@code until DESC, id}): {@link #active}, asked for every destination of every copy, is one read of the
 * first row ending after now.</li>
 * <li>{@code suppressions_by_domain} (partition {@code domain}, clustering {@code since DESC, id}): the port's page
 * order, so a page is a range after its cursor; filters and the time check are applied while iterating.</li>
 * <li>{@code suppressions_by_end} (partition {@code day}, the UTC day of {@code until}; clustering {@code until, domain,
 * id}): {@link #ended} for the sweep, reading the days back from now as far as suppressions are kept.</li>
 * </ul>
 * The three lookups are written in a logged batch after the suppression exists and deleted before it is, so a lookup
 * never names a removed suppression; a node dying in between leaves at worst one that is not in force.
 *
 * <p>Every row expires by itself (TTL) {@link #KEPT_AFTER_END} after the suppression ends, or that long after it is
 * written when it had already ended: time enough for the sweep to end it with its event, and a bound on what is left
 * should the sweep never run. Whether one is in force is still decided by its {@code until} against the caller's time.
 */
public final class CassandraSuppressionRepository implements SuppressionRepository {
    public static final TableSet TABLES = TableSet.of("suppressions")
        .migration(
            "CREATE TABLE IF NOT EXISTS suppressions (domain text, id text, alias text, destination text, reason text,"
                + " cause text, since text, until text, journey_id text, PRIMARY KEY ((domain, id)))",
            "CREATE TABLE IF NOT EXISTS suppressions_by_destination (domain text, alias text, destination_key text,"
                + " until text, id text, destination text, reason text, cause text, since text, journey_id text,"
                + " PRIMARY KEY ((domain, alias, destination_key), until, id)) WITH CLUSTERING ORDER BY (until DESC, id ASC)",
            "CREATE TABLE IF NOT EXISTS suppressions_by_domain (domain text, since text, id text, alias text, destination text,"
                + " reason text, cause text, until text, journey_id text, PRIMARY KEY (domain, since, id))"
                + " WITH CLUSTERING ORDER BY (since DESC, id ASC)",
            "CREATE TABLE IF NOT EXISTS suppressions_by_end (day text, until text, domain text, id text, alias text,"
                + " destination text, reason text, cause text, since text, journey_id text,"
                + " PRIMARY KEY (day, until, domain, id))")
        .build();

    /** How long rows outlive their suppression, for the sweep ({@link #ended}) to find them. */
    public static final Duration KEPT_AFTER_END = Duration.ofDays(30);
    /** Cassandra refuses expiry times past 2038-01-19 (and TTLs over 20 years): such rows get no TTL. */
    private static final Instant LAST_EXPIRY = Instant.parse("2038-01-18T00:00:00Z");
    private static final String COLUMNS = "domain, id, alias, destination, reason, cause, since, until, journey_id";

    private final CassandraStore store;
    private final Clock clock;

    public CassandraSuppressionRepository(CassandraStore store) {
        this(store, Clock.systemUTC());
    }

    /** @param clock the time TTLs count from: Cassandra's own, in anything but a test */
    public CassandraSuppressionRepository(CassandraStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void add(Suppression suppression) {
        int ttl = ttlSeconds(suppression.until());
        String id = suppression.id().asString();
        if (!store.applied(values(store.prepare("INSERT INTO suppressions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " IF NOT EXISTS USING TTL ?").bind(), suppression).setInt(9, ttl), "adding suppression " + id)) {
            throw new AlreadyExistsException("suppression " + id + " already exists");
        }
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            values(store.prepare("INSERT INTO suppressions_by_destination (" + COLUMNS + ", destination_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?").bind(), suppression)
                .setString(9, key(suppression.destination())).setInt(10, ttl),
            values(store.prepare("INSERT INTO suppressions_by_domain (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " USING TTL ?").bind(), suppression).setInt(9, ttl),
            values(store.prepare("INSERT INTO suppressions_by_end (" + COLUMNS + ", day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " USING TTL ?").bind(), suppression).setString(9, day(suppression.until())).setInt(10, ttl)),
            "putting suppression " + id + " in force");
    }

    @Override
    public Optional<Suppression> find(DomainName domain, SuppressionId id) {
        Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM suppressions WHERE domain = ? AND id = ?")
            .bind(domain.asString(), id.asString()), "reading suppression " + id).one();
        return Optional.ofNullable(row).map(CassandraSuppressionRepository::suppression);
    }

    @Override
    public Optional<Suppression> active(DomainName domain, LocalPart alias, Destination destination, Instant now) {
        Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM suppressions_by_destination"
            + " WHERE domain = ? AND alias = ? AND destination_key = ? AND until > ? LIMIT 1").bind(domain.asString(),
            alias.asString(), key(destination), StoredInstant.format(now)), "reading the suppressions of a destination of "
            + alias.asString() + "@" + domain).one();
        return Optional.ofNullable(row).map(CassandraSuppressionRepository::suppression)
            .filter(suppression -> suppression.activeAt(now));
    }

    @Override
    public SuppressionPage list(SuppressionQuery query) {
        String domain = query.domain().asString();
        String doing = "listing the suppressions of " + domain;
        List<Suppression> page = new ArrayList<>();
        int wanted = query.limit() + 1;
        if (query.after().isPresent()) {
            // After (since, id) in (since DESC, id ASC) order: the rest of that instant, then everything older.
            SuppressionCursor cursor = query.after().get();
            String since = StoredInstant.format(cursor.since());
            collect(store.prepare("SELECT " + COLUMNS + " FROM suppressions_by_domain WHERE domain = ? AND since = ? AND id > ?")
                .bind(domain, since, cursor.id().asString()), query, page, wanted, doing);
            collect(store.prepare("SELECT " + COLUMNS + " FROM suppressions_by_domain WHERE domain = ? AND since < ?")
                .bind(domain, since), query, page, wanted, doing);
        } else {
            collect(store.prepare("SELECT " + COLUMNS + " FROM suppressions_by_domain WHERE domain = ?").bind(domain),
                query, page, wanted, doing);
        }
        return SuppressionPage.of(page, query.limit());
    }

    /** Adds the rows the query takes, in their order, until there are {@code wanted}. */
    private void collect(BoundStatement select, SuppressionQuery query, List<Suppression> page, int wanted, String doing) {
        if (page.size() >= wanted) {
            return;
        }
        for (Row row : store.execute(select, doing)) {
            Suppression suppression = suppression(row);
            if (query.matches(suppression)) {
                page.add(suppression);
                if (page.size() >= wanted) {
                    return;
                }
            }
        }
    }

    @Override
    public boolean remove(DomainName domain, SuppressionId id) {
        Optional<Suppression> stored = find(domain, id);
        if (stored.isEmpty()) {
            return false;
        }
        Suppression suppression = stored.get();
        String since = StoredInstant.format(suppression.since());
        String until = StoredInstant.format(suppression.until());
        // Out of force first: a lookup must never name a suppression that is gone.
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("DELETE FROM suppressions_by_destination WHERE domain = ? AND alias = ? AND destination_key = ?"
                + " AND until = ? AND id = ?").bind(domain.asString(), suppression.alias().asString(),
                key(suppression.destination()), until, id.asString()),
            store.prepare("DELETE FROM suppressions_by_domain WHERE domain = ? AND since = ? AND id = ?")
                .bind(domain.asString(), since, id.asString()),
            store.prepare("DELETE FROM suppressions_by_end WHERE day = ? AND until = ? AND domain = ? AND id = ?")
                .bind(day(suppression.until()), until, domain.asString(), id.asString())),
            "taking suppression " + id + " out of force");
        return store.applied(store.prepare("DELETE FROM suppressions WHERE domain = ? AND id = ? IF EXISTS")
            .bind(domain.asString(), id.asString()), "removing suppression " + id);
    }

    @Override
    public List<Suppression> ended(Instant now, int limit) {
        List<Suppression> ended = new ArrayList<>();
        String at = StoredInstant.format(now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // Rows are kept KEPT_AFTER_END past their end: no day before that holds any.
        for (LocalDate day = today.minusDays(KEPT_AFTER_END.toDays() + 1); !day.isAfter(today) && ended.size() < limit;
             day = day.plusDays(1)) {
            for (Row row : store.execute(store.prepare("SELECT " + COLUMNS + " FROM suppressions_by_end WHERE day = ?"
                + " AND until <= ? LIMIT ?").bind(day.toString(), at, limit - ended.size()), "reading the suppressions ended on "
                + day)) {
                ended.add(suppression(row));
            }
        }
        return ended;
    }

    /** Binds the suppression's columns in {@link #COLUMNS} order from index 0. */
    private static BoundStatement values(BoundStatement statement, Suppression suppression) {
        return statement
            .setString(0, suppression.domain().asString())
            .setString(1, suppression.id().asString())
            .setString(2, suppression.alias().asString())
            .setString(3, suppression.destination().asString())
            .setString(4, suppression.reason())
            .setString(5, suppression.cause().asString())
            .setString(6, StoredInstant.format(suppression.since()))
            .setString(7, StoredInstant.format(suppression.until()))
            .setString(8, suppression.journeyId().orElse(null));
    }

    /** The rows' TTL: until {@link #KEPT_AFTER_END} past the end, or past now when it has ended; 0 (none) beyond 2038. */
    private int ttlSeconds(Instant until) {
        Instant now = clock.instant();
        Instant expiry = (until.isAfter(now) ? until : now).plus(KEPT_AFTER_END);
        long seconds = Duration.between(now, expiry).getSeconds();
        if (expiry.isAfter(LAST_EXPIRY) || seconds > Ttls.MAX_SECONDS) {
            return 0;
        }
        return (int) seconds;
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static String key(Destination destination) {
        return destination.asString().toLowerCase(Locale.ROOT);
    }

    private static Suppression suppression(Row row) {
        return new Suppression(SuppressionId.of(row.getString("id")), DomainName.of(row.getString("domain")),
            LocalPart.of(row.getString("alias")), Destination.of(row.getString("destination")), row.getString("reason"),
            SuppressionCause.parse(row.getString("cause")), StoredInstant.parse(row.getString("since")),
            StoredInstant.parse(row.getString("until")), Optional.ofNullable(row.getString("journey_id")));
    }
}
