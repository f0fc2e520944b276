package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code aliases list|add|delete|import|export} on one domain. {@code import} sends the CSV, then waits for the
 * import task to end and prints what it did; it exits 1 when the task failed.
 */
final class AliasesCommands implements CommandGroup {
    private static final String TAG = "--tag";
    private static final String LIMIT = "--limit";
    private static final String DRY_RUN = "--dry-run";
    private static final String PARTIAL = "--partial";
    private static final String FORMAT = "--format";
    private static final String AWAIT_SECONDS = "3600";
    private static final int REQUEST_TIMEOUT = 408;

    private static final List<Column> COLUMNS = List.of(
        Column.of("ALIAS", "localPart"),
        Column.of("DESTINATIONS", "destinations"),
        Column.of("ENABLED", "enabled"),
        Column.of("TAGS", "tags").optional(),
        Column.of("EXPIRES", "expiresAt").optional(),
        Column.of("DESCRIPTION", "description").optional());

    private static final List<Column> IMPORT_ERROR_COLUMNS = List.of(
        Column.of("LINE", "line"),
        Column.of("FIELD", "field"),
        Column.of("ERROR", "message"));

    @Override
    public String name() {
        return "aliases";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("aliases", "list")
                .positionals("DOMAIN")
                .options(OptionSpec.value(TAG, "T"), OptionSpec.value(LIMIT, "N"))
                .summary("list a domain's aliases")
                .runs(this::list),
            Command.named("aliases", "add")
                .positionals("DOMAIN", "LOCALPART", "DEST...")
                .options(OptionSpec.repeated(TAG, "T"))
                .summary("create an alias forwarding to one or more destinations")
                .runs(this::add),
            Command.named("aliases", "delete")
                .positionals("DOMAIN", "LOCALPART")
                .summary("delete an alias")
                .runs(in -> in.printDone(in.api().delete(alias(in)), "Deleted alias "
                    + in.arguments().positional("LOCALPART") + "@" + in.arguments().positional("DOMAIN") + ".")),
            Command.named("aliases", "import")
                .positionals("DOMAIN", "FILE.csv")
                .options(OptionSpec.flag(DRY_RUN), OptionSpec.flag(PARTIAL))
                .summary("import aliases from a CSV file and wait for the import to end")
                .runs(this::importCsv),
            Command.named("aliases", "export")
                .positionals("DOMAIN")
                .options(OptionSpec.value(FORMAT, "csv|json"))
                .summary("write every alias of a domain to stdout")
                .runs(this::export));
    }

    private static ApiPath aliases(Invocation in, String... more) {
        String[] segments = new String[4 + more.length];
        segments[0] = "smtpy";
        segments[1] = "domains";
        segments[2] = in.arguments().positional("DOMAIN");
        segments[3] = "aliases";
        System.arraycopy(more, 0, segments, 4, more.length);
        return ApiPath.of(segments);
    }

    private static ApiPath alias(Invocation in) {
        return aliases(in, in.arguments().positional("LOCALPART"));
    }

    private void list(Invocation in) throws CliException {
        ApiPath path = aliases(in)
            .query("tag", in.arguments().value(TAG))
            .query("limit", OptionValues.positiveInteger(in.arguments(), LIMIT));
        ApiResponse response = in.api().get(path);
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode page = response.json();
        List<JsonNode> shown = Invocation.items(page.path("aliases"));
        in.printTable(shown, COLUMNS, "No aliases.");
        long total = page.path("total").asLong(shown.size());
        if (total > shown.size()) {
            in.out().println(shown.size() + " of " + total + " aliases shown (--limit N for more).");
        }
    }

    private void add(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.set("destinations", Json.array(in.arguments().positionals("DEST...")));
        if (!in.arguments().values(TAG).isEmpty()) {
            body.set("tags", Json.array(in.arguments().values(TAG)));
        }
        in.printDone(in.api().send("PUT", alias(in), body), "Created alias " + in.arguments().positional("LOCALPART")
            + "@" + in.arguments().positional("DOMAIN") + " -> " + String.join(", ", in.arguments().positionals("DEST...")) + ".");
    }

    private void importCsv(Invocation in) throws CliException {
        Path file = Path.of(in.arguments().positional("FILE.csv"));
        byte[] csv;
        try {
            csv = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        ApiPath path = aliases(in, "import");
        if (in.arguments().flag(DRY_RUN)) {
            path = path.query("dryRun", "true");
        }
        if (in.arguments().flag(PARTIAL)) {
            path = path.query("partial", "true");
        }
        JsonNode submitted = in.api().send("POST", path, csv, "text/csv").json();
        if (!submitted.path("taskId").isTextual()) {
            throw new CliException(ExitCode.REFUSED, "the server's answer to the import has no taskId");
        }
        String taskId = submitted.path("taskId").asText();
        if (!in.json()) {
            in.warn("import task " + taskId + " submitted, waiting for it to end...");
        }
        ApiResponse task = awaitTask(in, taskId);
        JsonNode result = task.json();
        if (in.json()) {
            in.printBody(task);
        } else {
            printImport(in, result);
        }
        String status = result.path("status").asText();
        if (!"completed".equals(status)) {
            throw new CliException(ExitCode.REFUSED, "the import " + status + (result.path("additionalInformation")
                .path("written").asBoolean() ? "" : "; nothing was written"));
        }
    }

    /** The finished task: the server waits at most an hour per call, and says 408 when it waited in vain. */
    private static ApiResponse awaitTask(Invocation in, String taskId) throws CliException {
        ApiPath await = ApiPath.of("smtpy", "tasks", taskId, "await").query("timeout", AWAIT_SECONDS);
        ApiResponse task = in.api().getAccepting(await, REQUEST_TIMEOUT);
        while (task.status() == REQUEST_TIMEOUT) {
            task = in.api().getAccepting(await, REQUEST_TIMEOUT);
        }
        return task;
    }

    private static void printImport(Invocation in, JsonNode task) {
        JsonNode details = task.path("additionalInformation");
        in.out().println("Import " + task.path("status").asText() + (details.path("dryRun").asBoolean() ? " (dry run)" : "")
            + ": " + details.path("linesRead").asLong() + " lines read, " + details.path("valid").asLong() + " valid, "
            + details.path("created").asLong() + " created, " + details.path("updated").asLong() + " updated, "
            + details.path("errorCount").asLong() + " errors; " + (details.path("written").asBoolean()
            ? "written." : "nothing written."));
        List<JsonNode> errors = Invocation.items(details.path("errors"));
        if (!errors.isEmpty()) {
            in.out().print(Table.of(IMPORT_ERROR_COLUMNS, errors).render());
        }
    }

    private void export(Invocation in) throws CliException {
        ApiPath path = aliases(in, "export")
            .query("format", OptionValues.choice(in.arguments(), FORMAT, List.of("csv", "json")));
        in.api().download(path, in.out());
    }
}
