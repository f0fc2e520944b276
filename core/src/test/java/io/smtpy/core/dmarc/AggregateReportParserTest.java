package io.smtpy.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

import io.smtpy.core.dmarc.ReportParseException.Reason;
import io.smtpy.core.model.DomainName;

class AggregateReportParserTest {
    private static final Instant DAY_1 = Instant.ofEpochSecond(1700006400);
    private static final String MINIMAL = "<feedback><report_metadata><org_name>o</org_name><report_id>r1</report_id>"
        + "<date_range><begin>1700006400</begin><end>1700092799</end></date_range></report_metadata>"
        + "<policy_published><domain>example.com</domain><p>none</p></policy_published>%s</feedback>";
    private static final String RECORD = "<record><row><source_ip>192.0.2.1</source_ip><count>1</count><policy_evaluated>"
        + "<disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>"
        + "<identifiers><header_from>example.com</header_from></identifiers></record>";

    private final AggregateReportParser parser = new AggregateReportParser();

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    static byte[] zip(String[] names, byte[][] contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < names.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i]));
                zip.write(contents[i]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private AggregateReport parse(byte[] attachment) throws ReportParseException {
        return parser.parse(new ByteArrayInputStream(attachment));
    }

    private Reason refusal(byte[] attachment) {
        try {
            parse(attachment);
        } catch (ReportParseException e) {
            assertThat(e.getMessage()).startsWith(e.reason().code() + ": ").hasSizeLessThanOrEqualTo(ReportParseException.MAX_MESSAGE_LENGTH);
            return e.reason();
        }
        throw new AssertionError("the attachment was accepted");
    }

    @Test
    void googleZipShouldBeReadWithItsMetadataPolicyAndRecords() throws Exception {
        AggregateReport report = Fixtures.parse(Fixtures.GOOGLE_ZIP);

        assertThat(report.schema()).isEqualTo(ReportSchema.RFC_7489);
        assertThat(report.orgName()).isEqualTo("google.com");
        assertThat(report.email()).contains("noreply-dmarc-support@google.com");
        assertThat(report.reportId()).isEqualTo(ReportId.of("8810393547287765412"));
        assertThat(report.begin()).isEqualTo(DAY_1);
        assertThat(report.end()).isEqualTo(Instant.parse("2023-11-15T23:59:59Z"));
        assertThat(report.generator()).isEmpty();
        assertThat(report.policyPublished()).isEqualTo(PolicyPublished.builder(DomainName.of("example.com"), Policy.QUARANTINE)
            .adkim(Alignment.RELAXED).aspf(Alignment.RELAXED).sp(Policy.NONE).pct(100).build());
        assertThat(report.records()).hasSize(3);
        assertThat(report.records().get(0)).isEqualTo(ReportRecord.builder(InetAddresses.forString("198.51.100.23"), 12)
            .evaluated(Disposition.NONE, DmarcResult.PASS, DmarcResult.PASS)
            .headerFrom("example.com")
            .dkim(new DkimAuthResult("example.com", AuthResult.PASS, Optional.of("s2026a")))
            .spf(new SpfAuthResult("example.com", AuthResult.PASS))
            .build());
        assertThat(report.records().get(2).disposition()).isEqualTo(Disposition.QUARANTINE);
        assertThat(report.records().get(2).spfResults()).containsExactly(new SpfAuthResult("spoofer.example", AuthResult.SOFTFAIL));
    }

    @Test
    void messagesShouldBeCountedFromRowCountNotFromRecords() throws Exception {
        AggregateReport report = Fixtures.parse(Fixtures.GOOGLE_ZIP);

        assertThat(report.records()).hasSize(3);
        assertThat(report.messageCount()).isEqualTo(12 + 3 + 2);
    }

    @Test
    void yahooGzipShouldBeRead() throws Exception {
        AggregateReport report = Fixtures.parse(Fixtures.YAHOO_GZ);

        assertThat(report.orgName()).isEqualTo("Yahoo");
        assertThat(report.reportId().asString()).isEqualTo("1700102531.590124");
        assertThat(report.policyPublished().sp()).isEmpty();
        assertThat(report.records()).extracting(ReportRecord::sourceIpText, ReportRecord::count)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("198.51.100.23", 5L), org.assertj.core.groups.Tuple.tuple("192.0.2.77", 4L));
    }

    @Test
    void microsoftIdentitiesAndUnknownSpfResultShouldBeTolerated() throws Exception {
        AggregateReport report = Fixtures.parse(Fixtures.MICROSOFT_GZ);

        assertThat(report.orgName()).isEqualTo("Enterprise Outlook");
        ReportRecord relayed = report.records().get(0);
        assertThat(relayed.sourceIp()).isEqualTo(InetAddress.getByName("2a01:111:f400:7e1b:0:0:0:205"));
        assertThat(relayed.headerFrom()).isEqualTo("example.com");
        assertThat(relayed.envelopeFrom()).contains("lists.example.org");
        assertThat(relayed.dmarcPass()).isTrue();
        ReportRecord unknown = report.records().get(1);
        assertThat(unknown.envelopeFrom()).isEmpty();
        assertThat(unknown.spfResults()).containsExactly(new SpfAuthResult("example.com", AuthResult.UNKNOWN));
        assertThat(unknown.dkimResults()).isEmpty();
    }

    @Test
    void aReportWithoutRecordShouldBeReadWithNoMessages() throws Exception {
        AggregateReport report = Fixtures.parse(Fixtures.MICROSOFT_NO_RECORD);

        assertThat(report.records()).isEmpty();
        assertThat(report.messageCount()).isZero();
        assertThat(report.reportId().asString()).isEqualTo("0a9e7d44b16c4c1d9d2f3e8b5a6c7d80");
    }

    @Test
    void plainXmlWithIpv6SourcesShouldBeRead() throws Exception {
        AggregateReport report = Fixtures.parse(Fixtures.PLAIN_XML);

        assertThat(report.records()).extracting(ReportRecord::sourceIpText)
            .containsExactly("198.51.100.23", "2001:db8::25", "2001:db8::25", "203.0.113.50", "192.0.2.77");
        assertThat(report.records().get(1).sourceIp()).isEqualTo(report.records().get(2).sourceIp());
        assertThat(report.records().get(0).dkimResults()).extracting(DkimAuthResult::domain).containsExactly("example.com", "esp.example");
        assertThat(report.records().get(2).dkimResults()).containsExactly(new DkimAuthResult("example.com", AuthResult.PASS, Optional.empty()));
        assertThat(report.records().get(3).disposition()).isEqualTo(Disposition.REJECT);
        assertThat(report.policyPublished().adkim()).isEqualTo(Alignment.STRICT);
        assertThat(report.policyPublished().pct()).isEqualTo(OptionalInt.of(50));
        assertThat(report.messageCount()).isEqualTo(32);
    }

    @Test
    void dmarc2NamespaceReportShouldBeReadWithItsNewFields() throws Exception {
        AggregateReport report = Fixtures.parse(Fixtures.DMARC_2);

        assertThat(report.schema()).isEqualTo(ReportSchema.DMARC_2);
        assertThat(report.generator()).contains("ExampleMTA DMARC 4.2");
        PolicyPublished policy = report.policyPublished();
        assertThat(policy.p()).isEqualTo(Policy.REJECT);
        assertThat(policy.sp()).contains(Policy.QUARANTINE);
        assertThat(policy.np()).contains(Policy.REJECT);
        assertThat(policy.pct()).isEmpty();
        assertThat(policy.testing()).isFalse();
        assertThat(policy.discoveryMethod()).contains("treewalk");
        assertThat(policy.aspf()).isEqualTo(Alignment.STRICT);
        assertThat(report.records()).extracting(ReportRecord::sourceIpText).containsExactly("198.51.100.23", "2001:db8:1::1");
    }

    @Test
    void theFormatShouldComeFromTheBytesNotTheFileName() throws Exception {
        assertThat(ReportAttachment.detect(Fixtures.bytes(Fixtures.GZIP_NAMED_ZIP), 4)).isEqualTo(ReportAttachment.Format.GZIP);

        AggregateReport report = Fixtures.parse(Fixtures.GZIP_NAMED_ZIP);

        assertThat(report.orgName()).isEqualTo("AMAZON-SES");
        assertThat(report.messageCount()).isEqualTo(10);
    }

    @Test
    void xmlAfterAByteOrderMarkAndWhiteSpaceShouldBeRead() throws Exception {
        byte[] xml = utf8("\uFEFF \r\n\t" + String.format(MINIMAL, RECORD));

        assertThat(parse(xml).records()).hasSize(1);
    }

    @Test
    void aZipWithOtherEntriesBesideTheReportShouldGiveTheReport() throws Exception {
        byte[] zip = zip(new String[] {"README.txt", "report.bin"}, new byte[][] {utf8("hello"), utf8(String.format(MINIMAL, RECORD))});

        assertThat(parse(zip).reportId()).isEqualTo(ReportId.of("r1"));
    }

    @Test
    void aZipWithTwoXmlDocumentsShouldBeRefused() throws Exception {
        byte[] report = utf8(String.format(MINIMAL, RECORD));

        assertThat(refusal(zip(new String[] {"a.xml", "b.xml"}, new byte[][] {report, report}))).isEqualTo(Reason.SEVERAL_REPORTS);
    }

    @Test
    void aZipWithoutXmlShouldBeRefused() throws Exception {
        assertThat(refusal(zip(new String[] {"report.xml"}, new byte[][] {utf8("not xml at all")}))).isEqualTo(Reason.NOT_A_REPORT);
    }

    @Test
    void nestedArchivesShouldBeRefused() throws Exception {
        byte[] report = utf8(String.format(MINIMAL, RECORD));
        byte[] inner = zip(new String[] {"report.xml"}, new byte[][] {report});

        assertThat(refusal(zip(new String[] {"report.xml.zip"}, new byte[][] {inner}))).isEqualTo(Reason.NESTED_ARCHIVE);
        assertThat(refusal(zip(new String[] {"report.xml.gz"}, new byte[][] {gzip(report)}))).isEqualTo(Reason.NESTED_ARCHIVE);
        assertThat(refusal(gzip(inner))).isEqualTo(Reason.NESTED_ARCHIVE);
        assertThat(refusal(gzip(gzip(report)))).isEqualTo(Reason.NESTED_ARCHIVE);
    }

    @Test
    void bytesOfNoKnownFormatShouldBeRefused() {
        assertThat(refusal(utf8("%PDF-1.4\n%âãÏÓ"))).isEqualTo(Reason.UNKNOWN_FORMAT);
        assertThat(refusal(new byte[0])).isEqualTo(Reason.UNKNOWN_FORMAT);
        assertThat(refusal(utf8("   \n  "))).isEqualTo(Reason.UNKNOWN_FORMAT);
    }

    @Test
    void xmlThatIsNotAReportShouldBeRefused() {
        assertThat(refusal(utf8("<html><body>hi</body></html>"))).isEqualTo(Reason.NOT_A_REPORT);
        assertThat(refusal(utf8(String.format(MINIMAL, RECORD).replace("<org_name>o</org_name>", "")))).isEqualTo(Reason.NOT_A_REPORT);
        assertThat(refusal(utf8(String.format(MINIMAL, RECORD).replace("<p>none</p>", "")))).isEqualTo(Reason.NOT_A_REPORT);
        assertThat(refusal(utf8(String.format(MINIMAL, RECORD).replace("example.com</domain>", "not a domain</domain>"))))
            .isEqualTo(Reason.NOT_A_REPORT);
    }

    @Test
    void aRecordWithABrokenRequiredFieldShouldRefuseTheReportNamingTheRecord() {
        String second = RECORD.replace("192.0.2.1", "mail.example.com");

        assertThatThrownBy(() -> parse(utf8(String.format(MINIMAL, RECORD + second))))
            .isInstanceOf(ReportParseException.class)
            .hasMessage("not-a-report: record 2: row/source_ip is not an IP address: 'mail.example.com'");
        assertThat(refusal(utf8(String.format(MINIMAL, RECORD.replace("<count>1</count>", "<count>many</count>")))))
            .isEqualTo(Reason.NOT_A_REPORT);
        assertThat(refusal(utf8(String.format(MINIMAL, RECORD.replace("<disposition>none</disposition>", "<disposition>drop</disposition>")))))
            .isEqualTo(Reason.NOT_A_REPORT);
        assertThat(refusal(utf8(String.format(MINIMAL, RECORD.replace("<header_from>example.com</header_from>", "")))))
            .isEqualTo(Reason.NOT_A_REPORT);
    }

    @Test
    void malformedXmlShouldBeRefused() {
        assertThat(refusal(utf8(String.format(MINIMAL, RECORD).replace("</feedback>", "")))).isEqualTo(Reason.MALFORMED_XML);
        assertThat(refusal(utf8(String.format(MINIMAL, RECORD) + "<second/>"))).isEqualTo(Reason.MALFORMED_XML);
    }

    @Test
    void unknownElementsShouldBeSkipped() throws Exception {
        String extended = String.format(MINIMAL, "<extension><x:thing xmlns:x='urn:x'>1</x:thing></extension>" + RECORD);

        assertThat(parse(utf8(extended)).records()).hasSize(1);
    }
}
