package io.smtpy.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code reverse-aliases list|show|disable|enable|delete|settings|setting} on a domain's replies through the alias: the
 * reply addresses ({@code ra+<token>@domain}) forwarded copies carry in Reply-To, and the settings that turn them on for
 * the domain or one alias.
 */
final class ReverseAliasesCommands implements CommandGroup {
    private static final String GROUP = "reverse-aliases";
    private static final String ALIAS = "--alias";
    private static final String LIMIT = "--limit";
    private static final String OFFSET = "--offset";

    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("ALIAS", "alias"),
        Column.of("ORIGINAL SENDER", "original"),
        Column.of("ENABLED", "enabled"),
        Column.of("CREATED", "createdAt"),
        Column.of("LAST USED", "lastUsedAt").optional(),
        Column.of("ADDRESS", "address"));

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named(GROUP, "list")
                .positionals("DOMAIN")
                .options(OptionSpec.value(ALIAS, "LOCALPART"), OptionSpec.value(LIMIT, "N"), OptionSpec.value(OFFSET, "N"))
                .summary("list a domain's reverse aliases (reply addresses), oldest first; --alias: of one alias")
                .runs(this::list),
            Command.named(GROUP, "show")
                .positionals("DOMAIN", "ID")
                .summary("show one reverse alias")
                .runs(in -> in.printObject(in.api().get(item(in)))),
            Command.named(GROUP, "disable")
                .positionals("DOMAIN", "ID")
                .summary("disable a reverse alias: mail to it is refused, copies no longer carry it")
                .runs(in -> in.printObject(in.api().send("PATCH", item(in), Json.object().put("enabled", false)))),
            Command.named(GROUP, "enable")
                .positionals("DOMAIN", "ID")
                .summary("enable a disabled reverse alias again")
                .runs(in -> in.printObject(in.api().send("PATCH", item(in), Json.object().put("enabled", true)))),
            Command.named(GROUP, "delete")
                .positionals("DOMAIN", "ID")
                .summary("delete a reverse alias (the sender's next mail gets a new one)")
                .runs(in -> in.printDone(in.api().delete(item(in)), "Deleted " + in.arguments().positional("ID") + ".")),
            Command.named(GROUP, "settings")
                .positionals("DOMAIN")
                .summary("whether the domain's forwarded mail, and each alias's, carries reverse aliases (replyThroughAlias)")
                .runs(in -> in.printObject(in.api().get(settings(in)))),
            Command.named(GROUP, "setting")
                .positionals("DOMAIN", "VALUE")
                .options(OptionSpec.value(ALIAS, "LOCALPART"))
                .summary("turn replies through the alias on or off for the domain, or with --alias for one alias"
                    + " (default: the alias follows the domain again)")
                .runs(this::setting));
    }

    private static ApiPath settings(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "reply-through-alias");
    }

    private static ApiPath item(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "reverse-aliases", in.arguments().positional("ID"));
    }

    private void list(Invocation in) throws CliException {
        ApiPath path = ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "reverse-aliases")
            .query("alias", in.arguments().value(ALIAS))
            .query("limit", OptionValues.positiveInteger(in.arguments(), LIMIT))
            .query("offset", in.arguments().value(OFFSET));
        in.printList(in.api().get(path), "items", COLUMNS, "No reverse aliases.");
    }

    private void setting(Invocation in) throws CliException {
        String value = in.arguments().positional("VALUE");
        java.util.Optional<String> alias = in.arguments().value(ALIAS);
        if (!List.of("on", "off", "default").contains(value) || (value.equals("default") && alias.isEmpty())) {
            throw CliException.usage("VALUE is on or off (or default, with " + ALIAS + ")");
        }
        if (alias.isEmpty()) {
            in.printObject(in.api().send("PUT", settings(in), Json.object().put("replyThroughAlias", value.equals("on"))));
            return;
        }
        ApiPath path = ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "aliases", alias.get(), "reply-through-alias");
        if (value.equals("default")) {
            in.printDone(in.api().delete(path), alias.get() + " follows the domain's setting again.");
            return;
        }
        ObjectNode body = Json.object().put("replyThroughAlias", value.equals("on"));
        in.printObject(in.api().send("PUT", path, body));
    }
}
