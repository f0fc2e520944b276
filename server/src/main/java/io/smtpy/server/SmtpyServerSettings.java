package io.smtpy.server;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the embedded server is told at start: where its data lives, which configuration to start from and the few
 * values an operator overrides without editing that configuration.
 *
 * <p>Each setting comes from a command-line flag, else from an environment variable, else from the configuration
 * files (for the ports and the gateway) or a default (for the directories). The overrides are applied to an
 * effective copy of the configuration, see {@link EffectiveConfiguration}.
 */
public final class SmtpyServerSettings {
    public static final Path DEFAULT_DATA_DIRECTORY = Paths.get("var");
    public static final Path DEFAULT_CONFIGURATION_DIRECTORY = Paths.get("conf");

    public static final String USAGE = String.join(System.lineSeparator(),
        "usage: smtpy run [--data DIR] [--conf DIR] [--smtp-port N] [--submission-port N] [--smtps-port N]",
        "                 [--tls-cert FILE --tls-key FILE] [--webadmin-port N] [--gateway HOST[:PORT]]",
        "  --data DIR           all server state lives here (default: var/)               env SMTPY_DATA",
        "  --conf DIR           James configuration to start from (default: conf/)         env SMTPY_CONF",
        "  --smtp-port N        SMTP port, overrides smtpserver.xml (0: any free port)     env SMTPY_SMTP_PORT",
        "  --submission-port N  submission port (STARTTLS), overrides smtpserver.xml      env SMTPY_SUBMISSION_PORT",
        "  --smtps-port N       submission port (implicit TLS), overrides smtpserver.xml  env SMTPY_SMTPS_PORT",
        "  --tls-cert FILE      PEM certificate chain of the submission ports             env SMTPY_TLS_CERT",
        "  --tls-key FILE       its PEM private key (default: a self-signed pair generated env SMTPY_TLS_KEY",
        "                       into <data>/tls/ unless conf/tls/ has one)",
        "  --webadmin-port N    WebAdmin port, overrides webadmin.properties               env SMTPY_WEBADMIN_PORT",
        "  --gateway HOST:PORT  send all outbound mail through this smarthost, no MX lookup env SMTPY_GATEWAY",
        "Flags win over environment variables, which win over the configuration files.",
        "<data>/conf is generated from the configuration directory at every start: do not edit it.");

    /** The settings, with their flag and environment variable names. */
    enum Option {
        DATA("--data", "SMTPY_DATA"),
        CONF("--conf", "SMTPY_CONF"),
        SMTP_PORT("--smtp-port", "SMTPY_SMTP_PORT"),
        SUBMISSION_PORT("--submission-port", "SMTPY_SUBMISSION_PORT"),
        SMTPS_PORT("--smtps-port", "SMTPY_SMTPS_PORT"),
        TLS_CERT("--tls-cert", "SMTPY_TLS_CERT"),
        TLS_KEY("--tls-key", "SMTPY_TLS_KEY"),
        WEBADMIN_PORT("--webadmin-port", "SMTPY_WEBADMIN_PORT"),
        GATEWAY("--gateway", "SMTPY_GATEWAY");

        private final String flag;
        private final String environmentVariable;

        Option(String flag, String environmentVariable) {
            this.flag = flag;
            this.environmentVariable = environmentVariable;
        }

        static Optional<Option> byFlag(String flag) {
            for (Option option : values()) {
                if (option.flag.equals(flag)) {
                    return Optional.of(option);
                }
            }
            return Optional.empty();
        }
    }

    /** A value and where it came from, so that an error names the flag or variable the operator has to fix. */
    private static final class RawValue {
        private final String value;
        private final String source;

        private RawValue(String value, String source) {
            this.value = value;
            this.source = source;
        }
    }

    /**
     * Resolves the settings from the command line (after the {@code run} word, if any) and the environment.
     *
     * @throws InvalidSettingsException on an unknown flag, a flag without value, or a value that does not parse
     */
    public static SmtpyServerSettings fromCommandLine(List<String> arguments, Map<String, String> environment) throws InvalidSettingsException {
        Map<Option, RawValue> values = new EnumMap<>(Option.class);
        for (Option option : Option.values()) {
            String fromEnvironment = environment.get(option.environmentVariable);
            // An exported but empty variable means "not set", as shells and compose files commonly produce it.
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                values.put(option, new RawValue(fromEnvironment, option.environmentVariable));
            }
        }
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            String flag = argument;
            String value = null;
            int equalsSign = argument.indexOf('=');
            if (argument.startsWith("--") && equalsSign > 0) {
                flag = argument.substring(0, equalsSign);
                value = argument.substring(equalsSign + 1);
            }
            String unknownFlag = flag;
            Option option = Option.byFlag(flag)
                .orElseThrow(() -> new InvalidSettingsException("unknown argument '" + unknownFlag + "' (see --help)"));
            if (value == null) {
                if (index + 1 >= arguments.size()) {
                    throw new InvalidSettingsException(flag + " needs a value");
                }
                index++;
                value = arguments.get(index);
            }
            if (value.isBlank()) {
                throw new InvalidSettingsException(flag + " needs a value");
            }
            values.put(option, new RawValue(value, flag));
        }

        Builder builder = builder();
        if (values.containsKey(Option.DATA)) {
            builder.dataDirectory(Paths.get(values.get(Option.DATA).value));
        }
        if (values.containsKey(Option.CONF)) {
            builder.configurationDirectory(Paths.get(values.get(Option.CONF).value));
        }
        if (values.containsKey(Option.SMTP_PORT)) {
            builder.smtpPort(parsePort(values.get(Option.SMTP_PORT)));
        }
        if (values.containsKey(Option.SUBMISSION_PORT)) {
            builder.submissionPort(parsePort(values.get(Option.SUBMISSION_PORT)));
        }
        if (values.containsKey(Option.SMTPS_PORT)) {
            builder.smtpsPort(parsePort(values.get(Option.SMTPS_PORT)));
        }
        if (values.containsKey(Option.WEBADMIN_PORT)) {
            builder.webAdminPort(parsePort(values.get(Option.WEBADMIN_PORT)));
        }
        RawValue certificates = values.get(Option.TLS_CERT);
        RawValue privateKey = values.get(Option.TLS_KEY);
        if (certificates != null && privateKey != null) {
            builder.tlsCertificate(new PemCertificate(Paths.get(certificates.value), Paths.get(privateKey.value)));
        } else if (certificates != null || privateKey != null) {
            RawValue given = certificates != null ? certificates : privateKey;
            throw new InvalidSettingsException(given.source + " is set but not "
                + (certificates != null ? "--tls-key (SMTPY_TLS_KEY)" : "--tls-cert (SMTPY_TLS_CERT)")
                + ": a certificate and its key go together");
        }
        if (values.containsKey(Option.GATEWAY)) {
            RawValue gateway = values.get(Option.GATEWAY);
            try {
                builder.gateway(SmtpGateway.parse(gateway.value));
            } catch (InvalidSettingsException e) {
                throw new InvalidSettingsException(gateway.source + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static int parsePort(RawValue raw) throws InvalidSettingsException {
        int port;
        try {
            port = Integer.parseInt(raw.value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException(raw.source + ": '" + raw.value + "' is not a port number", e);
        }
        if (port < 0 || port > 65535) {
            throw new InvalidSettingsException(raw.source + ": " + port + " is not between 0 and 65535");
        }
        return port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds settings in code (tests, other launchers); unset values keep the defaults and the conf files' values. */
    public static final class Builder {
        private Path dataDirectory = DEFAULT_DATA_DIRECTORY;
        private Path configurationDirectory = DEFAULT_CONFIGURATION_DIRECTORY;
        private Optional<Integer> smtpPort = Optional.empty();
        private Optional<Integer> submissionPort = Optional.empty();
        private Optional<Integer> smtpsPort = Optional.empty();
        private Optional<Integer> webAdminPort = Optional.empty();
        private Optional<SmtpGateway> gateway = Optional.empty();
        private Optional<PemCertificate> tlsCertificate = Optional.empty();

        private Builder() {
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory);
            return this;
        }

        public Builder configurationDirectory(Path configurationDirectory) {
            this.configurationDirectory = Objects.requireNonNull(configurationDirectory);
            return this;
        }

        public Builder smtpPort(int smtpPort) {
            this.smtpPort = Optional.of(smtpPort);
            return this;
        }

        /**
         * Port 0 for the MX, both submission servers and WebAdmin: the system picks free ones (James's probes tell
         * which), so servers started side by side, tests above all, never collide.
         */
        public Builder anyFreePorts() {
            return smtpPort(0).submissionPort(0).smtpsPort(0).webAdminPort(0);
        }

        public Builder submissionPort(int submissionPort) {
            this.submissionPort = Optional.of(submissionPort);
            return this;
        }

        public Builder smtpsPort(int smtpsPort) {
            this.smtpsPort = Optional.of(smtpsPort);
            return this;
        }

        /** The certificate of the submission servers, instead of the configured or generated one. */
        public Builder tlsCertificate(PemCertificate tlsCertificate) {
            this.tlsCertificate = Optional.of(tlsCertificate.toAbsolutePaths());
            return this;
        }

        public Builder webAdminPort(int webAdminPort) {
            this.webAdminPort = Optional.of(webAdminPort);
            return this;
        }

        public Builder gateway(SmtpGateway gateway) {
            this.gateway = Optional.of(gateway);
            return this;
        }

        public SmtpyServerSettings build() {
            return new SmtpyServerSettings(dataDirectory.toAbsolutePath().normalize(),
                configurationDirectory.toAbsolutePath().normalize(), this);
        }
    }

    private final Path dataDirectory;
    private final Path configurationDirectory;
    private final Optional<Integer> smtpPort;
    private final Optional<Integer> submissionPort;
    private final Optional<Integer> smtpsPort;
    private final Optional<Integer> webAdminPort;
    private final Optional<SmtpGateway> gateway;
    private final Optional<PemCertificate> tlsCertificate;

    private SmtpyServerSettings(Path dataDirectory, Path configurationDirectory, Builder builder) {
        this.dataDirectory = dataDirectory;
        this.configurationDirectory = configurationDirectory;
        this.smtpPort = builder.smtpPort;
        this.submissionPort = builder.submissionPort;
        this.smtpsPort = builder.smtpsPort;
        this.webAdminPort = builder.webAdminPort;
        this.gateway = builder.gateway;
        this.tlsCertificate = builder.tlsCertificate;
    }

    /** Absolute; James's working directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Absolute; the configuration the effective one is rendered from. */
    public Path configurationDirectory() {
        return configurationDirectory;
    }

    /** Where the effective configuration is rendered: {@code <data>/conf}, the place James reads it from. */
    public Path effectiveConfigurationDirectory() {
        return dataDirectory.resolve("conf");
    }

    public Optional<Integer> smtpPort() {
        return smtpPort;
    }

    /** The port of the submission server (STARTTLS, {@code smtpserver-submission}). */
    public Optional<Integer> submissionPort() {
        return submissionPort;
    }

    /** The port of the implicit-TLS submission server ({@code smtpserver-smtps}). */
    public Optional<Integer> smtpsPort() {
        return smtpsPort;
    }

    public Optional<Integer> webAdminPort() {
        return webAdminPort;
    }

    /** Absolute paths; empty: the configured files when they exist, else the generated self-signed pair. */
    public Optional<PemCertificate> tlsCertificate() {
        return tlsCertificate;
    }

    /** Where the self-signed certificate is generated when no other is given: {@code <data>/tls}. */
    public Path generatedCertificateDirectory() {
        return dataDirectory.resolve("tls");
    }

    public Optional<SmtpGateway> gateway() {
        return gateway;
    }

    @Override
    public String toString() {
        return "data=" + dataDirectory + " conf=" + configurationDirectory
            + smtpPort.map(port -> " smtp-port=" + port).orElse("")
            + submissionPort.map(port -> " submission-port=" + port).orElse("")
            + smtpsPort.map(port -> " smtps-port=" + port).orElse("")
            + tlsCertificate.map(pair -> " tls-cert=" + pair.certificates() + " tls-key=" + pair.privateKey()).orElse("")
            + webAdminPort.map(port -> " webadmin-port=" + port).orElse("")
            + gateway.map(host -> " gateway=" + host).orElse("");
    }
}
