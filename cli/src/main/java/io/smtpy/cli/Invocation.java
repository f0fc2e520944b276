package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command works with: its parsed arguments, the API, the config file, and the terminal. The print
 * methods follow one rule: with {@code --json} the server's body goes out exactly as it came, otherwise text
 * for people.
 */
public final class Invocation {
    private final ParsedArguments arguments;
    private final Settings settings;
    private final ApiClient api;
    private final ConfigFile configFile;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    Invocation(ParsedArguments arguments, Settings settings, ApiClient api, ConfigFile configFile,
               InputStream stdin, PrintStream out, PrintStream err) {
        this.arguments = arguments;
        this.settings = settings;
        this.api = api;
        this.configFile = configFile;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    public ParsedArguments arguments() {
        return arguments;
    }

    ApiClient api() {
        return api;
    }

    Settings settings() {
        return settings;
    }

    ConfigFile configFile() {
        return configFile;
    }

    PrintStream out() {
        return out;
    }

    boolean json() {
        return arguments.flag(GlobalOptions.JSON);
    }

    /** A message for people on stderr, so that stdout stays what the command prints. */
    void warn(String message) {
        err.println("smtpy: " + message);
    }

    /** The first line of standard input, without its line break: for {@code --password-stdin}. */
    String readLineFromStdin(String what) throws CliException {
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw CliException.usage("expected " + what + " on standard input, got nothing");
            }
            return line;
        } catch (IOException e) {
            throw CliException.usage("cannot read " + what + " from standard input: " + e.getMessage());
        }
    }

    /** The body as sent with {@code --json}; else {@code message}. */
    void printDone(ApiResponse response, String message) {
        if (json()) {
            printBody(response);
        } else {
            out.println(message);
        }
    }

    /** The body as sent with {@code --json}; else the object's fields, one per line. */
    void printObject(ApiResponse response) throws CliException {
        if (json()) {
            printBody(response);
        } else {
            out.print(Table.fields(response.json()).render());
        }
    }

    /**
     * The body as sent with {@code --json}; else a table of the items under {@code itemsField} (or of the body
     * itself when it is an array), or {@code whenEmpty}.
     */
    void printList(ApiResponse response, String itemsField, List<Column> columns, String whenEmpty)
        throws CliException {
        if (json()) {
            printBody(response);
            return;
        }
        JsonNode body = response.json();
        printTable(items(body.isArray() ? body : body.path(itemsField)), columns, whenEmpty);
    }

    void printTable(List<JsonNode> items, List<Column> columns, String whenEmpty) {
        if (items.isEmpty()) {
            out.println(whenEmpty);
        } else {
            out.print(Table.of(columns, items).render());
        }
    }

    void printBody(ApiResponse response) {
        String body = response.body();
        if (body.isEmpty()) {
            return;
        }
        out.print(body);
        if (!body.endsWith("\n")) {
            out.println();
        }
    }

    static List<JsonNode> items(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
