package io.smtpy.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code messages resend DOMAIN ID --to ADDRESS}: sends the copy of a message that failed for good, kept for a few
 * days, again to another address ({@code POST /smtpy/domains/{domain}/messages/{id}/resend}); prints the new copy's id,
 * under which its delivery shows in the message's journey.
 */
final class MessagesCommands implements CommandGroup {
    private static final String TO = "--to";

    @Override
    public String name() {
        return "messages";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("messages", "resend")
                .positionals("DOMAIN", "ID")
                .options(OptionSpec.value(TO, "ADDRESS"))
                .summary("send a message's copy that failed for good again, to --to ADDRESS (kept a few days after the failure)")
                .runs(this::resend));
    }

    private void resend(Invocation in) throws CliException {
        String to = in.arguments().value(TO).orElseThrow(() -> CliException.usage("messages resend needs --to ADDRESS"));
        ObjectNode body = Json.object();
        body.put("to", to);
        ApiResponse response = in.api().send("POST", ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"),
            "messages", in.arguments().positional("ID"), "resend"), body);
        in.printDone(response, "Resent to " + to + " as copy " + response.json().path("copyId").asText() + ".");
    }
}
