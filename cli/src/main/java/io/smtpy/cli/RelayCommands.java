package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code relay show|set|remove|test} on a domain's own outbound relay (smarthost). The password is read from standard
 * input ({@code --password-stdin}), never from the command line where other users' {@code ps} would see it, and the API
 * never gives it back.
 */
final class RelayCommands implements CommandGroup {
    private static final String GROUP = "relay";
    private static final String HOST = "--host";
    private static final String PORT = "--port";
    private static final String TLS = "--tls";
    private static final String USERNAME = "--username";
    private static final String PASSWORD_STDIN = "--password-stdin";
    private static final String SCOPE = "--scope";
    private static final String DISABLED = "--disabled";

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named(GROUP, "show")
                .positionals("DOMAIN")
                .summary("show the domain's outbound relay (never its password)")
                .runs(in -> in.printObject(in.api().get(relay(in)))),
            Command.named(GROUP, "set")
                .positionals("DOMAIN")
                .options(OptionSpec.value(HOST, "HOST").required(), OptionSpec.value(PORT, "N").required(),
                    OptionSpec.value(TLS, "none|starttls|implicit"), OptionSpec.value(USERNAME, "USER"),
                    OptionSpec.flag(PASSWORD_STDIN), OptionSpec.value(SCOPE, "outbound|all"), OptionSpec.flag(DISABLED))
                .summary("send the domain's mail through its own relay (--tls starttls by default; --scope outbound: submitted"
                    + " mail only, all: forwarded copies too); the password is read from standard input, and kept when not given")
                .runs(this::set),
            Command.named(GROUP, "remove")
                .positionals("DOMAIN")
                .summary("stop using the domain's relay: its mail goes to the recipients' MX again")
                .runs(in -> in.printDone(in.api().delete(relay(in)), "Removed the relay of " + in.arguments().positional("DOMAIN") + ".")),
            Command.named(GROUP, "test")
                .positionals("DOMAIN")
                .summary("connect to the domain's relay as delivery would (EHLO, STARTTLS, AUTH, QUIT) and print each step; no mail sent")
                .runs(this::test));
    }

    private static ApiPath relay(Invocation in) {
        return ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "relay");
    }

    private void set(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.put("host", in.arguments().value(HOST).orElseThrow());
        String port = in.arguments().value(PORT).orElseThrow();
        try {
            body.put("port", Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw CliException.usage(PORT + " must be a number, not '" + port + "'");
        }
        in.arguments().value(TLS).ifPresent(tls -> body.put("tls", tls));
        in.arguments().value(USERNAME).ifPresent(username -> body.put("username", username));
        if (in.arguments().flag(PASSWORD_STDIN)) {
            body.put("password", in.readLineFromStdin("the relay's password"));
        }
        in.arguments().value(SCOPE).ifPresent(scope -> body.put("scope", scope));
        body.put("enabled", !in.arguments().flag(DISABLED));
        in.printObject(in.api().send("PUT", relay(in), body));
    }

    /** Each step with the relay's reply; exits non-zero when a step failed. */
    private void test(Invocation in) throws CliException {
        ApiResponse response = in.api().send("POST", ApiPath.of("smtpy", "domains", in.arguments().positional("DOMAIN"), "relay", "test"), Json.object());
        JsonNode result = response.json();
        if (in.json()) {
            in.printBody(response);
        } else {
            for (JsonNode step : result.path("steps")) {
                in.out().println((step.path("ok").asBoolean() ? "ok    " : "FAILED") + " " + JsonText.of(step.path("step")) + ": "
                    + JsonText.of(step.path("reply")).replace("\n", "\n         "));
            }
        }
        if (!result.path("ok").asBoolean()) {
            throw new CliException(ExitCode.REFUSED, "the relay test failed: " + JsonText.of(result.path("reply")));
        }
    }
}
