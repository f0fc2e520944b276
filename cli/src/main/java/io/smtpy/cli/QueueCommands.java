package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code queue list|retry|cancel|hold|release} on the owner's queue: the copies of a domain's mail waiting for delivery.
 * The actions take copy ids, or the single word {@code all} with the filter options ({@code --status}, {@code --recipient},
 * {@code --sender}, {@code --min-attempts}) for every copy they choose.
 */
final class QueueCommands implements CommandGroup {
    private static final String GROUP = "queue";
    private static final String ALL = "all";
    private static final String STATUS = "--status";
    private static final String RECIPIENT = "--recipient";
    private static final String SENDER = "--sender";
    private static final String MIN_ATTEMPTS = "--min-attempts";

    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("STATUS", "status"),
        Column.of("LANE", "lane"),
        Column.of("SENDER", "sender"),
        Column.of("RECIPIENTS", "recipients"),
        Column.of("ATTEMPTS", "attempts"),
        Column.of("NEXT ATTEMPT", "nextAttempt").optional(),
        Column.of("REASON", "reason"));

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<Command> commands() {
        List<Command> commands = new ArrayList<>();
        commands.add(Command.named(GROUP, "list")
            .positionals("DOMAIN")
            .options(filterOptions())
            .summary("list the domain's copies waiting for delivery: status, lane, attempts, next attempt, reason")
            .runs(this::list));
        commands.add(action("retry", "make copies due now"));
        commands.add(action("cancel", "cancel copies: removed, and bounced to their sender"));
        commands.add(action("hold", "hold copies: not delivered until released"));
        commands.add(action("release", "release held copies: due now"));
        return commands;
    }

    private static OptionSpec[] filterOptions() {
        return new OptionSpec[] {OptionSpec.value(STATUS, "waiting|held|delivering"), OptionSpec.value(RECIPIENT, "TEXT"),
            OptionSpec.value(SENDER, "TEXT"), OptionSpec.value(MIN_ATTEMPTS, "N")};
    }

    private Command action(String verb, String what) {
        return Command.named(GROUP, verb)
            .positionals("DOMAIN", "ID...")
            .options(filterOptions())
            .summary(what + " (ID...: the copies; 'all' with the filter options: every copy they choose)")
            .runs(in -> act(in, verb));
    }

    private static ApiPath queue(Invocation in, String... more) {
        List<String> segments = new ArrayList<>(List.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "queue"));
        segments.addAll(List.of(more));
        return ApiPath.of(segments.toArray(String[]::new));
    }

    private void list(Invocation in) throws CliException {
        ApiPath path = queue(in)
            .query("status", in.arguments().value(STATUS))
            .query("recipient", in.arguments().value(RECIPIENT))
            .query("sender", in.arguments().value(SENDER))
            .query("minAttempts", in.arguments().value(MIN_ATTEMPTS));
        in.printList(in.api().get(path), "items", COLUMNS, "No copies waiting.");
    }

    private void act(Invocation in, String verb) throws CliException {
        List<String> ids = in.arguments().positionals("ID...");
        if (ids.size() == 1 && !ids.get(0).equals(ALL)) {
            in.printDone(in.api().send("POST", queue(in, ids.get(0), verb), Json.object()), "Done: " + verb + " " + ids.get(0) + ".");
            return;
        }
        ObjectNode body = Json.object();
        if (ids.contains(ALL)) {
            if (ids.size() > 1) {
                throw CliException.usage("'all' goes alone, with the filter options");
            }
            ObjectNode filter = body.putObject("filter");
            in.arguments().value(STATUS).ifPresent(status -> filter.put("status", status));
            in.arguments().value(RECIPIENT).ifPresent(recipient -> filter.put("recipient", recipient));
            in.arguments().value(SENDER).ifPresent(sender -> filter.put("sender", sender));
            Optional<String> minAttempts = in.arguments().value(MIN_ATTEMPTS);
            if (minAttempts.isPresent()) {
                try {
                    filter.put("minAttempts", Integer.parseInt(minAttempts.get()));
                } catch (NumberFormatException e) {
                    throw CliException.usage(MIN_ATTEMPTS + " must be a number, got '" + minAttempts.get() + "'");
                }
            }
        } else {
            body.set("ids", Json.array(ids));
        }
        ApiResponse response = in.api().send("POST", queue(in, verb), body);
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode result = response.json();
        in.out().println("Applied to " + result.path("applied").size() + " cop" + (result.path("applied").size() == 1 ? "y" : "ies")
            + ": " + JsonText.of(result.path("applied")));
        for (JsonNode refused : result.path("refused")) {
            in.out().println("Refused " + JsonText.of(refused.path("id")) + ": " + JsonText.of(refused.path("reason")));
        }
    }
}
