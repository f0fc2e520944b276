package io.smtpy.cli;

import java.util.List;

/** {@code whoami}: who the token belongs to ({@code GET /smtpy/me}). */
final class WhoamiCommand implements CommandGroup {
    @Override
    public String name() {
        return "whoami";
    }

    @Override
    public List<Command> commands() {
        return List.of(Command.named("whoami")
            .summary("show who the token belongs to, and its accounts and roles")
            .runs(in -> in.printObject(in.api().get(ApiPath.of("smtpy", "me")))));
    }
}
