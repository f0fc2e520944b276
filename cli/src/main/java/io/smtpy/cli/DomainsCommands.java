package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** {@code domains list|add|show|delete|dns|scanning}: the domains smtpy receives mail for. */
final class DomainsCommands implements CommandGroup {
    private static final String ACCOUNT = "--account";
    private static final String SPAM = "--spam";
    private static final String SPAM_TAG = "--spam-tag";
    private static final String SPAM_THRESHOLD = "--spam-threshold";
    private static final String SPAM_ACTION = "--spam-action";
    private static final String VIRUS = "--virus";
    private static final String VIRUS_ACTION = "--virus-action";
    private static final List<String> ON_OFF = List.of("on", "off");

    private static final List<Column> COLUMNS = List.of(
        Column.of("NAME", "name"),
        Column.of("ENABLED", "enabled"),
        Column.of("ALIASES", "aliasCount", "aliases"),
        Column.of("ACCOUNT", "accountId", "account").optional(),
        Column.of("CREATED", "createdAt").optional());

    private static final List<Column> DNS_COLUMNS = List.of(
        Column.of("STATUS", "status"),
        Column.of("TYPE", "type"),
        Column.of("NAME", "name"),
        Column.of("EXPECTED", "expected"),
        Column.of("FOUND", "found"));

    @Override
    public String name() {
        return "domains";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("domains", "list")
                .summary("list the domains you can see")
                .runs(in -> in.printList(in.api().get(ApiPath.of("smtpy", "domains")), "items", COLUMNS, "No domains.")),
            Command.named("domains", "add")
                .positionals("DOMAIN")
                .options(OptionSpec.value(ACCOUNT, "ID"))
                .summary("add a domain, to an account when given")
                .runs(this::add),
            Command.named("domains", "show")
                .positionals("DOMAIN")
                .summary("show a domain's settings")
                .runs(in -> in.printObject(in.api().get(domain(in)))),
            Command.named("domains", "delete")
                .positionals("DOMAIN")
                .summary("delete a domain and all its aliases")
                .runs(in -> in.printDone(in.api().delete(domain(in)),
                    "Deleted domain " + in.arguments().positional("DOMAIN") + ".")),
            Command.named("domains", "dns")
                .positionals("DOMAIN")
                .summary("the DNS records to publish, checked live")
                .runs(this::dns),
            Command.named("domains", "scanning")
                .positionals("DOMAIN")
                .options(OptionSpec.value(SPAM, "on|off"), OptionSpec.value(SPAM_TAG, "SCORE"),
                    OptionSpec.value(SPAM_THRESHOLD, "SCORE"), OptionSpec.value(SPAM_ACTION, "tag|quarantine|reject|drop"),
                    OptionSpec.value(VIRUS, "on|off"), OptionSpec.value(VIRUS_ACTION, "reject|quarantine|drop"))
                .summary("show or change the domain's spam and virus policies")
                .runs(this::scanning));
    }

    private static ApiPath domain(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"));
    }

    private void add(Invocation in) throws CliException {
        ApiPath path = domain(in).query("account", in.arguments().value(ACCOUNT));
        ApiResponse response = in.api().send("PUT", path);
        JsonNode added = response.json();
        String name = added.path("name").isTextual() ? added.path("name").asText() : in.arguments().positional("DOMAIN");
        in.printDone(response, "Added domain " + name + ".");
    }

    /** Without options: the policies as they are; with some: only those fields change ({@code PATCH}). */
    private void scanning(Invocation in) throws CliException {
        ParsedArguments arguments = in.arguments();
        ObjectNode spam = Json.object();
        OptionValues.choice(arguments, SPAM, ON_OFF).ifPresent(value -> spam.put("enabled", value.equals("on")));
        Optional<Double> tag = number(arguments, SPAM_TAG);
        tag.ifPresent(value -> spam.put("tagThreshold", value));
        Optional<Double> threshold = number(arguments, SPAM_THRESHOLD);
        threshold.ifPresent(value -> spam.put("threshold", value));
        OptionValues.choice(arguments, SPAM_ACTION, List.of("tag", "quarantine", "reject", "drop"))
            .ifPresent(value -> spam.put("action", value));
        ObjectNode virus = Json.object();
        OptionValues.choice(arguments, VIRUS, ON_OFF).ifPresent(value -> virus.put("enabled", value.equals("on")));
        OptionValues.choice(arguments, VIRUS_ACTION, List.of("reject", "quarantine", "drop"))
            .ifPresent(value -> virus.put("action", value));
        ObjectNode body = Json.object();
        if (spam.size() > 0) {
            body.set("spam", spam);
        }
        if (virus.size() > 0) {
            body.set("virus", virus);
        }
        ApiResponse response = body.size() == 0 ? in.api().get(domain(in)) : in.api().send("PATCH", domain(in), body);
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode domain = response.json();
        JsonNode spamNow = domain.path("spam");
        JsonNode virusNow = domain.path("virus");
        in.out().println("spam   " + (spamNow.path("enabled").asBoolean() ? "scored: tagged from " + JsonText.of(spamNow.path("tagThreshold"))
            + ", " + JsonText.of(spamNow.path("action")) + " from " + JsonText.of(spamNow.path("threshold")) : "not scored"));
        in.out().println("virus  " + (virusNow.path("enabled").asBoolean() ? "scanned: " + JsonText.of(virusNow.path("action")) : "not scanned"));
    }

    private static Optional<Double> number(ParsedArguments arguments, String option) throws CliException {
        Optional<String> value = arguments.value(option);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            double number = Double.parseDouble(value.get());
            if (Double.isFinite(number)) {
                return Optional.of(number);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw CliException.usage(option + " must be a number such as 5 or 7.5, got '" + value.get() + "'");
    }

    private void dns(Invocation in) throws CliException {
        ApiResponse response = in.api().get(ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "dns"));
        if (in.json()) {
            in.printBody(response);
            return;
        }
        JsonNode check = response.json();
        in.printTable(Invocation.items(check.path("records")), DNS_COLUMNS, "No records to publish.");
        for (JsonNode record : check.path("records")) {
            if (!"ok".equals(record.path("status").asText()) && record.path("hint").isTextual()) {
                in.out().println(record.path("type").asText() + " " + record.path("name").asText() + ": "
                    + record.path("hint").asText());
            }
        }
        in.out().println(check.path("ok").asBoolean() ? "Every record is right." : "Some records need attention.");
    }
}
