package io.smtpy.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.smtp.SmtpStatus;

class SendAsPolicyTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private static final SmtpCredential SALES = new SmtpCredential(AccessId.generate(SmtpCredential.ID_PREFIX), DOMAIN,
        Optional.empty(), "sales@brand.example", "hash", SendAs.of(DOMAIN, List.of("sales@brand.example")), false, "",
        Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void allowedEnvelopeSenderShouldPass() throws Exception {
        assertThat(SendAsPolicy.envelopeSender(SALES, Optional.of(new MailAddress("sales@brand.example")))).isEmpty();
    }

    @Test
    void foreignEnvelopeSenderShouldBeRefusedSayingWhatIsAllowed() throws Exception {
        SmtpStatus refusal = SendAsPolicy.envelopeSender(SALES, Optional.of(new MailAddress("ceo@brand.example"))).orElseThrow();

        assertThat(refusal.code()).isEqualTo(550);
        assertThat(refusal.reply()).isEqualTo("5.7.1 ceo@brand.example is not an address this credential may send as"
            + " (it may send as sales@brand.example)");
    }

    @Test
    void nullEnvelopeSenderShouldBeRefused() {
        assertThat(SendAsPolicy.envelopeSender(SALES, Optional.empty())).hasValueSatisfying(status ->
            assertThat(status.enhanced()).contains("5.7.1"));
    }

    @Test
    void headerFromAndSenderShouldAllBeAllowed() throws Exception {
        MailAddress sales = new MailAddress("sales@brand.example");
        MailAddress ceo = new MailAddress("ceo@brand.example");

        assertThat(SendAsPolicy.headerFields(SALES, List.of(sales), List.of(), true)).isEmpty();
        assertThat(SendAsPolicy.headerFields(SALES, List.of(sales, ceo), List.of(), true)).hasValueSatisfying(status ->
            assertThat(status.text()).startsWith("The From header field's ceo@brand.example is not"));
        assertThat(SendAsPolicy.headerFields(SALES, List.of(sales), List.of(ceo), true)).hasValueSatisfying(status ->
            assertThat(status.text()).startsWith("The Sender header field's ceo@brand.example is not"));
    }

    @Test
    void missingOrUnreadableFromShouldBeRefused() throws Exception {
        assertThat(SendAsPolicy.headerFields(SALES, List.of(), List.of(), true)).hasValueSatisfying(status ->
            assertThat(status).isEqualTo(SmtpStatus.of(550, "5.6.0", "A submitted mail needs a From header field")));
        assertThat(SendAsPolicy.headerFields(SALES, List.of(new MailAddress("sales@brand.example")), List.of(), false))
            .hasValueSatisfying(status -> assertThat(status.code()).isEqualTo(550));
    }
}
