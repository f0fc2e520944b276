package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.AggregateReportParser;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.dmarc.MemoryDmarcReportRepository;
import io.smtpy.core.dmarc.ReportIntake;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

/** The intake mailet over James's fakes: a real report attached is stored, anything else refused, and never forwarded. */
class DmarcReportIntakeTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final String REPORT = "/dmarc/dmarc2.example!example.com!1700092800!1700179199.xml";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
    private final MemoryDmarcReportRepository reports = new MemoryDmarcReportRepository();
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final DmarcReportIntake mailet = new DmarcReportIntake(
        new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, new AliasResolver(directory)),
        new ReportIntake(new AggregateReportParser(), reports, clock), new MailEvents(events), clock);

    @BeforeEach
    void setUp() throws Exception {
        directory.createDomain(DOMAIN, builder -> builder);
        mailet.init(FakeMailetConfig.builder().mailetName("DmarcReportIntake").mailetContext(FakeMailContext.defaultContext()).build());
    }

    @Test
    void anAttachedAggregateReportShouldBeStoredAndTheMailFinished() throws Exception {
        byte[] report;
        try (InputStream in = DmarcReportIntakeTest.class.getResourceAsStream(REPORT)) {
            report = in.readAllBytes();
        }
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder().setSubject("Report Domain: example.com")
            .setMultipartWithBodyParts(
                MimeMessageBuilder.bodyPartBuilder().data("This is a DMARC aggregate report."),
                MimeMessageBuilder.bodyPartBuilder().data(report).type("application/xml").filename("report.xml"))
            .build();
        FakeMail mail = FakeMail.builder().name("report").sender("reports@dmarc2.example").recipient("dmarc-reports@example.com")
            .mimeMessage(message).build();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(reports.list(DOMAIN, 10, 0)).hasSize(1);
        assertThat(recorded()).extracting(MailEvent::type).containsExactly(MailEventType.REPORT_STORED);
    }

    @Test
    void aMailWithoutAReportShouldBeRefusedWithAnEventAndNotForwarded() throws Exception {
        FakeMail mail = FakeMail.builder().name("not-a-report").sender("someone@elsewhere.example").recipient("dmarc-reports@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("just text").build()).build();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(reports.list(DOMAIN, 10, 0)).isEmpty();
        assertThat(recorded()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.REPORT_REJECTED);
            assertThat(event.detail()).isNotBlank();
        });
    }

    private List<MailEvent> recorded() {
        return events.list(MailEventQuery.of(DOMAIN));
    }
}
