package io.smtpy.auth.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthStatus;

class ArcChainResultTest {

    @Test
    void everyKindOfResultShouldSurviveItsSummary() {
        assertThat(ArcChainResult.fromSummary(ArcChainResult.none().summary())).contains(ArcChainResult.none());
        assertThat(ArcChainResult.fromSummary(ArcChainResult.pass(3).summary())).contains(ArcChainResult.pass(3));
        assertThat(ArcChainResult.fromSummary(ArcChainResult.failedUpstream(2).summary()))
            .contains(ArcChainResult.failedUpstream(2));
        ArcChainResult failed = ArcChainResult.fromSummary(
            ArcChainResult.fail(4, OptionalInt.of(2), "seal i=2 did not verify").summary()).orElseThrow();
        assertThat(failed.status()).isEqualTo(AuthStatus.FAIL);
        assertThat(failed.highestInstance()).isEqualTo(4);
        assertThat(failed.failedInstance()).hasValue(2);
        assertThat(failed.failureSealedUpstream()).isFalse();
        ArcChainResult temporary = ArcChainResult.fromSummary(
            ArcChainResult.temporaryError(1, 1, "timeout").summary()).orElseThrow();
        assertThat(temporary.status()).isEqualTo(AuthStatus.TEMPERROR);
        assertThat(temporary.highestInstance()).isEqualTo(1);
    }

    @Test
    void textThatIsNoSummaryShouldGiveNothing() {
        assertThat(ArcChainResult.fromSummary("")).isEmpty();
        assertThat(ArcChainResult.fromSummary("pass")).isEmpty();
        assertThat(ArcChainResult.fromSummary("maybe 2")).isEmpty();
        assertThat(ArcChainResult.fromSummary("none 3")).isEmpty();
    }
}
