package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.util.List;
import java.util.Optional;

/**
 * {@code login}: opens a session ({@code POST /smtpy/session}) and saves the server's URL and the session token
 * in the config file (mode 0600). The token is never printed, not even with {@code --json}.
 */
final class LoginCommand implements CommandGroup {
    private static final String EMAIL = "--email";
    private static final String PASSWORD = "--password";
    private static final String PASSWORD_STDIN = "--password-stdin";
    private static final String TOTP = "--totp";

    @Override
    public String name() {
        return "login";
    }

    @Override
    public List<Command> commands() {
        return List.of(Command.named("login")
            .options(OptionSpec.value(EMAIL, "E").required(), OptionSpec.flag(PASSWORD_STDIN),
                OptionSpec.value(PASSWORD, "P"), OptionSpec.value(TOTP, "CODE"))
            .summary("sign in; the session token is saved in ~/.config/smtpy/cli.json (or $SMTPY_CLI_CONFIG), mode 0600")
            .runs(this::login));
    }

    private void login(Invocation in) throws CliException {
        String email = in.arguments().value(EMAIL).orElseThrow();
        ObjectNode body = Json.object();
        body.put("email", email);
        body.put("password", password(in));
        in.arguments().value(TOTP).ifPresent(code -> body.put("totp", code));

        // No bearer token here: the password is the credential, and a stale saved token must not get in the way.
        ApiResponse response = in.api().withoutToken().send("POST", ApiPath.of("smtpy", "session"), body);
        JsonNode session = response.json();
        if (!session.path("token").isTextual()) {
            throw new CliException(ExitCode.REFUSED, "the server's answer to the login has no token");
        }
        in.configFile().save(in.settings().url(), session.path("token").asText());

        if (in.json()) {
            ObjectNode withoutToken = session.deepCopy();
            withoutToken.remove("token");
            in.out().println(Json.write(withoutToken));
            return;
        }
        String expiry = session.path("expiresAt").isTextual() ? ", session expires " + session.path("expiresAt").asText() : "";
        in.out().println("Logged in as " + email + " at " + in.settings().url() + expiry + ".");
        in.out().println("Token saved in " + in.configFile().path() + ".");
    }

    private static String password(Invocation in) throws CliException {
        boolean fromStdin = in.arguments().flag(PASSWORD_STDIN);
        Optional<String> given = in.arguments().value(PASSWORD);
        if (fromStdin && given.isPresent()) {
            throw CliException.usage("give the password with " + PASSWORD_STDIN + " or " + PASSWORD + ", not both");
        }
        if (fromStdin) {
            return in.readLineFromStdin("the password");
        }
        if (given.isPresent()) {
            return given.get();
        }
        Console console = System.console();
        if (console == null) {
            throw CliException.usage("no password: pipe it with " + PASSWORD_STDIN + " (or give " + PASSWORD + " P)");
        }
        char[] typed = console.readPassword("Password for %s: ", in.arguments().value(EMAIL).orElseThrow());
        if (typed == null || typed.length == 0) {
            throw CliException.usage("no password given");
        }
        return new String(typed);
    }
}
