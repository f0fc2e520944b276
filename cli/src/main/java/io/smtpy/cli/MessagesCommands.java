package io.smtpy.cli;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code messages list DOMAIN [filters]}: a domain's messages (one per journey), newest first, searched with the
 * filters of {@code GET /smtpy/domains/{domain}/messages}; prints the {@code --cursor} of the next page when there is
 * one. {@code messages show DOMAIN ID}: one message's journey, every event oldest first.
 * {@code messages resend DOMAIN ID --to ADDRESS}: sends the copy of a message that failed for good, kept for a few
 * days, again to another address ({@code POST /smtpy/domains/{domain}/messages/{id}/resend}); prints the new copy's id,
 * under which its delivery shows in the message's journey.
 */
final class MessagesCommands implements CommandGroup {
    private static final String TO = "--to";
    private static final List<String> FILTERS = List.of("message-id", "alias", "status", "sender", "recipient", "reason", "rule",
        "remote-mta", "subject");
    private static final List<String> PARAMETERS = List.of("messageId", "alias", "status", "sender", "recipient", "reason", "rule",
        "remoteMta", "subject");
    private static final String LIMIT = "--limit";
    private static final String CURSOR = "--cursor";
    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("FIRST", "firstAt"),
        Column.of("STATUS", "status"),
        Column.of("SENDER", "sender"),
        Column.of("SUBJECT", "subject").optional(),
        Column.of("MESSAGE-ID", "messageId").optional());
    private static final List<Column> EVENT_COLUMNS = List.of(
        Column.of("AT", "at"),
        Column.of("TYPE", "type"),
        Column.of("ALIAS", "alias").optional(),
        Column.of("RECIPIENTS", "recipients"),
        Column.of("CODE", "smtpCode").optional(),
        Column.of("DETAIL", "detail"));

    @Override
    public String name() {
        return "messages";
    }

    @Override
    public List<Command> commands() {
        OptionSpec[] options = new OptionSpec[FILTERS.size() + 4];
        for (int i = 0; i < FILTERS.size(); i++) {
            options[i] = OptionSpec.value("--" + FILTERS.get(i), "TEXT");
        }
        options[FILTERS.size()] = OptionSpec.value("--from", "ISO");
        options[FILTERS.size() + 1] = OptionSpec.value(TO, "ISO");
        options[FILTERS.size() + 2] = OptionSpec.value(LIMIT, "N");
        options[FILTERS.size() + 3] = OptionSpec.value(CURSOR, "CURSOR");
        return List.of(
            Command.named("messages", "list")
                .positionals("DOMAIN")
                .options(options)
                .summary("search a domain's messages, newest first (by sender, recipient, reason, rule, remote MTA, subject...)")
                .runs(this::list),
            Command.named("messages", "show")
                .positionals("DOMAIN", "ID")
                .summary("show one message's journey, every event oldest first")
                .runs(this::show),
            Command.named("messages", "resend")
                .positionals("DOMAIN", "ID")
                .options(OptionSpec.value(TO, "ADDRESS"))
                .summary("send a message's copy that failed for good again, to --to ADDRESS (kept a few days after the failure)")
                .runs(this::resend));
    }

    private void list(Invocation in) throws CliException {
        ParsedArguments arguments = in.arguments();
        ApiPath path = ApiPath.of("smtpy", "domains", arguments.positional("DOMAIN"), "messages");
        for (int i = 0; i < FILTERS.size(); i++) {
            path = path.query(PARAMETERS.get(i), arguments.value("--" + FILTERS.get(i)));
        }
        path = path.query("from", OptionValues.dateTime(arguments, "--from"))
            .query("to", OptionValues.dateTime(arguments, TO))
            .query("limit", OptionValues.positiveInteger(arguments, LIMIT))
            .query("cursor", arguments.value(CURSOR));
        ApiResponse response = in.api().get(path);
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode page = response.json();
        in.printTable(Invocation.items(page.path("items")), COLUMNS, "No messages.");
        if (page.path("next").isTextual()) {
            in.out().println("More: --cursor " + page.path("next").asText());
        }
    }

    private void show(Invocation in) throws CliException {
        ApiResponse response = in.api().get(ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "messages",
            in.arguments().positional("ID")));
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode journey = response.json();
        ObjectNode summary = Json.object();
        for (String field : List.of("id", "messageId", "subject")) {
            if (!JsonText.isAbsent(journey.path(field))) {
                summary.set(field, journey.path(field));
            }
        }
        in.out().print(Table.fields(summary).render());
        in.out().println();
        in.printTable(Invocation.items(journey.path("events")), EVENT_COLUMNS, "No events.");
    }

    private void resend(Invocation in) throws CliException {
        String to = in.arguments().value(TO).orElseThrow(() -> CliException.usage("messages resend needs --to ADDRESS"));
        ObjectNode body = Json.object();
        body.put("to", to);
        ApiResponse response = in.api().send("POST", ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"),
            "messages", in.arguments().positional("ID"), "resend"), body);
        in.printDone(response, "Resent to " + to + " as copy " + response.json().path("copyId").asText() + ".");
    }
}
