package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code smtp-credentials create|list|show|update|reset-password|revoke} on a domain's SMTP credentials: the user
 * names and passwords mail clients give the submission server, and the addresses each may send as. A password is
 * printed once, by {@code create} and {@code reset-password}.
 */
final class SmtpCredentialsCommands implements CommandGroup {
    private static final String GROUP = "smtp-credentials";
    private static final String USERNAME = "--username";
    private static final String ALIAS = "--alias";
    private static final String SEND_AS = "--send-as";
    private static final String HOLD = "--hold";
    private static final String NO_HOLD = "--no-hold";
    private static final String DESCRIPTION = "--description";

    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("USERNAME", "username"),
        Column.of("SEND AS", "sendAs"),
        Column.of("HOLD", "hold"),
        Column.of("CREATED", "createdAt"),
        Column.of("ALIAS", "alias").optional(),
        Column.of("DESCRIPTION", "description").optional());

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named(GROUP, "create")
                .positionals("DOMAIN")
                .options(OptionSpec.value(USERNAME, "NAME"), OptionSpec.value(ALIAS, "LOCALPART"),
                    OptionSpec.repeated(SEND_AS, "ADDRESS"), OptionSpec.flag(HOLD), OptionSpec.value(DESCRIPTION, "TEXT"))
                .summary("create an SMTP credential (--alias: for one alias, sending as it; --send-as ADDRESS, repeatable,"
                    + " *@DOMAIN for any; --hold: its mail waits for review); prints its password once")
                .runs(this::create),
            Command.named(GROUP, "list")
                .positionals("DOMAIN")
                .summary("list a domain's SMTP credentials, oldest first (never their passwords)")
                .runs(in -> in.printList(in.api().get(credentials(in)), "items", COLUMNS, "No SMTP credentials.")),
            Command.named(GROUP, "show")
                .positionals("DOMAIN", "ID")
                .summary("show one SMTP credential")
                .runs(in -> in.printObject(in.api().get(item(in)))),
            Command.named(GROUP, "update")
                .positionals("DOMAIN", "ID")
                .options(OptionSpec.repeated(SEND_AS, "ADDRESS"), OptionSpec.flag(HOLD), OptionSpec.flag(NO_HOLD),
                    OptionSpec.value(DESCRIPTION, "TEXT"))
                .summary("change what a credential may send as (--send-as, repeatable: the whole new list), whether its"
                    + " mail is held (--hold / --no-hold), its description")
                .runs(this::update),
            Command.named(GROUP, "reset-password")
                .positionals("DOMAIN", "ID")
                .summary("give a credential a new password (printed once); the old one stops working at once")
                .runs(in -> printPassword(in, in.api().send("POST", item(in, "password"), Json.object()), "New password for")),
            Command.named(GROUP, "revoke")
                .positionals("DOMAIN", "ID")
                .summary("revoke a credential: it no longer authenticates")
                .runs(in -> in.printDone(in.api().delete(item(in)), "Revoked " + in.arguments().positional("ID") + ".")));
    }

    private static ApiPath credentials(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "smtp-credentials");
    }

    private static ApiPath item(Invocation in, String... more) {
        List<String> segments = new java.util.ArrayList<>(List.of("smtpy", "domains", in.arguments().positional("DOMAIN"),
            "smtp-credentials", in.arguments().positional("ID")));
        segments.addAll(List.of(more));
        return ApiPath.of(segments.toArray(String[]::new));
    }

    private void create(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        in.arguments().value(USERNAME).ifPresent(username -> body.put("username", username));
        in.arguments().value(ALIAS).ifPresent(alias -> body.put("alias", alias));
        if (!in.arguments().values(SEND_AS).isEmpty()) {
            body.set("sendAs", Json.array(in.arguments().values(SEND_AS)));
        }
        if (in.arguments().flag(HOLD)) {
            body.put("hold", true);
        }
        in.arguments().value(DESCRIPTION).ifPresent(description -> body.put("description", description));
        printPassword(in, in.api().send("POST", credentials(in), body), "Created");
    }

    private void update(Invocation in) throws CliException {
        if (in.arguments().flag(HOLD) && in.arguments().flag(NO_HOLD)) {
            throw CliException.usage(HOLD + " and " + NO_HOLD + " cannot go together");
        }
        ObjectNode body = Json.object();
        if (!in.arguments().values(SEND_AS).isEmpty()) {
            body.set("sendAs", Json.array(in.arguments().values(SEND_AS)));
        }
        if (in.arguments().flag(HOLD) || in.arguments().flag(NO_HOLD)) {
            body.put("hold", in.arguments().flag(HOLD));
        }
        in.arguments().value(DESCRIPTION).ifPresent(description -> body.put("description", description));
        if (body.isEmpty()) {
            throw CliException.usage("nothing to change: give " + SEND_AS + ", " + HOLD + ", " + NO_HOLD + " or " + DESCRIPTION);
        }
        in.printObject(in.api().send("PATCH", item(in), body));
    }

    /** The credential's user name and password, with the warning that it will not be shown again; {@code --json}: as is. */
    private static void printPassword(Invocation in, ApiResponse response, String what) throws CliException {
        if (in.json()) {
            in.printBody(response);
        } else {
            JsonNode credential = response.json();
            in.out().println(what + " SMTP credential " + JsonText.of(credential.path("id")) + ".");
            in.out().println("username: " + JsonText.of(credential.path("username")));
            in.out().println("password: " + JsonText.of(credential.path("password")));
            in.out().println("send as:  " + JsonText.of(credential.path("sendAs")));
        }
        in.warn("the password is shown this once and cannot be read again: store it now.");
    }
}
