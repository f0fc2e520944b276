package io.smtpy.cli;

import java.util.List;

/**
 * {@code logout}: ends the session on the server ({@code DELETE /smtpy/session}) and removes the token from the
 * config file, also when the server could not be told (the local copy is gone either way).
 */
final class LogoutCommand implements CommandGroup {
    @Override
    public String name() {
        return "logout";
    }

    @Override
    public List<Command> commands() {
        return List.of(Command.named("logout")
            .summary("end the session and remove its token from the config file")
            .runs(this::logout));
    }

    private void logout(Invocation in) throws CliException {
        if (in.settings().token().isEmpty()) {
            in.out().println("Not logged in.");
            return;
        }
        ApiResponse response;
        try {
            response = in.api().delete(ApiPath.of("smtpy", "session"));
        } finally {
            in.configFile().forgetToken();
        }
        in.printDone(response, "Logged out.");
    }
}
