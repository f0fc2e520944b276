package io.smtpy.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class OutboundScanPolicyTest {
    private static final ScanPolicy DEFER = new ScanPolicy(OnFailure.DEFER, OnFailure.DEFER);
    private static final ScanPolicy PASS = new ScanPolicy(OnFailure.PASS, OnFailure.PASS);
    private static final byte[] MESSAGE = TestMessages.clean();

    /** A scanner of both kinds that gives a fixed verdict, and remembers what it was asked. */
    private static final class FixedScanner implements MessageScanner {
        private final ScanVerdict verdict;
        private boolean askedSpam;
        private boolean askedVirus;

        FixedScanner(SpamVerdict spam, VirusVerdict virus) {
            this.verdict = new ScanVerdict(spam, virus);
        }

        @Override
        public ScanVerdict scan(byte[] message, boolean spam, boolean virus) {
            askedSpam = spam;
            askedVirus = virus;
            return verdict;
        }

        @Override
        public boolean scoresSpam() {
            return true;
        }

        @Override
        public boolean scansViruses() {
            return true;
        }
    }

    private static OutboundScanPolicy.Decision check(SpamVerdict spam, VirusVerdict virus, ScanPolicy failures) {
        return new OutboundScanPolicy(new FixedScanner(spam, virus), failures, OutboundScanPolicy.DEFAULT_THRESHOLD).check(MESSAGE);
    }

    @Test
    void submissionShouldBeAskedOfEveryConfiguredScanner() {
        FixedScanner scanner = new FixedScanner(SpamVerdict.scanned(0, 5, List.of()), VirusVerdict.CLEAN);

        new OutboundScanPolicy(scanner, DEFER, 5.0).check(MESSAGE);

        assertThat(scanner.askedSpam).isTrue();
        assertThat(scanner.askedVirus).isTrue();
    }

    @Test
    void cleanSubmissionUnderTheThresholdShouldBeSent() {
        assertThat(check(SpamVerdict.scanned(4.9, 5, List.of()), VirusVerdict.CLEAN, DEFER).refusal()).isEmpty();
    }

    @Test
    void submissionAtTheThresholdShouldBeRefusedAsSpam() {
        assertThat(check(SpamVerdict.scanned(5.0, 5, List.of("X")), VirusVerdict.CLEAN, DEFER).refusal()).contains(OutboundScanPolicy.SPAM);
    }

    @Test
    void infectedSubmissionShouldBeRefused() {
        assertThat(check(SpamVerdict.scanned(0, 5, List.of()), VirusVerdict.infected("Eicar"), DEFER).refusal()).contains(OutboundScanPolicy.VIRUS);
    }

    @Test
    void submissionThatCouldNotBeScannedShouldFollowTheFailureSetting() {
        SpamVerdict down = SpamVerdict.unavailable("spamd unavailable: connection refused");

        assertThat(check(down, VirusVerdict.CLEAN, DEFER).refusal()).contains(ScanPolicy.DEFERRED);
        assertThat(check(down, VirusVerdict.CLEAN, PASS).refusal()).isEmpty();
    }

    @Test
    void decisionShouldCarryTheVerdict() {
        OutboundScanPolicy.Decision decision = check(SpamVerdict.scanned(1, 5, List.of()), VirusVerdict.CLEAN, DEFER);

        assertThat(decision.verdict()).isEqualTo(new ScanVerdict(SpamVerdict.scanned(1, 5, List.of()), VirusVerdict.CLEAN));
    }

    @Test
    void thresholdShouldBeANumber() {
        assertThatThrownBy(() -> new OutboundScanPolicy(MessageScanner.NONE, DEFER, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
