package io.smtpy.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;

class ReportIntakeTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final MemoryDmarcReportRepository repository = new MemoryDmarcReportRepository();
    private final ReportIntake intake = new ReportIntake(new AggregateReportParser(), repository, new MovableClock(NOW));

    @Test
    void aReportShouldBeStoredForTheDomainAtTheClocksTime() throws Exception {
        ReportIntake.Outcome outcome = intake.receive(EXAMPLE, Fixtures.open(Fixtures.GOOGLE_ZIP));

        assertThat(outcome.kind()).isEqualTo(ReportIntake.Outcome.Kind.STORED);
        AggregateReport report = outcome.report().orElseThrow();
        assertThat(repository.find(EXAMPLE, report.reportId())).contains(new StoredDmarcReport(EXAMPLE, NOW, report));
        assertThat(outcome.describe()).startsWith("stored report").contains(report.reportId().asString());
    }

    @Test
    void theSameReportTwiceShouldBeADuplicate() {
        intake.receive(EXAMPLE, Fixtures.open(Fixtures.YAHOO_GZ));

        ReportIntake.Outcome again = intake.receive(EXAMPLE, Fixtures.open(Fixtures.YAHOO_GZ));

        assertThat(again.kind()).isEqualTo(ReportIntake.Outcome.Kind.DUPLICATE);
        assertThat(repository.list(EXAMPLE, 10, 0)).hasSize(1);
    }

    @Test
    void anAttachmentThatIsNoReportShouldBeRejectedWithTheReason() {
        ReportIntake.Outcome outcome = intake.receive(EXAMPLE,
            new ByteArrayInputStream("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><feedback>&e;</feedback>"
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(outcome.kind()).isEqualTo(ReportIntake.Outcome.Kind.REJECTED);
        assertThat(outcome.refusal().orElseThrow().reason()).isEqualTo(ReportParseException.Reason.DOCTYPE);
        assertThat(outcome.describe()).startsWith("doctype:");
        assertThat(repository.list(EXAMPLE, 10, 0)).isEmpty();
    }
}
