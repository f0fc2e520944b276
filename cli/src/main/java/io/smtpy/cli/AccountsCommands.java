package io.smtpy.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code accounts list|create|show|delete}: the accounts (teams) that own domains. */
final class AccountsCommands implements CommandGroup {
    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("NAME", "name"),
        Column.of("ROLE", "role").optional(),
        Column.of("MEMBERS", "memberCount", "members").optional(),
        Column.of("CREATED", "createdAt").optional());

    @Override
    public String name() {
        return "accounts";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("accounts", "list")
                .summary("list the accounts you can see")
                .runs(in -> in.printList(in.api().get(ApiPath.of("smtpy", "accounts")), "items", COLUMNS, "No accounts.")),
            Command.named("accounts", "create")
                .positionals("NAME")
                .summary("create an account; you become its owner")
                .runs(this::create),
            Command.named("accounts", "show")
                .positionals("ID")
                .summary("show an account")
                .runs(in -> in.printObject(in.api().get(ApiPath.of("smtpy", "accounts", in.arguments().positional("ID"))))),
            Command.named("accounts", "delete")
                .positionals("ID")
                .summary("delete an account")
                .runs(this::delete));
    }

    private void create(Invocation in) throws CliException {
        String name = in.arguments().positional("NAME");
        ObjectNode body = Json.object();
        body.put("name", name);
        ApiResponse response = in.api().send("POST", ApiPath.of("smtpy", "accounts"), body);
        if (in.json()) {
            in.printBody(response);
        } else {
            in.out().println("Created account " + name + " (id " + JsonText.of(response.json().path("id")) + ").");
        }
    }

    private void delete(Invocation in) throws CliException {
        String id = in.arguments().positional("ID");
        in.printDone(in.api().delete(ApiPath.of("smtpy", "accounts", id)), "Deleted account " + id + ".");
    }
}
