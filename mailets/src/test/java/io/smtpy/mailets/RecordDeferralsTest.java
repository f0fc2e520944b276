package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;

/** A deferral James reports becomes one deferred event per alias of a forwarded copy; other mail records nothing. */
class RecordDeferralsTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final DeliveryDeferrals deferrals = new DeliveryDeferrals();

    RecordDeferralsTest() {
        new RecordDeferrals(deferrals, new MailEvents(events), new MovableClock(Instant.parse("2026-03-01T12:00:00Z")));
    }

    @Test
    void aDeferredCopyShouldRecordAnEventPerAlias() throws Exception {
        FakeMail copy = FakeMail.builder().name("copy").sender("SRS0=x@example.com").recipient("jane@dest.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi"))
            .attributes(ForwardingAttributes.of(DOMAIN, List.of(new MailAddress("sales@example.com"), new MailAddress("info@example.com")),
                Optional.of("<m1@sender.example>")))
            .build();

        deferrals.deferred(copy, 2, Duration.ofMinutes(5));

        List<MailEvent> recorded = events.list(MailEventQuery.of(DOMAIN));
        assertThat(recorded).extracting(MailEvent::type).containsOnly(MailEventType.DEFERRED).hasSize(2);
        assertThat(recorded).extracting(event -> event.alias().map(LocalPart::asString).orElse(""))
            .containsExactlyInAnyOrder("sales", "info");
        assertThat(recorded).allSatisfy(event -> {
            assertThat(event.detail()).isEqualTo("temporary delivery failure, attempt 2; next attempt in 300 s");
            assertThat(event.messageId()).contains("<m1@sender.example>");
        });
    }

    @Test
    void mailThatIsNoForwardedCopyShouldRecordNothing() throws Exception {
        deferrals.deferred(FakeMail.builder().name("bounce").recipient("someone@elsewhere.example").build(), 1, Duration.ofMinutes(1));

        assertThat(events.list(MailEventQuery.of(DOMAIN))).isEmpty();
    }
}
