package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code suppressions list|add|lift} on a domain's suppressed destinations: those of its aliases that copies are kept
 * away from for a while (failed for good, complained, or suppressed by hand).
 */
final class SuppressionsCommands implements CommandGroup {
    private static final String ALIAS = "--alias";
    private static final String DESTINATION = "--destination";
    private static final String DAYS = "--days";
    private static final String REASON = "--reason";
    private static final String LIMIT = "--limit";

    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("ALIAS", "alias"),
        Column.of("DESTINATION", "destination"),
        Column.of("CAUSE", "cause"),
        Column.of("UNTIL", "until"),
        Column.of("REASON", "reason").optional());

    @Override
    public String name() {
        return "suppressions";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("suppressions", "list")
                .positionals("DOMAIN")
                .options(OptionSpec.value(ALIAS, "LOCALPART"), OptionSpec.value(DESTINATION, "ADDRESS"), OptionSpec.value(LIMIT, "N"))
                .summary("list a domain's suppressed destinations still in force, newest first")
                .runs(this::list),
            Command.named("suppressions", "add")
                .positionals("DOMAIN", "ALIAS", "DESTINATION")
                .options(OptionSpec.value(DAYS, "N"), OptionSpec.value(REASON, "TEXT"))
                .summary("suppress a destination of an alias by hand (--days N: for N days; default the server's)")
                .runs(this::add),
            Command.named("suppressions", "lift")
                .positionals("DOMAIN", "ID")
                .summary("lift a suppression: copies go to the destination again")
                .runs(in -> in.printDone(in.api().delete(ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"),
                    "suppressions", in.arguments().positional("ID"))), "Lifted " + in.arguments().positional("ID") + ".")));
    }

    private static ApiPath suppressions(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "suppressions");
    }

    private void list(Invocation in) throws CliException {
        ApiPath path = suppressions(in)
            .query("alias", in.arguments().value(ALIAS))
            .query("destination", in.arguments().value(DESTINATION))
            .query("limit", OptionValues.positiveInteger(in.arguments(), LIMIT));
        ApiResponse response = in.api().get(path);
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode page = response.json();
        in.printTable(Invocation.items(page.path("items")), COLUMNS, "No suppressions.");
        if (!JsonText.isAbsent(page.path("next"))) {
            in.out().println("More suppressions: see the API's cursor (" + page.path("next").asText() + ").");
        }
    }

    private void add(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.put("alias", in.arguments().positional("ALIAS"));
        body.put("destination", in.arguments().positional("DESTINATION"));
        OptionValues.positiveInteger(in.arguments(), DAYS).ifPresent(days -> body.put("days", Integer.parseInt(days)));
        in.arguments().value(REASON).ifPresent(reason -> body.put("reason", reason));
        ApiResponse response = in.api().send("POST", suppressions(in), body);
        JsonNode created = response.json();
        in.printDone(response, "Suppressed " + created.path("destination").asText() + " for " + created.path("alias").asText()
            + " until " + created.path("until").asText() + " (id " + created.path("id").asText() + ").");
    }
}
