package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code audit list|export|verify}: an account's audit log. {@code list --all} follows the pages ({@code next} as
 * the next {@code cursor}); with {@code --json} it prints each page's JSON as it comes, one per line.
 * {@code verify} exits 1 when the log's chain does not verify.
 */
final class AuditCommands implements CommandGroup {
    private static final List<String> FILTERS = List.of("actor", "action", "target", "from", "to");
    private static final String ALL = "--all";
    private static final String CURSOR = "--cursor";
    private static final String FORMAT = "--format";

    private static final List<Column> COLUMNS = List.of(
        Column.of("AT", "at"),
        Column.of("ACTOR", "actor"),
        Column.of("ACTION", "action"),
        Column.of("TARGET", "target"),
        Column.of("OUTCOME", "outcome"),
        Column.of("CLIENT", "client", "userAgent").optional(),
        Column.of("IP", "ip", "remoteAddress").optional());

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("audit", "list")
                .positionals("ACCOUNT")
                .options(OptionSpec.value("--actor", "A"), OptionSpec.value("--action", "X"),
                    OptionSpec.value("--target", "T"), OptionSpec.value("--from", "ISO"), OptionSpec.value("--to", "ISO"),
                    OptionSpec.value(CURSOR, "C"), OptionSpec.flag(ALL))
                .summary("list an account's audit log, newest first (--all: every page)")
                .runs(this::list),
            Command.named("audit", "export")
                .positionals("ACCOUNT")
                .options(OptionSpec.value(FORMAT, "csv|ndjson"))
                .summary("write an account's whole audit log to stdout")
                .runs(this::export),
            Command.named("audit", "verify")
                .positionals("ACCOUNT")
                .summary("check that the audit log has not been altered (exit 1 if it has)")
                .runs(this::verify));
    }

    private static ApiPath audit(Invocation in, String... more) {
        List<String> segments = new ArrayList<>(List.of("smtpy", "accounts", in.arguments().positional("ACCOUNT"), "audit"));
        segments.addAll(List.of(more));
        return ApiPath.of(segments.toArray(new String[0]));
    }

    private void list(Invocation in) throws CliException {
        ApiPath filtered = audit(in);
        for (String filter : FILTERS) {
            filtered = filtered.query(filter, filter.equals("from") || filter.equals("to")
                ? OptionValues.dateTime(in.arguments(), "--" + filter) : in.arguments().value("--" + filter));
        }
        boolean all = in.arguments().flag(ALL);
        List<JsonNode> items = new ArrayList<>();
        Optional<String> cursor = in.arguments().value(CURSOR);
        Optional<String> next;
        do {
            ApiResponse page = in.api().get(filtered.query("cursor", cursor));
            if (in.json()) {
                in.printBody(page);
            }
            JsonNode body = page.json();
            items.addAll(Invocation.items(body.path("items")));
            next = body.path("next").isTextual() && !body.path("next").asText().isEmpty()
                ? Optional.of(body.path("next").asText()) : Optional.empty();
            cursor = next;
        } while (all && next.isPresent());
        if (in.json()) {
            return;
        }
        in.printTable(items, COLUMNS, "No audit entries.");
        if (next.isPresent()) {
            in.out().println("More entries: --all, or --cursor " + next.get());
        }
    }

    private void export(Invocation in) throws CliException {
        in.api().download(audit(in, "export")
            .query("format", OptionValues.choice(in.arguments(), FORMAT, List.of("csv", "ndjson"))), in.out());
    }

    private void verify(Invocation in) throws CliException {
        ApiResponse response = in.api().get(audit(in, "verify"));
        JsonNode verdict = response.json();
        boolean valid = verdict.path("valid").asBoolean(false);
        if (in.json()) {
            in.printBody(response);
        } else {
            in.out().print(Table.fields(verdict).render());
        }
        if (!valid) {
            throw new CliException(ExitCode.REFUSED, "the audit log of account " + in.arguments().positional("ACCOUNT")
                + " does not verify");
        }
        if (!in.json()) {
            in.out().println("The audit log is intact.");
        }
    }
}
