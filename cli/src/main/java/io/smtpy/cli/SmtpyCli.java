package io.smtpy.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * {@code smtpy <group> <verb> [arguments]}: the command line client of smtpy's REST API. Finds the command,
 * parses its arguments, works out the server and token ({@link Settings}), runs it, and turns what went wrong
 * into a message on stderr and an {@link ExitCode}.
 */
public final class SmtpyCli {
    private final CommandCatalog catalog;
    private final Map<String, String> environment;
    private final Path home;
    private final HttpClient http;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    SmtpyCli(CommandCatalog catalog, Map<String, String> environment, Path home, HttpClient http,
             InputStream stdin, PrintStream out, PrintStream err) {
        this.catalog = catalog;
        this.environment = Map.copyOf(environment);
        this.home = home;
        this.http = http;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)),
            false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        SmtpyCli cli = new SmtpyCli(CommandCatalog.standard(), System.getenv(), Path.of(System.getProperty("user.home")),
            defaultHttpClient(), System.in, out, err);
        int exitCode = cli.run(args);
        out.flush();
        System.exit(exitCode);
    }

    static HttpClient defaultHttpClient() {
        // HTTP/1.1: WebAdmin speaks it, and an h2c upgrade attempt only costs a round trip.
        return HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    }

    /** Runs one command line and returns its exit code. */
    public int run(String... args) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.isEmpty() || List.of("help", "--help", "-h").contains(arguments.get(0))) {
            out.print(catalog.usage());
            out.flush();
            return ExitCode.OK.code();
        }
        Optional<CommandGroup> group = catalog.group(arguments.get(0));
        if (group.isEmpty()) {
            return usageError("unknown command '" + arguments.get(0) + "'", catalog.usage());
        }
        Optional<Command> single = CommandCatalog.single(group.get());
        if (single.isPresent()) {
            return run(single.get(), arguments.subList(1, arguments.size()));
        }
        String groupUsage = CommandCatalog.usageOf(group.get());
        if (arguments.size() < 2 || arguments.get(1).startsWith("-")) {
            if (arguments.size() >= 2 && List.of("--help", "-h").contains(arguments.get(1))) {
                out.print("usage:\n" + groupUsage);
                out.flush();
                return ExitCode.OK.code();
            }
            return usageError("'" + group.get().name() + "' needs one of: " + verbs(group.get()), groupUsage);
        }
        Optional<Command> command = CommandCatalog.command(group.get(), arguments.get(1));
        if (command.isEmpty()) {
            return usageError("unknown command '" + group.get().name() + " " + arguments.get(1) + "' (one of: "
                + verbs(group.get()) + ")", groupUsage);
        }
        return run(command.get(), arguments.subList(2, arguments.size()));
    }

    private int run(Command command, List<String> arguments) {
        try {
            ParsedArguments parsed = command.parser().parse(arguments);
            if (parsed.flag(GlobalOptions.HELP)) {
                out.print("usage:\n" + CommandCatalog.usageOf(command) + "\n" + GlobalOptions.USAGE);
                return ExitCode.OK.code();
            }
            ConfigFile configFile = ConfigFile.locate(environment, home);
            Settings settings = Settings.resolve(parsed, environment, configFile);
            ApiClient api = new ApiClient(http, settings.baseUrl(), settings.token(), version());
            command.run(new Invocation(parsed, settings, api, configFile, stdin, out, err));
            return ExitCode.OK.code();
        } catch (CliException e) {
            out.flush();
            err.println("smtpy: " + e.getMessage());
            if (e.exitCode() == ExitCode.USAGE) {
                err.print("usage:\n" + CommandCatalog.usageOf(command));
            }
            return e.exitCode().code();
        } finally {
            out.flush();
        }
    }

    private int usageError(String message, String usage) {
        err.println("smtpy: " + message);
        err.print(usage);
        return ExitCode.USAGE.code();
    }

    private static String verbs(CommandGroup group) {
        return group.commands().stream().map(command -> command.verb().orElse(""))
            .collect(Collectors.joining(", "));
    }

    /** The project version, from the filtered {@code version.properties}; "dev" when run from unfiltered sources. */
    static String version() {
        try (InputStream in = SmtpyCli.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
