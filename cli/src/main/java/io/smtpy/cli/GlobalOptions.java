package io.smtpy.cli;

import java.util.List;

/** The options every command accepts, anywhere on its line. */
final class GlobalOptions {
    static final String URL = "--url";
    static final String TOKEN = "--token";
    static final String OPERATOR_KEY_FILE = "--operator-key-file";
    static final String JSON = "--json";
    static final String HELP = "--help";

    static final List<OptionSpec> ALL = List.of(
        OptionSpec.value(URL, "URL"),
        OptionSpec.value(TOKEN, "TOKEN"),
        OptionSpec.value(OPERATOR_KEY_FILE, "FILE"),
        OptionSpec.flag(JSON),
        OptionSpec.flag(HELP));

    static final String USAGE =
        "options of every command:\n"
            + "  --url URL                 the smtpy WebAdmin (else $SMTPY_URL, the config file, http://127.0.0.1:8000)\n"
            + "  --token TOKEN             a session token or API key (else $SMTPY_TOKEN, the config file)\n"
            + "  --operator-key-file FILE  use the operator key of a local server (<data>/smtpy/operator-key)\n"
            + "                            when no other token is set\n"
            + "  --json                    print the server's JSON as it is, for scripts\n"
            + "  --help                    this command's usage\n";

    private GlobalOptions() {
    }
}
