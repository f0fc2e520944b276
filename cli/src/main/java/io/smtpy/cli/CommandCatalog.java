package io.smtpy.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every command group of the CLI, found by name, and the usage text made from their declarations. */
final class CommandCatalog {
    private final Map<String, CommandGroup> groups = new LinkedHashMap<>();

    CommandCatalog(List<CommandGroup> groups) {
        groups.forEach(group -> this.groups.put(group.name(), group));
    }

    static CommandCatalog standard() {
        return new CommandCatalog(List.of(
            new LoginCommand(),
            new LogoutCommand(),
            new WhoamiCommand(),
            new SessionsCommands(),
            new AccountsCommands(),
            new MembersCommands(),
            new InvitationsCommands(),
            new KeysCommands(),
            new DomainsCommands(),
            new AliasesCommands(),
            new RulesCommands(),
            new ListsCommands(),
            new QuarantineCommands(),
            new WebhooksCommands(),
            new SuppressionsCommands(),
            new SmtpCredentialsCommands(),
            new LimitsCommands(),
            new ReverseAliasesCommands(),
            new ProtectionCommands(),
            new LogsCommands(),
            new MessagesCommands(),
            new AnalyticsCommands(),
            new NotificationsCommands(),
            new AuditCommands(),
            new RelayCommands(),
            new TrackingCommands(),
            new QueueCommands()));
    }

    Optional<CommandGroup> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** The group's command without a verb, if it is a command on its own. */
    static Optional<Command> single(CommandGroup group) {
        return group.commands().stream().filter(command -> command.verb().isEmpty()).findFirst();
    }

    static Optional<Command> command(CommandGroup group, String verb) {
        return group.commands().stream().filter(command -> command.verb().equals(Optional.of(verb))).findFirst();
    }

    String usage() {
        return "usage: smtpy <group> <verb> [arguments] [options]\n\n"
            + groups.values().stream().map(CommandCatalog::usageOf).collect(Collectors.joining())
            + "\n" + GlobalOptions.USAGE;
    }

    static String usageOf(CommandGroup group) {
        return group.commands().stream().map(CommandCatalog::usageOf).collect(Collectors.joining());
    }

    static String usageOf(Command command) {
        return "  " + command.usageLine() + "\n      " + command.summary() + "\n";
    }
}
