package io.smtpy.core.mailpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.smtpy.core.smtp.SmtpStatus;

class RcptDecisionTest {
    private static final SmtpStatus UNKNOWN = SmtpStatus.of(550, "5.1.1", "no such recipient here");
    private static final SmtpStatus LATER = SmtpStatus.of(421, "4.7.0", "try again later");

    @Test
    void anAcceptanceShouldSayWhatMatched() {
        RcptDecision decision = RcptDecision.accept(MatchedBy.CATCH_ALL, "catch-all");

        assertThat(decision.verdict()).isEqualTo(RcptDecision.Verdict.ACCEPT);
        assertThat(decision.matchedBy()).contains(MatchedBy.CATCH_ALL);
        assertThat(decision.matched()).contains("catch-all");
        assertThat(decision.status()).isEmpty();
        assertThat(decision).hasToString("accept: catch-all catch-all");
    }

    @Test
    void aRefusalShouldCarryItsStatusAndKeepTheConnection() {
        RcptDecision decision = RcptDecision.refuse(UNKNOWN);

        assertThat(decision.verdict()).isEqualTo(RcptDecision.Verdict.REFUSE);
        assertThat(decision.status()).contains(UNKNOWN);
        assertThat(decision.disconnect()).isFalse();
        assertThat(decision.matchedBy()).isEmpty();
    }

    @Test
    void only421ShouldCloseTheConnection() {
        assertThat(RcptDecision.refuseAndDisconnect(LATER).disconnect()).isTrue();
        assertThatThrownBy(() -> RcptDecision.refuseAndDisconnect(UNKNOWN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusalShouldNeedAFailureStatus() {
        assertThatThrownBy(() -> RcptDecision.refuse(SmtpStatus.of(250, "2.1.5", "ok"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notOursShouldSayNothing() {
        RcptDecision decision = RcptDecision.notOurs();

        assertThat(decision.verdict()).isEqualTo(RcptDecision.Verdict.NOT_OURS);
        assertThat(decision.matchedBy()).isEmpty();
        assertThat(decision.status()).isEmpty();
    }

    @Test
    void decisionsShouldBeValues() {
        assertThat(RcptDecision.accept(MatchedBy.ALIAS, "info@d1.example")).isEqualTo(RcptDecision.accept(MatchedBy.ALIAS, "info@d1.example"))
            .isNotEqualTo(RcptDecision.accept(MatchedBy.ALIAS, "sales@d1.example"));
        assertThat(RcptDecision.refuse(UNKNOWN)).isEqualTo(RcptDecision.refuse(SmtpStatus.of(550, "5.1.1", "no such recipient here")));
    }
}
