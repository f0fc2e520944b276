package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.tracking.MemoryTrackingSettingsRepository;
import io.smtpy.sending.tracking.Tracking;
import io.smtpy.sending.tracking.TrackingClaim;
import io.smtpy.sending.tracking.TrackingKind;
import io.smtpy.sending.tracking.TrackingSettings;
import io.smtpy.sending.tracking.TrackingTokens;

class SmtpyTrackingTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern PIXEL = Pattern.compile("https://t\\.example/smtpy/t/o/([A-Za-z0-9_-]+)");
    private static final String HTML = "From: sales@brand.example\r\nTo: a@dest.example, b@dest.example\r\nSubject: News\r\n"
        + "Message-ID: <n1@brand.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        + "<html><body><a href=\"https://shop.example/sale\">sale</a></body></html>\r\n";

    private final FakeMailContext context = FakeMailContext.defaultContext();

    private SmtpyTracking mailet(Optional<String> baseUrl, TrackingSettings domainSettings) throws Exception {
        Tracking tracking = new Tracking(new MemoryTrackingSettingsRepository(), new TrackingTokens(SECRET), baseUrl);
        tracking.change(DOMAIN, domainSettings);
        SmtpyTracking mailet = new SmtpyTracking(tracking);
        mailet.init(FakeMailetConfig.builder().mailetName("SmtpyTracking").mailetContext(context).build());
        return mailet;
    }

    private static MailImpl submitted(String message, String... recipients) throws Exception {
        MailImpl mail = forwardedCopy(message, recipients);
        ForwardingAttributes.submitted(DOMAIN, new MailAddress("sales@brand.example"), Optional.of("<n1@brand.example>"))
            .forEach(mail::setAttribute);
        mail.setAttribute(ForwardingAttributes.submittedTo(mail.getRecipients()));
        return mail;
    }

    /** A copy as smtpy's forwarding hands it to relay: the domain's attributes, no submission mark. */
    private static MailImpl forwardedCopy(String message, String... recipients) throws Exception {
        MailImpl.Builder builder = MailImpl.builder().name("mail-1").state("relay").sender("sales@brand.example")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))))
            .addAttributes(ForwardingAttributes.of(DOMAIN, List.of(new MailAddress("sales@brand.example")), Optional.empty()));
        for (String recipient : recipients) {
            builder.addRecipient(new MailAddress(recipient));
        }
        return builder.build();
    }

    private static String body(MimeMessage message) throws Exception {
        return new String(RawMessages.bytes(message), StandardCharsets.UTF_8);
    }

    @Test
    void submittedHtmlOfATrackingDomainShouldGetThePixelAndItsLinksRewritten() throws Exception {
        MailImpl mail = submitted(HTML, "a@dest.example");

        mailet(Optional.of("https://t.example"), TrackingSettings.of(true, true)).service(mail);

        String tracked = body(mail.getMessage());
        assertThat(tracked).contains("https://t.example/smtpy/t/c/", "https://t.example/smtpy/t/o/").doesNotContain("shop.example");
        assertThat(mail.getMessage().getMessageID()).isEqualTo("<n1@brand.example>");
        assertThat(ForwardingAttributes.submittedTo(mail)).isEmpty();
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void aForwardedCopyShouldNeverBeTouched() throws Exception {
        MailImpl mail = forwardedCopy(HTML, "a@dest.example");
        String before = body(mail.getMessage());

        mailet(Optional.of("https://t.example"), TrackingSettings.of(true, true)).service(mail);

        assertThat(body(mail.getMessage())).isEqualTo(before);
    }

    @Test
    void aDomainWithTrackingOffShouldHaveItsMailLeftAlone() throws Exception {
        MailImpl mail = submitted(HTML, "a@dest.example", "b@dest.example");
        String before = body(mail.getMessage());

        mailet(Optional.of("https://t.example"), TrackingSettings.OFF).service(mail);

        assertThat(body(mail.getMessage())).isEqualTo(before);
        assertThat(mail.getRecipients()).hasSize(2);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void withoutATrackingBaseUrlNothingShouldBeTracked() throws Exception {
        MailImpl mail = submitted(HTML, "a@dest.example");
        String before = body(mail.getMessage());

        mailet(Optional.empty(), TrackingSettings.of(true, true)).service(mail);

        assertThat(body(mail.getMessage())).isEqualTo(before);
    }

    @Test
    void eachRecipientShouldGetACopyWhosePixelNamesIt() throws Exception {
        MailImpl mail = submitted(HTML, "a@dest.example", "b@dest.example");
        TrackingTokens tokens = new TrackingTokens(SECRET);

        mailet(Optional.of("https://t.example"), TrackingSettings.of(true, false)).service(mail);

        assertThat(context.getSentMails()).singleElement().satisfies(copy -> {
            assertThat(copy.getState()).isEqualTo("relay");
            assertThat(copy.getRecipients()).containsExactly(new MailAddress("a@dest.example"));
            assertThat(ForwardingAttributes.journey(SentMails.asMail(copy))).isEqualTo("mail-1");
            assertThat(ForwardingAttributes.submittedTo(SentMails.asMail(copy))).isEmpty();
            TrackingClaim claim = tokens.verify(TrackingKind.OPEN, pixelToken(body(copy.getMsg())));
            assertThat(claim.recipientIndex()).hasValue(0);
            assertThat(claim.journeyId()).isEqualTo("mail-1");
            assertThat(body(copy.getMsg())).as("clicks off").contains("https://shop.example/sale");
        });
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("b@dest.example"));
        TrackingClaim claim = tokens.verify(TrackingKind.OPEN, pixelToken(body(mail.getMessage())));
        assertThat(claim.recipientIndex()).hasValue(1);
        assertThat(claim.domain()).isEqualTo(DOMAIN);
        assertThat(claim.alias().map(Object::toString)).contains("sales");
    }

    @Test
    void mailWithoutHtmlOrUnreadableShouldGoOnUntouchedAndUnsplit() throws Exception {
        String text = HTML.replace("text/html", "text/plain");
        String broken = HTML.replace("text/html; charset=utf-8", "multipart/mixed");
        for (String message : List.of(text, broken)) {
            MailImpl mail = submitted(message, "a@dest.example", "b@dest.example");
            String before = body(mail.getMessage());

            mailet(Optional.of("https://t.example"), TrackingSettings.of(true, true)).service(mail);

            assertThat(body(mail.getMessage())).isEqualTo(before);
            assertThat(mail.getRecipients()).hasSize(2);
        }
        assertThat(context.getSentMails()).isEmpty();
    }

    private static String pixelToken(String message) {
        Matcher pixel = PIXEL.matcher(message.replace("=\r\n", ""));
        assertThat(pixel.find()).isTrue();
        return pixel.group(1);
    }
}
