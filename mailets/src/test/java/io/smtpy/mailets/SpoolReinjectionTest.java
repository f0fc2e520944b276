package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.core.model.DomainName;
import io.smtpy.rules.quarantine.QuarantineId;
import io.smtpy.rules.quarantine.QuarantineKind;
import io.smtpy.rules.quarantine.QuarantinedMail;

class SpoolReinjectionTest {
    @Test
    void aReleasedMailShouldEnterTheSpoolAsFirstAddressedWithItsVerdictsAndTheReleaseMark() throws Exception {
        FakeMailContext context = FakeMailContext.defaultContext();
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        QuarantinedMail held = QuarantinedMail.builder(QuarantineId.random(), DomainName.of("example.com"), QuarantineKind.QUARANTINED,
                now, now.plusSeconds(60))
            .verdicts(Map.of("dmarc", "fail", "results", "dmarc=fail header.from=bank.example", "unknown", "x"))
            .build();
        byte[] message = "Subject: held\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

        new SpoolReinjection(context).reinject(MaybeSender.getMailSender("bob@sender.example"),
            List.of(new MailAddress("sales@example.com")), message, held);

        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getSender().asString()).isEqualTo("bob@sender.example");
            assertThat(sent.getRecipients()).containsExactly(new MailAddress("sales@example.com"));
            assertThat(sent.getMsg().getSubject()).isEqualTo("held");
            assertThat(sent.getAttributes()).containsKeys(AttributeName.of(SpoolReinjection.RELEASED),
                AttributeName.of(AuthenticationAttributes.DMARC), AttributeName.of(AuthenticationAttributes.RESULTS));
            assertThat(sent.getAttributes().get(AttributeName.of(SpoolReinjection.RELEASED)).getValue().value())
                .isEqualTo(held.id().asString());
            assertThat(sent.getState()).isIn(null, Mail.DEFAULT);
        });
    }
}
