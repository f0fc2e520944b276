package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code protection show|release}: the MX's connection protection (DNS blocklists, dictionary-attack protection),
 * for the operator: the settings in force, the counters and the clients refused for probing; releasing one.
 */
final class ProtectionCommands implements CommandGroup {
    private static final List<Column> REFUSED = List.of(Column.of("ADDRESS", "address"), Column.of("REFUSED UNTIL", "until"));

    @Override
    public String name() {
        return "protection";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("protection", "show")
                .summary("show the blocklists, trusted networks and probe thresholds in force, the counters and the refused clients")
                .runs(this::show),
            Command.named("protection", "release")
                .positionals("ADDRESS")
                .summary("end the refusal of a client refused for probing unknown recipients")
                .runs(in -> in.printDone(in.api().delete(ApiPath.of("smtpy", "protection", "refused", in.arguments().positional("ADDRESS"))),
                    "Released " + in.arguments().positional("ADDRESS") + ".")));
    }

    private void show(Invocation in) throws CliException {
        ApiResponse response = in.api().get(ApiPath.of("smtpy", "protection"));
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode protection = response.json();
        in.out().print(Table.fields(protection.path("settings")).render());
        in.out().println();
        in.out().print(Table.fields(protection.path("counters")).render());
        in.out().println();
        in.printTable(Invocation.items(protection.path("refused")), REFUSED, "No client is refused.");
    }
}
