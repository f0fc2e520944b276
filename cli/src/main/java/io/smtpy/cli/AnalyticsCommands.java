package io.smtpy.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code analytics DOMAIN [--interval hour|day] [--from ISO] [--to ISO] [--alias A]}: the domain's counts per bucket
 * as a table (one row per hour or day), then the totals by rejection reason and bounce class, the latency percentiles
 * and the top senders. {@code --json} prints the API's chart-ready document.
 */
final class AnalyticsCommands implements CommandGroup {
    private static final String INTERVAL = "--interval";
    private static final String ALIAS = "--alias";
    private static final List<String> SERIES = List.of("received", "forwarded", "delivered", "deferred", "bounced", "rejected",
        "quarantined", "spam", "virus");

    @Override
    public String name() {
        return "analytics";
    }

    @Override
    public List<Command> commands() {
        return List.of(Command.named("analytics")
            .positionals("DOMAIN")
            .options(OptionSpec.value(INTERVAL, "hour|day"), OptionSpec.value("--from", "ISO"), OptionSpec.value("--to", "ISO"),
                OptionSpec.value(ALIAS, "A"))
            .summary("show a domain's counts by hour or day, rejection reasons, bounce classes, latency and top senders")
            .runs(this::show));
    }

    private void show(Invocation in) throws CliException {
        ApiPath path = ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "analytics")
            .query("interval", OptionValues.choice(in.arguments(), INTERVAL, List.of("hour", "day")))
            .query("from", OptionValues.dateTime(in.arguments(), "--from"))
            .query("to", OptionValues.dateTime(in.arguments(), "--to"))
            .query("alias", in.arguments().value(ALIAS));
        ApiResponse response = in.api().get(path);
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode report = response.json();
        List<Column> columns = new ArrayList<>();
        columns.add(Column.of("BUCKET", "bucket"));
        SERIES.forEach(series -> columns.add(Column.of(series.toUpperCase(java.util.Locale.ROOT), series)));
        List<JsonNode> rows = new ArrayList<>();
        JsonNode buckets = report.path("buckets");
        for (int i = 0; i < buckets.size(); i++) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.put("bucket", buckets.get(i).asText());
            for (String series : SERIES) {
                row.put(series, report.path("series").path(series).path(i).asLong());
            }
            rows.add(row);
        }
        in.printTable(rows, columns, "No buckets.");
        in.out().println();
        ObjectNode totals = JsonNodeFactory.instance.objectNode();
        totals.set("rejectedByReason", report.path("rejectedByReason"));
        totals.set("bouncedByClass", report.path("bouncedByClass"));
        totals.set("latencyMs", report.path("latencyMs"));
        ObjectNode senders = totals.putObject("topSenders");
        report.path("top").path("senders").forEach(sender -> senders.put(sender.path("value").asText(), sender.path("count").asLong()));
        in.out().print(Table.fields(totals).render());
    }
}
