package io.smtpy.rules.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MessageContentTest {
    private static final String MULTIPART = "From: \"Ann Example\" <Ann@Sender.Example>\r\n"
        + "To: a@example.com, Group: b@example.com, C <c@example.com>;\r\n"
        + "Subject: =?UTF-8?Q?Facture_n=C2=B01?=\r\n"
        + "X-Long: first\r\n  second\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
        + "\r\n"
        + "--b1\r\n"
        + "Content-Type: multipart/alternative; boundary=\"b2\"\r\n"
        + "\r\n"
        + "--b2\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: quoted-printable\r\n"
        + "\r\n"
        + "Voici la facture =E2=82=AC\r\n"
        + "--b2\r\n"
        + "Content-Type: text/html; charset=utf-8\r\n"
        + "\r\n"
        + "<html><head><style>p{color:red}</style></head><body><p>Hello&nbsp;<b>world</b> &amp; co</p>"
        + "<script>alert('x')</script></body></html>\r\n"
        + "--b2--\r\n"
        + "--b1\r\n"
        + "Content-Type: application/pdf; name=\"invoice.pdf\"\r\n"
        + "Content-Disposition: attachment; filename=\"invoice.pdf\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n"
        + "\r\n"
        + "JVBERi0xLjQK\r\n"
        + "--b1--\r\n";

    @Test
    void headerFieldsShouldBeUnfoldedAndDecoded() {
        MessageContent content = MessageContent.header(bytes(MULTIPART));

        assertThat(content.first("subject")).contains("Facture n°1");
        assertThat(content.first("X-LONG")).contains("first  second");
        assertThat(content.values("to")).hasSize(1);
        assertThat(content.plainText()).isEmpty();
        assertThat(content.attachments()).isEmpty();
    }

    @Test
    void addressesShouldBeLowerCasedWithGroupsFlattened() {
        MessageContent content = MessageContent.header(bytes(MULTIPART));

        assertThat(content.addresses("from")).containsExactly("ann@sender.example");
        assertThat(content.addresses("To")).containsExactly("a@example.com", "b@example.com", "c@example.com");
        assertThat(content.addresses("cc")).isEmpty();
    }

    @Test
    void parseShouldReadTextPartsAndAttachments() {
        MessageContent content = MessageContent.parse(bytes(MULTIPART));

        assertThat(content.plainText()).isEqualTo("Voici la facture €");
        assertThat(content.htmlText()).isEqualTo("Hello world & co");
        assertThat(content.attachments()).singleElement().satisfies(attachment -> {
            assertThat(attachment.fileName()).contains("invoice.pdf");
            assertThat(attachment.mimeType()).isEqualTo("application/pdf");
            assertThat(attachment.size()).isEqualTo(9);
        });
        assertThat(content.size()).isEqualTo(bytes(MULTIPART).length);
    }

    @Test
    void aSinglePartMessageShouldBeItsOwnText() {
        MessageContent content = MessageContent.parse(bytes("Subject: hi\r\n\r\nplain body\r\n"));

        assertThat(content.plainText()).isEqualTo("plain body\r\n");
        assertThat(content.attachments()).isEmpty();
    }

    @Test
    void textShouldBeCapped() {
        String body = "a".repeat(MessageContent.MAX_TEXT_CHARS + 1000);
        MessageContent content = MessageContent.parse(bytes("Subject: big\r\n\r\n" + body));

        assertThat(content.plainText()).hasSize(MessageContent.MAX_TEXT_CHARS);
    }

    @Test
    void brokenMimeShouldKeepWhatWasReadAndNeverThrow() {
        String broken = "Subject: broken\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\n"
            + "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64@@@\r\n--x\r\n"
            + "Content-Type: text/html\r\n\r\n<p>unterminated <b";

        MessageContent content = MessageContent.parse(bytes(broken));

        assertThat(content.first("subject")).contains("broken");
    }

    @Test
    void randomBytesShouldNeverThrow() {
        Random random = new Random(13);
        for (int i = 0; i < 500; i++) {
            byte[] raw = new byte[random.nextInt(4000)];
            random.nextBytes(raw);
            MessageContent.parse(raw);
            MessageContent.header(raw);
        }
        byte[] truncated = bytes(MULTIPART);
        for (int cut = 0; cut < truncated.length; cut += 7) {
            MessageContent.parse(java.util.Arrays.copyOf(truncated, cut));
        }
    }

    @Test
    void htmlTextShouldDropScriptsStylesAndCommentsAndDecodeReferences() {
        assertThat(HtmlText.of("<div>a<!-- hidden --></div><SCRIPT type=x>evil()</SCRIPT><p>b &#233;&#x41; &lt;c&gt; & d</p>"))
            .isEqualTo("a\nb éA <c> & d");
        assertThat(HtmlText.of("<style>never closed")).isEmpty();
        assertThat(HtmlText.of("text <unclosed")).isEqualTo("text");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
