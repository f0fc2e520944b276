package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code webhooks list|add|remove|test} on the webhook endpoints of a domain, or of an account (every domain of it)
 * when the first argument is {@code account:ID}. {@code add} prints the signing secret, the one time the server shows
 * it, and batches events with {@code --batch-max-events N --batch-delay SECONDS}.
 */
final class WebhooksCommands implements CommandGroup {
    private static final String EVENT = "--event";
    private static final String BATCH_MAX_EVENTS = "--batch-max-events";
    private static final String BATCH_DELAY = "--batch-delay";
    private static final String ACCOUNT_PREFIX = "account:";

    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("URL", "url"),
        Column.of("EVENTS", "events"),
        Column.of("ENABLED", "enabled"),
        Column.of("DISABLED BECAUSE", "disabledReason").optional());

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("webhooks", "list")
                .positionals("DOMAIN")
                .summary("list a domain's webhook endpoints, or an account's with account:ID (EVENTS - : every event)")
                .runs(in -> in.printTable(Invocation.items(in.api().get(webhooks(in)).json()), COLUMNS, "No webhooks.")),
            Command.named("webhooks", "add")
                .positionals("DOMAIN", "URL")
                .options(OptionSpec.repeated(EVENT, "TYPE"), OptionSpec.value(BATCH_MAX_EVENTS, "N"),
                    OptionSpec.value(BATCH_DELAY, "SECONDS"))
                .summary("add an endpoint to a domain, or to an account with account:ID (--event TYPE, repeatable: only those"
                    + " events; default all; --batch-max-events N --batch-delay SECONDS: batched); prints its secret once")
                .runs(this::add),
            Command.named("webhooks", "remove")
                .positionals("DOMAIN", "ID")
                .summary("delete an endpoint and its delivery log")
                .runs(in -> in.printDone(in.api().delete(item(in)), "Removed webhook " + in.arguments().positional("ID") + ".")),
            Command.named("webhooks", "test")
                .positionals("DOMAIN", "ID")
                .summary("send a signed test message now and print the receiver's answer")
                .runs(this::test));
    }

    /** {@code /smtpy/domains/DOMAIN/webhooks}, or {@code /smtpy/accounts/ID/webhooks} for {@code account:ID}. */
    private static ApiPath webhooks(Invocation in, String... more) {
        String target = in.arguments().positional("DOMAIN");
        List<String> segments = new java.util.ArrayList<>(target.startsWith(ACCOUNT_PREFIX)
            ? List.of("smtpy", "accounts", target.substring(ACCOUNT_PREFIX.length()), "webhooks")
            : List.of("smtpy", "domains", target, "webhooks"));
        segments.addAll(List.of(more));
        return ApiPath.of(segments.toArray(String[]::new));
    }

    private static ApiPath item(Invocation in) {
        return webhooks(in, in.arguments().positional("ID"));
    }

    private void add(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.put("url", in.arguments().positional("URL"));
        ArrayNode events = body.putArray("events");
        in.arguments().values(EVENT).forEach(events::add);
        if (in.arguments().value(BATCH_MAX_EVENTS).isPresent() || in.arguments().value(BATCH_DELAY).isPresent()) {
            ObjectNode batch = body.putObject("batch");
            batch.put("maxEvents", integer(in, BATCH_MAX_EVENTS));
            batch.put("maxDelaySeconds", integer(in, BATCH_DELAY));
        }
        ApiResponse response = in.api().send("POST", webhooks(in), body);
        JsonNode created = response.json();
        in.printDone(response, "Added webhook " + created.path("id").asText() + ". Its signing secret (shown once): "
            + created.path("secret").asText());
    }

    private void test(Invocation in) throws CliException {
        ApiResponse response = in.api().send("POST", webhooks(in, in.arguments().positional("ID"), "test"), Json.object());
        JsonNode attempt = response.json().path("attempts").path(0);
        in.printDone(response, response.json().path("state").asText().equals("delivered")
            ? "Delivered: " + attempt.path("outcome").asText() + "."
            : "Not delivered: " + attempt.path("outcome").asText() + ".");
    }

    private static int integer(Invocation in, String option) throws CliException {
        String value = in.arguments().value(option)
            .orElseThrow(() -> CliException.usage("--batch-max-events and --batch-delay go together"));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw CliException.usage(option + " must be a whole number, got '" + value + "'");
        }
    }
}
