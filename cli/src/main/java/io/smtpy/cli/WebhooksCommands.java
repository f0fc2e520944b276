package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code webhooks list|add|remove|test} on a domain's webhook endpoints. {@code add} prints the signing secret, the
 * one time the server shows it.
 */
final class WebhooksCommands implements CommandGroup {
    private static final String EVENT = "--event";

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
                .summary("list a domain's webhook endpoints (EVENTS - : every event)")
                .runs(in -> in.printTable(Invocation.items(in.api().get(webhooks(in)).json()), COLUMNS, "No webhooks.")),
            Command.named("webhooks", "add")
                .positionals("DOMAIN", "URL")
                .options(OptionSpec.repeated(EVENT, "TYPE"))
                .summary("add an endpoint (--event TYPE, repeatable: only those events; default all); prints its secret once")
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

    private static ApiPath webhooks(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "webhooks");
    }

    private static ApiPath item(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "webhooks", in.arguments().positional("ID"));
    }

    private void add(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.put("url", in.arguments().positional("URL"));
        ArrayNode events = body.putArray("events");
        in.arguments().values(EVENT).forEach(events::add);
        ApiResponse response = in.api().send("POST", webhooks(in), body);
        JsonNode created = response.json();
        in.printDone(response, "Added webhook " + created.path("id").asText() + ". Its signing secret (shown once): "
            + created.path("secret").asText());
    }

    private void test(Invocation in) throws CliException {
        ApiResponse response = in.api().send("POST", ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "webhooks",
            in.arguments().positional("ID"), "test"), Json.object());
        JsonNode attempt = response.json().path("attempts").path(0);
        in.printDone(response, response.json().path("state").asText().equals("delivered")
            ? "Delivered: " + attempt.path("outcome").asText() + "."
            : "Not delivered: " + attempt.path("outcome").asText() + ".");
    }
}
