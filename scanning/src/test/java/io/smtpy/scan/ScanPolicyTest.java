package io.smtpy.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.model.ScanAction;
import io.smtpy.core.model.SpamSettings;
import io.smtpy.core.model.VirusSettings;
import io.smtpy.core.smtp.SmtpStatus;

class ScanPolicyTest {
    private static final ScanPolicy DEFER_BOTH = new ScanPolicy(OnFailure.DEFER, OnFailure.DEFER);
    private static final ScanPolicy PASS_BOTH = new ScanPolicy(OnFailure.PASS, OnFailure.PASS);
    private static final SpamVerdict GTUBE = SpamVerdict.scanned(1000.0, 5.0, List.of("GTUBE"));
    private static final SpamVerdict LOW = SpamVerdict.scanned(1.2, 5.0, List.of("MISSING_MID"));
    private static final SpamVerdict DOWN = SpamVerdict.unavailable("spamd unavailable: connection refused");
    private static final VirusVerdict INFECTED = VirusVerdict.infected("Smtpy-Test-Eicar.UNOFFICIAL");

    @Test
    void unavailableScannerShouldDeferWhenItsSettingSaysDefer() {
        assertThat(DEFER_BOTH.deferral(new ScanVerdict(DOWN, VirusVerdict.CLEAN))).contains(ScanPolicy.DEFERRED);
        assertThat(DEFER_BOTH.deferral(new ScanVerdict(LOW, VirusVerdict.unavailable("clamd unavailable: busy")))).contains(ScanPolicy.DEFERRED);
        assertThat(ScanPolicy.DEFERRED.code()).isEqualTo(451);
    }

    @Test
    void unavailableScannerShouldNotDeferWhenItsSettingSaysPass() {
        assertThat(PASS_BOTH.deferral(new ScanVerdict(DOWN, VirusVerdict.unavailable("x")))).isEmpty();
        assertThat(new ScanPolicy(OnFailure.PASS, OnFailure.DEFER).deferral(new ScanVerdict(DOWN, VirusVerdict.CLEAN))).isEmpty();
        assertThat(new ScanPolicy(OnFailure.PASS, OnFailure.DEFER).deferral(new ScanVerdict(LOW, VirusVerdict.unavailable("x")))).isPresent();
    }

    @Test
    void verdictsOrScannersNotAskedShouldNeverDefer() {
        assertThat(DEFER_BOTH.deferral(new ScanVerdict(GTUBE, INFECTED))).isEmpty();
        assertThat(DEFER_BOTH.deferral(ScanVerdict.NOT_SCANNED)).isEmpty();
        assertThat(DEFER_BOTH.deferral(new ScanVerdict(SpamVerdict.skipped("too large to score"), VirusVerdict.CLEAN))).isEmpty();
    }

    @Test
    void virusShouldTakeTheDomainsVirusAction() {
        ScanOutcome outcome = DEFER_BOTH.forDomain(new ScanVerdict(LOW, INFECTED), SpamSettings.DEFAULT, VirusSettings.DEFAULT, false);

        assertThat(outcome.action()).contains(ScanAction.REJECT);
        assertThat(outcome.reason()).isEqualTo("virus Smtpy-Test-Eicar.UNOFFICIAL");
        assertThat(outcome.refusal()).contains(SmtpStatus.of(550, "5.7.1", "message refused: it contains a virus"));
    }

    @Test
    void virusShouldBeActedOnEvenForAnAllowListedSender() {
        ScanOutcome outcome = DEFER_BOTH.forDomain(new ScanVerdict(GTUBE, INFECTED), SpamSettings.DEFAULT,
            new VirusSettings(true, ScanAction.QUARANTINE), true);

        assertThat(outcome.action()).contains(ScanAction.QUARANTINE);
        assertThat(outcome.fields()).extracting(HeaderField::name).doesNotContain(ScanFields.SCORE);
    }

    @Test
    void virusShouldBeIgnoredByADomainThatDoesNotScan() {
        ScanOutcome outcome = DEFER_BOTH.forDomain(new ScanVerdict(LOW, INFECTED), SpamSettings.DEFAULT, new VirusSettings(false, ScanAction.REJECT), false);

        assertThat(outcome.action()).isEmpty();
    }

    @Test
    void spamAtTheThresholdShouldTakeTheDomainsSpamAction() {
        SpamSettings spam = new SpamSettings(true, 5.0, 10.0, ScanAction.QUARANTINE);

        ScanOutcome outcome = DEFER_BOTH.forDomain(new ScanVerdict(SpamVerdict.scanned(10.0, 5.0, List.of("A", "B")), VirusVerdict.CLEAN),
            spam, VirusSettings.DEFAULT, false);

        assertThat(outcome.action()).contains(ScanAction.QUARANTINE);
        assertThat(outcome.reason()).isEqualTo("spam score 10.0 >= 10.0 (A,B)");
        assertThat(outcome.refusal()).isEmpty();
    }

    @Test
    void spamBelowTheThresholdShouldOnlyBeTagged() {
        ScanOutcome outcome = DEFER_BOTH.forDomain(new ScanVerdict(SpamVerdict.scanned(7.0, 5.0, List.of("X")), VirusVerdict.CLEAN),
            SpamSettings.DEFAULT, VirusSettings.DEFAULT, false);

        assertThat(outcome.action()).isEmpty();
        assertThat(outcome.fields()).contains(new HeaderField(ScanFields.FLAG, "YES"));
    }

    @Test
    void spamRejectedShouldBeRefusedAsSpam() {
        ScanOutcome outcome = DEFER_BOTH.forDomain(new ScanVerdict(GTUBE, VirusVerdict.CLEAN),
            new SpamSettings(true, 5.0, 10.0, ScanAction.REJECT), VirusSettings.DEFAULT, false);

        assertThat(outcome.refusal()).contains(SmtpStatus.of(550, "5.7.1", "message refused as spam"));
    }

    @Test
    void spamFromAnAllowListedSenderShouldNeitherBeActedOnNorTagged() {
        ScanOutcome outcome = DEFER_BOTH.forDomain(new ScanVerdict(GTUBE, VirusVerdict.CLEAN), SpamSettings.DEFAULT, VirusSettings.DEFAULT, true);

        assertThat(outcome.action()).isEmpty();
        assertThat(outcome.fields()).extracting(HeaderField::name).containsExactly(ScanFields.VIRUS_SCANNED);
    }

    @Test
    void spamOfADomainThatTagsOnlyShouldNotBeActedOn() {
        ScanOutcome outcome = DEFER_BOTH.forDomain(new ScanVerdict(GTUBE, VirusVerdict.CLEAN),
            new SpamSettings(true, 5.0, 10.0, ScanAction.TAG), VirusSettings.DEFAULT, false);

        assertThat(outcome.action()).isEmpty();
        assertThat(outcome.fields()).contains(new HeaderField(ScanFields.FLAG, "YES"));
    }

    @Test
    void spamOfADomainThatDoesNotScoreShouldBeIgnored() {
        ScanOutcome outcome = DEFER_BOTH.forDomain(new ScanVerdict(GTUBE, VirusVerdict.CLEAN),
            SpamSettings.DEFAULT.withEnabled(false), VirusSettings.DEFAULT, false);

        assertThat(outcome.action()).isEmpty();
        assertThat(outcome.fields()).extracting(HeaderField::name).doesNotContain(ScanFields.SCORE, ScanFields.FLAG);
    }

    @Test
    void unavailableScannerPassedShouldMarkTheMailUnscanned() {
        ScanOutcome outcome = PASS_BOTH.forDomain(new ScanVerdict(DOWN, VirusVerdict.CLEAN), SpamSettings.DEFAULT, VirusSettings.DEFAULT, false);

        assertThat(outcome.action()).isEmpty();
        assertThat(outcome.fields()).contains(new HeaderField(ScanFields.UNSCANNED, "spam (spamd unavailable: connection refused)"));
    }
}
