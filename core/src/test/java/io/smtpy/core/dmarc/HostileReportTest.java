package io.smtpy.core.dmarc;

import static io.smtpy.core.dmarc.AggregateReportParserTest.gzip;
import static io.smtpy.core.dmarc.AggregateReportParserTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.smtpy.core.dmarc.ReportParseException.Reason;

/** Attachments built to hurt: each must be refused with its reason, quickly, in the default test heap. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileReportTest {
    private static final String HEAD = "<feedback><report_metadata><org_name>o</org_name><report_id>r1</report_id>"
        + "<date_range><begin>1700006400</begin><end>1700092799</end></date_range></report_metadata>"
        + "<policy_published><domain>example.com</domain><p>none</p></policy_published>";
    private static final String RECORD = "<record><row><source_ip>192.0.2.1</source_ip><count>1</count><policy_evaluated>"
        + "<disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>"
        + "<identifiers><header_from>example.com</header_from></identifiers></record>";

    private final AggregateReportParser parser = new AggregateReportParser();

    private ReportParseException refusal(InputStream attachment) {
        try {
            parser.parse(attachment);
        } catch (ReportParseException e) {
            return e;
        }
        throw new AssertionError("the attachment was accepted");
    }

    private ReportParseException refusal(byte[] attachment) {
        return refusal(new ByteArrayInputStream(attachment));
    }

    /** A stream of {@code prefix} followed by {@code unit} repeated up to {@code total} bytes, made as it is read. */
    private static final class GeneratedStream extends InputStream {
        private final byte[] prefix;
        private final byte[] unit;
        private final long total;
        private long position;

        GeneratedStream(String prefix, String unit, long total) {
            this.prefix = utf8(prefix);
            this.unit = utf8(unit);
            this.total = total;
        }

        @Override
        public int read() {
            if (position >= total) {
                return -1;
            }
            long at = position++;
            return (at < prefix.length ? prefix[(int) at] : unit[(int) ((at - prefix.length) % unit.length)]) & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= total) {
                return -1;
            }
            int n = 0;
            while (n < length && position < total) {
                int room = (int) Math.min(length - n, total - position);
                int copied;
                if (position < prefix.length) {
                    copied = Math.min(room, prefix.length - (int) position);
                    System.arraycopy(prefix, (int) position, buffer, offset + n, copied);
                } else {
                    int at = (int) ((position - prefix.length) % unit.length);
                    copied = Math.min(room, unit.length - at);
                    System.arraycopy(unit, at, buffer, offset + n, copied);
                }
                n += copied;
                position += copied;
            }
            return n;
        }

        long consumed() {
            return position;
        }
    }

    private static byte[] deflatedZipEntry(String name, InputStream content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry(name));
            content.transferTo(zip);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static byte[] gzipOf(InputStream content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 65536)) {
            content.transferTo(gz);
        }
        return out.toByteArray();
    }

    @Test
    void anXxePayloadShouldBeRefusedAsADoctypeWithoutReadingTheFile() {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE feedback [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
            + HEAD.replace("<org_name>o</org_name>", "<org_name>&xxe;</org_name>") + "</feedback>";

        ReportParseException refused = refusal(utf8(xxe));

        assertThat(refused.reason()).isEqualTo(Reason.DOCTYPE);
        assertThat(refused.getMessage()).doesNotContain("root:");
    }

    @Test
    void anExternalDtdShouldBeRefusedEvenWithoutEntityUse() {
        String external = "<?xml version=\"1.0\"?><!DOCTYPE feedback SYSTEM \"http://127.0.0.1:9/dmarc.dtd\">" + HEAD + "</feedback>";

        assertThat(refusal(utf8(external)).reason()).isEqualTo(Reason.DOCTYPE);
    }

    @Test
    void entityExpansionShouldBeRefusedAsADoctype() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
            + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
            + HEAD.replace("<org_name>o</org_name>", "<org_name>&lol3;</org_name>") + "</feedback>";

        assertThat(refusal(utf8(laughs)).reason()).isEqualTo(Reason.DOCTYPE);
    }

    @Test
    void anXxePayloadInsideAGzipShouldBeRefusedToo() throws Exception {
        String xxe = "<!DOCTYPE feedback [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + HEAD.replace("<org_name>o</org_name>", "<org_name>&xxe;</org_name>") + "</feedback>";

        assertThat(refusal(gzip(utf8(xxe))).reason()).isEqualTo(Reason.DOCTYPE);
    }

    @Test
    void anUndeclaredEntityShouldNotBeResolved() {
        String undeclared = HEAD.replace("<org_name>o</org_name>", "<org_name>&xxe;</org_name>") + "</feedback>";

        assertThat(refusal(utf8(undeclared)).reason()).isIn(Reason.DOCTYPE, Reason.MALFORMED_XML);
    }

    @Test
    void aZipBombOfZerosShouldBeStoppedWhileInflating() throws Exception {
        long inflated = ReportLimits.DEFAULT_MAX_DECOMPRESSED_BYTES + 10L * 1024 * 1024;
        byte[] bomb = deflatedZipEntry("report.xml", new GeneratedStream("", "\0", inflated));
        // Deflate's ratio is at most about 1:1030, so 60 MiB of zeros takes about 60 KB.
        assertThat(bomb.length).isLessThan(100 * 1024);

        ReportParseException refused = refusal(bomb);

        assertThat(refused.reason()).isEqualTo(Reason.ZIP_BOMB);
        assertThat(refused.getMessage()).contains(String.valueOf(ReportLimits.DEFAULT_MAX_DECOMPRESSED_BYTES));
    }

    @Test
    void aZipBombThatLooksLikeAReportShouldBeStoppedWhileInflating() throws Exception {
        byte[] bomb = deflatedZipEntry("report.xml", new GeneratedStream(HEAD, "<x/>", 60L * 1024 * 1024));

        assertThat(refusal(bomb).reason()).isEqualTo(Reason.ZIP_BOMB);
    }

    @Test
    void aZipBombWhoseHeadersDeclareATinySizeShouldStillBeStopped() throws Exception {
        byte[] bomb = deflatedZipEntry("report.xml", new GeneratedStream(HEAD, "<x/>", 60L * 1024 * 1024));
        int central = -1;
        for (int i = bomb.length - 22; i >= 0 && central < 0; i--) {
            if (bomb[i] == 'P' && bomb[i + 1] == 'K' && bomb[i + 2] == 1 && bomb[i + 3] == 2) {
                central = i;
            }
        }
        byte[] lying = Arrays.copyOf(bomb, bomb.length);
        // The local header now declares its sizes (no data descriptor) and says 100 bytes inflated, as does the
        // central directory; the compressed size stays true so that the inflater is fed the whole stream.
        lying[6] &= ~0x08;
        System.arraycopy(bomb, central + 20, lying, 18, 4);
        byte[] hundred = {100, 0, 0, 0};
        System.arraycopy(hundred, 0, lying, 22, 4);
        System.arraycopy(hundred, 0, lying, central + 24, 4);

        assertThat(refusal(lying).reason()).isEqualTo(Reason.ZIP_BOMB);
    }

    @Test
    void aGzipBombShouldBeStoppedWhileInflating() throws Exception {
        byte[] bomb = gzipOf(new GeneratedStream(HEAD, "<x/>", 60L * 1024 * 1024));
        assertThat(bomb.length).isLessThan(200 * 1024);

        assertThat(refusal(bomb).reason()).isEqualTo(Reason.ZIP_BOMB);
    }

    @Test
    void aHundredMegabyteXmlShouldBeRefusedForSizeWithoutReadingItAll() {
        GeneratedStream huge = new GeneratedStream(HEAD, RECORD, 100L * 1024 * 1024);

        ReportParseException refused = refusal(huge);

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(huge.consumed()).isLessThanOrEqualTo(ReportLimits.DEFAULT_MAX_COMPRESSED_BYTES + 64 * 1024);
    }

    @Test
    void aTruncatedGzipShouldBeRefused() throws Exception {
        byte[] whole = Fixtures.bytes(Fixtures.YAHOO_GZ);

        assertThat(refusal(Arrays.copyOf(whole, whole.length / 2)).reason()).isEqualTo(Reason.TRUNCATED);
        // Only the trailer (CRC and length) missing: the XML inside is complete, the gzip is not.
        assertThat(refusal(Arrays.copyOf(whole, whole.length - 8)).reason()).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void aTruncatedZipShouldBeRefused() {
        byte[] whole = Fixtures.bytes(Fixtures.GOOGLE_ZIP);

        assertThat(refusal(Arrays.copyOf(whole, whole.length / 2)).reason()).isIn(Reason.TRUNCATED, Reason.CORRUPT_ARCHIVE);
    }

    @Test
    void aCorruptGzipShouldBeRefused() throws Exception {
        byte[] corrupt = gzip(utf8(HEAD + RECORD + "</feedback>"));
        corrupt[corrupt.length - 6] ^= 0x55;

        assertThat(refusal(corrupt).reason()).isEqualTo(Reason.CORRUPT_ARCHIVE);
    }

    @Test
    void moreRecordsThanTheDefaultLimitShouldBeRefused() throws Exception {
        byte[] many = gzipOf(new GeneratedStream(HEAD, RECORD,
            utf8(HEAD).length + (long) utf8(RECORD).length * (ReportLimits.DEFAULT_MAX_RECORDS + 1)));

        assertThat(refusal(many).reason()).isEqualTo(Reason.TOO_MANY_RECORDS);
    }

    @Test
    void theRecordLimitShouldAllowExactlyItsCount() throws Exception {
        AggregateReportParser three = new AggregateReportParser(ReportLimits.DEFAULT.withMaxRecords(3));

        assertThat(three.parse(new ByteArrayInputStream(utf8(HEAD + RECORD.repeat(3) + "</feedback>"))).records()).hasSize(3);
        try {
            three.parse(new ByteArrayInputStream(utf8(HEAD + RECORD.repeat(4) + "</feedback>")));
            throw new AssertionError("four records were accepted");
        } catch (ReportParseException e) {
            assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_RECORDS);
        }
    }

    @Test
    void deepNestingShouldBeRefused() {
        String deep = HEAD + "<record>" + "<a>".repeat(100) + "</a>".repeat(100) + "</record></feedback>";

        assertThat(refusal(utf8(deep)).reason()).isEqualTo(Reason.TOO_COMPLEX);
    }

    @Test
    void tooManyAttributesShouldBeRefused() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i <= ReportLimits.DEFAULT_MAX_ATTRIBUTES; i++) {
            attributes.append(" a").append(i).append("='v'");
        }
        String crowded = HEAD + "<record" + attributes + ">" + RECORD.substring("<record>".length()) + "</feedback>";

        assertThat(refusal(utf8(crowded)).reason()).isEqualTo(Reason.TOO_COMPLEX);
    }

    @Test
    void aHugeTextShouldBeRefused() {
        String huge = HEAD + RECORD.replace("example.com</header_from>", "x".repeat(ReportLimits.DEFAULT_MAX_TEXT_LENGTH + 1) + "</header_from>")
            + "</feedback>";

        assertThat(refusal(utf8(huge)).reason()).isEqualTo(Reason.TOO_COMPLEX);
    }

    @Test
    void aRecordWithTooManyElementsShouldBeRefused() {
        String crowded = HEAD + RECORD.replace("</record>", "<auth_results>" + "<dkim><domain>d</domain><result>pass</result></dkim>".repeat(400)
            + "</auth_results></record>") + "</feedback>";

        assertThat(refusal(utf8(crowded)).reason()).isEqualTo(Reason.TOO_COMPLEX);
    }

    @Test
    void refusalMessagesShouldStayBoundedAndPrintable() {
        String nasty = HEAD + RECORD.replace("192.0.2.1", "\t" + "9".repeat(5000)) + "</feedback>";

        ReportParseException refused = refusal(nasty.getBytes(StandardCharsets.UTF_8));

        assertThat(refused.reason()).isEqualTo(Reason.NOT_A_REPORT);
        assertThat(refused.getMessage()).hasSizeLessThanOrEqualTo(ReportParseException.MAX_MESSAGE_LENGTH).doesNotContain("\t");
    }
}
