package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code quarantine list|show|release|delete} on a domain's held mail (and the dropped mail kept for its restore
 * window). {@code show} prints the metadata, the header fields and the safe text preview, never the raw message.
 */
final class QuarantineCommands implements CommandGroup {
    private static final String ALIAS = "--alias";
    private static final String KIND = "--kind";
    private static final String STATE = "--state";
    private static final String SENDER = "--sender";
    private static final String SUBJECT = "--subject";
    private static final String LIMIT = "--limit";
    private static final String ALLOW_SENDER = "--allow-sender";

    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("RECEIVED", "receivedAt"),
        Column.of("KIND", "kind"),
        Column.of("STATE", "state"),
        Column.of("ALIAS", "alias").optional(),
        Column.of("SENDER", "sender"),
        Column.of("SUBJECT", "subject").optional(),
        Column.of("REASON", "reason").optional());

    private static final List<Column> FIELD_COLUMNS = List.of(Column.of("FIELD", "name"), Column.of("VALUE", "value"));

    @Override
    public String name() {
        return "quarantine";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("quarantine", "list")
                .positionals("DOMAIN")
                .options(OptionSpec.value(ALIAS, "LOCALPART"), OptionSpec.value(KIND, "quarantined|dropped"),
                    OptionSpec.value(STATE, "held|released|all"), OptionSpec.value(SENDER, "TEXT"), OptionSpec.value(SUBJECT, "TEXT"),
                    OptionSpec.value(LIMIT, "N"))
                .summary("list a domain's quarantined mail, newest first (held only unless --state)")
                .runs(this::list),
            Command.named("quarantine", "show")
                .positionals("DOMAIN", "ID")
                .summary("show a quarantined mail: why it is held, its header fields and a safe text preview")
                .runs(this::show),
            Command.named("quarantine", "release")
                .positionals("DOMAIN", "ID")
                .options(OptionSpec.flag(ALLOW_SENDER))
                .summary("deliver a held mail to its destinations (--allow-sender: and allow its sender from now on)")
                .runs(this::release),
            Command.named("quarantine", "delete")
                .positionals("DOMAIN", "ID")
                .summary("delete a quarantined mail")
                .runs(in -> in.printDone(in.api().delete(item(in)), "Deleted " + in.arguments().positional("ID") + ".")));
    }

    private static ApiPath quarantine(Invocation in, String... more) {
        String[] segments = new String[4 + more.length];
        segments[0] = "smtpy";
        segments[1] = "domains";
        segments[2] = in.arguments().positional("DOMAIN");
        segments[3] = "quarantine";
        System.arraycopy(more, 0, segments, 4, more.length);
        return ApiPath.of(segments);
    }

    private static ApiPath item(Invocation in, String... more) {
        String[] segments = new String[1 + more.length];
        segments[0] = in.arguments().positional("ID");
        System.arraycopy(more, 0, segments, 1, more.length);
        return quarantine(in, segments);
    }

    private void list(Invocation in) throws CliException {
        ApiPath path = quarantine(in)
            .query("alias", in.arguments().value(ALIAS))
            .query("kind", OptionValues.choice(in.arguments(), KIND, List.of("quarantined", "dropped")))
            .query("state", OptionValues.choice(in.arguments(), STATE, List.of("held", "released", "all")))
            .query("sender", in.arguments().value(SENDER))
            .query("subject", in.arguments().value(SUBJECT))
            .query("limit", OptionValues.positiveInteger(in.arguments(), LIMIT));
        ApiResponse response = in.api().get(path);
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode page = response.json();
        List<JsonNode> shown = Invocation.items(page.path("items"));
        in.printTable(shown, COLUMNS, "Nothing in quarantine.");
        long total = page.path("total").asLong(shown.size());
        if (total > shown.size()) {
            in.out().println(shown.size() + " of " + total + " shown (--limit N for more).");
        }
    }

    private void show(Invocation in) throws CliException {
        ApiResponse response = in.api().get(item(in));
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode mail = response.json();
        ObjectNode summary = Json.object();
        for (String field : List.of("id", "state", "kind", "alias", "sender", "recipients", "reason", "decidedBy", "verdicts",
            "receivedAt", "expiresAt", "releasedAt")) {
            if (!JsonText.isAbsent(mail.path(field))) {
                summary.set(field, mail.path(field));
            }
        }
        in.out().print(Table.fields(summary).render());
        JsonNode preview = mail.path("preview");
        in.out().println();
        in.printTable(Invocation.items(preview.path("fields")), FIELD_COLUMNS, "No header fields.");
        in.out().println();
        in.out().println(preview.path("text").asText() + (preview.path("truncated").asBoolean() ? "\n[...]" : ""));
    }

    private void release(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        if (in.arguments().flag(ALLOW_SENDER)) {
            body.put("allowSender", true);
        }
        ApiResponse response = in.api().send("POST", item(in, "release"), body);
        JsonNode released = response.json();
        in.printDone(response, "Released " + in.arguments().positional("ID") + " to " + JsonText.of(released.path("recipients"))
            + (released.path("allowEntry").isObject() ? "; " + released.path("allowEntry").path("value").asText() + " is allowed from now on" : "")
            + ".");
    }
}
