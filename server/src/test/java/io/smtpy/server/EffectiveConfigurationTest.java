package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.TestConfiguration;

class EffectiveConfigurationTest {
    @TempDir
    Path temporary;

    private Path source;
    private Path data;

    @BeforeEach
    void copyShippedConfiguration() throws Exception {
        source = TestConfiguration.copyOfShipped(temporary.resolve("conf")).directory();
        data = temporary.resolve("data");
    }

    private SmtpyServerSettings.Builder settings() {
        return SmtpyServerSettings.builder().dataDirectory(data).configurationDirectory(source);
    }

    @Test
    void withoutOverridesTheEffectiveFilesShouldEqualTheSourceExceptTheCertificatePaths() throws Exception {
        Path effective = EffectiveConfiguration.write(settings().build());

        assertThat(effective).isEqualTo(data.resolve("conf"));
        try (var files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!file.getFileName().toString().equals("smtpserver.xml")) {
                    assertThat(effective.resolve(file.getFileName())).hasSameBinaryContentAs(file);
                }
            }
        }
        assertThat(effective.resolve(EffectiveConfiguration.GENERATED_MARKER_FILE)).exists();
        assertThat(xpath(effective.resolve("smtpserver.xml"), "count(//smtpserver)")).isEqualTo("3");
        assertThat(xpath(effective.resolve("smtpserver.xml"), "/smtpservers/smtpserver[1]/bind")).isEqualTo("0.0.0.0:2525");
    }

    @Test
    void submissionPortsShouldReplaceThePortsOfTheirServersOnly() throws Exception {
        Path effective = EffectiveConfiguration.write(settings().submissionPort(587).smtpsPort(465).build());

        Path smtpServer = effective.resolve("smtpserver.xml");
        assertThat(xpath(smtpServer, "//smtpserver[jmxName='smtpserver-submission']/bind")).isEqualTo("0.0.0.0:587");
        assertThat(xpath(smtpServer, "//smtpserver[jmxName='smtpserver-smtps']/bind")).isEqualTo("0.0.0.0:465");
        assertThat(xpath(smtpServer, "//smtpserver[jmxName='smtpserver-global']/bind")).isEqualTo("0.0.0.0:2525");
    }

    @Test
    void submissionPortWithoutItsServerShouldBeRejected() throws Exception {
        Path smtpServer = source.resolve("smtpserver.xml");
        Files.writeString(smtpServer, Files.readString(smtpServer).replace("smtpserver-submission", "renamed"));

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings().submissionPort(587).build()))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageEndingWith("no <smtpserver> with <jmxName>smtpserver-submission</jmxName>");
    }

    @Test
    void withoutACertificateBothTlsServersShouldUseTheOneGeneratedIntoTheDataDirectory() throws Exception {
        Path effective = EffectiveConfiguration.write(settings().build());

        Path generated = data.resolve("tls");
        assertThat(generated.resolve("smtpy-cert.pem")).isRegularFile();
        assertThat(generated.resolve("smtpy-key.pem")).isRegularFile();
        assertThat(tlsFiles(effective, "smtpserver-submission")).containsExactly(
            "file://" + generated.resolve("smtpy-cert.pem"), "file://" + generated.resolve("smtpy-key.pem"));
        assertThat(tlsFiles(effective, "smtpserver-smtps")).isEqualTo(tlsFiles(effective, "smtpserver-submission"));
        assertThat(xpath(effective.resolve("smtpserver.xml"), "//smtpserver[jmxName='smtpserver-global']/tls/@startTLS"))
            .as("the MX is left as it is").isEqualTo("false");
    }

    @Test
    void certificateInTheConfigurationDirectoryShouldBeUsedWhereItIs() throws Exception {
        PemCertificate operator = SelfSignedCertificate.ensure(source.resolve("tls"), "mail.operator.example", Clock.systemUTC());

        Path effective = EffectiveConfiguration.write(settings().build());

        assertThat(tlsFiles(effective, "smtpserver-submission"))
            .containsExactly("file://" + operator.certificates(), "file://" + operator.privateKey());
        assertThat(data.resolve("tls")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(effective.resolve("tls/smtpy-key.pem"))))
            .as("the copy of a key is as private as the key").isEqualTo("rw-------");
    }

    @Test
    void certificateOfTheSettingsShouldWinOverTheConfiguredAndGeneratedOnes() throws Exception {
        SelfSignedCertificate.ensure(source.resolve("tls"), "configured.example", Clock.systemUTC());
        PemCertificate given = SelfSignedCertificate.ensure(temporary.resolve("given"), "given.example", Clock.systemUTC());

        Path effective = EffectiveConfiguration.write(settings().tlsCertificate(given).build());

        assertThat(tlsFiles(effective, "smtpserver-smtps")).containsExactly("file://" + given.certificates(), "file://" + given.privateKey());
    }

    @Test
    void missingCertificateOfTheSettingsShouldBeRejected() {
        PemCertificate missing = new PemCertificate(temporary.resolve("none.pem"), temporary.resolve("none-key.pem"));

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings().tlsCertificate(missing).build()))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessage("--tls-cert/--tls-key: " + temporary.resolve("none.pem") + " is not a readable file");
    }

    @Test
    void configuredCertificateWithoutItsKeyShouldBeRejected() throws Exception {
        PemCertificate configured = SelfSignedCertificate.ensure(source.resolve("tls"), "configured.example", Clock.systemUTC());
        Files.delete(configured.privateKey());

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings().build()))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessage("smtpserver.xml: " + configured.privateKey() + " is not a readable file");
    }

    @Test
    void certificateThatIsNotPemShouldBeRejected() throws Exception {
        Path certificate = Files.writeString(temporary.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(temporary.resolve("key.pem"), "not a key");

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings().tlsCertificate(new PemCertificate(certificate, key)).build()))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageStartingWith(certificate + " is not a PEM certificate");
    }

    private static List<String> tlsFiles(Path effective, String jmxName) throws Exception {
        Path smtpServer = effective.resolve("smtpserver.xml");
        return List.of(xpath(smtpServer, "//smtpserver[jmxName='" + jmxName + "']/tls/certificates"),
            xpath(smtpServer, "//smtpserver[jmxName='" + jmxName + "']/tls/privateKey"));
    }

    @Test
    void smtpPortShouldReplaceThePortOfTheBindAddressAndKeepItsHost() throws Exception {
        Path effective = EffectiveConfiguration.write(settings().smtpPort(2600).build());

        assertThat(xpath(effective.resolve("smtpserver.xml"), "/smtpservers/smtpserver/bind")).isEqualTo("0.0.0.0:2600");
        assertThat(xpath(source.resolve("smtpserver.xml"), "/smtpservers/smtpserver/bind"))
            .as("the source is never modified")
            .isEqualTo("0.0.0.0:2525");
    }

    @Test
    void smtpPortShouldApplyToEveryAddressOfTheBind() throws Exception {
        Path smtpServer = source.resolve("smtpserver.xml");
        Files.writeString(smtpServer, Files.readString(smtpServer).replace("<bind>0.0.0.0:2525</bind>",
            "<bind>127.0.0.1:2525, [::1]:2525</bind>"));

        Path effective = EffectiveConfiguration.write(settings().smtpPort(26).build());

        assertThat(xpath(effective.resolve("smtpserver.xml"), "/smtpservers/smtpserver/bind")).isEqualTo("127.0.0.1:26, [::1]:26");
    }

    @Test
    void webAdminPortShouldChangeOnlyThePortAndKeepComments() throws Exception {
        Path effective = EffectiveConfiguration.write(settings().webAdminPort(8123).build());

        Properties rendered = load(effective.resolve("webadmin.properties"));
        Properties original = load(source.resolve("webadmin.properties"));
        assertThat(rendered.getProperty("port")).isEqualTo("8123");
        original.setProperty("port", "8123");
        assertThat(rendered).isEqualTo(original);
        assertThat(Files.readString(effective.resolve("webadmin.properties")))
            .contains("# Loopback only");
    }

    @Test
    void gatewayShouldBeSetOnRemoteDelivery() throws Exception {
        Path effective = EffectiveConfiguration.write(settings().gateway(new SmtpGateway("relay.example", 587)).build());

        Path mailetContainer = effective.resolve("mailetcontainer.xml");
        assertThat(xpath(mailetContainer, "//mailet[@class='RemoteDelivery']/gateway")).isEqualTo("relay.example");
        assertThat(xpath(mailetContainer, "//mailet[@class='RemoteDelivery']/gatewayPort")).isEqualTo("587");
        assertThat(xpath(mailetContainer, "//mailet[@class='RemoteDelivery']/outgoing"))
            .as("the rest of the mailet is kept")
            .isEqualTo("outgoing");
    }

    @Test
    void renderingAgainShouldDropWhatTheSourceNoLongerHasAndOverridesNoLongerSet() throws Exception {
        EffectiveConfiguration.write(settings().smtpPort(2600).build());
        Files.writeString(data.resolve("conf").resolve("stale.properties"), "edited=by hand");

        Path effective = EffectiveConfiguration.write(settings().build());

        assertThat(effective.resolve("stale.properties")).doesNotExist();
        assertThat(xpath(effective.resolve("smtpserver.xml"), "/smtpservers/smtpserver/bind")).isEqualTo("0.0.0.0:2525");
    }

    @Test
    void missingSourceDirectoryShouldBeRejected() {
        SmtpyServerSettings settings = settings().configurationDirectory(temporary.resolve("nowhere")).build();

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageContaining("does not exist");
    }

    @Test
    void sourceInsideTheGeneratedDirectoryShouldBeRejected() throws Exception {
        EffectiveConfiguration.write(settings().build());
        SmtpyServerSettings settings = settings().configurationDirectory(data.resolve("conf")).build();

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageContaining("overlap");
    }

    @Test
    void webAdminPortWithoutWebAdminFileShouldBeRejected() throws Exception {
        Files.delete(source.resolve("webadmin.properties"));

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings().webAdminPort(8001).build()))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageContaining("webadmin.properties does not exist");
    }

    @Test
    void malformedXmlShouldBeReportedOnOneLine() throws Exception {
        Files.writeString(source.resolve("smtpserver.xml"), "<smtpservers><smtpserver>");

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings().smtpPort(26).build()))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageStartingWith("cannot read ")
            .hasMessageNotContaining("\n");
    }

    @Test
    void shippedConfigurationShouldNotTrustAnyNetwork() throws Exception {
        Path shipped = ForkedSmtpyServer.shippedConfiguration().resolve("smtpserver.xml");

        assertThat(xpath(shipped, "count(//authorizedAddresses)")).isEqualTo("0");
    }

    @Test
    void eachPoolAddressShouldGetItsOwnRemoteDeliveryBeforeTheDefaultOne() throws Exception {
        Files.writeString(source.resolve("smtpy.properties"), "\npools.premium.addresses=127.0.0.2\n"
            + "pools.premium.domains=vip.example\npools.shared.addresses=127.0.0.3, 127.0.0.4\npools.default=shared\n",
            StandardOpenOption.APPEND);

        Path effective = EffectiveConfiguration.write(settings().gateway(new SmtpGateway("relay.example", 587)).build());

        Path mailetContainer = effective.resolve("mailetcontainer.xml");
        String deliveries = "//processor[@state='relay']/mailet[@class='RemoteDelivery']";
        assertThat(xpath(mailetContainer, "count(" + deliveries + ")")).isEqualTo("4");
        assertThat(xpath(mailetContainer, deliveries + "[1]/@match")).isEqualTo("io.smtpy.matchers.LeavesFrom=127.0.0.2");
        assertThat(xpath(mailetContainer, deliveries + "[1]/outgoing")).isEqualTo("outgoing-premium-1");
        assertThat(xpath(mailetContainer, deliveries + "[1]/bind")).isEqualTo("127.0.0.2");
        assertThat(xpath(mailetContainer, deliveries + "[3]/@match")).isEqualTo("io.smtpy.matchers.LeavesFrom=127.0.0.4");
        assertThat(xpath(mailetContainer, deliveries + "[3]/outgoing")).isEqualTo("outgoing-shared-2");
        assertThat(xpath(mailetContainer, deliveries + "[3]/delayTime")).as("the default's settings are kept")
            .isEqualTo(xpath(mailetContainer, deliveries + "[4]/delayTime"));
        assertThat(xpath(mailetContainer, deliveries + "[3]/gateway")).as("the gateway applies to all").isEqualTo("relay.example");
        assertThat(xpath(mailetContainer, deliveries + "[4]/@match")).isEqualTo("All");
        assertThat(xpath(mailetContainer, deliveries + "[4]/outgoing")).isEqualTo("outgoing");
        assertThat(xpath(mailetContainer, deliveries + "[4]/bind")).isEmpty();
    }

    @Test
    void aPoolAddressThisMachineDoesNotHaveShouldStopTheStart() throws Exception {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): no machine has it.
        Files.writeString(source.resolve("smtpy.properties"), "\npools.far.addresses=127.0.0.2, 192.0.2.7\n",
            StandardOpenOption.APPEND);

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings().build()))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageContaining("pools.far.addresses: 192.0.2.7 is not an address of this machine");
    }

    @Test
    void aMalformedPoolSettingShouldStopTheStartNamingItsKey() throws Exception {
        Files.writeString(source.resolve("smtpy.properties"), "\npools.a.addresses=127.0.0.2\npools.default=b\n",
            StandardOpenOption.APPEND);

        assertThatThrownBy(() -> EffectiveConfiguration.write(settings().build()))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageContaining("smtpy.properties: pools.default: no pool 'b'");
    }

    private static String xpath(Path file, String expression) throws Exception {
        Document document = EffectiveConfiguration.readXml(file);
        return XPathFactory.newInstance().newXPath().evaluate(expression, document);
    }

    private static Properties load(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        }
        return properties;
    }
}
