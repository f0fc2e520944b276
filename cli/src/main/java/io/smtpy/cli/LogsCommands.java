package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code logs tail DOMAIN}: the domain's mail events as they happen, one line each ({@code --json}: the event's JSON), from
 * {@code GET /smtpy/domains/{domain}/events/stream}; until interrupted, or {@code --limit N} events.
 */
final class LogsCommands implements CommandGroup {
    private static final String TYPE = "--type";
    private static final String ALIAS = "--alias";
    private static final String LIMIT = "--limit";

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("logs", "tail")
                .positionals("DOMAIN")
                .options(OptionSpec.value(TYPE, "T[,T...]"), OptionSpec.value(ALIAS, "LOCALPART"), OptionSpec.value(LIMIT, "N"))
                .summary("follow the domain's mail events as they happen")
                .runs(this::tail));
    }

    private void tail(Invocation in) throws CliException {
        ParsedArguments arguments = in.arguments();
        ApiPath path = ApiPath.of("smtpy", "domains", arguments.positional("DOMAIN"), "events", "stream")
            .query("type", arguments.value(TYPE))
            .query("alias", arguments.value(ALIAS))
            .query("limit", OptionValues.positiveInteger(arguments, LIMIT));
        List<CliException> failures = new ArrayList<>();
        in.api().streamLines(path, line -> {
            if (!line.startsWith("data: ")) {
                return;
            }
            String data = line.substring("data: ".length());
            if (in.json()) {
                in.out().println(data);
                in.out().flush();
                return;
            }
            try {
                in.out().println(describe(Json.parse(data)));
                in.out().flush();
            } catch (CliException e) {
                failures.add(e);
            }
        });
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** {@code 2026-03-01T12:00:00Z  bounced  sales  <a@x.example> -> b@y.example  550 5.1.1  user unknown}. */
    static String describe(JsonNode event) {
        if (event.has("missed")) {
            return "(" + event.path("missed").asText() + " events missed: the tail was slower than the mail)";
        }
        StringBuilder line = new StringBuilder();
        line.append(event.path("at").asText()).append("  ").append(event.path("type").asText());
        if (event.path("alias").isTextual()) {
            line.append("  ").append(event.path("alias").asText());
        }
        if (event.path("sender").isTextual()) {
            line.append("  <").append(event.path("sender").asText()).append(">");
        }
        List<String> recipients = new ArrayList<>();
        event.path("recipients").forEach(recipient -> recipients.add(recipient.asText()));
        if (!recipients.isEmpty()) {
            line.append(" -> ").append(String.join(", ", recipients));
        }
        if (event.path("smtpCode").isNumber()) {
            line.append("  ").append(event.path("smtpCode").asText());
            if (event.path("enhancedStatus").isTextual()) {
                line.append(' ').append(event.path("enhancedStatus").asText());
            }
        }
        if (event.path("detail").isTextual() && !event.path("detail").asText().isEmpty()) {
            line.append("  ").append(event.path("detail").asText());
        }
        return line.toString();
    }
}
