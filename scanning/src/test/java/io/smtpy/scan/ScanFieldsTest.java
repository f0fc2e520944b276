package io.smtpy.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.smtpy.core.mailpath.HeaderField;

class ScanFieldsTest {
    @Test
    void scoredMessageOverTheTagThresholdShouldCarryScoreStatusAndFlag() {
        List<HeaderField> fields = ScanFields.of(new ScanVerdict(SpamVerdict.scanned(1000, 5, List.of("GTUBE", "MISSING_DATE")),
            VirusVerdict.CLEAN), 5.0, true, true);

        assertThat(fields).containsExactly(
            new HeaderField(ScanFields.SCORE, "1000.0"),
            new HeaderField(ScanFields.STATUS, "Yes, score=1000.0 tag=5.0 tests=GTUBE,MISSING_DATE"),
            new HeaderField(ScanFields.FLAG, "YES"),
            new HeaderField(ScanFields.VIRUS_SCANNED, "clean (ClamAV via smtpy)"));
    }

    @Test
    void scoredMessageUnderTheTagThresholdShouldNotBeFlagged() {
        List<HeaderField> fields = ScanFields.of(new ScanVerdict(SpamVerdict.scanned(-0.04, 5, List.of()), VirusVerdict.NOT_ASKED), 5.0, true, false);

        assertThat(fields).containsExactly(
            new HeaderField(ScanFields.SCORE, "-0.0"),
            new HeaderField(ScanFields.STATUS, "No, score=-0.0 tag=5.0 tests=none"));
    }

    @Test
    void manySymbolsShouldBeSummarised() {
        List<String> symbols = IntStream.range(0, 45).mapToObj(i -> "RULE_" + i).collect(Collectors.toList());

        List<HeaderField> fields = ScanFields.of(new ScanVerdict(SpamVerdict.scanned(3, 5, symbols), VirusVerdict.NOT_ASKED), 5.0, true, false);

        assertThat(fields.get(1).value()).endsWith("RULE_39,+5 more").doesNotContain("RULE_40");
    }

    @Test
    void unwantedVerdictsShouldLeaveNoField() {
        assertThat(ScanFields.of(new ScanVerdict(SpamVerdict.scanned(9, 5, List.of()), VirusVerdict.CLEAN), 5.0, false, false)).isEmpty();
    }

    @Test
    void unavailableScannersShouldBeNamedInTheUnscannedField() {
        List<HeaderField> fields = ScanFields.of(new ScanVerdict(SpamVerdict.unavailable("spamd unavailable: busy"),
            VirusVerdict.unavailable("clamd unavailable: connection refused")), 5.0, true, true);

        assertThat(fields).containsExactly(new HeaderField(ScanFields.UNSCANNED,
            "spam (spamd unavailable: busy), virus (clamd unavailable: connection refused)"));
    }

    @Test
    void skippedMessageShouldNotBeMarkedUnscanned() {
        assertThat(ScanFields.of(new ScanVerdict(SpamVerdict.skipped("too large to score"), VirusVerdict.CLEAN), 5.0, true, true))
            .containsExactly(new HeaderField(ScanFields.VIRUS_SCANNED, "clean (ClamAV via smtpy)"));
    }

    @Test
    void scoreShouldBeWrittenWithOneDecimalWhateverTheLocale() {
        assertThat(ScanFields.score(4.25)).isEqualTo("4.3");
        assertThat(ScanFields.score(12)).isEqualTo("12.0");
    }
}
