package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code members list|add|set-role|remove}: who belongs to an account, and with which role. */
final class MembersCommands implements CommandGroup {
    private static final String ROLE = "--role";
    private static final String PASSWORD_STDIN = "--password-stdin";
    private static final String DOMAIN = "--domain";

    private static final List<Column> COLUMNS = List.of(
        Column.of("MEMBER ID", "memberId", "id"),
        Column.of("EMAIL", "email"),
        Column.of("NAME", "displayName").optional(),
        Column.of("ROLE", "role"),
        Column.of("DOMAIN ROLES", "domainRoles").optional());

    @Override
    public String name() {
        return "members";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("members", "list")
                .positionals("ACCOUNT")
                .summary("list the members of an account")
                .runs(in -> in.printList(in.api().get(members(in)), "items", COLUMNS, "No members.")),
            Command.named("members", "add")
                .positionals("ACCOUNT", "EMAIL")
                .options(OptionSpec.value(ROLE, "R").required(), OptionSpec.flag(PASSWORD_STDIN))
                .summary("add a member with a password read from stdin, or else invite them by mail")
                .runs(this::add),
            Command.named("members", "set-role")
                .positionals("ACCOUNT", "MEMBER_ID", "ROLE")
                .options(OptionSpec.repeated(DOMAIN, "D:ROLE"))
                .summary("change a member's role, and their role on single domains")
                .runs(this::setRole),
            Command.named("members", "remove")
                .positionals("ACCOUNT", "MEMBER_ID")
                .summary("remove a member from an account")
                .runs(this::remove));
    }

    private static ApiPath members(Invocation in) {
        return ApiPath.of("smtpy", "accounts", in.arguments().positional("ACCOUNT"), "members");
    }

    private static ApiPath member(Invocation in) {
        return ApiPath.of("smtpy", "accounts", in.arguments().positional("ACCOUNT"), "members",
            in.arguments().positional("MEMBER_ID"));
    }

    private void add(Invocation in) throws CliException {
        String email = in.arguments().positional("EMAIL");
        String role = in.arguments().value(ROLE).orElseThrow();
        ObjectNode body = Json.object();
        body.put("email", email);
        body.put("role", role);
        if (in.arguments().flag(PASSWORD_STDIN)) {
            body.put("password", in.readLineFromStdin("the member's password"));
        }
        ApiResponse response = in.api().send("POST", members(in), body);
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode answer = response.json();
        if (response.status() == 202) {
            in.out().println("Invited " + email + " as " + role + ": invitation " + JsonText.of(answer.path("id"))
                + " sent by mail.");
        } else {
            in.out().println("Added " + email + " as " + role + " (member id "
                + Column.of("MEMBER ID", "memberId", "id").textOf(answer) + ").");
        }
    }

    private void setRole(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.put("role", in.arguments().positional("ROLE"));
        List<String> domainRoles = in.arguments().values(DOMAIN);
        if (!domainRoles.isEmpty()) {
            ObjectNode roles = body.putObject("domainRoles");
            for (String domainRole : domainRoles) {
                int colon = domainRole.lastIndexOf(':');
                if (colon <= 0 || colon == domainRole.length() - 1) {
                    throw CliException.usage(DOMAIN + " takes DOMAIN:ROLE, got '" + domainRole + "'");
                }
                roles.put(domainRole.substring(0, colon), domainRole.substring(colon + 1));
            }
        }
        in.printDone(in.api().send("PATCH", member(in), body),
            "Member " + in.arguments().positional("MEMBER_ID") + " is now " + in.arguments().positional("ROLE") + ".");
    }

    private void remove(Invocation in) throws CliException {
        in.printDone(in.api().delete(member(in)), "Removed member " + in.arguments().positional("MEMBER_ID") + ".");
    }
}
