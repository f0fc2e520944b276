package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code lists add|list|remove|import|export} on a domain's block and allow lists (its own and its aliases', an
 * entry on an alias naming it with {@code --alias}). {@code import} prints each refused line; it exits 1 when any
 * line was refused.
 */
final class ListsCommands implements CommandGroup {
    private static final String ALIAS = "--alias";
    private static final String TYPE = "--type";
    private static final String ACTION = "--action";
    private static final String NOTE = "--note";
    private static final String EXPIRES = "--expires";

    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("TYPE", "type"),
        Column.of("VALUE", "value"),
        Column.of("ACTION", "action").optional(),
        Column.of("ALIAS", "alias").optional(),
        Column.of("HITS", "hits"),
        Column.of("LAST HIT", "lastHitAt").optional(),
        Column.of("EXPIRES", "expiresAt").optional(),
        Column.of("NOTE", "note").optional());

    private static final List<Column> IMPORT_ERROR_COLUMNS = List.of(
        Column.of("LINE", "line"),
        Column.of("FIELD", "field"),
        Column.of("ERROR", "message"));

    @Override
    public String name() {
        return "lists";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("lists", "add")
                .positionals("DOMAIN", "block|allow", "VALUE")
                .options(OptionSpec.value(ALIAS, "LOCALPART"), OptionSpec.value(ACTION, "reject|drop|quarantine"),
                    OptionSpec.value(NOTE, "TEXT"), OptionSpec.value(EXPIRES, "TIME"))
                .summary("block or allow an address, domain, wildcard (*@*.example) or network on a domain or alias")
                .runs(this::add),
            Command.named("lists", "list")
                .positionals("DOMAIN")
                .options(OptionSpec.value(ALIAS, "LOCALPART"), OptionSpec.value(TYPE, "block|allow"))
                .summary("list the entries of a domain and its aliases, with their hits")
                .runs(this::list),
            Command.named("lists", "remove")
                .positionals("DOMAIN", "ID")
                .summary("remove an entry")
                .runs(in -> in.printDone(in.api().delete(lists(in, in.arguments().positional("ID"))),
                    "Removed entry " + in.arguments().positional("ID") + ".")),
            Command.named("lists", "import")
                .positionals("DOMAIN", "FILE.csv")
                .summary("add the entries of a CSV file (type,value,action,alias,note,expiresAt)")
                .runs(this::importCsv),
            Command.named("lists", "export")
                .positionals("DOMAIN")
                .summary("write the entries of a domain and its aliases to stdout as CSV")
                .runs(in -> in.api().download(lists(in, "export"), in.out())));
    }

    private static ApiPath lists(Invocation in, String... more) {
        String[] segments = new String[4 + more.length];
        segments[0] = "smtpy";
        segments[1] = "domains";
        segments[2] = in.arguments().positional("DOMAIN");
        segments[3] = "lists";
        System.arraycopy(more, 0, segments, 4, more.length);
        return ApiPath.of(segments);
    }

    private void add(Invocation in) throws CliException {
        String type = in.arguments().positional("block|allow");
        if (!type.equals("block") && !type.equals("allow")) {
            throw CliException.usage("the type is block or allow, not '" + type + "'");
        }
        ObjectNode body = Json.object();
        body.put("type", type);
        body.put("value", in.arguments().positional("VALUE"));
        in.arguments().value(ALIAS).ifPresent(alias -> body.put("alias", alias));
        OptionValues.choice(in.arguments(), ACTION, List.of("reject", "drop", "quarantine")).ifPresent(action -> body.put("action", action));
        in.arguments().value(NOTE).ifPresent(note -> body.put("note", note));
        OptionValues.dateTime(in.arguments(), EXPIRES).ifPresent(expires -> body.put("expiresAt", expires));
        ApiResponse response = in.api().send("POST", lists(in), body);
        String on = in.arguments().value(ALIAS).map(alias -> alias + "@").orElse("") + in.arguments().positional("DOMAIN");
        in.printDone(response, "Added " + type + " entry " + response.json().path("id").asText() + " ("
            + response.json().path("value").asText() + ") on " + on + ".");
    }

    private void list(Invocation in) throws CliException {
        ApiPath path = lists(in)
            .query("alias", in.arguments().value(ALIAS))
            .query("type", OptionValues.choice(in.arguments(), TYPE, List.of("block", "allow")));
        in.printList(in.api().get(path), "items", COLUMNS, "No entries.");
    }

    private void importCsv(Invocation in) throws CliException {
        Path file = Path.of(in.arguments().positional("FILE.csv"));
        byte[] csv;
        try {
            csv = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        ApiResponse response = in.api().send("POST", lists(in, "import"), csv, "text/csv");
        JsonNode result = response.json();
        if (in.json()) {
            in.printBody(response);
        } else {
            in.out().println("Import: " + result.path("records").asLong() + " lines read, " + result.path("added").asLong()
                + " added, " + result.path("errors").size() + " refused.");
            List<JsonNode> errors = Invocation.items(result.path("errors"));
            if (!errors.isEmpty()) {
                in.out().print(Table.of(IMPORT_ERROR_COLUMNS, errors).render());
            }
        }
        if (result.path("errors").size() > 0) {
            throw new CliException(ExitCode.REFUSED, result.path("errors").size() + " lines were refused; the others were added");
        }
    }
}
