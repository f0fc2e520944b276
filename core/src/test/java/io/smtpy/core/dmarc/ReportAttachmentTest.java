package io.smtpy.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.smtpy.core.dmarc.ReportAttachment.Format;
import io.smtpy.core.dmarc.ReportParseException.Reason;

class ReportAttachmentTest {
    private static Format detect(byte[] head) throws ReportParseException {
        return ReportAttachment.detect(head, head.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void zipShouldBeToldByItsLocalHeaderSignature() throws Exception {
        assertThat(detect(new byte[] {'P', 'K', 3, 4, 20, 0})).isEqualTo(Format.ZIP);
    }

    @Test
    void gzipShouldBeToldByItsMagicNumber() throws Exception {
        assertThat(detect(new byte[] {0x1f, (byte) 0x8b, 8, 0})).isEqualTo(Format.GZIP);
    }

    @Test
    void xmlShouldBeToldByItsFirstAngleBracketAfterBomAndWhiteSpace() throws Exception {
        assertThat(detect(ascii("<?xml version=\"1.0\"?>"))).isEqualTo(Format.XML);
        assertThat(detect(ascii("<feedback>"))).isEqualTo(Format.XML);
        assertThat(detect(ascii(" \r\n\t<feedback>"))).isEqualTo(Format.XML);
        assertThat(detect(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '\n', '<'})).isEqualTo(Format.XML);
    }

    @Test
    void theFixturesShouldBeToldByContentWhateverTheirNames() throws Exception {
        assertThat(detect(Fixtures.bytes(Fixtures.GOOGLE_ZIP))).isEqualTo(Format.ZIP);
        assertThat(detect(Fixtures.bytes(Fixtures.YAHOO_GZ))).isEqualTo(Format.GZIP);
        assertThat(detect(Fixtures.bytes(Fixtures.GZIP_NAMED_ZIP))).isEqualTo(Format.GZIP);
        assertThat(detect(Fixtures.bytes(Fixtures.PLAIN_XML))).isEqualTo(Format.XML);
    }

    @Test
    void otherBytesShouldBeRefusedNamingThem() {
        assertThatThrownBy(() -> detect(ascii("%PDF-1.7")))
            .isInstanceOfSatisfying(ReportParseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FORMAT))
            .hasMessageContaining("25 50 44 46");
        assertThatThrownBy(() -> detect(new byte[] {'P', 'K', 5, 6})).isInstanceOf(ReportParseException.class);
        assertThatThrownBy(() -> detect(new byte[] {0x1f})).isInstanceOf(ReportParseException.class);
        assertThatThrownBy(() -> detect(new byte[] {(byte) 0xff, (byte) 0xfe, '<', 0})).isInstanceOf(ReportParseException.class);
        assertThatThrownBy(() -> detect(new byte[0])).hasMessage("unknown-format: empty attachment");
    }
}
