package io.smtpy.store.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.smtpy.core.model.InvalidFieldException;

/**
 * Where smtpy's Cassandra keyspace is and how to talk to it, read from smtpy.properties ({@code cassandra.*}).
 * <ul>
 * <li>{@code cassandra.contactPoints}: {@code host:port} list, comma separated (required)</li>
 * <li>{@code cassandra.localDatacenter}: the data centre this node talks to (default {@code datacenter1})</li>
 * <li>{@code cassandra.keyspace}: smtpy's keyspace (default {@code smtpy})</li>
 * <li>{@code cassandra.createKeyspace}: create it when missing (default true; an operator who wants
 * {@code NetworkTopologyStrategy} creates it first and says false)</li>
 * <li>{@code cassandra.replicationFactor}: for a keyspace smtpy creates (default 1)</li>
 * <li>{@code cassandra.requestTimeout}: per request, ISO-8601 or seconds (default 5 s)</li>
 * </ul>
 * Reads and writes are made at {@code LOCAL_QUORUM}, conditional writes at {@code LOCAL_SERIAL}.
 */
public final class CassandraSettings {
    public static final String CONTACT_POINTS = "cassandra.contactPoints";
    public static final String LOCAL_DATACENTER = "cassandra.localDatacenter";
    public static final String KEYSPACE = "cassandra.keyspace";
    public static final String CREATE_KEYSPACE = "cassandra.createKeyspace";
    public static final String REPLICATION_FACTOR = "cassandra.replicationFactor";
    public static final String REQUEST_TIMEOUT = "cassandra.requestTimeout";

    private static final Pattern KEYSPACE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    private final List<InetSocketAddress> contactPoints;
    private final String localDatacenter;
    private final String keyspace;
    private final boolean createKeyspace;
    private final int replicationFactor;
    private final Duration requestTimeout;

    private CassandraSettings(List<InetSocketAddress> contactPoints, String localDatacenter, String keyspace,
                              boolean createKeyspace, int replicationFactor, Duration requestTimeout) {
        this.contactPoints = List.copyOf(contactPoints);
        this.localDatacenter = localDatacenter;
        this.keyspace = keyspace;
        this.createKeyspace = createKeyspace;
        this.replicationFactor = replicationFactor;
        this.requestTimeout = requestTimeout;
    }

    /** Settings for one server, its other values the defaults. */
    public static CassandraSettings of(InetSocketAddress contactPoint, String keyspace) {
        return new CassandraSettings(List.of(contactPoint), "datacenter1", checkedKeyspace(keyspace), true, 1,
            Duration.ofSeconds(5));
    }

    /** Reads the {@code cassandra.*} keys; every bad value is refused naming its key. */
    public static CassandraSettings parse(Map<String, String> properties) {
        String points = properties.getOrDefault(CONTACT_POINTS, "").trim();
        if (points.isEmpty()) {
            throw new InvalidFieldException(CONTACT_POINTS, CONTACT_POINTS + " is required (host:port, comma separated)");
        }
        List<InetSocketAddress> contactPoints = new ArrayList<>();
        for (String point : points.split(",")) {
            contactPoints.add(contactPoint(point.trim()));
        }
        String keyspace = properties.getOrDefault(KEYSPACE, "smtpy").trim();
        if (!KEYSPACE_NAME.matcher(keyspace).matches()) {
            throw new InvalidFieldException(KEYSPACE, KEYSPACE + " must be lower-case letters, digits and _, "
                + "starting with a letter, at most 48 characters: " + keyspace);
        }
        return new CassandraSettings(contactPoints,
            properties.getOrDefault(LOCAL_DATACENTER, "datacenter1").trim(),
            keyspace,
            bool(properties, CREATE_KEYSPACE, true),
            positive(properties, REPLICATION_FACTOR, 1),
            duration(properties, REQUEST_TIMEOUT, Duration.ofSeconds(5)));
    }

    private static String checkedKeyspace(String keyspace) {
        if (!KEYSPACE_NAME.matcher(keyspace).matches()) {
            throw new InvalidFieldException(KEYSPACE, "not a keyspace name: " + keyspace);
        }
        return keyspace;
    }

    private static InetSocketAddress contactPoint(String point) {
        int colon = point.lastIndexOf(':');
        if (colon <= 0 || colon == point.length() - 1) {
            throw new InvalidFieldException(CONTACT_POINTS, "not host:port: " + point);
        }
        try {
            int port = Integer.parseInt(point.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(point.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(CONTACT_POINTS, "not a port in " + point);
        }
    }

    private static boolean bool(Map<String, String> properties, String key, boolean fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new InvalidFieldException(key, key + " must be true or false: " + value);
        }
    }

    private static int positive(Map<String, String> properties, String key, int fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(key, key + " must be a positive whole number: " + value);
        }
    }

    private static Duration duration(Map<String, String> properties, String key, Duration fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            String trimmed = value.trim();
            Duration duration = trimmed.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(trimmed)) : Duration.parse(trimmed);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException();
            }
            return duration;
        } catch (RuntimeException e) {
            throw new InvalidFieldException(key, key + " must be a positive duration (seconds or ISO-8601): " + value);
        }
    }

    public List<InetSocketAddress> contactPoints() {
        return contactPoints;
    }

    /** The contact points as {@code host:port, host:port}, for messages. */
    public String contactPointsText() {
        StringBuilder text = new StringBuilder();
        for (InetSocketAddress point : contactPoints) {
            text.append(text.length() == 0 ? "" : ", ").append(point.getHostString()).append(':').append(point.getPort());
        }
        return text.toString();
    }

    public String localDatacenter() {
        return localDatacenter;
    }

    public String keyspace() {
        return keyspace;
    }

    public boolean createKeyspace() {
        return createKeyspace;
    }

    public int replicationFactor() {
        return replicationFactor;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CassandraSettings)) {
            return false;
        }
        CassandraSettings that = (CassandraSettings) other;
        return contactPoints.equals(that.contactPoints) && localDatacenter.equals(that.localDatacenter)
            && keyspace.equals(that.keyspace) && createKeyspace == that.createKeyspace
            && replicationFactor == that.replicationFactor && requestTimeout.equals(that.requestTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(contactPoints, localDatacenter, keyspace, createKeyspace, replicationFactor, requestTimeout);
    }

    @Override
    public String toString() {
        return "cassandra " + contactPointsText() + " keyspace " + keyspace;
    }
}
