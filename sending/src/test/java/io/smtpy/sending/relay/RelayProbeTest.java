package io.smtpy.sending.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

/** The test-connection against a real SMTP relay on loopback that requires AUTH. */
class RelayProbeTest {
    private final AuthenticatingRelay server = AuthenticatingRelay.start("mailer", "right-password");
    private final RelayProbe probe = new RelayProbe(RelayHostGuard.none(), (SSLSocketFactory) SSLSocketFactory.getDefault(),
        "mx.smtpy.test", Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        server.close();
    }

    private DomainRelay relay(RelayTls tls, Optional<String> username) {
        return new DomainRelay(DomainName.of("brand.example"), "127.0.0.1", server.port(), tls, username,
            Optional.of("sealed"), RelayScope.OUTBOUND, true, Instant.EPOCH);
    }

    @Test
    void theRightPasswordShouldPassEveryStepAndSendNoMail() {
        RelayProbe.Result result = probe.probe(relay(RelayTls.NONE, Optional.of("mailer")), Optional.of("right-password"));

        assertThat(result.ok()).as("%s", result.steps()).isTrue();
        assertThat(result.steps()).extracting(RelayProbe.Step::name).containsExactly("connect", "greeting", "ehlo", "auth", "quit");
        assertThat(result.steps().get(3).reply()).startsWith("235");
        assertThat(result.failure()).isEmpty();
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aWrongPasswordShouldStopAtAuthWithTheRelaysReply() {
        RelayProbe.Result result = probe.probe(relay(RelayTls.NONE, Optional.of("mailer")), Optional.of("wrong"));

        assertThat(result.ok()).isFalse();
        RelayProbe.Step last = result.steps().get(result.steps().size() - 1);
        assertThat(last.name()).isEqualTo("auth");
        assertThat(last.reply()).startsWith("535");
        assertThat(result.failure()).contains(last.reply());
        assertThat(result.steps()).allSatisfy(step -> assertThat(step.reply()).doesNotContain("wrong"));
    }

    @Test
    void startTlsShouldBeRequiredWhenTheModeAsksForIt() {
        RelayProbe.Result result = probe.probe(relay(RelayTls.STARTTLS, Optional.of("mailer")), Optional.of("right-password"));

        assertThat(result.ok()).isFalse();
        assertThat(result.steps()).extracting(RelayProbe.Step::name).containsExactly("connect", "greeting", "ehlo", "starttls");
        assertThat(result.failure()).hasValueSatisfying(reply -> assertThat(reply).contains("does not offer STARTTLS"));
    }

    @Test
    void aRefusedHostShouldNotBeConnectedTo() {
        RelayProbe guarded = new RelayProbe(host -> {
            throw new RelayHostGuard.RefusedRelayException("127.0.0.1 is a loopback address");
        }, (SSLSocketFactory) SSLSocketFactory.getDefault(), "mx.smtpy.test", Duration.ofSeconds(5));

        RelayProbe.Result result = guarded.probe(relay(RelayTls.NONE, Optional.of("mailer")), Optional.of("right-password"));

        assertThat(result.steps()).extracting(RelayProbe.Step::name).containsExactly("guard");
        assertThat(result.failure()).contains("refused: 127.0.0.1 is a loopback address");
    }

    @Test
    void aClosedPortShouldFailAtConnect() {
        server.close();

        RelayProbe.Result result = probe.probe(relay(RelayTls.NONE, Optional.empty()), Optional.empty());

        assertThat(result.steps()).extracting(RelayProbe.Step::name).containsExactly("connect");
        assertThat(result.ok()).isFalse();
    }
}
