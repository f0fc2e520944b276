package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SmtpyServerSettingsTest {
    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @Test
    void defaultsShouldBeVarAndConfOfTheCurrentDirectoryWithoutOverrides() throws Exception {
        SmtpyServerSettings settings = SmtpyServerSettings.fromCommandLine(List.of(), NO_ENVIRONMENT);

        assertThat(settings.dataDirectory()).isEqualTo(Paths.get("var").toAbsolutePath());
        assertThat(settings.configurationDirectory()).isEqualTo(Paths.get("conf").toAbsolutePath());
        assertThat(settings.effectiveConfigurationDirectory()).isEqualTo(Paths.get("var", "conf").toAbsolutePath());
        assertThat(settings.smtpPort()).isEmpty();
        assertThat(settings.webAdminPort()).isEmpty();
        assertThat(settings.gateway()).isEmpty();
    }

    @Test
    void environmentShouldSetEveryValue() throws Exception {
        SmtpyServerSettings settings = SmtpyServerSettings.fromCommandLine(List.of(), Map.of(
            "SMTPY_DATA", "/srv/smtpy",
            "SMTPY_CONF", "/etc/smtpy",
            "SMTPY_SMTP_PORT", "25",
            "SMTPY_WEBADMIN_PORT", "8080",
            "SMTPY_GATEWAY", "relay.example:587"));

        assertThat(settings.dataDirectory()).isEqualTo(Paths.get("/srv/smtpy"));
        assertThat(settings.configurationDirectory()).isEqualTo(Paths.get("/etc/smtpy"));
        assertThat(settings.smtpPort()).contains(25);
        assertThat(settings.webAdminPort()).contains(8080);
        assertThat(settings.gateway()).contains(new SmtpGateway("relay.example", 587));
    }

    @Test
    void flagsShouldWinOverEnvironment() throws Exception {
        SmtpyServerSettings settings = SmtpyServerSettings.fromCommandLine(
            List.of("--data", "/flag/data", "--smtp-port", "2526", "--webadmin-port=8001", "--gateway", "flag.example:26"),
            Map.of("SMTPY_DATA", "/env/data", "SMTPY_SMTP_PORT", "25", "SMTPY_WEBADMIN_PORT", "8080",
                "SMTPY_GATEWAY", "env.example:587", "SMTPY_CONF", "/env/conf"));

        assertThat(settings.dataDirectory()).isEqualTo(Paths.get("/flag/data"));
        assertThat(settings.smtpPort()).contains(2526);
        assertThat(settings.webAdminPort()).contains(8001);
        assertThat(settings.gateway()).contains(new SmtpGateway("flag.example", 26));
        assertThat(settings.configurationDirectory())
            .as("a variable without a flag still applies")
            .isEqualTo(Paths.get("/env/conf"));
    }

    @Test
    void emptyEnvironmentVariableShouldCountAsUnset() throws Exception {
        SmtpyServerSettings settings = SmtpyServerSettings.fromCommandLine(List.of(), Map.of("SMTPY_SMTP_PORT", ""));

        assertThat(settings.smtpPort()).isEmpty();
    }

    @Test
    void gatewayWithoutPortShouldUsePort25() throws Exception {
        SmtpyServerSettings settings = SmtpyServerSettings.fromCommandLine(List.of("--gateway", "relay.example"), NO_ENVIRONMENT);

        assertThat(settings.gateway()).contains(new SmtpGateway("relay.example", 25));
    }

    @Test
    void ipv6GatewayShouldParse() throws Exception {
        SmtpyServerSettings settings = SmtpyServerSettings.fromCommandLine(List.of("--gateway", "[::1]:2525"), NO_ENVIRONMENT);

        assertThat(settings.gateway()).contains(new SmtpGateway("::1", 2525));
    }

    @Test
    void unknownFlagShouldBeRejected() {
        assertThatThrownBy(() -> SmtpyServerSettings.fromCommandLine(List.of("--smtp", "25"), NO_ENVIRONMENT))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessage("unknown argument '--smtp' (see --help)");
    }

    @Test
    void flagWithoutValueShouldBeRejected() {
        assertThatThrownBy(() -> SmtpyServerSettings.fromCommandLine(List.of("--data"), NO_ENVIRONMENT))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessage("--data needs a value");
    }

    @Test
    void nonNumericPortShouldNameItsSource() {
        assertThatThrownBy(() -> SmtpyServerSettings.fromCommandLine(List.of(), Map.of("SMTPY_WEBADMIN_PORT", "eighty")))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessage("SMTPY_WEBADMIN_PORT: 'eighty' is not a port number");
    }

    @Test
    void outOfRangePortShouldBeRejected() {
        assertThatThrownBy(() -> SmtpyServerSettings.fromCommandLine(List.of("--smtp-port", "70000"), NO_ENVIRONMENT))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessage("--smtp-port: 70000 is not between 0 and 65535");
    }

    @Test
    void malformedGatewayShouldBeRejected() {
        assertThatThrownBy(() -> SmtpyServerSettings.fromCommandLine(List.of("--gateway", "relay.example:smtp"), NO_ENVIRONMENT))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageStartingWith("--gateway: ");
    }

    @Test
    void invalidFlagShouldBeReportedEvenWhenTheEnvironmentIsValid() {
        assertThatThrownBy(() -> SmtpyServerSettings.fromCommandLine(List.of("--smtp-port", "x"), Map.of("SMTPY_SMTP_PORT", "25")))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageStartingWith("--smtp-port: ");
    }

    @Test
    void submissionPortsAndCertificateShouldComeFromTheEnvironment() throws Exception {
        SmtpyServerSettings settings = SmtpyServerSettings.fromCommandLine(List.of(), Map.of(
            "SMTPY_SUBMISSION_PORT", "587",
            "SMTPY_SMTPS_PORT", "465",
            "SMTPY_TLS_CERT", "/etc/smtpy/fullchain.pem",
            "SMTPY_TLS_KEY", "/etc/smtpy/key.pem"));

        assertThat(settings.submissionPort()).contains(587);
        assertThat(settings.smtpsPort()).contains(465);
        assertThat(settings.tlsCertificate()).contains(new PemCertificate(Paths.get("/etc/smtpy/fullchain.pem"), Paths.get("/etc/smtpy/key.pem")));
    }

    @Test
    void submissionFlagsShouldWinOverEnvironment() throws Exception {
        SmtpyServerSettings settings = SmtpyServerSettings.fromCommandLine(
            List.of("--submission-port", "0", "--smtps-port=2465", "--tls-cert", "cert.pem", "--tls-key", "key.pem"),
            Map.of("SMTPY_SUBMISSION_PORT", "587", "SMTPY_SMTPS_PORT", "465",
                "SMTPY_TLS_CERT", "/env/cert.pem", "SMTPY_TLS_KEY", "/env/key.pem"));

        assertThat(settings.submissionPort()).contains(0);
        assertThat(settings.smtpsPort()).contains(2465);
        assertThat(settings.tlsCertificate()).as("relative paths are made absolute")
            .contains(new PemCertificate(Paths.get("cert.pem").toAbsolutePath(), Paths.get("key.pem").toAbsolutePath()));
    }

    @Test
    void withoutSubmissionOverridesTheConfigurationShouldDecide() throws Exception {
        SmtpyServerSettings settings = SmtpyServerSettings.fromCommandLine(List.of(), NO_ENVIRONMENT);

        assertThat(settings.submissionPort()).isEmpty();
        assertThat(settings.smtpsPort()).isEmpty();
        assertThat(settings.tlsCertificate()).isEmpty();
        assertThat(settings.generatedCertificateDirectory()).isEqualTo(Paths.get("var", "tls").toAbsolutePath());
    }

    @Test
    void certificateWithoutKeyShouldBeRejected() {
        assertThatThrownBy(() -> SmtpyServerSettings.fromCommandLine(List.of("--tls-cert", "cert.pem"), NO_ENVIRONMENT))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessage("--tls-cert is set but not --tls-key (SMTPY_TLS_KEY): a certificate and its key go together");
    }

    @Test
    void keyWithoutCertificateShouldBeRejected() {
        assertThatThrownBy(() -> SmtpyServerSettings.fromCommandLine(List.of(), Map.of("SMTPY_TLS_KEY", "key.pem")))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessage("SMTPY_TLS_KEY is set but not --tls-cert (SMTPY_TLS_CERT): a certificate and its key go together");
    }

    @Test
    void outOfRangeSubmissionPortShouldNameItsFlag() {
        assertThatThrownBy(() -> SmtpyServerSettings.fromCommandLine(List.of("--smtps-port", "-1"), NO_ENVIRONMENT))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessage("--smtps-port: -1 is not between 0 and 65535");
    }
}
