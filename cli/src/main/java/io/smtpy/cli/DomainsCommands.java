package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code domains list|add|show|delete|dns}: the domains smtpy receives mail for. */
final class DomainsCommands implements CommandGroup {
    private static final String ACCOUNT = "--account";

    private static final List<Column> COLUMNS = List.of(
        Column.of("NAME", "name"),
        Column.of("ENABLED", "enabled"),
        Column.of("ALIASES", "aliasCount", "aliases"),
        Column.of("ACCOUNT", "accountId", "account").optional(),
        Column.of("CREATED", "createdAt").optional());

    private static final List<Column> DNS_COLUMNS = List.of(
        Column.of("STATUS", "status"),
        Column.of("TYPE", "type"),
        Column.of("NAME", "name"),
        Column.of("EXPECTED", "expected"),
        Column.of("FOUND", "found"));

    @Override
    public String name() {
        return "domains";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("domains", "list")
                .summary("list the domains you can see")
                .runs(in -> in.printList(in.api().get(ApiPath.of("smtpy", "domains")), "items", COLUMNS, "No domains.")),
            Command.named("domains", "add")
                .positionals("DOMAIN")
                .options(OptionSpec.value(ACCOUNT, "ID"))
                .summary("add a domain, to an account when given")
                .runs(this::add),
            Command.named("domains", "show")
                .positionals("DOMAIN")
                .summary("show a domain's settings")
                .runs(in -> in.printObject(in.api().get(domain(in)))),
            Command.named("domains", "delete")
                .positionals("DOMAIN")
                .summary("delete a domain and all its aliases")
                .runs(in -> in.printDone(in.api().delete(domain(in)),
                    "Deleted domain " + in.arguments().positional("DOMAIN") + ".")),
            Command.named("domains", "dns")
                .positionals("DOMAIN")
                .summary("the DNS records to publish, checked live")
                .runs(this::dns));
    }

    private static ApiPath domain(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"));
    }

    private void add(Invocation in) throws CliException {
        ApiPath path = domain(in).query("account", in.arguments().value(ACCOUNT));
        ApiResponse response = in.api().send("PUT", path);
        JsonNode added = response.json();
        String name = added.path("name").isTextual() ? added.path("name").asText() : in.arguments().positional("DOMAIN");
        in.printDone(response, "Added domain " + name + ".");
    }

    private void dns(Invocation in) throws CliException {
        ApiResponse response = in.api().get(ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "dns"));
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode check = response.json();
        in.printTable(Invocation.items(check.path("records")), DNS_COLUMNS, "No records to publish.");
        for (JsonNode record : check.path("records")) {
            if (!"ok".equals(record.path("status").asText()) && record.path("hint").isTextual()) {
                in.out().println(record.path("type").asText() + " " + record.path("name").asText() + ": "
                    + record.path("hint").asText());
            }
        }
        in.out().println(check.path("ok").asBoolean() ? "Every record is right." : "Some records need attention.");
    }
}
