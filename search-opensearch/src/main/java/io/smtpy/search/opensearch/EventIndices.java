package io.smtpy.search.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The names of smtpy's event indices under one prefix ({@code smtpy} in production) and the index templates that
 * shape them.
 * <ul>
 *   <li>events: one index a month, {@code <prefix>-events-2026.12} (the month of the event, UTC), created by OpenSearch on
 *   the first write from the template {@code <prefix>-events}, which also puts it under the alias
 *   {@code <prefix>-events} that every search reads. A month is the unit retention would drop whole, and months
 *   stay small enough to merge;</li>
 *   <li>journeys: one summary document per journey in {@code <prefix>-journeys} (template of the same name). A
 *   journey's start moves when an earlier event arrives or a purge cuts it, so summaries are not split by time.</li>
 * </ul>
 * Both are routed by domain: every read and write names one domain, and reads one shard.
 * Installing the templates is idempotent (a PUT of the same body), so every node installs them at start.
 */
final class EventIndices {
    /** Bumped when a mapping changes: the templates carry it in {@code _meta}. */
    static final int MAPPINGS_VERSION = 1;
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_-]{0,100}");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu.MM").withZone(ZoneOffset.UTC);

    private final String prefix;
    private final int replicas;

    /**
     * @param prefix lower-case letters, digits, {@code -} and {@code _}, as index names allow
     * @param replicas replicas of each shard (0 on a single node)
     */
    EventIndices(String prefix, int replicas) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("index prefix must be lower-case letters, digits, - and _, got '" + prefix + "'");
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, got " + replicas);
        }
        this.prefix = prefix;
        this.replicas = replicas;
    }

    /** The alias over every month's index: what searches read. */
    String events() {
        return prefix + "-events";
    }

    /** The index of an event's month. */
    String eventsOf(Instant at) {
        return prefix + "-events-" + MONTH.format(at);
    }

    String journeys() {
        return prefix + "-journeys";
    }

    /** Every index of this prefix, for a test that starts afresh. */
    String allIndices() {
        return prefix + "-events-*," + journeys();
    }

    void install(OpenSearchHttp http) {
        http.call("PUT", "/_index_template/" + events(), template(events() + "-*", "events-mappings.json", true));
        http.call("PUT", "/_index_template/" + journeys(), template(journeys(), "journeys-mappings.json", false));
    }

    void uninstall(OpenSearchHttp http) {
        http.call("DELETE", "/" + allIndices(), java.util.Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), null);
        http.call("DELETE", "/_index_template/" + events(), null);
        http.call("DELETE", "/_index_template/" + journeys(), null);
    }

    private ObjectNode template(String pattern, String mappings, boolean aliased) {
        ObjectNode body = OpenSearchHttp.object();
        body.putArray("index_patterns").add(pattern);
        // Above OpenSearch's own templates and a catch-all an operator may have.
        body.put("priority", 200);
        body.putObject("_meta").put("smtpy_mappings_version", MAPPINGS_VERSION);
        ObjectNode template = body.putObject("template");
        template.putObject("settings")
            .put("number_of_shards", 1)
            .put("number_of_replicas", replicas)
            // Readers refresh when they need their own writes; other nodes' events show within 5 s.
            .put("refresh_interval", "5s");
        template.set("mappings", resource(mappings));
        if (aliased) {
            template.putObject("aliases").putObject(events());
        }
        return body;
    }

    private static JsonNode resource(String name) {
        try (InputStream in = EventIndices.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return OpenSearchHttp.JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + name, e);
        }
    }
}
