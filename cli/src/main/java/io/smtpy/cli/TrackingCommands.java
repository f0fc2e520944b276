package io.smtpy.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code tracking show|set} on a domain's open and click tracking of the mail its owners submit
 * ({@code /smtpy/domains/{domain}/tracking}).
 */
final class TrackingCommands implements CommandGroup {
    private static final String OPENS = "--opens";
    private static final String CLICKS = "--clicks";
    private static final List<String> ON_OFF = List.of("on", "off");

    @Override
    public String name() {
        return "tracking";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("tracking", "show")
                .positionals("DOMAIN")
                .summary("whether the domain's submitted mail is tracked (opens, clicks) and whether tracking is in force")
                .runs(this::show),
            Command.named("tracking", "set")
                .positionals("DOMAIN")
                .options(OptionSpec.value(OPENS, "on|off"), OptionSpec.value(CLICKS, "on|off"))
                .summary("turn open or click tracking of the domain's submitted mail on or off")
                .runs(this::set));
    }

    private static ApiPath tracking(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "tracking");
    }

    private void show(Invocation in) throws CliException {
        in.printObject(in.api().get(tracking(in)));
    }

    private void set(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        OptionValues.choice(in.arguments(), OPENS, ON_OFF).ifPresent(value -> body.put("opens", value.equals("on")));
        OptionValues.choice(in.arguments(), CLICKS, ON_OFF).ifPresent(value -> body.put("clicks", value.equals("on")));
        if (body.isEmpty()) {
            throw CliException.usage("give --opens on|off, --clicks on|off or both");
        }
        in.printObject(in.api().send("PUT", tracking(in), body));
    }
}
