package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code keys list|create|revoke|rotate}: an account's API keys. {@code create} and {@code rotate} print the key's
 * secret, the one time the server shows it.
 */
final class KeysCommands implements CommandGroup {
    private static final String NAME = "--name";
    private static final String PERMISSION = "--permission";
    private static final String PRESET = "--preset";
    private static final String DOMAIN = "--domain";
    private static final String EXPIRES = "--expires";
    private static final String ALLOW_IP = "--allow-ip";
    private static final List<String> PRESETS = List.of("read-only", "aliases-only", "sending-only");

    private static final List<Column> COLUMNS = List.of(
        Column.of("ID", "id"),
        Column.of("NAME", "name"),
        Column.of("PREFIX", "prefix").optional(),
        Column.of("PERMISSIONS", "permissions", "preset"),
        Column.of("DOMAINS", "domains").optional(),
        Column.of("ALLOWED IPS", "allowedIps").optional(),
        Column.of("EXPIRES", "expiresAt").optional(),
        Column.of("LAST USED", "lastUsedAt").optional());

    @Override
    public String name() {
        return "keys";
    }

    @Override
    public List<Command> commands() {
        return List.of(
            Command.named("keys", "list")
                .positionals("ACCOUNT")
                .summary("list an account's API keys (never their secrets)")
                .runs(in -> in.printList(in.api().get(keys(in)), "items", COLUMNS, "No API keys.")),
            Command.named("keys", "create")
                .positionals("ACCOUNT")
                .options(OptionSpec.value(NAME, "N").required(), OptionSpec.repeated(PERMISSION, "P"),
                    OptionSpec.value(PRESET, "read-only|aliases-only|sending-only"), OptionSpec.repeated(DOMAIN, "D"),
                    OptionSpec.value(EXPIRES, "ISO8601"), OptionSpec.repeated(ALLOW_IP, "CIDR"))
                .summary("create an API key; its secret is printed once")
                .runs(this::create),
            Command.named("keys", "revoke")
                .positionals("ACCOUNT", "KEY_ID")
                .summary("revoke an API key at once")
                .runs(in -> in.printDone(in.api().delete(key(in)), "Revoked key " + in.arguments().positional("KEY_ID") + ".")),
            Command.named("keys", "rotate")
                .positionals("ACCOUNT", "KEY_ID")
                .summary("give a key a new secret (printed once); the old one stops working")
                .runs(in -> printSecret(in, in.api().send("POST", ApiPath.of("smtpy", "accounts",
                    in.arguments().positional("ACCOUNT"), "keys", in.arguments().positional("KEY_ID"), "rotate")),
                    "Rotated")));
    }

    private static ApiPath keys(Invocation in) {
        return ApiPath.of("smtpy", "accounts", in.arguments().positional("ACCOUNT"), "keys");
    }

    private static ApiPath key(Invocation in) {
        return ApiPath.of("smtpy", "accounts", in.arguments().positional("ACCOUNT"), "keys",
            in.arguments().positional("KEY_ID"));
    }

    private void create(Invocation in) throws CliException {
        ParsedArguments arguments = in.arguments();
        ObjectNode body = Json.object();
        body.put("name", arguments.value(NAME).orElseThrow());
        List<String> permissions = arguments.values(PERMISSION);
        boolean preset = OptionValues.choice(arguments, PRESET, PRESETS).isPresent();
        // A preset alone names the permissions; an empty list next to it would read as "none".
        if (!permissions.isEmpty() || !preset) {
            body.set("permissions", Json.array(permissions));
        }
        arguments.value(PRESET).ifPresent(value -> body.put("preset", value));
        if (!arguments.values(DOMAIN).isEmpty()) {
            body.set("domains", Json.array(arguments.values(DOMAIN)));
        }
        OptionValues.dateTime(arguments, EXPIRES).ifPresent(value -> body.put("expiresAt", value));
        if (!arguments.values(ALLOW_IP).isEmpty()) {
            body.set("allowedIps", Json.array(arguments.values(ALLOW_IP)));
        }
        printSecret(in, in.api().send("POST", keys(in), body), "Created");
    }

    /** The key and its secret, with the warning that it will not be shown again; {@code --json}: the body as is. */
    private static void printSecret(Invocation in, ApiResponse response, String what) throws CliException {
        if (in.json()) {
            in.printBody(response);
        } else {
            JsonNode key = response.json();
            String name = key.path("name").isTextual() ? " " + key.path("name").asText() : "";
            in.out().println(what + " key" + name + " (id " + JsonText.of(key.path("id")) + ").");
            in.out().println("secret: " + JsonText.of(key.path("secret")));
        }
        in.warn("the secret is shown this once and cannot be read again: store it now.");
    }
}
