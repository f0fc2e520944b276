package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code rules get|set|test} on a domain, or with {@code --alias} on one of its aliases. {@code get} prints the
 * list as JSON (with each rule's hits), which {@code set --file} takes back; {@code test} runs the rules on a
 * message file and prints the trace and the decision, sending nothing.
 */
final class RulesCommands implements CommandGroup {
    private static final String ALIAS = "--alias";
    private static final String FILE = "--file";
    private static final String SENDER = "--sender";
    private static final String RECIPIENT = "--recipient";
    private static final String VERDICT = "--verdict";

    private static final List<Column> TRACE_COLUMNS = List.of(
        Column.of("SCOPE", "scope"),
        Column.of("RULE", "name"),
        Column.of("OUTCOME", "outcome"),
        Column.of("WHY", "why"),
        Column.of("ACTIONS", "actions").optional());

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("rules", "get")
                .positionals("DOMAIN")
                .options(OptionSpec.value(ALIAS, "LOCALPART"))
                .summary("print the rules of a domain (or of one alias) as JSON, with their hits")
                .runs(this::get),
            Command.named("rules", "set")
                .positionals("DOMAIN")
                .options(OptionSpec.value(ALIAS, "LOCALPART"), OptionSpec.value(FILE, "RULES.json").required())
                .summary("replace the whole rule list of a domain (or of one alias) with the file's")
                .runs(this::set),
            Command.named("rules", "test")
                .positionals("DOMAIN")
                .options(OptionSpec.value(SENDER, "ADDRESS").required(), OptionSpec.value(RECIPIENT, "ADDRESS").required(),
                    OptionSpec.value(FILE, "MESSAGE.eml").required(), OptionSpec.repeated(VERDICT, "METHOD=RESULT"))
                .summary("show what the rules would do with a message (sends nothing, counts no hit)")
                .runs(this::test));
    }

    private static ApiPath rules(Invocation in) {
        String domain = in.arguments().positional("DOMAIN");
        return in.arguments().value(ALIAS)
            .map(alias -> ApiPath.of("smtpy", "domains", domain, "aliases", alias, "rules"))
            .orElseGet(() -> ApiPath.of("smtpy", "domains", domain, "rules"));
    }

    private static String where(Invocation in) {
        String domain = in.arguments().positional("DOMAIN");
        return in.arguments().value(ALIAS).map(alias -> alias + "@" + domain).orElse(domain);
    }

    private void get(Invocation in) throws CliException {
        in.printBody(in.api().get(rules(in)));
    }

    private void set(Invocation in) throws CliException {
        byte[] body = read(in.arguments().value(FILE).orElseThrow());
        ApiResponse response = in.api().send("PUT", rules(in), body, "application/json");
        int count = response.json().path("rules").size();
        in.printDone(response, "Set " + count + (count == 1 ? " rule" : " rules") + " on " + where(in) + ".");
    }

    private void test(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.put("sender", in.arguments().value(SENDER).orElseThrow());
        body.put("recipient", in.arguments().value(RECIPIENT).orElseThrow());
        body.put("message", new String(read(in.arguments().value(FILE).orElseThrow()), StandardCharsets.UTF_8));
        if (!in.arguments().values(VERDICT).isEmpty()) {
            ObjectNode verdicts = body.putObject("verdicts");
            for (String verdict : in.arguments().values(VERDICT)) {
                int equals = verdict.indexOf('=');
                if (equals <= 0 || equals == verdict.length() - 1) {
                    throw CliException.usage(VERDICT + " takes METHOD=RESULT, such as dmarc=fail; got '" + verdict + "'");
                }
                verdicts.put(verdict.substring(0, equals), verdict.substring(equals + 1));
            }
        }
        String domain = in.arguments().positional("DOMAIN");
        ApiResponse response = in.api().send("POST", ApiPath.of("smtpy", "domains", domain, "rules", "test"), body);
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode trace = response.json();
        in.printTable(Invocation.items(trace.path("trace")), TRACE_COLUMNS, "No rule applies.");
        StringBuilder decision = new StringBuilder("Decision: ").append(trace.path("disposition").asText());
        JsonNode decidedBy = trace.path("decidedBy");
        if (decidedBy.isObject()) {
            decision.append(" by rule '").append(decidedBy.path("name").asText()).append("' of ").append(decidedBy.path("scope").asText());
        }
        if (trace.path("rejectText").isTextual()) {
            decision.append(" (\"").append(trace.path("rejectText").asText()).append("\")");
        }
        in.out().println(decision.append('.'));
        if (trace.path("replacedDestinations").isArray()) {
            in.out().println("Forward to: " + JsonText.of(trace.path("replacedDestinations")));
        }
        if (trace.path("addedDestinations").size() > 0) {
            in.out().println("Also to: " + JsonText.of(trace.path("addedDestinations")));
        }
    }

    private static byte[] read(String name) throws CliException {
        Path file = Path.of(name);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }
}
