package io.smtpy.sending.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class MessageTrackingTest {
    private static final String HEADERS = "From: sales@brand.example\r\nTo: jane@dest.example\r\nSubject: News\r\n"
        + "Message-ID: <keep-me@brand.example>\r\nMIME-Version: 1.0\r\n";

    @Test
    void aSinglePartHtmlMailShouldHaveEveryLinkRewrittenAndThePixel() throws Exception {
        String mail = HEADERS + "Content-Type: text/html; charset=utf-8\r\n\r\n"
            + "<html><body><a href=\"https://a.example/\">a</a> <a href=\"https://b.example/\">b</a></body></html>\r\n";
        HtmlTrackingTest.RecordingTracker tracker = new HtmlTrackingTest.RecordingTracker(true, true);

        MimeMessage tracked = parse(MessageTracking.rewrite(bytes(mail), tracker).orElseThrow());

        assertThat(tracker.asked).containsExactly("https://a.example/", "https://b.example/");
        String html = (String) tracked.getContent();
        assertThat(html).contains("href=\"https://t.example/smtpy/t/c/T1\"", "href=\"https://t.example/smtpy/t/c/T2\"",
            "/smtpy/t/o/PIXEL\"").doesNotContain("a.example");
        assertThat(tracked.getMessageID()).isEqualTo("<keep-me@brand.example>");
        assertThat(tracked.getSubject()).isEqualTo("News");
    }

    @Test
    void htmlInANestedAlternativeShouldBeTrackedAndTheTextAndAttachmentLeft() throws Exception {
        String mail = HEADERS + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
            + "--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
            + "--inner\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee https://a.example/\r\n"
            + "--inner\r\nContent-Type: text/html; charset=us-ascii\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<p>See <a href=3D\"https://a.example/\">a</a></p>\r\n"
            + "--inner--\r\n"
            + "--outer\r\nContent-Type: text/html; name=\"page.html\"\r\nContent-Disposition: attachment; filename=\"page.html\"\r\n\r\n"
            + "<a href=\"https://attached.example/\">x</a>\r\n"
            + "--outer--\r\n";
        HtmlTrackingTest.RecordingTracker tracker = new HtmlTrackingTest.RecordingTracker(true, true);

        MimeMessage tracked = parse(MessageTracking.rewrite(bytes(mail), tracker).orElseThrow());

        assertThat(tracker.asked).containsExactly("https://a.example/");
        Multipart outer = (Multipart) tracked.getContent();
        Multipart inner = (Multipart) outer.getBodyPart(0).getContent();
        assertThat((String) inner.getBodyPart(0).getContent()).isEqualTo("See https://a.example/");
        assertThat((String) inner.getBodyPart(1).getContent()).contains("https://t.example/smtpy/t/c/T1", "/smtpy/t/o/PIXEL");
        BodyPart attachment = outer.getBodyPart(1);
        assertThat((String) attachment.getContent()).contains("https://attached.example/");
        assertThat(tracked.getMessageID()).isEqualTo("<keep-me@brand.example>");
    }

    @Test
    void aBase64HtmlPartInAnotherCharsetShouldBeDecodedTrackedAndEncodedAgain() throws Exception {
        String html = "<html><body>Réduction <a href=\"https://shop.example/é\">ici</a></body></html>";
        String mail = HEADERS + "Content-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.ISO_8859_1)) + "\r\n";
        HtmlTrackingTest.RecordingTracker tracker = new HtmlTrackingTest.RecordingTracker(true, true);

        MimeMessage tracked = parse(MessageTracking.rewrite(bytes(mail), tracker).orElseThrow());

        assertThat(tracker.asked).containsExactly("https://shop.example/é");
        assertThat(tracked.getContentType()).containsIgnoringCase("iso-8859-1");
        assertThat((String) tracked.getContent()).startsWith("<html><body>Réduction <a href=\"https://t.example/smtpy/t/c/T1\">ici</a>")
            .contains("/smtpy/t/o/PIXEL");
    }

    @Test
    void aMailWithoutHtmlShouldBeLeftAlone() {
        String mail = HEADERS + "Content-Type: text/plain\r\n\r\nhttps://a.example/\r\n";

        assertThat(MessageTracking.rewrite(bytes(mail), new HtmlTrackingTest.RecordingTracker(true, true))).isEmpty();
    }

    @Test
    void malformedMimeShouldBeLeftAloneNotLost() {
        String noBoundary = HEADERS + "Content-Type: multipart/alternative\r\n\r\nno parts here at all\r\n";
        String badCharset = HEADERS + "Content-Type: text/html; charset=x-no-such-charset\r\n\r\n<a href=\"https://a.example/\">a</a>\r\n";

        assertThat(MessageTracking.rewrite(bytes(noBoundary), new HtmlTrackingTest.RecordingTracker(true, true))).isEmpty();
        assertThat(MessageTracking.rewrite(bytes(badCharset), new HtmlTrackingTest.RecordingTracker(true, true))).isEmpty();
    }

    private static byte[] bytes(String mail) {
        return mail.getBytes(StandardCharsets.UTF_8);
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }
}
