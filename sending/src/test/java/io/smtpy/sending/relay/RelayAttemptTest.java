package io.smtpy.sending.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayAttemptTest {
    @Test
    void aRefusalWithAPermanentCodeShouldBePermanent() {
        RelayAttempt attempt = RelayAttempt.refused("550 5.1.1 <nobody@dest.example>: user unknown");

        assertThat(attempt.outcome()).isEqualTo(RelayAttempt.Outcome.PERMANENT_FAILURE);
        assertThat(attempt.status()).hasValueSatisfying(status -> assertThat(status.code()).isEqualTo(550));
    }

    @Test
    void aRefusalWithATemporaryCodeOrNoneShouldBeTriedAgain() {
        assertThat(RelayAttempt.refused("451 4.3.0 try again later").outcome()).isEqualTo(RelayAttempt.Outcome.TEMPORARY_FAILURE);
        assertThat(RelayAttempt.refused("connection reset").outcome()).isEqualTo(RelayAttempt.Outcome.TEMPORARY_FAILURE);
    }

    @Test
    void aRefusedLoginShouldBeTriedAgainSoTheOwnerCanFixThePassword() {
        RelayAttempt attempt = RelayAttempt.notConnected("535 5.7.8 Authentication credentials invalid");

        assertThat(attempt.outcome()).isEqualTo(RelayAttempt.Outcome.TEMPORARY_FAILURE);
        assertThat(attempt.reply()).isEqualTo("535 5.7.8 Authentication credentials invalid");
    }
}
