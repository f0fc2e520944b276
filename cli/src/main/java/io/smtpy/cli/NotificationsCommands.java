package io.smtpy.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code notifications show|set}: which notifications the signed-in member gets, per type ({@code on}, {@code off}, or
 * {@code default}: alerts for owners and admins, no digest).
 */
final class NotificationsCommands implements CommandGroup {
    @Override
    public String name() {
        return "notifications";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("notifications", "show")
                .summary("show, per type, whether you get its notifications (on, off, or the default of your role)")
                .runs(this::show),
            Command.named("notifications", "set")
                .positionals("TYPE", "VALUE")
                .summary("turn a notification type on or off for you, or back to its default (VALUE: on, off, default)")
                .runs(this::set));
    }

    private void show(Invocation in) throws CliException {
        print(in, in.api().get(ApiPath.of("smtpy", "me", "notifications")));
    }

    private void set(Invocation in) throws CliException {
        ObjectNode body = Json.object();
        body.put(in.arguments().positional("TYPE"), in.arguments().positional("VALUE"));
        print(in, in.api().send("PUT", ApiPath.of("smtpy", "me", "notifications"), body));
    }

    private static void print(Invocation in, ApiResponse response) throws CliException {
        if (in.json()) {
            in.printBody(response);
        } else {
            in.out().print(Table.fields(response.json().path("notifications")).render());
        }
    }
}
