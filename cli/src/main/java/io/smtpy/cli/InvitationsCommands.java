package io.smtpy.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code invitations list|revoke|resend|accept|decline}: invitations to join an account. */
final class InvitationsCommands implements CommandGroup {
    private static final String PASSWORD_STDIN = "--password-stdin";
    private static final String NAME = "--name";

    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("EMAIL", "email"),
        Column.of("ROLE", "role"),
        Column.of("STATUS", "status").optional(),
        Column.of("INVITED BY", "invitedBy").optional(),
        Column.of("EXPIRES", "expiresAt").optional());

    @Override
    public String name() {
        return "invitations";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("invitations", "list")
                .positionals("ACCOUNT")
                .summary("list an account's pending invitations")
                .runs(in -> in.printList(in.api().get(invitations(in)), "items", COLUMNS, "No invitations.")),
            Command.named("invitations", "revoke")
                .positionals("ACCOUNT", "INV_ID")
                .summary("withdraw an invitation")
                .runs(in -> in.printDone(in.api().delete(invitation(in)),
                    "Revoked invitation " + in.arguments().positional("INV_ID") + ".")),
            Command.named("invitations", "resend")
                .positionals("ACCOUNT", "INV_ID")
                .summary("send the invitation mail again")
                .runs(this::resend),
            Command.named("invitations", "accept")
                .positionals("TOKEN")
                .options(OptionSpec.flag(PASSWORD_STDIN), OptionSpec.value(NAME, "N"))
                .summary("accept an invitation (a new user sets a password, read from stdin)")
                .runs(this::accept),
            Command.named("invitations", "decline")
                .positionals("TOKEN")
                .summary("decline an invitation")
                .runs(this::decline));
    }

    private static ApiPath invitations(Invocation in) {
        return ApiPath.of("smtpy", "accounts", in.arguments().positional("ACCOUNT"), "invitations");
    }

    private static ApiPath invitation(Invocation in) {
        return ApiPath.of("smtpy", "accounts", in.arguments().positional("ACCOUNT"), "invitations",
            in.arguments().positional("INV_ID"));
    }

    private void resend(Invocation in) throws CliException {
        ApiPath path = ApiPath.of("smtpy", "accounts", in.arguments().positional("ACCOUNT"), "invitations",
            in.arguments().positional("INV_ID"), "resend");
        in.printDone(in.api().send("POST", path), "Sent invitation " + in.arguments().positional("INV_ID") + " again.");
    }

    private void accept(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.put("token", in.arguments().positional("TOKEN"));
        if (in.arguments().flag(PASSWORD_STDIN)) {
            body.put("password", in.readLineFromStdin("the password"));
        }
        in.arguments().value(NAME).ifPresent(name -> body.put("displayName", name));
        in.printDone(in.api().send("POST", ApiPath.of("smtpy", "invitations", "accept"), body), "Invitation accepted.");
    }

    private void decline(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.put("token", in.arguments().positional("TOKEN"));
        in.printDone(in.api().send("POST", ApiPath.of("smtpy", "invitations", "decline"), body), "Invitation declined.");
    }
}
