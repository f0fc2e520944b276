package io.smtpy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code limits show|set|usage} on a domain's limits: per domain and per alias, inbound and outbound (messages per hour
 * and day, recipients per message, bytes per day, outbound messages per recipient domain per hour), what mail over
 * them gets, and the counters in the current windows.
 */
final class LimitsCommands implements CommandGroup {
    private static final String ALIAS = "--alias";
    private static final String INBOUND = "--inbound";
    private static final String OUTBOUND = "--outbound";
    private static final String ACTION = "--action";
    private static final String NOTIFY = "--notify";
    private static final String REMOVE = "--remove";
    /** Option, JSON field. */
    private static final List<List<String>> METRICS = List.of(
        List.of("--messages-per-hour", "messagesPerHour"),
        List.of("--messages-per-day", "messagesPerDay"),
        List.of("--recipients-per-message", "recipientsPerMessage"),
        List.of("--bytes-per-day", "bytesPerDay"),
        List.of("--per-recipient-domain-per-hour", "perRecipientDomainPerHour"));

    private static final List<Column> SET_COLUMNS = List.of(
        Column.of("SCOPE", "scope"),
        Column.of("SUBJECT", "subject"),
        Column.of("DIRECTION", "direction"),
        Column.of("MSG/HOUR", "messagesPerHour"),
        Column.of("MSG/DAY", "messagesPerDay"),
        Column.of("RCPT/MSG", "recipientsPerMessage"),
        Column.of("BYTES/DAY", "bytesPerDay"),
        Column.of("PER-DOMAIN/HOUR", "perRecipientDomainPerHour").optional(),
        Column.of("ACTION", "action"),
        Column.of("NOTIFY", "notify"));
    private static final List<Column> USAGE_COLUMNS = List.of(
        Column.of("SCOPE", "scope"),
        Column.of("SUBJECT", "subject"),
        Column.of("DIRECTION", "direction"),
        Column.of("METRIC", "metric"),
        Column.of("TO", "recipientDomain").optional(),
        Column.of("USED", "used"),
        Column.of("LIMIT", "limit"),
        Column.of("WINDOW-END", "windowEnd"));

    @Override
    public String name() {
        return "limits";
    }

    @Override
    public List<Command> commands() {
        List<OptionSpec> setOptions = new ArrayList<>(List.of(OptionSpec.value(ALIAS, "LOCALPART"), OptionSpec.flag(INBOUND),
            OptionSpec.flag(OUTBOUND), OptionSpec.value(ACTION, "defer|reject"), OptionSpec.flag(NOTIFY), OptionSpec.flag(REMOVE)));
        METRICS.forEach(metric -> setOptions.add(OptionSpec.value(metric.get(0), "N")));
        return List.of(
            Command.named("limits", "show")
                .positionals("DOMAIN")
                .summary("the limits of a domain, its aliases and its credentials")
                .runs(this::show),
            Command.named("limits", "set")
                .positionals("DOMAIN")
                .options(setOptions.toArray(new OptionSpec[0]))
                .summary("replace the inbound or outbound limits of a domain (or of --alias L); --remove removes them")
                .runs(this::set),
            Command.named("limits", "usage")
                .positionals("DOMAIN")
                .summary("each limit's count in its current window")
                .runs(this::usage));
    }

    private static ApiPath limits(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "limits");
    }

    private void show(Invocation in) throws CliException {
        ApiResponse response = in.api().get(limits(in));
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode document = response.json();
        List<JsonNode> rows = new ArrayList<>();
        addRows(rows, "domain", document.path("domain").asText(), document);
        Invocation.items(document.path("aliases")).forEach(alias -> addRows(rows, "alias", alias.path("alias").asText(), alias));
        Invocation.items(document.path("credentials"))
            .forEach(credential -> addRows(rows, "credential", credential.path("credential").asText(), credential));
        in.printTable(rows, SET_COLUMNS, "No limits.");
    }

    private static void addRows(List<JsonNode> rows, String scope, String subject, JsonNode sets) {
        for (String direction : List.of("inbound", "outbound")) {
            JsonNode set = sets.path(direction);
            if (set.isObject()) {
                ObjectNode row = Json.object();
                row.put("scope", scope);
                row.put("subject", subject);
                row.put("direction", direction);
                row.setAll((ObjectNode) set);
                rows.add(row);
            }
        }
    }

    private void set(Invocation in) throws CliException {
        boolean inbound = in.arguments().flag(INBOUND);
        if (inbound == in.arguments().flag(OUTBOUND)) {
            throw CliException.usage("give one of --inbound or --outbound");
        }
        ObjectNode body = Json.object();
        String direction = inbound ? "inbound" : "outbound";
        if (in.arguments().flag(REMOVE)) {
            body.putNull(direction);
        } else {
            ObjectNode set = body.putObject(direction);
            for (List<String> metric : METRICS) {
                Optional<String> value = in.arguments().value(metric.get(0));
                if (value.isPresent()) {
                    set.put(metric.get(1), positiveLong(metric.get(0), value.get()));
                }
            }
            if (set.isEmpty()) {
                throw CliException.usage("give at least one limit (--messages-per-hour N, ...), or --remove");
            }
            OptionValues.choice(in.arguments(), ACTION, List.of("defer", "reject")).ifPresent(action -> set.put("action", action));
            if (in.arguments().flag(NOTIFY)) {
                set.put("notify", true);
            }
        }
        Optional<String> alias = in.arguments().value(ALIAS);
        ApiPath path = alias.isPresent()
            ? ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "aliases", alias.get(), "limits")
            : limits(in);
        ApiResponse response = in.api().send("PUT", path, body);
        String subject = alias.map(part -> part + "@").orElse("") + in.arguments().positional("DOMAIN");
        in.printDone(response, (in.arguments().flag(REMOVE) ? "Removed the " + direction + " limits of " : "Set the "
            + direction + " limits of ") + subject + ".");
    }

    private static long positiveLong(String option, String value) throws CliException {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 1) {
                throw CliException.usage(option + " must be 1 or more, got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw CliException.usage(option + " must be a whole number, got '" + value + "'");
        }
    }

    private void usage(Invocation in) throws CliException {
        ApiResponse response = in.api().get(ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "limits", "usage"));
        if (in.json()) {
            in.printBody(response);
            return;
        }
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode item : Invocation.items(response.json().path("items"))) {
            ObjectNode row = ((ObjectNode) item).deepCopy();
            row.put("subject", item.path("alias").isTextual() ? item.path("alias").asText()
                : item.path("credential").isTextual() ? item.path("credential").asText() : in.arguments().positional("DOMAIN"));
            rows.add(row);
        }
        in.printTable(rows, USAGE_COLUMNS, "No limits.");
    }
}
