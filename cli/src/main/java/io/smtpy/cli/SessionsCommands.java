package io.smtpy.cli;

import java.util.List;

/** {@code sessions list|revoke}: the signed-in sessions of the current user. */
final class SessionsCommands implements CommandGroup {
    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("CREATED", "createdAt"),
        Column.of("EXPIRES", "expiresAt"),
        Column.of("LAST USED", "lastUsedAt").optional(),
        Column.of("CLIENT", "userAgent", "client").optional(),
        Column.of("IP", "ip", "remoteAddress").optional(),
        Column.of("CURRENT", "current").optional());

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("sessions", "list")
                .summary("list your sessions")
                .runs(in -> in.printList(in.api().get(ApiPath.of("smtpy", "sessions")), "items", COLUMNS, "No sessions.")),
            Command.named("sessions", "revoke")
                .positionals("ID")
                .summary("end a session")
                .runs(this::revoke));
    }

    private void revoke(Invocation in) throws CliException {
        String id = in.arguments().positional("ID");
        in.printDone(in.api().delete(ApiPath.of("smtpy", "sessions", id)), "Revoked session " + id + ".");
    }
}
